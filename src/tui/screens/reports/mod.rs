//! 报表 (tab 7): the reports the role may run, each previewed for the
//! chosen week or month (←/→ change it) and exported as a workbook to the
//! user's data directory (asked before a file is overwritten).

mod draw;
mod preview;
mod rest;

use std::path::PathBuf;
use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;
use zhiban::app::App;
use zhiban::app::report_filings::{self, How};
use zhiban::domain::period::Period;
use zhiban::io::reports::{self, PeriodKind, ReportKind};

use crate::tui::keys::{self as k, Act, Binding, K, b};
use crate::tui::screen::{Ask, AskKind, Effect, Env, Event, Fx, Keys, Screen, ScreenId, View};

use ratatui::crossterm::event::KeyCode::{Down, Left, PageDown, PageUp, Right, Up};

static KEYS: &[Binding] = &[
    b(
        &[K::Code(Down), K::Ch('j')],
        "reports.key_choose",
        Act::Down,
        true,
    ),
    b(
        &[K::Code(Up), K::Ch('k')],
        "reports.key_choose",
        Act::Up,
        false,
    ),
    b(&[K::Code(Left)], "reports.key_period", Act::Earlier, true),
    b(&[K::Code(Right)], "reports.key_period", Act::Later, false),
    b(
        &[K::Code(PageDown)],
        "reports.key_scroll",
        Act::PageDown,
        true,
    ),
    b(&[K::Code(PageUp)], "reports.key_scroll", Act::PageUp, false),
    b(&[K::Ch('e')], "reports.key_export", Act::Export, true),
    b(&[K::Ch('x')], "reports.key_handed_in", Act::CloseItem, true),
];

/// The question "overwrite?" is asked with this tag.
const OVERWRITE: u32 = 1;
/// The question "mark handed in?".
const HANDED_IN: u32 = 2;

pub struct Reports {
    kinds: Vec<ReportKind>,
    sel: usize,
    /// The period of each report kind, as last chosen.
    periods: Vec<Period>,
    preview: Option<Arc<preview::Preview>>,
    /// Why the preview could not be made.
    error: Option<String>,
    /// The preview is being built (off the key path).
    computing: bool,
    previews: preview::Previews,
    /// The preview waits for the selection to rest (`None`: shown at once).
    rest: Option<rest::Rest>,
    scroll: usize,
    /// A file waiting for "overwrite?".
    pending: Option<PathBuf>,
}

/// Where exported reports go: `$XDG_DATA_HOME/zhiban/reports`, else
/// `~/.local/share/zhiban/reports`.
fn out_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_DATA_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))?;
    Some(base.join("zhiban").join("reports"))
}

impl Reports {
    pub fn new(app: &App) -> Reports {
        let kinds = reports::available(app.actor());
        let today = app.today();
        Reports {
            periods: kinds.iter().map(|k| k.default_period(today)).collect(),
            kinds,
            sel: 0,
            preview: None,
            error: None,
            computing: false,
            previews: match crate::tui::wake::waker() {
                Some(w) => preview::Previews::background(w),
                None => preview::Previews::inline(),
            },
            rest: crate::tui::wake::waker().map(rest::Rest::spawn),
            scroll: 0,
            pending: None,
        }
    }

    /// The selection has stopped on its report: its preview is drawn.
    fn rested(&self) -> bool {
        self.rest.as_ref().is_none_or(|r| r.rested())
    }

    fn kind(&self) -> Option<ReportKind> {
        self.kinds.get(self.sel).copied()
    }

    /// The chosen report and period, from the top.
    fn build(&mut self, app: &mut App) {
        self.scroll = 0;
        self.show(app);
    }

    /// The preview of the chosen report and period: kept, or asked for
    /// (the screen says it is being computed until it is ready).
    fn show(&mut self, app: &mut App) {
        let Some(kind) = self.kind() else { return };
        let (preview, error) = match self.previews.get(app, kind, &self.periods[self.sel]) {
            Some(Ok(p)) => (Some(p), None),
            Some(Err(e)) => (None, Some(e)),
            None => (None, None),
        };
        self.computing = preview.is_none() && error.is_none();
        self.preview = preview;
        self.error = error;
    }

    /// The file the report goes to.
    fn target(&self) -> Option<PathBuf> {
        let kind = self.kind()?;
        let period = match kind.period_kind() {
            PeriodKind::Today => String::new(),
            _ => format!("-{}", self.periods[self.sel].code()),
        };
        Some(out_dir()?.join(format!("{}{period}.xlsx", kind.code())))
    }

    /// The psych report shown, if the actor hands it in: (weekly?, period).
    fn handed_in_by_me(&self, app: &App) -> Option<(bool, Period)> {
        let weekly = match self.kind()? {
            ReportKind::Weekly => true,
            ReportKind::Monthly => false,
            _ => return None,
        };
        (self.preview.is_some() && report_filings::files(app))
            .then(|| (weekly, self.periods[self.sel].clone()))
    }

    /// Records the report shown as handed in; the words to say, or the error.
    fn file(&mut self, app: &mut App, how: How) -> Option<Effect> {
        let (weekly, period) = self.handed_in_by_me(app)?;
        match report_filings::record(app, weekly, &period, how) {
            Ok(()) => None,
            Err(e) => Some(Effect::Error(e)),
        }
    }

    fn write(&mut self, app: &mut App, path: PathBuf) -> Fx {
        let Some(p) = &self.preview else {
            return Vec::new();
        };
        let book = &p.book;
        let tx = &app.assets().text;
        let done = book.to_xlsx().and_then(|bytes| {
            if let Some(d) = path.parent() {
                std::fs::create_dir_all(d).map_err(|e| {
                    zhiban::error::Error::Usage(zhiban::msg!(
                        "reports.cannot_write",
                        path = path.display(),
                        detail = e
                    ))
                })?;
            }
            zhiban::io::write_private(&path, &bytes)
        });
        let filed = self.handed_in_by_me(app).map(|(_, p)| p.code());
        let text = match &filed {
            Some(period) => tx.f(
                "reports.filed_export",
                &[("path", &path.display().to_string()), ("period", period)],
            ),
            None => tx.f("reports.written", &[("path", &path.display().to_string())]),
        };
        match done {
            Ok(()) => match self.file(app, How::Export) {
                Some(e) => vec![e],
                None => vec![Effect::Flash { text, error: false }],
            },
            Err(e) => vec![Effect::Error(e)],
        }
    }
}

impl Screen for Reports {
    fn id(&self) -> ScreenId {
        ScreenId::Reports
    }

    fn keys(&self, _app: &App) -> Keys {
        if self.kinds.is_empty() {
            return Keys::new(vec![k::GLOBAL]);
        }
        Keys::new(vec![KEYS, k::GLOBAL])
    }

    fn applies(&self, act: Act, _app: &App) -> bool {
        match act {
            Act::Earlier | Act::Later => self
                .kind()
                .is_some_and(|k| k.period_kind() != PeriodKind::Today),
            Act::Export => self.preview.is_some(),
            Act::CloseItem => self.handed_in_by_me(_app).is_some(),
            _ => true,
        }
    }

    fn on_act(&mut self, act: Act, env: &mut Env<'_>) -> Fx {
        let n = self.kinds.len();
        match act {
            Act::Back => return vec![Effect::Back],
            _ if n == 0 => {}
            Act::Down | Act::Up => {
                self.sel = if act == Act::Down {
                    (self.sel + 1) % n
                } else {
                    (self.sel + n - 1) % n
                };
                if let Some(r) = &self.rest {
                    r.moved();
                }
                self.build(env.app);
            }
            Act::Earlier | Act::Later => {
                if self.applies(act, env.app) {
                    let by = if act == Act::Later { 1 } else { -1 };
                    let cal = env.app.assets().calendar.clone();
                    self.periods[self.sel] = self.periods[self.sel].step(&cal, by);
                    self.build(env.app);
                }
            }
            Act::PageDown => self.scroll = self.scroll.saturating_add(10),
            Act::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Act::Export => {
                let Some(path) = self.target() else {
                    return vec![Effect::Flash {
                        text: env.app.assets().text.t("reports.no_dir").to_string(),
                        error: true,
                    }];
                };
                if path.exists() {
                    let text = env.app.assets().text.f(
                        "reports.overwrite",
                        &[("path", &path.display().to_string())],
                    );
                    self.pending = Some(path);
                    return vec![Effect::Ask(Ask {
                        tag: OVERWRITE,
                        text,
                        kind: AskKind::YesNo,
                    })];
                }
                return self.write(env.app, path);
            }
            Act::CloseItem => {
                let Some((_, period)) = self.handed_in_by_me(env.app) else {
                    return Vec::new();
                };
                let tx = &env.app.assets().text;
                let report = self.kind().map(|k| tx.s(k.name_key())).unwrap_or_default();
                let text = tx.f(
                    "reports.ask_handed_in",
                    &[("report", &report), ("period", &period.code())],
                );
                return vec![Effect::Ask(Ask {
                    tag: HANDED_IN,
                    text,
                    kind: AskKind::YesNo,
                })];
            }
            _ => {}
        }
        Vec::new()
    }

    fn on_event(&mut self, ev: Event, env: &mut Env<'_>) -> Fx {
        match ev {
            // built afresh each time the screen is shown (records added
            // meanwhile), and kept while it stays
            Event::Show => {
                self.previews.forget();
                self.show(env.app);
            }
            Event::Ready => {
                self.previews.collect();
                if self.computing {
                    self.show(env.app);
                }
            }
            Event::Answer {
                tag: OVERWRITE,
                act,
            } => {
                if let Some(p) = self.pending.take()
                    && act == Act::Yes
                {
                    return self.write(env.app, p);
                }
            }
            Event::Answer {
                tag: HANDED_IN,
                act: Act::Yes,
            } => {
                let Some((_, period)) = self.handed_in_by_me(env.app) else {
                    return Vec::new();
                };
                if let Some(e) = self.file(env.app, How::Marked) {
                    return vec![e];
                }
                let tx = &env.app.assets().text;
                let report = self.kind().map(|k| tx.s(k.name_key())).unwrap_or_default();
                return vec![Effect::Flash {
                    text: tx.f(
                        "reports.handed_in",
                        &[("report", &report), ("period", &period.code())],
                    ),
                    error: false,
                }];
            }
            _ => {}
        }
        Vec::new()
    }

    fn draw(&self, f: &mut Frame<'_>, area: Rect, v: &View<'_>) {
        draw::draw(f, area, v, self);
    }
}

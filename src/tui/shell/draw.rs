//! Drawing the shell: status bar, tabs, the screen, the flash line, the hint
//! bar, and over them the help, a question or a draft offered. A pure
//! function of the state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use zhiban::app::affordances;
use zhiban::domain::calendar::Term;
use zhiban::domain::clock::school_tz;
use zhiban::domain::text::safe_line;

use unicode_width::UnicodeWidthStr;

use super::{MIN_H, MIN_W, Overlay, Shell};
use crate::tui::keys::{self, Act, Binding};
use crate::tui::screen::ScreenId;
use crate::tui::ui::{bold, centered, clear_padded, selected, wrap_lines};

pub fn draw(s: &Shell, f: &mut Frame<'_>) {
    let area = f.area();
    let tx = &s.app.assets().text;
    if s.too_small() || area.width < MIN_W || area.height < MIN_H {
        let text = tx.f(
            "tiny.notice",
            &[
                ("w", &area.width.to_string()),
                ("h", &area.height.to_string()),
                ("min_w", &MIN_W.to_string()),
                ("min_h", &MIN_H.to_string()),
            ],
        );
        f.render_widget(
            Paragraph::new(wrap_lines(vec![Line::from(text)], area.width)),
            area,
        );
        return;
    }
    let [status, tabs, body, flash, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_status(s, f, status);
    draw_tabs(s, f, tabs);
    s.screen(s.current).draw(f, body, &s.view());
    if let Some(fl) = &s.flash {
        let style = if fl.error { bold() } else { Style::default() };
        f.render_widget(
            Paragraph::new(wrap_lines(
                vec![Line::from(Span::styled(
                    safe_line(&fl.text).into_owned(),
                    style,
                ))],
                flash.width,
            )),
            flash,
        );
    }
    draw_hints(s, f, hints);
    for o in &s.overlays {
        match o {
            Overlay::Help { top } => draw_help(s, f, area, *top),
            Overlay::Ask { ask, .. } => {
                let tables = match ask.kind {
                    crate::tui::screen::AskKind::YesNo => keys::CONFIRM,
                    crate::tui::screen::AskKind::LeaveForm => keys::LEAVE_FORM,
                };
                draw_question(s, f, area, &ask.text, tables, None);
            }
            Overlay::Offer(o) => {
                let title = tx.t("offer.title").to_string();
                let only: Option<&[Act]> = if o.resumable {
                    None
                } else {
                    Some(&[Act::Discard, Act::No])
                };
                draw_question(s, f, area, &o.text, keys::OFFER, Some((title, only)));
            }
        }
    }
}

fn draw_status(s: &Shell, f: &mut Frame<'_>, area: Rect) {
    let tx = &s.app.assets().text;
    let a = s.app.actor();
    let role = a.primary_role().map(|r| tx.t(r.i18n_key())).unwrap_or("");
    let now = s
        .app
        .now()
        .with_timezone(&school_tz(s.app.assets().calendar.utc_offset_hours));
    let week = match s.app.assets().calendar.term_at(now.date_naive()) {
        Term::Teaching { week, .. } => tx.f("status.week", &[("n", &week.to_string())]),
        Term::Break => tx.t("status.break").to_string(),
        Term::Unknown => tx.t("status.no_calendar").to_string(),
    };
    let db = s
        .app
        .db_path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut demo = if s.demo {
        format!(" [{}]", tx.t("status.demo"))
    } else {
        String::new()
    };
    // a commit whose chain head did not reach the head log: said until the
    // session ends (the administrator's `zhiban check` shows the rest)
    if zhiban::app::session::anchor_behind() {
        demo.push_str(&format!(" [{}]", tx.t("status.anchor_behind")));
    }
    let name = safe_line(&a.name);
    let db = safe_line(&db);
    let date = now.format("%Y-%m-%d").to_string();
    let time = now.format("%H:%M").to_string();
    // dropped one by one as the terminal narrows: the database, the week,
    // the role, the date, the title, the flags, the name; the time stays
    let line = |level: u8| {
        let mut parts: Vec<String> = Vec::new();
        if level < 5 {
            parts.push(tx.t("app.title").to_string());
        }
        if level < 7 {
            parts.push(if level < 3 && !role.is_empty() {
                format!("{name} {role}")
            } else {
                name.to_string()
            });
        }
        if level < 1 {
            parts.push(format!("{db}{demo}"));
        } else if level < 6 && !demo.is_empty() {
            parts.push(demo.trim().to_string());
        }
        parts.push(if level < 4 {
            format!("{date} {time}")
        } else {
            time.clone()
        });
        if level < 2 {
            parts.push(week.clone());
        }
        format!(" {}", parts.join(" │ "))
    };
    let text = (0..7)
        .map(line)
        .find(|t| t.width() <= area.width as usize)
        .unwrap_or_else(|| line(7));
    f.render_widget(Paragraph::new(text).style(selected()), area);
}

fn draw_tabs(s: &Shell, f: &mut Frame<'_>, area: Rect) {
    let tx = &s.app.assets().text;
    let mut spans = Vec::new();
    for (i, id) in ScreenId::ALL.iter().enumerate() {
        let label = format!(" {}{} ", i + 1, tx.t(id.i18n()));
        let style = if *id == s.current {
            selected().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        spans.push(Span::styled(label, style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Keys offered as one hint each: (keys, label).
type Groups = Vec<(&'static str, &'static str)>;

/// The key tables in force now (an overlay's, else the screen's), a
/// numbered choice, and the keys offered after the tables' hints.
fn tables_now(s: &Shell) -> (Vec<&'static [Binding]>, Groups, Groups) {
    if !s.overlays.is_empty() {
        return (s.overlay_tables(), Vec::new(), Vec::new());
    }
    let k = s.screen(s.current).keys(&s.app);
    (k.tables, k.numbers.into_iter().collect(), k.groups)
}

/// Does `act` apply now? The shell decides its own keys; the screen the rest.
fn applies(s: &Shell, act: Act) -> bool {
    if let Some(Overlay::Offer(o)) = s.overlays.last() {
        return o.resumable || act != Act::Yes;
    }
    if !s.overlays.is_empty() {
        return true;
    }
    match act {
        Act::NewCase => affordances::opens_cases(&s.app),
        Act::Screen(_) | Act::Help | Act::Quit | Act::Search => true,
        _ => s.screen(s.current).applies(act, &s.app),
    }
}

/// The hint bar: the hint-flagged rows of the tables in force that apply
/// now, a numbered choice as one hint, the screen's key groups after its
/// own keys (before the global ones), `1-6` last where digits switch.
pub fn hint_items(s: &Shell) -> Vec<(String, String)> {
    let tx = &s.app.assets().text;
    let (tables, numbers, groups) = tables_now(s);
    let mut items: Vec<(String, String)> = Vec::new();
    for (range, label) in numbers {
        items.push((range.to_string(), tx.t(label).to_string()));
    }
    let mut groups = Some(groups);
    for t in &tables {
        if std::ptr::eq(*t, keys::GLOBAL) {
            for (keys, label) in groups.take().unwrap_or_default() {
                items.push((keys.to_string(), tx.t(label).to_string()));
            }
        }
        for bd in t.iter().filter(|b| b.hint && applies(s, b.act)) {
            let key = bd.keys[0].label();
            if !items.iter().any(|(k, _)| *k == key) {
                items.push((key, tx.t(bd.label).to_string()));
            }
        }
    }
    for (keys, label) in groups.unwrap_or_default() {
        items.push((keys.to_string(), tx.t(label).to_string()));
    }
    if tables.iter().any(|t| std::ptr::eq(*t, keys::GLOBAL)) {
        items.push((
            format!("1-{}", ScreenId::ALL.len()),
            tx.t("key.screens").to_string(),
        ));
    }
    items
}

/// The items that fit in `width` cells, whole; `?` (the help lists every
/// key) is kept even when others must go.
pub fn fit_hints(items: Vec<(String, String)>, width: usize) -> Vec<(String, String)> {
    let w = |(k, l): &(String, String)| k.width() + 1 + l.width() + 2;
    let help = items.iter().position(|(k, _)| k == "?");
    let reserve = help.map_or(0, |i| w(&items[i]));
    let mut used = 0;
    let mut out = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let need = w(it);
        let room = if help.is_some_and(|h| h > i) {
            width.saturating_sub(reserve)
        } else {
            width
        };
        if (Some(i) == help || used + need <= room) && used + need <= width {
            used += need;
            out.push(it.clone());
        }
    }
    out
}

fn draw_hints(s: &Shell, f: &mut Frame<'_>, area: Rect) {
    let mut spans = Vec::new();
    for (k, label) in fit_hints(hint_items(s), area.width as usize) {
        spans.push(Span::styled(k, bold()));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The help's lines (every key of the screen as it is under the help),
/// wrapped to the popup, and the popup in `area`.
fn help_layout(s: &Shell, area: Rect) -> (Vec<Line<'static>>, Rect) {
    let tx = &s.app.assets().text;
    let k = s.screen(s.current).keys(&s.app);
    let mut lines = Vec::new();
    let mut seen: Vec<(String, &str)> = Vec::new();
    for bd in k.tables.iter().flat_map(|t| t.iter()) {
        let keys: Vec<String> = bd.keys.iter().map(|k| k.label()).collect();
        let keys = keys.join(" ");
        if seen.iter().any(|(k, l)| *k == keys && *l == bd.label) {
            continue;
        }
        seen.push((keys.clone(), bd.label));
        lines.push(Line::from(vec![
            Span::styled(format!("{keys:<12}"), bold()),
            Span::raw(tx.t(bd.label).to_string()),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(tx.t("help.footer").to_string()));
    let inner_w = 50.min(area.width).saturating_sub(2);
    let lines = wrap_lines(lines, inner_w);
    let r = centered(area, 50, (lines.len() as u16).saturating_add(2));
    (lines, r)
}

/// The rows of the help shown at once, and its last top line.
fn help_rows(lines: usize, r: Rect) -> (usize, usize) {
    let rows = (r.height.saturating_sub(2) as usize).max(1);
    (rows, lines.saturating_sub(rows))
}

/// The help's top line after `act` (a move) from `top`, on the shell's size.
pub(super) fn help_scrolled(s: &Shell, top: usize, act: Act) -> usize {
    let area = Rect::new(0, 0, s.size.0, s.size.1);
    let (lines, r) = help_layout(s, area);
    let (rows, last) = help_rows(lines.len(), r);
    let top = top.min(last);
    match act {
        Act::Up => top.saturating_sub(1),
        Act::Down => (top + 1).min(last),
        Act::PageUp => top.saturating_sub(rows),
        Act::PageDown => (top + rows).min(last),
        Act::Top => 0,
        Act::Bottom => last,
        _ => top,
    }
}

/// The help, from line `top`; its bottom edge says when there is more.
fn draw_help(s: &Shell, f: &mut Frame<'_>, area: Rect, top: usize) {
    let tx = &s.app.assets().text;
    let (lines, r) = help_layout(s, area);
    let (_, last) = help_rows(lines.len(), r);
    let top = top.min(last);
    let title = tx.f("help.title", &[("screen", tx.t(s.current.i18n()))]);
    let mut block = Block::default().borders(Borders::ALL).title(title);
    let more = if top < last {
        Some("help.more_down")
    } else if top > 0 {
        Some("help.more_up")
    } else {
        None
    };
    if let Some(key) = more {
        block = block.title_bottom(Line::from(tx.t(key).to_string()).right_aligned());
    }
    clear_padded(f, r, area);
    f.render_widget(
        Paragraph::new(lines.into_iter().skip(top).collect::<Vec<_>>()).block(block),
        r,
    );
}

/// A question with its keys under it (`only`: the answers offered).
fn draw_question(
    s: &Shell,
    f: &mut Frame<'_>,
    area: Rect,
    text: &str,
    table: &'static [Binding],
    titled: Option<(String, Option<&[Act]>)>,
) {
    let tx = &s.app.assets().text;
    let (title, only) = titled.unwrap_or_default();
    let mut answers = Vec::new();
    for bd in table
        .iter()
        .filter(|b| only.is_none_or(|o| o.contains(&b.act)))
    {
        answers.push(Span::styled(bd.keys[0].label(), bold()));
        answers.push(Span::raw(format!(" {}   ", tx.t(bd.label))));
    }
    let width = 64.min(area.width);
    let inner_w = width.saturating_sub(2);
    let mut lines = wrap_lines(vec![Line::from(safe_line(text).into_owned())], inner_w);
    lines.push(Line::from(""));
    lines.extend(wrap_lines(vec![Line::from(answers)], inner_w));
    let r = centered(area, width, lines.len() as u16 + 2);
    clear_padded(f, r, area);
    f.render_widget(
        Paragraph::new(lines).block(Block::default().borders(Borders::ALL).title(title)),
        r,
    );
}

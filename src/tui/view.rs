//! Rendering: a pure function of the model.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::wrap::wrap_lines;
use ratatui_textarea::TextArea;

use super::keys::{Binding, GLOBAL};
use super::model::{MIN_H, MIN_W, Model, ScreenId};
use super::screens;
use super::widgets;
use zhiban::domain::calendar::Term;
use zhiban::domain::clock::school_tz;
use zhiban::domain::text::safe_line;

/// Selection and focus are marked with modifiers, so they show with NO_COLOR.
pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

pub fn draw(f: &mut Frame<'_>, m: &Model) {
    let area = f.area();
    if m.too_small() || area.width < MIN_W || area.height < MIN_H {
        let text = m.app.assets().text.f(
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
    draw_status(f, m, status);
    draw_tabs(f, m, tabs);
    match m.screen {
        ScreenId::Dashboard => screens::dashboard::draw(f, m, body),
        ScreenId::Students => screens::students::draw(f, m, body),
        ScreenId::Patrol => screens::patrol::draw(f, m, body),
        ScreenId::Duty => screens::duty::draw(f, m, body),
        ScreenId::Talks => screens::todo::draw(f, m, body),
        ScreenId::Crisis => screens::crisis::draw(f, m, body),
    }
    if let Some(fl) = &m.flash {
        let style = if fl.error {
            Style::default().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        f.render_widget(
            Paragraph::new(Span::styled(safe_line(&fl.text).into_owned(), style)),
            flash,
        );
    }
    draw_hints(f, m, hints);
    widgets::draw_overlays(f, m, area);
}

fn draw_status(f: &mut Frame<'_>, m: &Model, area: Rect) {
    let a = &m.app.actor();
    let role = a.primary_role().map(|r| m.t(r.i18n_key())).unwrap_or("");
    let now = m
        .app
        .now()
        .with_timezone(&school_tz(m.app.assets().calendar.utc_offset_hours));
    let today = now.date_naive();
    let week = match m.app.assets().calendar.term_at(today) {
        Term::Teaching { week, .. } => m
            .app
            .assets()
            .text
            .f("status.week", &[("n", &week.to_string())]),
        Term::Break => m.t("status.break").to_string(),
        Term::Unknown => m.t("status.no_calendar").to_string(),
    };
    let db = m
        .app
        .db_path()
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let demo = if m.demo {
        format!(" [{}]", m.t("status.demo"))
    } else {
        String::new()
    };
    let text = format!(
        " {} │ {} {} │ {}{} │ {} {} │ {}",
        m.t("app.title"),
        safe_line(&a.name),
        role,
        safe_line(&db),
        demo,
        now.format("%Y-%m-%d"),
        now.format("%H:%M"),
        week
    );
    f.render_widget(Paragraph::new(text).style(selected()), area);
}

fn draw_tabs(f: &mut Frame<'_>, m: &Model, area: Rect) {
    let mut spans = Vec::new();
    for (i, s) in ScreenId::ALL.iter().enumerate() {
        let label = format!(" {}{} ", i + 1, m.t(s.i18n()));
        let style = if *s == m.screen {
            selected().add_modifier(Modifier::BOLD)
        } else {
            Style::default()
        };
        spans.push(Span::styled(label, style));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The hint bar: the hint-flagged rows of the current key tables, the
/// screen's own first, then the global ones (`1-6` last).
pub fn hint_items(m: &Model) -> Vec<(String, String)> {
    let tables = m.context().tables();
    let mut items: Vec<(String, String)> = Vec::new();
    for bd in tables
        .iter()
        .flat_map(|t| t.iter())
        .filter(|b: &&Binding| b.hint && m.applies(b.act))
    {
        let key = bd.keys[0].label();
        if !items.iter().any(|(k, _)| *k == key) {
            items.push((key, m.t(bd.label).to_string()));
        }
    }
    if tables.iter().any(|t| std::ptr::eq(*t, GLOBAL)) {
        items.push(("1-6".to_string(), m.t("key.screens").to_string()));
    }
    // numbered choices are one hint each, not six
    if tables
        .iter()
        .any(|t| std::ptr::eq(*t, super::keys::PATROL_ROOM))
    {
        items.insert(0, ("1-6".to_string(), m.t("key.presence").to_string()));
    }
    if tables
        .iter()
        .any(|t| std::ptr::eq(*t, super::keys::PATROL_HAZARDS))
    {
        items.insert(0, ("1-9".to_string(), m.t("key.toggle").to_string()));
    }
    items
}

/// The items that fit in `width` cells, whole; `?` (help lists every key)
/// is kept even when others must go.
pub fn fit_hints(items: Vec<(String, String)>, width: usize) -> Vec<(String, String)> {
    use unicode_width::UnicodeWidthStr;
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
        if Some(i) == help || used + need <= room {
            if used + need <= width {
                used += need;
                out.push(it.clone());
            }
        }
    }
    out
}

fn draw_hints(f: &mut Frame<'_>, m: &Model, area: Rect) {
    let mut spans = Vec::new();
    for (k, label) in fit_hints(hint_items(m), area.width as usize) {
        spans.push(Span::styled(
            k,
            Style::default().add_modifier(Modifier::BOLD),
        ));
        spans.push(Span::raw(format!(" {label}  ")));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Draws a text area and puts the terminal's cursor where its text cursor
/// is, so that an input method anchors its candidate window there.
pub fn draw_input(f: &mut Frame<'_>, ta: &TextArea<'_>, area: Rect, focused: bool) {
    f.render_widget(ta, area);
    if focused {
        if let Some(p) = cursor_in(ta, area) {
            f.set_cursor_position(p);
        }
    }
}

/// Where the text cursor of `ta` is on the screen when drawn in `area`.
pub fn cursor_in(ta: &TextArea<'_>, area: Rect) -> Option<Position> {
    let sc = ta.screen_cursor();
    let (top, left) = ta.scroll_offset();
    let row = sc.row.checked_sub(top as usize)? as u16;
    let col = sc.col.checked_sub(left as usize)? as u16;
    if row >= area.height || col >= area.width {
        return None;
    }
    Some(Position {
        x: area.x + col,
        y: area.y + row,
    })
}

/// A stored time (RFC 3339, UTC) in school-local time, as `fmt` writes it;
/// empty if it is not a time.
pub fn local_time(m: &Model, t: &str, fmt: &str) -> String {
    let tz = zhiban::domain::clock::school_tz(m.app.assets().calendar.utc_offset_hours);
    zhiban::domain::clock::from_db(t)
        .map(|x| x.with_timezone(&tz).format(fmt).to_string())
        .unwrap_or_default()
}

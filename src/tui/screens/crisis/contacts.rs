//! A case's numbers on screen: each student's phone, room, roommates,
//! guardians and counsellor, the college's psych specialists and leaders,
//! tonight's leader and the school's numbers — an unconfigured one marked
//! `!` (not by colour alone) with the file to set it in. Lines wrap to the
//! width; what does not fit is counted on the last line, never cut mid-way.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use zhiban::app::crisis_contacts::CaseContacts;
use zhiban::config::Catalog;
use zhiban::io::contacts_text::{ContactLine, all_lines, lines_for};

use super::CaseScreen;
use crate::tui::screen::{Effect, Fx};
use crate::tui::ui::wrap_lines;

/// Reads the numbers of case `id`, just opened on `case` (its view's audit
/// entry counts them): none for one who may not act on it; a failure to
/// read them is said, and the case stays open.
pub(super) fn attach(
    mut fx: Fx,
    case: Option<&mut CaseScreen>,
    id: i64,
    app: &zhiban::app::App,
) -> Fx {
    if let Some(cs) = case.filter(|c| c.view.case.id == id) {
        match zhiban::app::crisis_contacts::contacts(app, id) {
            Ok(c) => cs.contacts = Some(c),
            Err(zhiban::error::Error::Refused(_)) => cs.contacts = None,
            Err(e) => fx.push(Effect::Error(e)),
        }
    }
    fx
}

/// The numbers read when case `id` was opened, for showing it again.
pub(super) fn kept(case: Option<&mut CaseScreen>, id: i64) -> Option<CaseContacts> {
    case.filter(|c| c.view.case.id == id)
        .and_then(|c| c.contacts.take())
}

/// A line of numbers as shown: one to be configured marked `!` and bold.
fn shown((text, unconfigured): ContactLine) -> Line<'static> {
    if unconfigured {
        Line::from(Span::styled(
            format!("! {text}"),
            Style::default().add_modifier(Modifier::BOLD),
        ))
    } else {
        Line::from(text)
    }
}

/// The numbers a step names (its template's contact keys), in its order.
pub fn step_lines(tx: &Catalog, c: &CaseContacts, keys: &[String]) -> Vec<Line<'static>> {
    keys.iter()
        .flat_map(|k| lines_for(tx, c, k))
        .map(shown)
        .collect()
}

/// Every number of the case as lines (the overview lists them all, to be
/// scrolled to).
pub fn every_line(tx: &Catalog, c: &CaseContacts) -> Vec<Line<'static>> {
    all_lines(tx, c, &[]).into_iter().map(shown).collect()
}

/// Every number of the case, less those under `skip` (keys shown
/// already), from line `scroll` on, in `area`: wrapped to its width; when
/// more lines remain than fit, the last row says how many.
pub fn draw_contacts(
    f: &mut Frame<'_>,
    area: Rect,
    c: &CaseContacts,
    tx: &Catalog,
    skip: &[String],
    scroll: usize,
) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let mut lines = vec![Line::from(Span::styled(
        tx.t("contacts.title").to_string(),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    lines.extend(all_lines(tx, c, skip).into_iter().map(shown));
    let lines = wrap_lines(lines, area.width);
    let room = area.height as usize;
    let first = scroll.min(lines.len().saturating_sub(1));
    let rest = lines.len() - first;
    let body: Vec<Line<'static>> = if rest > room {
        let keep = room.saturating_sub(1);
        let mut v: Vec<Line<'static>> = lines.into_iter().skip(first).take(keep).collect();
        v.extend(wrap_lines(
            vec![Line::from(
                tx.f("contacts.more", &[("n", &(rest - keep).to_string())]),
            )],
            area.width,
        ));
        v.truncate(room);
        v
    } else {
        lines.into_iter().skip(first).collect()
    };
    f.render_widget(Paragraph::new(body), area);
}

//! The aid specialist's screen 4: the financially difficult students they
//! may see as such (`app::aid::roster`), each with this academic year's
//! coverage — a home visit (✓ or ✗, the last one's day) and the growth
//! file (✓ or ✗, the entries this year, the last entry's day) — those
//! missing something first, then the most difficult, then the longest
//! without a visit. ✓ and ✗ read without colour; on a phone's width the
//! marks alone.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use zhiban::app::aid::AidLine;
use zhiban::domain::student::FlagKind;
use zhiban::domain::text::safe_line;

use crate::tui::screen::View;
use crate::tui::ui::{cursor_list, wrap_lines};

/// The order the list is worked in: those missing a visit or a growth-file
/// entry this year first, then by level (特别困难 first), then the longest
/// without a visit (never first), then by 学号.
pub fn order(rows: &mut [AidLine]) {
    let levels = FlagKind::FinancialDifficulty.levels();
    let rank = |l: &Option<String>| {
        l.as_deref()
            .and_then(|l| levels.iter().position(|x| *x == l))
            .unwrap_or(levels.len())
    };
    rows.sort_by(|a, b| {
        (a.visited && a.grown)
            .cmp(&(b.visited && b.grown))
            .then(rank(&a.level).cmp(&rank(&b.level)))
            .then(a.last_visit.cmp(&b.last_visit))
            .then(a.student_no.cmp(&b.student_no))
    });
}

/// Narrower than this, a row shows the marks without the days.
const NARROW: u16 = 70;

pub fn draw(f: &mut Frame<'_>, m: &View<'_>, rows: &[AidLine], cursor: usize, area: Rect) {
    let tx = &m.app.assets().text;
    let count = |p: fn(&AidLine) -> bool| rows.iter().filter(|r| p(r)).count().to_string();
    let head = wrap_lines(
        vec![Line::from(Span::styled(
            tx.f(
                "todo.roster_aid",
                &[
                    ("count", &rows.len().to_string()),
                    ("visited", &count(|r| r.visited)),
                    ("grown", &count(|r| r.grown)),
                ],
            ),
            Style::default().add_modifier(Modifier::BOLD),
        ))],
        area.width,
    );
    let never = tx.t("why.never").to_string();
    let day = |x: Option<chrono::NaiveDate>| {
        x.map_or_else(|| never.clone(), |d| d.format("%m-%d").to_string())
    };
    // the growth-file entries this year, when there are some
    let entries = |n: usize| {
        if n == 0 {
            String::new()
        } else {
            tx.f("todo.roster_aid_entries", &[("n", &n.to_string())])
        }
    };
    let mark = |done: bool| tx.t(if done { "aid.done" } else { "aid.not_done" });
    let mut lines: Vec<(String, bool)> = rows
        .iter()
        .map(|r| {
            let level = r
                .level
                .as_deref()
                .map_or_else(String::new, |l| format!("[{}] ", safe_line(l)));
            // narrow (a phone): the two marks alone, no dates, class or counsellor
            if area.width < NARROW {
                let text = tx.f(
                    "todo.roster_aid_short",
                    &[("visited", mark(r.visited)), ("grown", mark(r.grown))],
                );
                return (
                    format!("{level}{} {} · {text}", safe_line(&r.name), r.student_no),
                    !r.visited,
                );
            }
            let class = r.class.as_deref().map(safe_line).unwrap_or_default();
            let text = tx.f(
                "todo.roster_aid_line",
                &[
                    ("visited", mark(r.visited)),
                    ("visit", &day(r.last_visit)),
                    ("grown", mark(r.grown)),
                    ("entries", &entries(r.growth_entries)),
                    ("growth", &day(r.last_growth)),
                    (
                        "counsellor",
                        &r.counsellor.as_deref().map(safe_line).unwrap_or_default(),
                    ),
                ],
            );
            (
                format!(
                    "{level}{} {} {class} · {text}",
                    safe_line(&r.name),
                    r.student_no
                ),
                !r.visited,
            )
        })
        .collect();
    if lines.is_empty() {
        lines.push((tx.t("todo.roster_empty").to_string(), false));
    }
    cursor_list(f, area, head, lines, Some(cursor));
}

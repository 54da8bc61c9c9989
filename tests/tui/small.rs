//! Small screens (a phone at 50x20): the header keeps the time, the help
//! scrolls on every screen.

use ratatui::crossterm::event::KeyCode;

use super::{T, shows};

const FOOTER: &str = "按 Esc 或 ? 关闭";

#[test]
fn the_header_keeps_the_time_on_every_screen_at_50x20() {
    let mut t = T::new("lina", (50, 20));
    for k in '1'..='6' {
        t.ch(k);
        let s = t.screen();
        let head = s.lines().next().unwrap_or("");
        assert!(head.contains("23:04"), "{k}: {head}");
        assert!(!head.contains("demo.db"), "the database goes first: {head}");
    }
    // wide enough: everything
    t.resize(120, 40);
    let s = t.screen();
    let head = s.lines().next().unwrap_or("");
    shows(
        head,
        &[
            "值班台",
            "李娜 辅导员",
            "demo.db",
            "2026-11-22 23:04",
            "第11周",
        ],
    );
    // at the smallest size drawn, still the time
    t.resize(40, 12);
    let s = t.screen();
    assert!(s.lines().next().unwrap_or("").contains("23:04"), "{s}");
}

/// Opens the help, scrolls it to its end (End, then PgDn from the top) and
/// closes it; true when it did not fit.
fn help_to_the_end(t: &mut T, what: &str) -> bool {
    t.ch('?');
    let s = t.screen();
    let scrolls = !s.contains(FOOTER);
    if scrolls {
        shows(&s, &["↓ 更多"]);
    }
    t.key(KeyCode::End);
    let s = t.screen();
    shows(&s, &[FOOTER]);
    assert!(!s.contains("↓ 更多"), "{what}: at the end\n{s}");
    if scrolls {
        shows(&s, &["↑ 前面还有"]);
        t.key(KeyCode::Home);
        assert!(!t.screen().contains(FOOTER), "{what}: Home goes back");
        for _ in 0..20 {
            t.key(KeyCode::PageDown);
        }
        shows(&t.screen(), &[FOOTER]);
        t.key(KeyCode::Up);
        t.key(KeyCode::Down);
        shows(&t.screen(), &[FOOTER]);
    }
    t.esc();
    assert!(!t.screen().contains("按键 —"), "{what}: Esc closes");
    scrolls
}

#[test]
fn help_scrolls_to_its_last_line_on_every_screen_at_50x20() {
    let mut t = T::new("lina", (50, 20));
    let mut scrolled = 0;
    for k in '1'..='6' {
        t.ch(k);
        if help_to_the_end(&mut t, &format!("screen {k}")) {
            scrolled += 1;
        }
    }
    assert!(scrolled > 0, "some help is longer than 18 rows");
    // the duty screen at 80x24 too
    t.resize(80, 24);
    t.ch('3');
    help_to_the_end(&mut t, "duty at 80x24");
}

#[test]
fn a_list_row_too_wide_ends_in_an_ellipsis_and_is_whole_when_it_fits() {
    let mut t = T::new("zhangwei", (50, 20));
    t.ch('4');
    let s = t.screen();
    let lines: Vec<&str> = s.lines().collect();
    // the current row is shown whole, wrapped under its mark
    let at = lines
        .iter()
        .position(|l| l.starts_with("> [逾期] "))
        .unwrap_or_else(|| panic!("no current row: {s}"));
    let next = lines[at + 1];
    assert!(
        next.starts_with("  ") && !next.starts_with("  [") && !next.trim().is_empty(),
        "the current row goes on under its mark: {s}"
    );
    assert!(!lines[at].trim_end().ends_with('…'), "{s}");
    // the others are cut, and say so
    let row = lines
        .iter()
        .find(|l| l.starts_with("  [") && l.trim_end().ends_with('…'))
        .unwrap_or_else(|| panic!("no cut row: {s}"))
        .trim_end()
        .to_string();
    let start = row.trim_end_matches('…').to_string();
    // the same row at 120 columns: whole, no ellipsis
    t.resize(120, 40);
    let s = t.screen();
    let wide = s
        .lines()
        .find(|l| l.starts_with(&start))
        .unwrap_or_else(|| panic!("{start:?} not at 120x40: {s}"));
    assert!(!wide.contains('…'), "{wide:?}");
    assert!(wide.trim_end().len() > row.len(), "{wide:?} vs {row:?}");
}

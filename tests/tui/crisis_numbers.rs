//! A case's numbers on screen: the widget at 80x24 and 50x20 (wrapped, the
//! overflow counted, unconfigured numbers marked and their file named), and
//! the stepper showing each step's numbers while stepping.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use unicode_width::UnicodeWidthStr;
use zhiban::config::Lang;

use super::{T, session, shows};
use crate::tui::screens::crisis::contacts::draw_contacts;

fn text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut skip = 0;
        for x in 0..area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let s = buf[(x, y)].symbol();
            out.push_str(s);
            skip = s.width().saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

#[test]
fn every_number_of_a_case_at_80x24_and_50x20() {
    let mut t = T::new("lina", (80, 24));
    t.ch('!');
    t.tab(1);
    t.typed("20230100002");
    t.enter();
    t.typed("宿舍");
    t.ctrl('s');
    let id: i64 = t
        .sql()
        .query_row("SELECT max(id) FROM crisis_cases", [], |r| r.get(0))
        .unwrap();
    let app = session(&t.db, "lina", Lang::ZhCn);
    let c = zhiban::app::crisis_contacts::contacts(&app, id).unwrap();
    let tx = &app.assets().text;
    for (w, h) in [(80u16, 24u16), (50, 20)] {
        let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
        term.draw(|f| draw_contacts(f, f.area(), &c, tx, &[], 0))
            .unwrap();
        let s = text(&term);
        shows(
            &s,
            &[
                "联系电话",
                "学生 曾敏（20230100002）",
                "曾敏的室友：",
                "曾敏的家长：",
                "曾敏的辅导员：李娜 1",
            ],
        );
        let lines: Vec<&str> = s.lines().collect();
        assert!(lines.iter().all(|l| l.width() <= w as usize), "{s}");
        // what does not fit is counted on the last row, not cut
        if s.contains("另有") {
            assert!(lines[h as usize - 1].contains("……另有"), "{s}");
        } else {
            shows(&s, &["! ☎ 保卫处：未配置号码（请在", "☎ 急救：120"]);
        }
    }
    // scrolled on: the school's numbers, the unconfigured ones marked and
    // their file named
    let mut term = Terminal::new(TestBackend::new(50, 20)).unwrap();
    term.draw(|f| draw_contacts(f, f.area(), &c, tx, &[], 8))
        .unwrap();
    let s = text(&term);
    shows(
        &s,
        &["! ☎ 保卫处：未配置号码", "crisis.toml", "☎ 报警：110"],
    );
    // the stepper: the step's numbers first, the rest below
    shows(
        &t.screen(),
        &[
            "☎ 急救：120",
            "! ☎ 保卫处：未配置号码",
            "联系电话",
            "学生 曾敏",
        ],
    );
    t.key(KeyCode::Right); // 信息核实: her phone, room and roommates
    shows(
        &t.screen(),
        &[
            "信息核实",
            "☎ 学生 曾敏（20230100002）：1",
            "☎ 曾敏的室友：",
        ],
    );
    let mut small = T::on(&t.db, "lina", (50, 20), Lang::ZhCn);
    small.ch('5');
    small.enter();
    let s = small.screen();
    assert!(s.lines().all(|l| l.width() <= 50), "{s}");
    shows(&s, &["☎ 急救：120"]);
}

//! A case on one page — what someone new to it needs first, and `o` from
//! the stepper: where, what was known, the level and why, the C-SSRS
//! answers, the notes, everything that happened in order, and who has
//! worked on it. Scrolled like a list.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use zhiban::domain::crisis::EventKind;
use zhiban::domain::text::safe_line;

use super::CaseScreen;
use crate::tui::screen::View;
use crate::tui::ui::{bold, local, wrap_lines};

pub fn draw(f: &mut Frame<'_>, m: &View<'_>, cs: &CaseScreen, area: Rect) {
    let tx = &m.app.assets().text;
    let v = &cs.view;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let head = |lines: &mut Vec<Line<'static>>, key: &str| {
        lines.push(Line::from(Span::styled(tx.t(key).to_string(), bold())));
    };
    let students: Vec<String> = v.case.students.iter().map(|s| s.2.clone()).collect();
    lines.push(Line::from(Span::styled(
        safe_line(&format!(
            "#{} {} · {} · {}",
            v.case.id,
            v.template.name,
            students.join("、"),
            local(m.app, v.opened, "%Y-%m-%d %H:%M")
        ))
        .into_owned(),
        bold(),
    )));
    let field = |lines: &mut Vec<Line<'static>>, key: &str, value: Option<&str>| {
        let value = value.filter(|x| !x.trim().is_empty()).unwrap_or("—");
        lines.push(Line::from(format!("{}：{}", tx.t(key), safe_line(value))));
    };
    field(&mut lines, "crisis.ov_where", v.case.location.as_deref());
    field(&mut lines, "crisis.ov_known", v.case.known.as_deref());
    // the level as it stands, with the reason given for it
    let level = v.events.iter().rev().find(|e| e.kind == EventKind::Level);
    let level_text = level.map(|e| {
        let name = e
            .step
            .as_deref()
            .and_then(|k| m.app.assets().crisis.level(k))
            .map_or_else(|| e.step.clone().unwrap_or_default(), |l| l.name.clone());
        match e.text.as_deref() {
            Some(why) => format!("{name}（{why}）"),
            None => name,
        }
    });
    field(&mut lines, "crisis.ov_level", level_text.as_deref());
    let screens: Vec<String> = v
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Screen)
        .filter_map(|e| e.text.clone())
        .collect();
    if !screens.is_empty() {
        head(&mut lines, "crisis.ov_cssrs");
        for s in screens {
            // the answers in words ("近一个月有自杀想法：是"), as the report
            // gives them; a text of another form as it was written
            let words = tx
                .screen_in_words(&s)
                .unwrap_or_else(|| s.lines().map(str::to_string).collect());
            for part in words {
                lines.push(Line::from(format!("  {}", safe_line(&part))));
            }
        }
    }
    let title_of = |key: &str| -> String {
        v.now
            .steps
            .iter()
            .find(|s| s.step.key == key)
            .map_or_else(|| key.to_string(), |s| s.step.title.clone())
    };
    let notes: Vec<_> = v
        .events
        .iter()
        .filter(|e| e.kind == EventKind::Note)
        .collect();
    if !notes.is_empty() {
        head(&mut lines, "crisis.ov_notes");
        for e in notes {
            lines.push(Line::from(
                safe_line(&format!(
                    "  {} {}{}：{}",
                    local(m.app, e.at, "%m-%d %H:%M"),
                    e.by,
                    e.step
                        .as_deref()
                        .map(|k| format!("（{}）", title_of(k)))
                        .unwrap_or_default(),
                    e.text.as_deref().unwrap_or("")
                ))
                .into_owned(),
            ));
        }
    }
    head(&mut lines, "crisis.ov_timeline");
    for e in &v.events {
        let on = match e.kind {
            EventKind::Done
            | EventKind::Skipped
            | EventKind::NotApplicable
            | EventKind::Withdrawn
            | EventKind::Note => e.step.as_deref().map(&title_of),
            _ => None,
        };
        lines.push(Line::from(
            safe_line(&format!(
                "  {} {} {}{}{}",
                local(m.app, e.at, "%m-%d %H:%M"),
                e.by,
                tx.t(&format!("crisis.event_{}", e.kind.code())),
                on.map(|t| format!(" {t}")).unwrap_or_default(),
                e.text
                    .as_deref()
                    .filter(|_| !matches!(e.kind, EventKind::Withdrawn | EventKind::Screen))
                    .map(|t| format!("：{t}"))
                    .unwrap_or_default()
            ))
            .into_owned(),
        ));
    }
    // who has worked on it: the opener, then everyone who recorded anything
    let mut who: Vec<String> = vec![v.case.opener.clone()];
    for e in &v.events {
        if !who.contains(&e.by) {
            who.push(e.by.clone());
        }
    }
    field(&mut lines, "crisis.ov_who", Some(&who.join("、")));
    // every number of the case, for those who may act on it
    if let Some(c) = cs.contacts.as_ref() {
        head(&mut lines, "contacts.title");
        lines.extend(super::contacts::every_line(tx, c));
    }
    let lines = wrap_lines(lines, area.width);
    let room = area.height.max(1) as usize;
    let top = (cs.overview.unwrap_or(0) as usize).min(lines.len().saturating_sub(room));
    f.render_widget(
        Paragraph::new(lines).scroll((top.min(u16::MAX as usize) as u16, 0)),
        area,
    );
}

//! The escalation popup: whom to call (the leader on call, their phone;
//! the college's leaders) above the channel chosen by one digit.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use zhiban::app::duty_shift::{Callee, OnCall};
use zhiban::domain::duty::Channel;
use zhiban::domain::text::safe_line;

use crate::tui::screen::View;
use crate::tui::ui::{popup as ui_popup, wrap_lines};

fn person(c: &Callee, none: &str) -> String {
    format!(
        "{} {}",
        safe_line(&c.name),
        c.phone
            .as_deref()
            .map_or(none.to_string(), |p| safe_line(p).into_owned())
    )
}

pub fn channel(f: &mut Frame<'_>, m: &View<'_>, c: &OnCall, area: Rect) {
    let tx = &m.app.assets().text;
    let no_phone = tx.s("duty.no_phone");
    let mut lines: Vec<Line> = Vec::new();
    let leader = match &c.leader {
        Some(l) => person(l, &no_phone),
        None => tx.s("duty.no_leader_set"),
    };
    lines.push(Line::from(Span::styled(
        tx.f("duty.call_leader", &[("who", &leader)]),
        Style::default().add_modifier(Modifier::BOLD),
    )));
    if !c.college_leaders.is_empty() {
        let who: Vec<String> = c
            .college_leaders
            .iter()
            .map(|l| person(l, &no_phone))
            .collect();
        lines.push(Line::from(
            tx.f("duty.call_college", &[("who", &who.join("、"))]),
        ));
    }
    let legend: Vec<String> = Channel::ALL
        .iter()
        .enumerate()
        .map(|(i, ch)| format!("{} {}", i + 1, tx.t(&format!("channel.{}", ch.code()))))
        .collect();
    lines.push(Line::from(legend.join("  ")));
    let width = area.width.min(60);
    let wrapped = wrap_lines(lines, width.saturating_sub(2));
    let h = (wrapped.len() as u16 + 2).min(area.height);
    let inner = ui_popup(f, area, width, h, tx.t("duty.pick_channel").to_string());
    f.render_widget(Paragraph::new(wrapped), inner);
}

//! On a demo database: choose which staff member to act as.

use std::sync::mpsc::Receiver;

use ratatui::layout::{Constraint, Layout};
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::Incoming;
use super::keys::{Act, SIGN_IN, moved, resolve};
use super::terminal::Term;
use super::ui::{selected, wrap_lines};
use zhiban::config::Catalog;
use zhiban::domain::staff::Staff;
use zhiban::domain::text::safe_line;
use zhiban::error::Result;

pub fn run(
    term: &mut Term,
    rx: &Receiver<Incoming>,
    staff: &[Staff],
    text: &Catalog,
) -> Result<Option<Staff>> {
    let mut cursor = 0usize;
    loop {
        term.draw(|f| {
            let area = f.area();
            let [title, hint, list, keys] = Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(2),
                Constraint::Min(1),
                Constraint::Length(1),
            ])
            .areas(area);
            f.render_widget(
                Paragraph::new(text.t("picker.title")).style(selected()),
                title,
            );
            f.render_widget(
                Paragraph::new(wrap_lines(
                    vec![Line::from(text.t("picker.hint"))],
                    hint.width,
                )),
                hint,
            );
            let items: Vec<ListItem> = staff
                .iter()
                .map(|s| {
                    let roles: Vec<&str> = s.roles.iter().map(|r| text.t(r.i18n_key())).collect();
                    let college = s
                        .college
                        .as_deref()
                        .map(|c| safe_line(c).into_owned())
                        .unwrap_or_default();
                    ListItem::new(Line::from(format!(
                        "{:<10} {} — {} {}",
                        s.login,
                        safe_line(&s.name),
                        roles.join("、"),
                        college
                    )))
                })
                .collect();
            let mut state = ListState::default();
            state.select(Some(cursor));
            f.render_stateful_widget(
                List::new(items)
                    .highlight_style(selected())
                    .highlight_symbol("> "),
                list,
                &mut state,
            );
            let hints: Vec<String> = SIGN_IN
                .iter()
                .filter(|b| b.hint)
                .map(|b| format!("{} {}", b.keys[0].label(), text.t(b.label)))
                .collect();
            f.render_widget(
                Paragraph::new(hints.join("  "))
                    .style(Style::default().add_modifier(Modifier::DIM)),
                keys,
            );
            super::terminal::scrub(f.buffer_mut());
        })?;
        match rx.recv() {
            Ok(Incoming::Key(k)) => match resolve(&[SIGN_IN], &k) {
                Some(Act::Open) => return Ok(staff.get(cursor).cloned()),
                Some(Act::Quit) => return Ok(None),
                Some(act) => cursor = moved(cursor, staff.len(), act, 10),
                None => {}
            },
            Ok(Incoming::InputGone) | Err(_) => return Ok(None),
            Ok(_) => {}
        }
    }
}

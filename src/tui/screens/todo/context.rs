//! The context drawn above a talk or family-contact form: why the student
//! is due, the last talk, the guardians with their phones. The form keeps
//! the rows it needs where the screen has them; the context takes what is
//! left (at least a line or two; the form then scrolls within the rest).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use zhiban::app::record_context::FormContext;
use zhiban::app::students::Shown;
use zhiban::domain::text::safe_line;

use crate::tui::screen::View;

/// The context's lines, most useful first (the rows left over are cut):
/// the most urgent reason, the last talk and the guardians (for a family
/// contact the guardians first), then the other reasons.
pub fn lines(m: &View<'_>, c: &FormContext, contact: bool) -> Vec<Line<'static>> {
    let tx = &m.app.assets().text;
    let mut due = Vec::new();
    for d in &c.due {
        let late = match (d.overdue_days, d.due.as_deref()) {
            (Some(n), _) => tx.f("todo.ctx_late", &[("days", &n.to_string())]),
            (None, Some(date)) => tx.f("todo.ctx_due_by", &[("date", date)]),
            (None, None) => String::new(),
        };
        due.push(tx.f(
            "todo.ctx_due",
            &[
                ("rule", tx.t(&format!("rule.{}", d.rule))),
                ("late", &late),
                ("why", &safe_line(&d.why)),
            ],
        ));
    }
    if due.is_empty() {
        due.push(tx.t("todo.ctx_not_due").to_string());
    }
    let talk = match &c.last_talk {
        Some(t) => tx.f(
            "todo.ctx_last_talk",
            &[
                ("date", &t.on),
                ("kind", &safe_line(&t.kind)),
                ("author", &safe_line(&t.author)),
                (
                    "text",
                    &t.first_line
                        .as_deref()
                        .map(|l| safe_line(l).into_owned())
                        .unwrap_or_else(|| tx.t("detail.withheld").to_string()),
                ),
            ],
        ),
        None => tx.t("todo.ctx_no_talk").to_string(),
    };
    let guardians = if c.guardians_hidden {
        tx.t("todo.ctx_guardians_hidden").to_string()
    } else if c.guardians.is_empty() {
        tx.t("todo.ctx_no_guardians").to_string()
    } else {
        let list: Vec<String> = c
            .guardians
            .iter()
            .map(|g| {
                let phone = match &g.phone {
                    Shown::Plain(p) | Shown::Masked { text: p, .. } => safe_line(p).into_owned(),
                    Shown::Hidden | Shown::Absent => tx.t("todo.ctx_no_phone").to_string(),
                };
                [g.relation.as_deref(), g.name.as_deref()]
                    .into_iter()
                    .flatten()
                    .map(|x| safe_line(x).into_owned())
                    .chain([phone])
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        tx.f("todo.ctx_guardians", &[("list", &list.join("；"))])
    };
    let first = due.remove(0);
    let head = if contact {
        [guardians, first, talk]
    } else {
        [first, talk, guardians]
    };
    head.into_iter().chain(due).map(Line::from).collect()
}

/// Draws the context at the top of `area`, leaving the form the rows it
/// asks for (`form_rows`) where it can: at least two lines of context on a
/// screen of 16 rows or more, one on a smaller one, none under 12 rows.
/// Returns the rest, for the form.
pub fn draw(
    f: &mut Frame<'_>,
    m: &View<'_>,
    c: &FormContext,
    contact: bool,
    form_rows: u16,
    area: Rect,
) -> Rect {
    if area.height < 12 {
        return area;
    }
    // one row each (cut at the edge), so that more of them show
    let body = lines(m, c, contact);
    let least = if area.height >= 16 { 4 } else { 3 };
    let h = (body.len() as u16 + 2)
        .min(area.height.saturating_sub(form_rows).max(least))
        .min(area.height / 2);
    let top = Rect { height: h, ..area };
    let title = format!(
        "{} — {}",
        m.app.assets().text.t("todo.ctx_title"),
        safe_line(&c.student)
    );
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(top);
    f.render_widget(Clear, top);
    f.render_widget(block, top);
    f.render_widget(Paragraph::new(body), inner);
    Rect {
        y: area.y + h,
        height: area.height - h,
        ..area
    }
}

//! Drawing the students screen: the list (with a preview on a wide
//! terminal), a student's detail, the flags editor over it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};
use ratatui_textarea::TextArea;
use zhiban::app::students::{Field, Shown, StudentView};
use zhiban::domain::text::safe_line;

use super::Detail as DetailState;
use super::flags::FlagEditor;
use crate::tui::directory::Load;
use crate::tui::form::draw::draw_form;
use crate::tui::screen::View;
use crate::tui::ui::{centered, clear_padded, draw_input, selected, wrap_lines};

/// What the list shows.
pub struct ListState<'a> {
    pub results: &'a [u32],
    pub selected: usize,
    pub search: &'a TextArea<'static>,
    pub searching: bool,
    /// The filter words understood (empty: none).
    pub filter: &'a str,
}

/// Terminals at least this wide show the list and a preview side by side.
pub const WIDE: u16 = 110;

fn flags_cell(m: &View<'_>, v: &StudentView) -> String {
    let tx = &m.app.assets().text;
    let mut parts: Vec<&str> = Vec::new();
    for f in &v.flags {
        let s = tx.t(f.kind.short_key());
        if !parts.contains(&s) {
            parts.push(s);
        }
    }
    if v.caution {
        parts.push(tx.t("flagshort.caution"));
    }
    parts.join(" ")
}

pub fn list(f: &mut Frame<'_>, m: &View<'_>, st: &ListState<'_>, area: Rect) {
    let (list_area, preview) = if area.width >= WIDE {
        let [l, r] = Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)])
            .areas(area);
        (l, Some(r))
    } else {
        (area, None)
    };
    let [search, table] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(list_area);
    // search line: label, field, count
    let tx = &m.app.assets().text;
    let label = format!("/ {}: ", tx.t("students.search"));
    let count = tx.f(
        "students.count",
        &[
            ("shown", &st.results.len().to_string()),
            ("total", &m.dir.all.len().to_string()),
        ],
    );
    let lw = unicode_width::UnicodeWidthStr::width(label.as_str()) as u16;
    let cw = count.len() as u16 + 1;
    let [l, field, c] = Layout::horizontal([
        Constraint::Length(lw),
        Constraint::Min(1),
        Constraint::Length(cw),
    ])
    .areas(search);
    let label_style = if st.searching {
        Style::default().add_modifier(Modifier::BOLD)
    } else {
        Style::default()
    };
    f.render_widget(Paragraph::new(Span::styled(label, label_style)), l);
    draw_input(f, st.search, field, st.searching && m.focused);
    f.render_widget(Paragraph::new(format!(" {count}")), c);

    match &m.dir.load {
        Load::Loading => {
            f.render_widget(Paragraph::new(tx.t("status.loading").to_string()), table);
            return;
        }
        Load::Failed(e) => {
            f.render_widget(
                Paragraph::new(wrap_lines(
                    vec![Line::from(Span::styled(
                        safe_line(e).into_owned(),
                        Style::default().add_modifier(Modifier::BOLD),
                    ))],
                    table.width,
                )),
                table,
            );
            return;
        }
        Load::Ready => {}
    }
    let table = if st.filter.is_empty() || table.height < 3 {
        table
    } else {
        let [line, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(table);
        f.render_widget(
            Paragraph::new(Span::styled(
                tx.f("students.filtered", &[("filter", &safe_line(st.filter))]),
                Style::default().add_modifier(Modifier::BOLD),
            )),
            line,
        );
        rest
    };
    if st.results.is_empty() {
        let key = if m.dir.all.is_empty() {
            "students.none"
        } else {
            "students.empty"
        };
        f.render_widget(Paragraph::new(tx.t(key).to_string()), table);
        return;
    }
    let rows_fit = (table.height.saturating_sub(1) as usize).max(1);
    let start = st.selected.saturating_sub(rows_fit - 1);
    let end = (start + rows_fit).min(st.results.len());
    let rows: Vec<Row> = st.results[start..end]
        .iter()
        .filter_map(|&i| m.dir.view(i))
        .map(|v| {
            Row::new(vec![
                Cell::from(safe_line(&v.student_no).into_owned()),
                Cell::from(safe_line(&v.name).into_owned()),
                Cell::from(
                    v.class
                        .as_deref()
                        .map(|c| safe_line(c).into_owned())
                        .unwrap_or_default(),
                ),
                Cell::from(
                    v.room_key()
                        .map(|r| safe_line(&r).into_owned())
                        .unwrap_or_default(),
                ),
                Cell::from(flags_cell(m, &v)),
            ])
        })
        .collect();
    let header = Row::new(vec![
        tx.t("students.col_no"),
        tx.t("students.col_name"),
        tx.t("students.col_class"),
        tx.t("students.col_room"),
        tx.t("students.col_flags"),
    ])
    .style(Style::default().add_modifier(Modifier::BOLD));
    let widths = [
        Constraint::Length(11),
        Constraint::Length(10),
        Constraint::Length(9),
        Constraint::Length(9),
        Constraint::Min(4),
    ];
    let t = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(selected())
        .highlight_symbol("> ");
    let mut state = TableState::default();
    state.select(Some(st.selected - start));
    f.render_stateful_widget(t, table, &mut state);
    let chosen = st.results.get(st.selected).and_then(|i| m.dir.view(*i));
    if let (Some(p), Some(v)) = (preview, chosen) {
        let lines = summary_lines(m, &v, None);
        let block = Block::default()
            .borders(Borders::LEFT)
            .title(tx.t("detail.title").to_string());
        f.render_widget(
            Paragraph::new(wrap_lines(lines, p.width.saturating_sub(1))).block(block),
            p,
        );
    }
}

fn shown_text(m: &View<'_>, s: &Shown, revealed: Option<&str>, key: &str) -> String {
    let tx = &m.app.assets().text;
    if let Some(r) = revealed {
        return safe_line(r).into_owned();
    }
    match s {
        Shown::Absent => tx.t("detail.absent").to_string(),
        Shown::Hidden => tx.t("detail.hidden").to_string(),
        Shown::Plain(t) => safe_line(t).into_owned(),
        Shown::Masked {
            text,
            revealable: true,
        } => {
            format!(
                "{}  ({})",
                safe_line(text),
                tx.f("detail.reveal_hint", &[("key", key)])
            )
        }
        Shown::Masked { text, .. } => safe_line(text).into_owned(),
    }
}

/// The lines describing a student; with `detail` also guardians, roommates
/// and revealed values.
fn summary_lines<'a>(
    m: &'a View<'a>,
    v: &'a StudentView,
    detail: Option<&'a DetailState>,
) -> Vec<Line<'a>> {
    let tx = &m.app.assets().text;
    let bold = Style::default().add_modifier(Modifier::BOLD);
    let opt = |x: &Option<String>| {
        x.as_deref()
            .map(|s| safe_line(s).into_owned())
            .unwrap_or_else(|| tx.t("detail.absent").to_string())
    };
    let gender = v
        .gender
        .map(|g| {
            if m.app.assets().lang == zhiban::config::Lang::En {
                g.code()
            } else {
                g.zh()
            }
        })
        .unwrap_or("");
    let mut lines = vec![
        Line::from(vec![
            Span::styled(safe_line(&v.name).into_owned(), bold),
            Span::raw(format!("  {}  {gender}", safe_line(&v.student_no))),
        ]),
        Line::from(format!(
            "{}: {}",
            tx.t("detail.college"),
            safe_line(&v.college)
        )),
        Line::from(format!("{}: {}", tx.t("detail.major"), opt(&v.major))),
        Line::from(format!(
            "{}: {}    {}: {}",
            tx.t("detail.class"),
            opt(&v.class),
            tx.t("detail.counsellor"),
            opt(&v.counsellor)
        )),
    ];
    let dorm = match &v.dorm {
        Some(d) => tx.f(
            "detail.dorm_place",
            &[
                ("building", &safe_line(&d.building)),
                ("room", &safe_line(&d.room)),
                ("bed", &safe_line(&d.bed)),
            ],
        ),
        None => tx.t("detail.no_dorm").to_string(),
    };
    lines.push(Line::from(format!("{}: {dorm}", tx.t("detail.dorm"))));
    if let Some(d) = detail {
        if !d.detail.roommates.is_empty() {
            let mates: Vec<String> = d
                .detail
                .roommates
                .iter()
                .map(|(bed, _, name)| format!("{}·{}", safe_line(bed), safe_line(name)))
                .collect();
            lines.push(Line::from(format!(
                "{}: {}",
                tx.t("detail.roommates"),
                mates.join("  ")
            )));
        }
    }
    if let Some(d) = detail {
        if !d.detail.presence.is_empty() {
            let tz = zhiban::domain::clock::school_tz(m.app.assets().calendar.utc_offset_hours);
            let items: Vec<String> = d
                .detail
                .presence
                .iter()
                .take(3)
                .map(|p| {
                    let when = zhiban::domain::clock::from_db(&p.saved_at)
                        .map(|t| t.with_timezone(&tz).format("%m-%d").to_string())
                        .unwrap_or_default();
                    format!("{when} {}", tx.t(&p.status.i18n_key()))
                })
                .collect();
            lines.push(Line::from(format!(
                "{}: {}",
                tx.t("detail.presence"),
                items.join("  ")
            )));
        }
    }
    let revealed = |f: Field| {
        detail.and_then(|d| {
            d.revealed
                .iter()
                .find(|(x, _)| *x == f)
                .map(|(_, v)| v.as_str())
        })
    };
    lines.push(Line::from(format!(
        "{}: {}",
        tx.t("detail.phone"),
        shown_text(m, &v.phone, revealed(Field::Phone), "p")
    )));
    lines.push(Line::from(format!(
        "{}: {}",
        tx.t("detail.id_number"),
        shown_text(m, &v.id_number, revealed(Field::IdNumber), "i")
    )));
    if detail.is_some() {
        if v.guardians_hidden {
            lines.push(Line::from(format!(
                "{}: {}",
                tx.t("detail.guardians"),
                tx.t("detail.hidden")
            )));
        }
        for (i, g) in v.guardians.iter().enumerate() {
            let phone = shown_text(m, &g.phone, revealed(Field::GuardianPhone(i)), "h");
            lines.push(Line::from(format!(
                "{}: {} ({}) {phone}",
                tx.t("detail.guardians"),
                opt(&g.name),
                opt(&g.relation)
            )));
        }
    }
    lines.push(Line::from(Span::styled(
        tx.t("detail.flags").to_string(),
        bold,
    )));
    if v.flags.is_empty() && !v.caution {
        lines.push(Line::from(format!("  {}", tx.t("detail.no_flags"))));
    }
    for fl in &v.flags {
        let mut s = format!("  {}", tx.t(&fl.kind.i18n_key()));
        if let Some(l) = &fl.level {
            s.push_str(&format!(" {}", safe_line(l)));
        }
        if let Some(d) = fl.since {
            s.push_str(&format!(" {d}"));
        }
        if let Some(n) = &fl.note {
            s.push_str(&format!(" — {}", safe_line(n)));
        }
        lines.push(Line::from(s));
    }
    if v.caution {
        lines.push(Line::from(Span::styled(
            format!("  ! {}", tx.t("detail.caution")),
            bold,
        )));
    }
    if let Some(d) = detail.filter(|d| !d.detail.crises.is_empty()) {
        lines.push(Line::from(Span::styled(
            tx.t("desk.student_cases").to_string(),
            bold,
        )));
        let tz = zhiban::domain::clock::school_tz(m.app.assets().calendar.utc_offset_hours);
        for c in &d.detail.crises {
            let kind = c.kind_in(tx);
            lines.push(Line::from(format!(
                "  {}",
                tx.f(
                    "desk.student_case",
                    &[
                        ("id", &c.id.to_string()),
                        ("kind", &kind),
                        ("status", tx.t(c.status.i18n_key())),
                        (
                            "opened",
                            &c.opened.with_timezone(&tz).format("%Y-%m-%d").to_string()
                        ),
                    ],
                )
            )));
        }
    }
    if let Some(d) = detail {
        lines.push(Line::from(Span::styled(
            tx.t("detail.timeline").to_string(),
            bold,
        )));
        if d.detail.timeline.is_empty() {
            lines.push(Line::from(format!("  {}", tx.t("detail.no_timeline"))));
        }
        for it in &d.detail.timeline {
            // the first line after the date; the rest of a multi-line
            // text indented under it, as it was written
            let mut rows = super::timeline::item_lines(m, &it.item).into_iter();
            let first = rows.next().unwrap_or_default();
            lines.push(Line::from(format!("  {} {first}", it.at)));
            lines.extend(rows.map(|r| Line::from(format!("      {r}"))));
        }
        // who saw or changed what: for admins and the college's leaders
        if !d.detail.audit.is_empty() {
            lines.push(Line::from(Span::styled(
                tx.t("detail.audit").to_string(),
                bold,
            )));
            for a in &d.detail.audit {
                lines.push(Line::from(format!(
                    "  {} {} {}",
                    a.at.get(5..16).unwrap_or(&a.at),
                    a.actor,
                    action_words(tx, &a.action)
                )));
            }
        }
    }
    lines
}

/// An audit action in words where the catalogue has them (`auditaction.student_view`
/// for `student.view`), else its code.
fn action_words(tx: &zhiban::config::Catalog, code: &str) -> String {
    let key = format!("auditaction.{}", code.replace('.', "_"));
    match tx.t(&key) {
        t if t == key => code.to_string(),
        t => t.to_string(),
    }
}

pub fn detail(f: &mut Frame<'_>, m: &View<'_>, d: &DetailState, area: Rect) {
    let lines = wrap_lines(summary_lines(m, &d.detail.view, Some(d)), area.width);
    // scrolled, but never past the last line
    let inner_h = area.height.saturating_sub(1) as usize;
    let max = lines.len().saturating_sub(inner_h) as u16;
    let scroll = d.scroll.min(max);
    let title = if max > 0 {
        format!("{} ({}/{})", m.t("detail.title"), scroll + 1, max + 1)
    } else {
        m.t("detail.title").to_string()
    };
    let block = Block::default().borders(Borders::TOP).title(title);
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), area);
}

/// The flags editor: the flags one may set, or the form for one.
pub fn flags(f: &mut Frame<'_>, m: &View<'_>, ed: &FlagEditor, area: Rect) {
    let tx = &m.app.assets().text;
    if let Some(form) = &ed.form {
        draw_form(f, area, form, tx, m.focused);
        return;
    }
    let title = tx.f("flag.title", &[("name", &safe_line(&ed.name))]);
    let r = centered(area, 62, ed.rows.len() as u16 + 2);
    clear_padded(f, r, area);
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(r);
    f.render_widget(block, r);
    let lines: Vec<Line> = ed
        .rows
        .iter()
        .enumerate()
        .map(|(i, (k, cur))| {
            let mark = if cur.is_some() { "[x]" } else { "[ ]" };
            let state = match cur {
                None => tx.t("flag.not_set").to_string(),
                Some(fl) => {
                    let mut s = fl
                        .level
                        .as_deref()
                        .map(|l| safe_line(l).into_owned())
                        .unwrap_or_default();
                    if let Some(d) = fl.since {
                        s.push_str(&format!(" {d}"));
                    }
                    if let Some(n) = &fl.note {
                        s.push_str(&format!(" {}", safe_line(n)));
                    }
                    s
                }
            };
            let text = format!(
                "{mark} {} {state}",
                zhiban::domain::text::pad_cells(&tx.s(&k.i18n_key()), 22)
            );
            let style = if i == ed.cursor {
                selected()
            } else {
                Style::default()
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    let first = ed
        .cursor
        .saturating_sub(inner.height.saturating_sub(1) as usize);
    f.render_widget(Paragraph::new(lines).scroll((first as u16, 0)), inner);
}

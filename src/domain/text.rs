//! Text hygiene: what may reach a terminal or a file, and how roster values
//! are normalised. This module is the one sanitiser of the program.
//!
//! Text from the database, a file, a template or an argument is drawn or
//! printed only after [`safe`] (or [`safe_line`]) has removed control
//! characters (C0 other than newline and tab, DEL, C1) and bidirectional
//! controls, so that a crafted name cannot clear the screen, write the
//! clipboard (OSC 52), retitle the window or reorder what is shown
//! (Trojan Source). Files get the same: a CSV cell goes through
//! [`csv_cell`] (also neutralised against spreadsheet formulas), JSON
//! through [`json_escape`] (those characters written as `\uXXXX`: the data
//! is kept, but no raw control or bidi character is in the file). The
//! stored text is never changed.

use std::borrow::Cow;

/// True for characters that must never reach a terminal or a file raw
/// (newline and tab are not among them).
fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // bidi embeddings, overrides, isolates and marks (Trojan Source)
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{200e}' | '\u{200f}' | '\u{61c}'
    )
}

/// Removes control and bidi characters; keeps newlines and tabs.
pub fn safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|&c| !is_unsafe(c)).collect())
}

/// Like [`safe`], and also turns newlines and tabs into spaces: for a table
/// cell or any one-line place.
pub fn safe_line(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| is_unsafe(c) || c == '\n' || c == '\t' || c == '\r')
    {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter(|&c| !is_unsafe(c))
            .map(|c| {
                if matches!(c, '\n' | '\t' | '\r') {
                    ' '
                } else {
                    c
                }
            })
            .collect(),
    )
}

/// One CSV cell: made [`safe`], then neutralised as OWASP recommends for
/// CSV injection — a cell that begins with `=`, `+`, `-`, `@`, a tab or a
/// carriage return gets a leading `'`, so that Excel, WPS or LibreOffice
/// show it as text instead of running it as a formula (`=cmd|' /C calc'!A0`,
/// `@SUM(…)`) — and quoted per RFC 4180 when it holds a comma, semicolon
/// (the separator of some locales), quote, tab or line break.
///
/// Every cell of text is treated so, including text that looks like a
/// negative number (`-3` typed into a room or note is written `'-3`: shown
/// as text, never computed). Numbers the program itself writes (ids,
/// counts, attendance, minutes) are not text: they are written by
/// [`CsvCell::Number`], which cannot carry a formula and so is left as it
/// is (even `-3`).
pub fn csv_cell(s: &str) -> String {
    let s = safe(s);
    let lead = s
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    let body: Cow<'_, str> = if lead { Cow::Owned(format!("'{s}")) } else { s };
    if body.contains([',', ';', '"', '\n', '\r', '\t']) {
        format!("\"{}\"", body.replace('"', "\"\""))
    } else {
        body.into_owned()
    }
}

/// A cell of a CSV record: text (from people, files, the database), which
/// goes through [`csv_cell`], or a number the program computed (an id, a
/// count, attendance, minutes), written as digits with its sign: a number
/// cannot carry a formula, and a spreadsheet still reads it as a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvCell<'a> {
    Text(Cow<'a, str>),
    /// `None`: an empty cell.
    Number(Option<i64>),
}

impl<'a> From<&'a str> for CsvCell<'a> {
    fn from(s: &'a str) -> Self {
        CsvCell::Text(Cow::Borrowed(s))
    }
}
impl<'a> From<&'a String> for CsvCell<'a> {
    fn from(s: &'a String) -> Self {
        CsvCell::Text(Cow::Borrowed(s))
    }
}
impl From<String> for CsvCell<'_> {
    fn from(s: String) -> Self {
        CsvCell::Text(Cow::Owned(s))
    }
}
impl<'a> From<&'a Option<String>> for CsvCell<'a> {
    fn from(s: &'a Option<String>) -> Self {
        CsvCell::Text(Cow::Borrowed(s.as_deref().unwrap_or("")))
    }
}
impl From<i64> for CsvCell<'_> {
    fn from(n: i64) -> Self {
        CsvCell::Number(Some(n))
    }
}
impl From<Option<i64>> for CsvCell<'_> {
    fn from(n: Option<i64>) -> Self {
        CsvCell::Number(n)
    }
}
impl From<usize> for CsvCell<'_> {
    fn from(n: usize) -> Self {
        CsvCell::Number(i64::try_from(n).ok())
    }
}

/// One CSV record: text cells through [`csv_cell`], numbers as digits,
/// joined by commas and ended by CRLF (RFC 4180). Every CSV the program
/// writes is made of these.
pub fn csv_row(cells: &[CsvCell<'_>]) -> String {
    let mut out = cells
        .iter()
        .map(|c| match c {
            CsvCell::Text(t) => csv_cell(t),
            CsvCell::Number(n) => n.map(|n| n.to_string()).unwrap_or_default(),
        })
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// A header record (names written by the program).
pub fn csv_header(names: &[&str]) -> String {
    // every CSV begins with its header, and with the UTF-8 byte-order mark
    // that Excel and WPS on Chinese Windows need to read it as UTF-8
    let mut out = String::from("\u{feff}");
    out.push_str(&csv_row(
        &names.iter().map(|&n| CsvCell::from(n)).collect::<Vec<_>>(),
    ));
    out
}

/// JSON text with every character that [`safe`] removes written as a
/// `\uXXXX` escape. serde_json escapes C0 controls but writes DEL, C1
/// (U+0080–U+009F) and bidi controls raw; a terminal showing the JSON (or a
/// viewer of the file) would act on them. They can only stand inside JSON
/// strings (the rest of JSON is printable ASCII, spaces and newlines), and
/// all lie in the Basic Multilingual Plane, so the escaped text is the same
/// JSON value.
pub fn json_escape(json: &str) -> Cow<'_, str> {
    if !json.chars().any(is_unsafe) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Normalises a value read from a roster file: full-width ASCII (Ａ, １, －)
/// becomes half-width, the ideographic space becomes a space, and leading
/// and trailing whitespace (of either width) is trimmed. Inner runs of
/// spaces are kept: they may be meaningful in an address.
/// [`normalize_cell`] in place: a cell that is already normal (most of a
/// roster) is left as it is, without a copy.
pub fn normalize_cell_in_place(s: &mut String) {
    let odd = |c: char| matches!(c, '\u{3000}' | '\u{a0}' | '\u{ff01}'..='\u{ff5e}');
    let edge = |c: char| c.is_whitespace() || c == '\u{feff}';
    if s.chars().any(odd) || s.starts_with(edge) || s.ends_with(edge) {
        *s = normalize_cell(s);
    }
}

pub fn normalize_cell(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '\u{3000}' | '\u{a0}' => ' ',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .collect();
    let trimmed = mapped.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    trimmed.to_string()
}

/// A header cell reduced for matching against known column names:
/// normalised, without any whitespace, required-markers (`*`) or a trailing
/// parenthesised note such as `学号（必填）`, ASCII lower-cased.
pub fn normalize_header(s: &str) -> String {
    let mut h = normalize_cell(s).replace(['（'], "(").replace(['）'], ")");
    if let Some(i) = h.find('(') {
        if h.ends_with(')') && i > 0 {
            h.truncate(i);
        }
    }
    h.chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '_' && *c != '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Pads `s` with spaces to `width` terminal cells (CJK counts two).
pub fn pad_cells(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    if w >= width {
        s.to_string()
    } else {
        format!("{s}{}", " ".repeat(width - w))
    }
}

/// [`safe`] as an owned string (for a field of an export).
pub fn safe_owned(x: &str) -> String {
    safe(x).into_owned()
}

/// [`safe`] for an optional text.
pub fn safe_opt(x: &Option<String>) -> Option<String> {
    x.as_deref().map(safe_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_normalised_in_place_is_the_cell_normalised() {
        for s in [
            "",
            "张三",
            " 张三 ",
            "\u{feff}2023001",
            "ＡＢＣ１２３",
            "a\u{3000}b",
            "\u{a0}x\u{a0}",
            "\t计科2301\n",
            "plain",
        ] {
            let mut c = s.to_string();
            normalize_cell_in_place(&mut c);
            assert_eq!(c, normalize_cell(s), "{s:?}");
        }
    }

    #[test]
    fn escape_sequences_become_harmless_text() {
        let osc52 = "张\u{1b}]52;c;ZXZpbA==\u{7}三";
        assert_eq!(safe(osc52), "张]52;c;ZXZpbA==三");
        let clear = "\u{1b}[2J\u{1b}[H李四";
        assert_eq!(safe(clear), "[2J[H李四");
        let title = "\u{1b}]0;pwned\u{9c}王五";
        assert_eq!(safe(title), "]0;pwned王五");
        assert!(!safe(osc52).contains('\u{1b}'));
    }

    #[test]
    fn bidi_controls_are_removed() {
        assert_eq!(safe("abc\u{202e}fed\u{2066}x\u{2069}"), "abcfedx");
        assert_eq!(safe("\u{200f}\u{61c}ok"), "ok");
    }

    #[test]
    fn newlines_kept_in_safe_but_not_in_safe_line() {
        assert_eq!(safe("a\nb\tc\rd"), "a\nb\tcd");
        assert_eq!(safe_line("a\nb\tc"), "a b c");
        assert!(matches!(safe("plain 中文"), Cow::Borrowed(_)));
    }

    #[test]
    fn every_csv_begins_with_the_byte_order_mark_excel_needs() {
        assert!(csv_header(&["学号", "姓名"]).starts_with("\u{feff}学号,姓名"));
    }

    #[test]
    fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
        assert_eq!(csv_cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(csv_cell("+1"), "'+1");
        assert_eq!(csv_cell("-1+2"), "'-1+2");
        assert_eq!(csv_cell("@SUM(1)"), "'@SUM(1)");
        assert_eq!(csv_cell("\t=1"), "\"'\t=1\"");
        // a carriage return is a control character: removed, and what
        // follows it is judged
        assert_eq!(csv_cell("\r=1"), "'=1");
        assert_eq!(csv_cell("=1,2"), "\"'=1,2\"");
        assert_eq!(csv_cell("say \"hi\"; ok"), "\"say \"\"hi\"\"; ok\"");
        assert_eq!(
            csv_cell("张\u{1b}]52;c;ZXZpbA==\u{7}三"),
            "\"张]52;c;ZXZpbA==三\""
        );
        assert_eq!(csv_cell("a\u{202e}b"), "ab");
        // ordinary text, inner signs and e-mail addresses are left alone
        assert_eq!(csv_cell("2021-01-01"), "2021-01-01");
        assert_eq!(csv_cell("a@b.cn"), "a@b.cn");
        assert_eq!(csv_cell(""), "");
        let row = csv_row(&["=1".into(), "-3".into(), (-3i64).into(), None.into()]);
        assert_eq!(
            row, "'=1,'-3,-3,\r\n",
            "text is neutralised, numbers are not"
        );
    }

    #[test]
    fn json_keeps_the_data_but_no_raw_control_or_bidi_character() {
        let v = serde_json::json!({"name": "张\u{9b}31m\u{202e}三\u{1b}]52;c;eA==\u{7}"});
        let raw = serde_json::to_string(&v).unwrap();
        assert!(raw.contains('\u{9b}') && raw.contains('\u{202e}'));
        let escaped = json_escape(&raw);
        assert!(!escaped.chars().any(is_unsafe), "{escaped}");
        assert!(escaped.contains("\\u009b") && escaped.contains("\\u202e"));
        let back: serde_json::Value = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, v, "the same value, escaped");
        assert!(matches!(json_escape("{\"a\": \"中文\"}"), Cow::Borrowed(_)));
    }

    #[test]
    fn full_width_values_are_normalised() {
        assert_eq!(
            normalize_cell("\u{3000}２０２１０１０１\u{3000}"),
            "20210101"
        );
        assert_eq!(normalize_cell(" １３８－１２３４ "), "138-1234");
        assert_eq!(normalize_cell("\u{feff}学号"), "学号");
        assert_eq!(normalize_cell("张　三"), "张 三");
    }

    #[test]
    fn headers_are_reduced() {
        assert_eq!(normalize_header(" 学号（必填）"), "学号");
        assert_eq!(normalize_header("*姓名"), "姓名");
        assert_eq!(normalize_header("Student_ID"), "studentid");
        assert_eq!(normalize_header("身份证 号"), "身份证号");
    }
}

//! Text hygiene: what may reach a terminal, and how roster values are normalised.
//!
//! Text from the database or a file is drawn or printed only after
//! [`safe`] (or [`safe_line`]) has removed control characters (C0 other
//! than newline and tab, DEL, C1) and bidirectional controls, so that a
//! crafted name cannot clear the screen, write the clipboard (OSC 52) or
//! retitle the window. The stored text is never changed.

use std::borrow::Cow;

/// True for characters that must never reach a terminal.
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

/// Normalises a value read from a roster file: full-width ASCII (Ａ, １, －)
/// becomes half-width, the ideographic space becomes a space, and leading
/// and trailing whitespace (of either width) is trimmed. Inner runs of
/// spaces are kept: they may be meaningful in an address.
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

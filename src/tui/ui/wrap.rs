//! Wrapping by terminal cells. ratatui's word wrapper can place a wide
//! glyph past the right edge on very narrow areas (seen at width 2), which
//! panics; this wrapper never makes a line wider than asked.

use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

/// Breaks `text` into lines of at most `width` cells: at a space when one
/// is on the line (Latin words stay whole), anywhere in CJK text.
pub fn wrap_str(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut w = 0;
        for c in para.chars() {
            let cw = c.width().unwrap_or(0);
            if cw > width {
                continue; // cannot be drawn at all
            }
            if w + cw > width {
                // prefer breaking at the last space of an ASCII word
                let cut = if c.is_ascii_alphanumeric() {
                    line.rfind(' ')
                } else {
                    None
                };
                match cut {
                    Some(i) if i > 0 => {
                        let rest = line[i + 1..].to_string();
                        line.truncate(i);
                        out.push(std::mem::take(&mut line));
                        line = rest;
                    }
                    _ => out.push(std::mem::take(&mut line)),
                }
                w = unicode_width::UnicodeWidthStr::width(line.as_str());
                if c == ' ' && line.is_empty() {
                    continue;
                }
            }
            line.push(c);
            w += cw;
        }
        out.push(line);
    }
    out
}

/// Wraps lines to `width`; a line that fits keeps its styles, a longer one
/// is wrapped as plain text with the style of its first span.
pub fn wrap_lines<'a>(lines: Vec<Line<'a>>, width: u16) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    for l in lines {
        if l.width() <= width as usize {
            out.push(l);
            continue;
        }
        let style = l.spans.first().map(|s| s.style).unwrap_or_default();
        let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        for piece in wrap_str(&text, width as usize) {
            out.push(Line::from(Span::styled(piece, style)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn never_wider_than_asked() {
        let texts = [
            "窗口太小（2×24）。请放大到至少 40×12。按 q 退出。",
            "Terminal too small (2x24). Enlarge it",
            "a中b文c",
        ];
        for t in texts {
            for w in 1..30 {
                for l in wrap_str(t, w) {
                    assert!(l.width() <= w.max(1), "{t:?} at {w}: {l:?}");
                }
            }
        }
    }

    #[test]
    fn words_stay_whole_and_cjk_breaks_anywhere() {
        assert_eq!(wrap_str("press q to quit", 8), vec!["press q", "to quit"]);
        assert_eq!(wrap_str("值班台值班台", 5), vec!["值班", "台值", "班台"]);
        assert_eq!(wrap_str("a\nb", 5), vec!["a", "b"]);
    }
}

//! Clipping one row of text to a width, by terminal cells, with an ellipsis
//! where something was cut: a list row that does not fit shows that it goes
//! on ("2号楼 305：夜不归宿 解晓…") instead of ending mid-glyph with no sign.

use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const MORE: char = '…';

/// `text` in at most `width` cells; when it had to be cut, its last cell is
/// "…". A wide glyph that would straddle the edge is dropped whole.
pub fn clip_str(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let room = width - 1; // one cell for the ellipsis
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push(MORE);
    out
}

/// A styled line in at most `width` cells (see [`clip_str`]); the spans
/// before the cut keep their styles, the ellipsis takes the cut span's.
pub fn clip_line(line: Line<'_>, width: u16) -> Line<'_> {
    let width = width as usize;
    if line.width() <= width {
        return line;
    }
    let Line {
        spans,
        style,
        alignment,
        ..
    } = line;
    let mut out: Vec<Span> = Vec::new();
    let mut used = 0;
    for s in spans {
        let w = s.content.width();
        if used + w < width {
            used += w;
            out.push(s);
            continue;
        }
        // the span that does not fit (or exactly fills the row before more)
        let cut = clip_str(&format!("{}{MORE}{MORE}", s.content), width - used);
        out.push(Span::styled(cut, s.style));
        break;
    }
    let mut l = Line::from(out).style(style);
    l.alignment = alignment;
    l
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Modifier, Style};

    #[test]
    fn fits_untouched_and_cut_ends_with_an_ellipsis() {
        assert_eq!(clip_str("2号楼", 10), "2号楼");
        assert_eq!(clip_str("2号楼", 5), "2号楼");
        assert_eq!(clip_str("2号楼 305", 6), "2号楼…");
        // a wide glyph that would straddle the edge is dropped whole
        assert_eq!(clip_str("夜不归宿", 4), "夜…");
        assert_eq!(clip_str("abc", 1), "…");
        assert_eq!(clip_str("abc", 0), "");
        for w in 0..12 {
            assert!(clip_str("解晓东 夜不归宿 2号楼", w).width() <= w);
        }
    }

    #[test]
    fn a_line_keeps_its_styles_up_to_the_cut() {
        let b = Style::default().add_modifier(Modifier::BOLD);
        let l = Line::from(vec![Span::styled("[逾期] ", b), Span::raw("解晓东 谈话")]);
        let c = clip_line(l.clone(), 10);
        assert_eq!(c.width(), 10);
        assert_eq!(c.spans[0].style, b);
        let text: String = c.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "[逾期] 解…");
        assert_eq!(clip_line(l.clone(), 40), l);
        // a span that exactly fills the row while more follows is cut too
        let c = clip_line(l, 7);
        let text: String = c.spans.iter().map(|s| s.content.as_ref()).collect();
        assert_eq!(text, "[逾期]…");
        assert!(c.width() <= 7);
    }
}

//! Wrapping by terminal cells. ratatui's word wrapper can place a wide
//! glyph past the right edge on very narrow areas (seen at width 2), which
//! panics; this wrapper never makes a line wider than asked.
//!
//! Lines break between tokens, never inside one: an ASCII word or number
//! (with its punctuation, "55%", "23:00", "2026-11-22") is one token; a
//! number takes the one character after it as its unit ("3间"); closing
//! punctuation stays with what precedes it and opening punctuation with
//! what follows (the 避头尾 rule: no line starts with "）" or "%"). CJK
//! text otherwise breaks between any two characters.

use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Never at the start of a line (避头).
fn closing(c: char) -> bool {
    "）)]}》」』】〕〉〗”’、。，．,.；;：:！!？?%％…·～—‰℃°".contains(c)
}

/// Never at the end of a line (避尾).
fn opening(c: char) -> bool {
    "（([{《「『【〔〈〖“‘".contains(c)
}

/// The tokens of a paragraph: a line may break between two, not inside one.
fn tokens(para: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut glue = false; // the last token ends with opening punctuation
    for c in para.chars() {
        let joins = match out.last().and_then(|t| t.chars().last()) {
            _ if c == ' ' => false,
            None | Some(' ') => false,
            Some(p) => {
                glue || closing(c)
                    // an ASCII word or number, punctuation and all
                    || (p.is_ascii_graphic() && c.is_ascii_graphic())
                    // a number and its unit
                    || (p.is_ascii_digit() && !c.is_ascii() && !opening(c))
            }
        };
        match out.last_mut() {
            Some(t) if joins => t.push(c),
            _ => out.push(c.to_string()),
        }
        glue = opening(c);
    }
    out
}

/// Breaks `text` into lines of at most `width` cells, between tokens (see
/// the module); a token wider than a line is broken where it must be.
pub fn wrap_str(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut broke = false; // this paragraph has been broken already
        for tok in tokens(para) {
            let w = line.width();
            let tw = tok.width();
            if tok == " " {
                if line.is_empty() && broke {
                    continue; // no space starts a continued line
                }
                if w + 1 > width {
                    out.push(std::mem::take(&mut line).trim_end().to_string());
                    broke = true;
                    continue;
                }
                line.push(' ');
            } else if w + tw <= width {
                line.push_str(&tok);
            } else if tw <= width {
                out.push(std::mem::take(&mut line).trim_end().to_string());
                broke = true;
                line = tok;
            } else {
                // wider than a line: on a line of its own, cut where it must be
                if !line.trim_end().is_empty() {
                    out.push(std::mem::take(&mut line).trim_end().to_string());
                    broke = true;
                }
                for c in tok.chars() {
                    let cw = c.width().unwrap_or(0);
                    if cw > width {
                        continue; // cannot be drawn at all
                    }
                    if line.width() + cw > width {
                        out.push(std::mem::take(&mut line).trim_end().to_string());
                        broke = true;
                    }
                    line.push(c);
                }
            }
        }
        out.push(line);
    }
    out
}

/// Wraps lines to `width`; a line that fits keeps its styles, a longer one
/// is wrapped as plain text with the style of its first span, its
/// continuation lines under its text (a hanging indent past its leading
/// spaces and a `> `, `↳ ` or `! ` mark), so that a list's rows stay apart.
pub fn wrap_lines<'a>(lines: Vec<Line<'a>>, width: u16) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    for l in lines {
        if l.width() <= width as usize {
            out.push(l);
            continue;
        }
        let style = l.spans.first().map(|s| s.style).unwrap_or_default();
        let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
        let (head, body) = hanging(&text, width as usize);
        let pad = " ".repeat(head.width());
        for (i, piece) in wrap_str(body, width as usize - head.width())
            .into_iter()
            .enumerate()
        {
            let lead = if i == 0 { head } else { pad.as_str() };
            out.push(Line::from(Span::styled(format!("{lead}{piece}"), style)));
        }
    }
    out
}

/// A line's leading spaces and mark, and the rest; no indent when it
/// would leave less than half the width.
fn hanging(text: &str, width: usize) -> (&str, &str) {
    let spaces = text.len() - text.trim_start_matches(' ').len();
    let rest = &text[spaces..];
    let mark = ["> ", "↳ ", "! "]
        .iter()
        .find(|m| rest.starts_with(**m))
        .map_or(0, |m| m.len());
    let cut = spaces + mark;
    if text[..cut].width() * 2 > width {
        return ("", text);
    }
    text.split_at(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_row_hangs_under_its_text() {
        let lines = vec![Line::from(
            "  > 孙鹏 23:04 李超夜不归宿，联系家长，家长说在亲戚家",
        )];
        let out: Vec<String> = wrap_lines(lines, 20)
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert!(out.len() > 1, "{out:?}");
        assert!(out[0].starts_with("  > 孙鹏"), "{out:?}");
        for l in &out[1..] {
            assert!(l.starts_with("    ") && !l.starts_with("     "), "{out:?}");
            assert!(l.width() <= 20, "{out:?}");
        }
        // too deep an indent for the width: none
        let deep = vec![Line::from(format!(
            "{}↳ 一二三四五六七八九十",
            " ".repeat(8)
        ))];
        let out = wrap_lines(deep, 12);
        assert!(out.iter().all(|l| l.width() <= 12));
    }

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

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        let t = "未结跟进 3（逾期 2）。完成率 55%，好";
        // from 6 cells on no token here ("55%，") needs cutting
        for w in 6..30 {
            for l in wrap_str(t, w).iter().skip(1) {
                let first = l.chars().next().unwrap_or('x');
                assert!(!closing(first), "{t:?} at {w}: {l:?}");
            }
        }
        assert_eq!(
            wrap_str("未结跟进（逾期 2）", 10),
            vec!["未结跟进", "（逾期 2）"]
        );
        assert_eq!(wrap_str("完成率 55%", 8), vec!["完成率", "55%"]);
    }

    #[test]
    fn numbers_stay_with_their_unit() {
        assert_eq!(wrap_str("已查房间12间", 8), vec!["已查房间", "12间"]);
        assert_eq!(wrap_str("开班 21:00 了", 7), vec!["开班", "21:00", "了"]);
        assert_eq!(
            wrap_str("日期2026-11-22", 8),
            vec!["日期", "2026-11-", "22"]
        );
        assert_eq!(wrap_str("（逾期", 2), vec!["（", "逾", "期"]);
    }

    #[test]
    fn opening_punctuation_goes_with_what_follows() {
        assert_eq!(
            wrap_str("张三同学《手册》", 10),
            vec!["张三同学", "《手册》"]
        );
    }
}

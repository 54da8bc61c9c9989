//! A C-SSRS screen as the record keeps it (`YYNN-Y (3m) → high`: one
//! letter per question, `-` for one not asked, ` (3m)` when question 6's
//! behaviour was within the past three months, then the suggested risk) and
//! as a person reads it: one line per question in words
//! ("近一个月有自杀想法：是"), then the suggestion.

use crate::domain::sop::Risk;
use crate::error::Msg;

/// A screen read back from the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screened {
    pub answers: [Option<bool>; 6],
    /// Question 6's behaviour was within the past three months.
    pub recent: bool,
    pub risk: Option<Risk>,
}

/// The text a screen is recorded as.
pub fn record_text(answers: &[Option<bool>; 6], recent: bool, risk: Risk) -> String {
    let letters: String = answers
        .iter()
        .map(|a| match a {
            Some(true) => 'Y',
            Some(false) => 'N',
            None => '-',
        })
        .collect();
    format!(
        "{letters}{} → {}",
        if recent { " (3m)" } else { "" },
        risk.code()
    )
}

/// Reads a recorded screen; `None` for text that is not one.
pub fn parse(text: &str) -> Option<Screened> {
    let text = text.trim();
    let (head, risk) = match text.split_once('→') {
        Some((h, r)) => (h.trim(), Some(r.trim())),
        None => (text, None),
    };
    let (letters, recent) = match head.strip_suffix("(3m)") {
        Some(l) => (l.trim(), true),
        None => (head, false),
    };
    if letters.chars().count() != 6 {
        return None;
    }
    let mut answers = [None; 6];
    for (i, c) in letters.chars().enumerate() {
        answers[i] = match c {
            'Y' => Some(true),
            'N' => Some(false),
            '-' => None,
            _ => return None,
        };
    }
    let risk = match risk {
        Some(r) => Some(
            [Risk::None, Risk::Low, Risk::Moderate, Risk::High]
                .into_iter()
                .find(|k| k.code() == r)?,
        ),
        None => None,
    };
    Some(Screened {
        answers,
        recent,
        risk,
    })
}

/// The screen in words, one message per line: each question asked with
/// its answer (a question skipped by the rules says so), whether question
/// 6's behaviour was recent, then the suggestion.
pub fn in_words(s: &Screened) -> Vec<Msg> {
    const Q: [&str; 6] = [
        "cssrs.q1", "cssrs.q2", "cssrs.q3", "cssrs.q4", "cssrs.q5", "cssrs.q6",
    ];
    let yes_no = |b: bool| if b { "cssrs.yes" } else { "cssrs.no" };
    let mut out = Vec::new();
    for (i, a) in s.answers.iter().enumerate() {
        let line = Msg::new("cssrs.line").label("q", Q[i]);
        out.push(match a {
            Some(b) => line.label("a", yes_no(*b)),
            None => line.label("a", "cssrs.not_asked"),
        });
        if i == 5 && *a == Some(true) {
            out.push(
                Msg::new("cssrs.line")
                    .label("q", "cssrs.q6_recent")
                    .label("a", yes_no(s.recent)),
            );
        }
    }
    if let Some(r) = s.risk {
        out.push(Msg::new("cssrs.suggests").label("risk", format!("crisis.risk_{}", r.code())));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recorded_screen_reads_back_as_written() {
        let a = [
            Some(true),
            Some(true),
            Some(false),
            Some(false),
            Some(true),
            Some(true),
        ];
        let text = record_text(&a, true, Risk::High);
        assert_eq!(text, "YYNNYY (3m) → high");
        assert_eq!(
            parse(&text),
            Some(Screened {
                answers: a,
                recent: true,
                risk: Some(Risk::High)
            })
        );
        assert_eq!(parse("not a screen"), None);
        assert_eq!(parse("YYNNY → high"), None);
        assert_eq!(parse("YYNNYY → extreme"), None);
    }

    #[test]
    fn one_line_per_question_then_the_recency_and_the_suggestion() {
        let w = in_words(&parse("YYNNYY (3m) → high").unwrap());
        let keys: Vec<String> = w
            .iter()
            .map(|m| {
                m.args
                    .iter()
                    .map(|(_, a)| match a {
                        crate::error::Arg::Key(k) | crate::error::Arg::Text(k) => k.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        assert_eq!(
            keys,
            [
                "cssrs.q1 cssrs.yes",
                "cssrs.q2 cssrs.yes",
                "cssrs.q3 cssrs.no",
                "cssrs.q4 cssrs.no",
                "cssrs.q5 cssrs.yes",
                "cssrs.q6 cssrs.yes",
                "cssrs.q6_recent cssrs.yes",
                "crisis.risk_high",
            ]
        );
        let w = in_words(&parse("YN---N → low").unwrap());
        assert_eq!(w.len(), 7);
        assert!(matches!(&w[2].args[1].1, crate::error::Arg::Key(k) if k == "cssrs.not_asked"));
    }
}

//! The full ranking as the search index first did it (every haystack of
//! every item converted to the matcher's characters and scored, no masks,
//! no kept answers): what the index must agree with, row for row. Only
//! tests use it.

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::search::{EXACT, PREFIX, SUBSTRING, normalize_query};

/// Every item matching `query`, best first, ties in insertion order; an
/// empty query gives every item in order.
pub fn rank_all<S: AsRef<str>>(items: &[Vec<S>], query: &str) -> Vec<u32> {
    let q = normalize_query(query);
    if q.is_empty() {
        return (0..items.len() as u32).collect();
    }
    let mut matcher = Matcher::new(Config::DEFAULT);
    let atom = Atom::new(
        &q,
        CaseMatching::Ignore,
        Normalization::Never,
        AtomKind::Fuzzy,
        false,
    );
    let needle: Vec<char> = q.chars().collect();
    let literal = q
        .chars()
        .all(|c| c.is_ascii_digit() || c.is_ascii_punctuation());
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, u32)> = Vec::new();
    for (idx, hays) in items.iter().enumerate() {
        let hays: Vec<String> = hays
            .iter()
            .map(|h| h.as_ref().to_lowercase())
            .filter(|h| !h.is_empty())
            .collect();
        let mut best: Option<u32> = None;
        for h in &hays {
            let hs = Utf32Str::new(h, &mut buf);
            if hs.len() >= needle.len() && hs.chars().zip(&needle).all(|(a, b)| a == *b) {
                let s = if hs.len() == needle.len() {
                    EXACT
                } else {
                    PREFIX - (hs.len() - needle.len()).min(999) as u32
                };
                best = Some(best.map_or(s, |b| b.max(s)));
            }
        }
        if best.is_none() && literal {
            for h in &hays {
                let hs: Vec<char> = Utf32Str::new(h, &mut buf).chars().collect();
                if let Some(pos) = hs.windows(needle.len()).position(|w| w == &needle[..]) {
                    let s = SUBSTRING - (pos as u32).min(999);
                    best = Some(best.map_or(s, |b| b.max(s)));
                }
            }
        } else if best.is_none() {
            for h in &hays {
                if let Some(s) = atom.score(Utf32Str::new(h, &mut buf), &mut matcher) {
                    best = Some(best.map_or(s as u32, |b| b.max(s as u32)));
                }
            }
        }
        if let Some(b) = best {
            scored.push((idx as u32, b));
        }
    }
    scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.into_iter().map(|(i, _)| i).collect()
}

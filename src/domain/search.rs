//! Finding a student as staff type: by 学号, by name, by full pinyin or
//! initials (`zs` -> 张三, `zengm` -> 曾敏), or by room (`3-512`), ranked
//! fuzzily. Every reading of a polyphonic character is indexed, since the
//! common reading of a surname is often not the dictionary's first one
//! (曾 zeng not ceng, 单 shan not dan, 解 xie not jie, 仇 qiu not chou).

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use pinyin::ToPinyinMulti;

use super::text::normalize_cell;

/// Most reading combinations indexed for one name (names of four
/// polyphonic characters would otherwise multiply out).
const MAX_COMBOS: usize = 32;

/// The pinyin keys of a name: for every combination of readings, the full
/// spelling (`zengmin`) and the initials (`zm`), deduplicated, the default
/// reading first. Latin letters in a name are kept; other symbols (the
/// middle dot of 买买提·艾力) are skipped.
pub fn name_keys(name: &str) -> Vec<String> {
    let mut per_char: Vec<Vec<String>> = Vec::new();
    for c in name.chars() {
        if let Some(multi) = c.to_pinyin_multi() {
            let mut readings: Vec<String> = Vec::new();
            for p in multi {
                let r = p.plain().to_string();
                if !readings.contains(&r) {
                    readings.push(r);
                }
            }
            per_char.push(readings);
        } else if c.is_ascii_alphanumeric() {
            per_char.push(vec![c.to_ascii_lowercase().to_string()]);
        }
    }
    let mut combos: Vec<(String, String)> = vec![(String::new(), String::new())];
    for readings in &per_char {
        let mut next = Vec::new();
        'outer: for (full, initials) in &combos {
            for r in readings {
                if next.len() >= MAX_COMBOS {
                    break 'outer;
                }
                let mut f = full.clone();
                f.push_str(r);
                let mut i = initials.clone();
                i.push_str(&r[..r.chars().next().map_or(0, |c| c.len_utf8())]);
                next.push((f, i));
            }
        }
        combos = next;
    }
    let mut keys: Vec<String> = Vec::new();
    for (f, i) in combos {
        for k in [f, i] {
            if !k.is_empty() && !keys.contains(&k) {
                keys.push(k);
            }
        }
    }
    keys
}

/// A query as typed, reduced for matching: full-width to half-width,
/// lower case, no spaces.
pub fn normalize_query(q: &str) -> String {
    normalize_cell(q)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
}

/// Ranks of exact and prefix matches, above any fuzzy score (< 1000 for
/// the short keys indexed here).
pub(crate) const EXACT: u32 = 4000;
pub(crate) const PREFIX: u32 = 3000;
pub(crate) const SUBSTRING: u32 = 2000;

/// Longest haystack kept, in bytes (its length is six bits of one ASCII
/// byte in the index's text); a longer one is cut at a character.
const MAX_HAY: usize = 63;

/// The seventh bit of a haystack's length byte: it has a digit or ASCII
/// punctuation, so a 学号 or room query may match it.
const LITERAL: u8 = 0x40;

/// A 64-bit summary of the characters of a string: letters and digits
/// each have a bit, other characters share the rest by hash. An item can
/// match a needle only if its haystacks have every bit of the needle's
/// mask, so most items are skipped with one AND.
fn char_mask(s: &str) -> u64 {
    let mut m = 0u64;
    for c in s.chars() {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            'A'..='Z' => c as u32 - 'A' as u32,
            '0'..='9' => 26 + (c as u32 - '0' as u32),
            '-' => 36,
            _ => 37 + (c as u32).wrapping_mul(2_654_435_761) % 27,
        };
        m |= 1 << bit;
    }
    m
}

/// Is `needle` a subsequence of `hay`, by characters? A cheap test that
/// spares the fuzzy scorer the haystacks that cannot match.
fn is_subsequence(needle: &str, hay: &str) -> bool {
    if needle.is_ascii() {
        // an ASCII byte never occurs inside another character's bytes
        let mut n = needle.as_bytes().iter().peekable();
        for b in hay.as_bytes() {
            match n.peek() {
                Some(&&c) if c == *b => {
                    n.next();
                }
                Some(_) => {}
                None => return true,
            }
        }
        n.peek().is_none()
    } else {
        let mut n = needle.chars().peekable();
        for c in hay.chars() {
            match n.peek() {
                Some(&x) if x == c => {
                    n.next();
                }
                Some(_) => {}
                None => return true,
            }
        }
        n.peek().is_none()
    }
}

/// Does `h` start with `q`? By hand, as [`find_bytes`]: these haystacks
/// are a few bytes long, shorter than a call to `memcmp` is worth.
fn starts_with(h: &[u8], q: &[u8]) -> bool {
    h.len() >= q.len() && h.iter().zip(q).all(|(a, b)| a == b)
}

/// Where `q` first occurs in `h` (bytes; `q` not empty). By hand: a string
/// search's set-up costs more than these short haystacks.
fn find_bytes(h: &[u8], q: &[u8]) -> Option<usize> {
    let (&first, rest) = q.split_first()?;
    let last = h.len().checked_sub(q.len())?;
    (0..=last).find(|&i| h[i] == first && h[i + 1..].iter().zip(rest).all(|(a, b)| a == b))
}

/// Characters in `s` (its bytes when ASCII).
fn char_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// The haystacks of one item: each is a length byte (with [`LITERAL`])
/// then its text; read as (may a 学号 or room query match it, text).
#[derive(Clone)]
struct Hays<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for Hays<'a> {
    type Item = (bool, &'a str);
    fn next(&mut self) -> Option<(bool, &'a str)> {
        let head = *self.text.as_bytes().get(self.at)?;
        let start = self.at + 1;
        self.at = start + (head & !LITERAL) as usize;
        Some((head & LITERAL != 0, &self.text[start..self.at]))
    }
}

/// Item `i`'s haystacks in an index's `text` with its `starts`.
fn hays<'a>(text: &'a str, starts: &[u32], i: usize) -> Hays<'a> {
    let end = starts.get(i + 1).map_or(text.len(), |&e| e as usize);
    Hays {
        text: &text[..end],
        at: starts[i] as usize,
    }
}

/// A query as the scorer needs it.
struct Needle<'q> {
    q: &'q str,
    chars: usize,
    mask: u64,
    /// digits and punctuation only: a 学号 or a room, matched as typed
    literal: bool,
    atom: Atom,
}

/// The best score of one item's haystacks for `n`, if any matches: an
/// exact or prefix match outranks any other (ranked by length alone);
/// a 学号 or room query then matches where it stands; any other, fuzzily.
fn score(
    hays: Hays<'_>,
    n: &Needle<'_>,
    matcher: &mut Matcher,
    buf: &mut Vec<char>,
) -> Option<u32> {
    let mut best: Option<u32> = None;
    for (lit, h) in hays.clone() {
        if n.literal && !lit {
            continue;
        }
        if starts_with(h.as_bytes(), n.q.as_bytes()) {
            let s = if h.len() == n.q.len() {
                EXACT
            } else {
                PREFIX - (char_len(h) - n.chars).min(999) as u32
            };
            best = Some(best.map_or(s, |b| b.max(s)));
        }
    }
    if best.is_some() {
        return best;
    }
    if n.literal {
        for (lit, h) in hays {
            if !lit {
                continue;
            }
            if let Some(at) = find_bytes(h.as_bytes(), n.q.as_bytes()) {
                let s = SUBSTRING - (char_len(&h[..at]) as u32).min(999);
                best = Some(best.map_or(s, |b| b.max(s)));
            }
        }
        return best;
    }
    for (_, h) in hays {
        if !is_subsequence(n.q, h) {
            continue;
        }
        let hs = if h.is_ascii() {
            Utf32Str::Ascii(h.as_bytes())
        } else {
            buf.clear();
            buf.extend(h.chars());
            Utf32Str::Unicode(buf)
        };
        if let Some(s) = n.atom.score(hs, matcher) {
            best = Some(best.map_or(s as u32, |b| b.max(s as u32)));
        }
    }
    best
}

/// A query answered: its text, the items it matched ranked, and the same
/// items as a set (a bit per item) to narrow from.
struct Answer {
    query: String,
    ranked: Vec<u32>,
    matched: Vec<u64>,
}

/// Most queries kept on the way to the last (a query typed a character at
/// a time keeps one per character; the shortest, which match the most,
/// are let go first).
const KEPT: usize = 12;

/// A ranked, incremental fuzzy index over items that each have several
/// haystacks (学号, name, pinyin keys, room keys). The haystacks are kept
/// as one text, each behind its length in one byte, an item's one after
/// another (a school of 40,000 students has some 300,000 of them: one
/// allocation, or even one offset and mask, each would be most of the
/// index). They are stored lower-cased and as the matcher's characters
/// (the first of each grapheme), so matching reads them as they lie.
pub struct SearchIndex {
    /// per item: where its haystacks start in `text` (they end where the
    /// next item's start)
    starts: Vec<u32>,
    /// per item: the union of its haystacks' masks
    item_mask: Vec<u64>,
    text: String,
    matcher: Matcher,
    /// a non-ASCII haystack's characters, for the fuzzy scorer
    buf: Vec<char>,
    /// The queries on the way to the last one, shortest first, each with
    /// the items it matched, ranked: a query that
    /// extends one can only match a subset of its items (fuzzy matching is
    /// by subsequence), and a query deleted back to one is answered by it.
    cache: Vec<Answer>,
}

impl Default for SearchIndex {
    fn default() -> Self {
        Self::new()
    }
}

impl SearchIndex {
    pub fn new() -> Self {
        SearchIndex {
            starts: Vec::new(),
            item_mask: Vec::new(),
            text: String::new(),
            matcher: Matcher::new(Config::DEFAULT),
            buf: Vec::new(),
            cache: Vec::new(),
        }
    }

    /// Adds an item; haystacks are lower-cased here. Returns its index.
    pub fn push<I, S>(&mut self, haystacks: I) -> u32
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.starts.push(self.text.len() as u32);
        let mut all = 0;
        for h in haystacks {
            let mut h = h.as_ref().to_lowercase();
            if !h.is_ascii() {
                h = nucleo_matcher::chars::graphemes(&h).collect();
            }
            if h.len() > MAX_HAY {
                let mut cut = MAX_HAY;
                while !h.is_char_boundary(cut) {
                    cut -= 1;
                }
                h.truncate(cut);
            }
            if !h.is_empty() {
                all |= char_mask(&h);
                let lit = h
                    .chars()
                    .any(|c| c.is_ascii_digit() || c.is_ascii_punctuation());
                let head = h.len() as u8 | if lit { LITERAL } else { 0 };
                self.text.push(head as char);
                self.text.push_str(&h);
            }
        }
        self.item_mask.push(all);
        self.cache.clear();
        (self.starts.len() - 1) as u32
    }

    /// Done adding: the spare room of the growing vectors given back.
    pub fn shrink(&mut self) {
        self.starts.shrink_to_fit();
        self.item_mask.shrink_to_fit();
        self.text.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Bytes the index holds (its kept answers aside).
    pub fn heap_bytes(&self) -> usize {
        self.starts.capacity() * 4 + self.item_mask.capacity() * 8 + self.text.capacity()
    }

    /// Items matching `query`, best first; ties keep insertion order. An
    /// empty query returns every item in insertion order.
    pub fn query(&mut self, query: &str) -> Vec<u32> {
        let q = normalize_query(query);
        if q.is_empty() {
            self.cache.clear();
            return (0..self.starts.len() as u32).collect();
        }
        // back to the last query this one extends (or is)
        while self
            .cache
            .last()
            .is_some_and(|a| !q.starts_with(a.query.as_str()))
        {
            self.cache.pop();
        }
        if let Some(a) = self.cache.last().filter(|a| a.query == q) {
            return a.ranked.clone();
        }
        let needle = Needle {
            q: &q,
            chars: q.chars().count(),
            mask: char_mask(&q),
            literal: q
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_punctuation()),
            atom: Atom::new(
                &q,
                CaseMatching::Ignore,
                Normalization::Never,
                AtomKind::Fuzzy,
                false,
            ),
        };
        let n = self.starts.len();
        let words = n.div_ceil(64);
        let mut matched = vec![0u64; words];
        let mut scored: Vec<(u32, u32)> = Vec::new();
        let mut buf = std::mem::take(&mut self.buf);
        for (w, found) in matched.iter_mut().enumerate() {
            // the candidates: what the query this one extends matched
            let mut bits = match self.cache.last() {
                Some(a) => a.matched[w],
                None if w + 1 == words && !n.is_multiple_of(64) => (1u64 << (n % 64)) - 1,
                None => u64::MAX,
            };
            while bits != 0 {
                let idx = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                if self.item_mask[idx] & needle.mask != needle.mask {
                    continue;
                }
                let hays = hays(&self.text, &self.starts, idx);
                if let Some(s) = score(hays, &needle, &mut self.matcher, &mut buf) {
                    scored.push((idx as u32, s));
                    *found |= 1 << (idx % 64);
                }
            }
        }
        self.buf = buf;
        // in item order already: a stable sort by score keeps ties so
        scored.sort_by_key(|&(_, s)| std::cmp::Reverse(s));
        let ranked: Vec<u32> = scored.into_iter().map(|(i, _)| i).collect();
        if self.cache.len() >= KEPT {
            self.cache.remove(0);
        }
        self.cache.push(Answer {
            query: q,
            ranked: ranked.clone(),
            matched,
        });
        ranked
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;

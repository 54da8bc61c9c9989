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
const EXACT: u32 = 4000;
const PREFIX: u32 = 3000;
const SUBSTRING: u32 = 2000;

/// Where `needle` occurs contiguously in `hay`.
fn find(needle: &[char], hay: Utf32Str<'_>) -> Option<usize> {
    let n = needle.len();
    match hay {
        Utf32Str::Ascii(h) => {
            if n > h.len() || !needle.iter().all(char::is_ascii) {
                return None;
            }
            h.windows(n)
                .position(|w| w.iter().zip(needle).all(|(a, b)| *a as char == *b))
        }
        Utf32Str::Unicode(h) => {
            if n > h.len() {
                return None;
            }
            h.windows(n).position(|w| w == needle)
        }
    }
}

/// Is `needle` a subsequence of `hay`? (Both already lower-cased.) A cheap
/// test that spares the fuzzy scorer the haystacks that cannot match.
fn is_subsequence(needle: &[char], hay: Utf32Str<'_>) -> bool {
    let mut it = needle.iter().peekable();
    for c in hay.chars() {
        match it.peek() {
            Some(&&n) if n == c => {
                it.next();
            }
            Some(_) => {}
            None => return true,
        }
    }
    it.peek().is_none()
}

/// A 64-bit summary of the characters of a string: letters and digits
/// each have a bit, other characters share the rest by hash. A haystack can
/// match a needle only if it has every bit of the needle's mask, so most
/// haystacks are skipped with one AND instead of a fuzzy match.
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

/// Haystack `i`'s text in an index's `text` with its `ends`.
fn hay<'a>(text: &'a str, ends: &[u32], i: usize) -> &'a str {
    let start = i.checked_sub(1).map_or(0, |p| ends[p] as usize);
    &text[start..ends[i] as usize]
}

/// A ranked, incremental fuzzy index over items that each have several
/// haystacks (学号, name, pinyin keys, room keys). The haystacks are kept
/// as one text (a school of 40,000 students has some 300,000 of them: one
/// allocation each would be most of the index) and read as the matcher's
/// characters only when their mask lets them through.
pub struct SearchIndex {
    /// per item: its haystacks, as positions in `spans`
    ranges: Vec<(u32, u32)>,
    /// per item: the union of its haystacks' masks
    item_mask: Vec<u64>,
    /// every haystack, lower-cased, one after another
    text: String,
    /// per haystack: where it ends in `text` (it starts where the one
    /// before ends)
    ends: Vec<u32>,
    hay_mask: Vec<u64>,
    matcher: Matcher,
    /// The last query and the items it matched: a query that extends it can
    /// only match a subset of those (fuzzy matching is by subsequence).
    cache: Option<(String, Vec<u32>)>,
}

impl Default for SearchIndex {
    fn default() -> Self {
        Self::new()
    }
}

impl SearchIndex {
    pub fn new() -> Self {
        SearchIndex {
            ranges: Vec::new(),
            item_mask: Vec::new(),
            text: String::new(),
            ends: Vec::new(),
            hay_mask: Vec::new(),
            matcher: Matcher::new(Config::DEFAULT),
            cache: None,
        }
    }

    /// Adds an item; haystacks are lower-cased here. Returns its index.
    pub fn push<I, S>(&mut self, haystacks: I) -> u32
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let start = self.ends.len() as u32;
        let mut all = 0;
        for h in haystacks {
            let h = h.as_ref().to_lowercase();
            if !h.is_empty() {
                let m = char_mask(&h);
                all |= m;
                self.hay_mask.push(m);
                self.text.push_str(&h);
                self.ends.push(self.text.len() as u32);
            }
        }
        self.ranges.push((start, self.ends.len() as u32));
        self.item_mask.push(all);
        self.cache = None;
        (self.ranges.len() - 1) as u32
    }

    /// Done adding: the spare room of the growing vectors given back.
    pub fn shrink(&mut self) {
        self.ranges.shrink_to_fit();
        self.item_mask.shrink_to_fit();
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
        self.hay_mask.shrink_to_fit();
    }

    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Items matching `query`, best first; ties keep insertion order. An
    /// empty query returns every item in insertion order.
    pub fn query(&mut self, query: &str) -> Vec<u32> {
        let q = normalize_query(query);
        if q.is_empty() {
            self.cache = None;
            return (0..self.ranges.len() as u32).collect();
        }
        let candidates: Vec<u32> = match &self.cache {
            Some((prev, matched)) if !prev.is_empty() && q.starts_with(prev.as_str()) => {
                matched.clone()
            }
            _ => (0..self.ranges.len() as u32).collect(),
        };
        let atom = Atom::new(
            &q,
            CaseMatching::Ignore,
            Normalization::Never,
            AtomKind::Fuzzy,
            false,
        );
        let needle: Vec<char> = q.chars().collect();
        let qmask = char_mask(&q);
        // digits and punctuation only: a 学号 or a room, matched as typed
        let literal = q
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_ascii_punctuation());
        let mut scored: Vec<(u32, u32)> = Vec::with_capacity(candidates.len().min(4096));
        // the haystacks of one item its mask lets through; a non-ASCII
        // haystack's characters
        let mut hays: Vec<usize> = Vec::new();
        let mut buf: Vec<char> = Vec::new();
        for idx in candidates {
            if self.item_mask[idx as usize] & qmask != qmask {
                continue;
            }
            let (s, e) = (
                self.ranges[idx as usize].0 as usize,
                self.ranges[idx as usize].1 as usize,
            );
            hays.clear();
            hays.extend((s..e).filter(|&i| self.hay_mask[i] & qmask == qmask));
            // a prefix match outranks any fuzzy one: rank it by length alone
            let mut best: Option<u32> = None;
            for &i in &hays {
                let hs = Utf32Str::new(hay(&self.text, &self.ends, i), &mut buf);
                if hs.len() >= needle.len() && hs.chars().zip(&needle).all(|(a, b)| a == *b) {
                    let score = if hs.len() == needle.len() {
                        EXACT
                    } else {
                        PREFIX - (hs.len() - needle.len()).min(999) as u32
                    };
                    best = Some(best.map_or(score, |b| b.max(score)));
                }
            }
            if best.is_none() && literal {
                // numbers and room keys match where they stand, not scattered
                for &i in &hays {
                    if let Some(pos) = find(
                        &needle,
                        Utf32Str::new(hay(&self.text, &self.ends, i), &mut buf),
                    ) {
                        let score = SUBSTRING - (pos as u32).min(999);
                        best = Some(best.map_or(score, |b| b.max(score)));
                    }
                }
            } else if best.is_none() {
                let mut fuzzy: Option<u32> = None;
                for &i in &hays {
                    let h = Utf32Str::new(hay(&self.text, &self.ends, i), &mut buf);
                    if !is_subsequence(&needle, h) {
                        continue;
                    }
                    if let Some(score) = atom.score(h, &mut self.matcher) {
                        fuzzy = Some(fuzzy.map_or(score as u32, |b| b.max(score as u32)));
                    }
                }
                best = fuzzy;
            }
            if let Some(b) = best {
                scored.push((idx, b));
            }
        }
        // candidates are in ascending order, so this is too: the cache
        let matched: Vec<u32> = scored.iter().map(|(i, _)| *i).collect();
        scored.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        self.cache = Some((q, matched));
        scored.into_iter().map(|(i, _)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polyphonic_surnames_index_every_reading() {
        let k = name_keys("曾敏");
        assert!(k.contains(&"zengmin".to_string()), "{k:?}");
        assert!(k.contains(&"cengmin".to_string()), "{k:?}");
        assert!(k.contains(&"zm".to_string()));
        assert!(name_keys("单磊").contains(&"shanlei".to_string()));
        assert!(name_keys("解晓东").contains(&"xiexiaodong".to_string()));
        assert!(name_keys("仇峰").contains(&"qiufeng".to_string()));
        assert_eq!(name_keys("张三")[0], "zhangsan");
        assert!(name_keys("买买提·艾力").contains(&"maimaitiaili".to_string()));
    }

    #[test]
    fn masks_never_hide_a_match() {
        for (h, q) in [
            ("zengmin", "zm"),
            ("3-512", "3-5"),
            ("曾敏", "敏"),
            ("20230100002", "2002"),
            ("ab", "ba"),
        ] {
            let (hm, qm) = (char_mask(h), char_mask(q));
            assert_eq!(hm & qm, qm, "{h} {q}");
        }
        assert_ne!(char_mask("abc") & char_mask("z"), char_mask("z"));
    }

    #[test]
    fn combos_are_capped() {
        let k = name_keys("还还还还还还还还");
        assert!(k.len() <= 2 * MAX_COMBOS);
    }

    fn index() -> SearchIndex {
        let mut idx = SearchIndex::new();
        for (no, name, room) in [
            ("2023010101", "张三", "3-512"),
            ("2023010102", "曾敏", "3-513"),
            ("2023010103", "赵四", "5-101"),
            ("2023010104", "周山", "3-512"),
        ] {
            let mut h = vec![no.to_string(), name.to_string(), room.to_string()];
            h.extend(name_keys(name));
            idx.push(h);
        }
        idx
    }

    #[test]
    fn finds_by_initials_pinyin_number_and_room() {
        let mut idx = index();
        assert_eq!(idx.query("zengm"), vec![1]);
        assert_eq!(idx.query("ZengMin"), vec![1]);
        let zs = idx.query("zs");
        assert_eq!(
            &zs[..3],
            &[0, 2, 3],
            "exact initials first, in insertion order"
        );
        assert_eq!(idx.query("2023010103")[0], 2);
        assert_eq!(idx.query("3-512"), vec![0, 3]);
        assert_eq!(idx.query("0103"), vec![2], "digits match where they stand");
        assert!(idx.query("2013").is_empty(), "not scattered across a 学号");
        assert_eq!(idx.query("曾"), vec![1]);
        assert_eq!(idx.query("")[..], [0, 1, 2, 3]);
        assert!(idx.query("qqq").is_empty());
    }

    #[test]
    fn incremental_queries_agree_with_fresh_ones() {
        let mut idx = index();
        let mut fresh = index();
        for q in ["z", "zh", "zha", "zhan", "zhang", "zhangs"] {
            assert_eq!(idx.query(q), fresh.query(q), "{q}");
            fresh.cache = None;
        }
        // backspace: shorter query must not reuse the narrower cache
        assert_eq!(idx.query("zh"), {
            fresh.cache = None;
            fresh.query("zh")
        });
    }
}

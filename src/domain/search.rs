//! Finding a student as staff type: by 学号, by name, by full pinyin or
//! initials (`zs` -> 张三, `zengm` -> 曾敏), or by room (`3-512`), ranked
//! fuzzily. Every reading of a polyphonic character is indexed, since the
//! common reading of a surname is often not the dictionary's first one
//! (曾 zeng not ceng, 单 shan not dan, 解 xie not jie, 仇 qiu not chou).

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32String};
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

/// A ranked, incremental fuzzy index over items that each have several
/// haystacks (学号, name, pinyin keys, room keys).
pub struct SearchIndex {
    ranges: Vec<(u32, u32)>,
    hay: Vec<Utf32String>,
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
            hay: Vec::new(),
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
        let start = self.hay.len() as u32;
        for h in haystacks {
            let h = h.as_ref().to_lowercase();
            if !h.is_empty() {
                self.hay.push(Utf32String::from(h));
            }
        }
        self.ranges.push((start, self.hay.len() as u32));
        self.cache = None;
        (self.ranges.len() - 1) as u32
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
        let mut scored: Vec<(u32, u32)> = Vec::with_capacity(candidates.len().min(4096));
        for idx in candidates {
            let (s, e) = self.ranges[idx as usize];
            let mut best: Option<u32> = None;
            for h in &self.hay[s as usize..e as usize] {
                if let Some(score) = atom.score(h.slice(..), &mut self.matcher) {
                    let hs = h.slice(..);
                    let prefix =
                        hs.len() >= needle.len() && hs.chars().zip(&needle).all(|(a, b)| a == *b);
                    let bonus = if prefix && hs.len() == needle.len() {
                        4000
                    } else if prefix {
                        2000
                    } else {
                        0
                    };
                    let total = score as u32 + bonus;
                    best = Some(best.map_or(total, |b| b.max(total)));
                }
            }
            if let Some(b) = best {
                scored.push((idx, b));
            }
        }
        scored.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut matched: Vec<u32> = scored.iter().map(|(i, _)| *i).collect();
        let out = matched.clone();
        matched.sort_unstable();
        self.cache = Some((q, matched));
        out
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

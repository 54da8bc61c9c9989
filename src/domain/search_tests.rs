//! The search index's own tests (beside it, in their own file).

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
        fresh.cache.clear();
    }
    assert_eq!(idx.cache.len(), 6, "one answer kept per character typed");
    // backspace: a shorter query is answered by the one kept for it,
    // never by the narrower last one
    for q in ["zhang", "zh", "z"] {
        fresh.cache.clear();
        assert_eq!(idx.query(q), fresh.query(q), "{q}");
    }
    assert_eq!(idx.cache.len(), 1, "the longer answers were let go");
    // another way from a kept answer, and a query that shares no prefix
    for q in ["zs", "li", "2023", "3-512", "l"] {
        fresh.cache.clear();
        assert_eq!(idx.query(q), fresh.query(q), "{q}");
    }
    assert!(idx.query("").len() == 4 && idx.cache.is_empty());
}

#[test]
fn a_long_query_keeps_a_bounded_number_of_answers() {
    let mut idx = index();
    let long = "z".repeat(KEPT + 10);
    for n in 1..=long.len() {
        idx.query(&long[..n]);
    }
    assert_eq!(idx.cache.len(), KEPT);
    let mut fresh = index();
    assert_eq!(idx.query("z"), fresh.query("z"));
}

#[test]
fn haystacks_are_stored_compactly_and_read_back_whole() {
    let mut idx = SearchIndex::new();
    let long = "长".repeat(30);
    idx.push(["AbC", "", "曾敏", long.as_str()]);
    idx.push(["x"]);
    let got: Vec<&str> = hays(&idx.text, &idx.starts, 0).map(|h| h.1).collect();
    assert_eq!(got[..2], ["abc", "曾敏"]);
    assert!(got[2].len() <= MAX_HAY && got[2].chars().all(|c| c == '长'));
    assert_eq!(got.len(), 3, "the empty haystack is not kept");
    assert_eq!(
        hays(&idx.text, &idx.starts, 1).collect::<Vec<_>>(),
        [(false, "x")]
    );
    idx.push(["3-512", "3号楼512", "a.b", "ab"]);
    let lit: Vec<bool> = hays(&idx.text, &idx.starts, 2).map(|h| h.0).collect();
    assert_eq!(lit, [true, true, true, false]);
    assert_eq!(idx.query("长长"), vec![0]);
}

#[test]
fn agrees_with_the_full_ranking_on_a_small_index() {
    let items: Vec<Vec<String>> = [
        ("2023010101", "张三", "3-512"),
        ("2023010102", "曾敏", "3-513"),
        ("2023010103", "赵四", "5-101"),
        ("2023010104", "周山", "3-512"),
        ("2023010105", "Anna·李", "12-301"),
    ]
    .iter()
    .map(|(no, name, room)| {
        let mut h = vec![no.to_string(), name.to_string(), room.to_string()];
        h.extend(name_keys(name));
        h
    })
    .collect();
    let mut idx = SearchIndex::new();
    for h in &items {
        idx.push(h);
    }
    for q in [
        "z",
        "zs",
        "zh",
        "s",
        "3",
        "3-",
        "3-5",
        "01",
        "2023010105",
        "曾",
        "敏",
        "an",
        "a",
        "li",
        "1",
        "12",
        "-",
        "zm",
        "ZS",
        "ｚｓ",
        "n",
        "zhs",
    ] {
        assert_eq!(
            idx.query(q),
            crate::domain::search_reference::rank_all(&items, q),
            "{q}"
        );
    }
}

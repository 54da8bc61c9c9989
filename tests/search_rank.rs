//! The search index ranks exactly as the full ranking (every haystack of
//! every student scored, domain::search_reference): on the demo school and
//! on a generated school of 40,000, for queries typed a character at a
//! time (narrowing from kept answers) and deleted again, 1–4 characters,
//! Chinese, pinyin, initials, 学号 digits and rooms.

mod common;

use common::{app, demo_db};
use zhiban::app::student_list;
use zhiban::app::students;
use zhiban::demo::Rng;
use zhiban::domain::search::{SearchIndex, name_keys};
use zhiban::domain::search_reference::rank_all;

/// Types each query a character at a time, then deletes it, checking
/// every step against the full ranking.
fn agree(items: &[Vec<String>], queries: &[&str]) {
    let mut idx = SearchIndex::new();
    for h in items {
        idx.push(h);
    }
    let mut checked = 0;
    for q in queries {
        let cs: Vec<char> = q.chars().collect();
        let steps = (1..=cs.len()).chain((1..cs.len()).rev());
        for n in steps {
            let typed: String = cs[..n].iter().collect();
            let got = idx.query(&typed);
            let want = rank_all(items, &typed);
            assert_eq!(got.len(), want.len(), "{typed:?}: how many");
            assert_eq!(got, want, "{typed:?}: the order");
            checked += got.len();
        }
    }
    assert!(checked > 0, "some queries matched");
}

#[test]
fn the_demo_school_ranks_as_the_full_ranking() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_db(dir.path());
    for login in ["lina", "admin"] {
        let a = app(&db, login);
        let items: Vec<Vec<String>> = students::list(&a)
            .unwrap()
            .iter()
            .map(student_list::haystacks)
            .collect();
        assert!(items.len() > 100, "{login} sees students");
        let (_, mut index) = student_list::load(&a).unwrap();
        for q in ["z", "li", "2", "3-5", "曾"] {
            assert_eq!(index.query(q), rank_all(&items, q), "{login} {q}");
        }
        agree(
            &items,
            &[
                "zhangwei", "zengm", "2023", "3-512", "李", "王芳", "l", "wf", "x", "c", "sh", "1",
                "0", "-", "号楼", "ly", "zs", "a", "yu", "q",
            ],
        );
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "曾", "单", "解", "仇",
    "区", "查", "朴", "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
    "秀", "霞", "平", "刚", "乐", "长", "行", "重", "朝", "和", "茜", "蔚",
];

#[test]
fn a_school_of_40000_ranks_as_the_full_ranking() {
    let mut rng = Rng::new(16);
    let items: Vec<Vec<String>> = (0..40_000)
        .map(|i| {
            let mut name = rng.pick(SURNAMES).to_string();
            for _ in 0..1 + rng.below(2) {
                let g: &&str = rng.pick(GIVEN);
                name.push_str(g);
            }
            let (b, f, r) = (1 + rng.below(60), 1 + rng.below(6), 1 + rng.below(20));
            let mut h = vec![format!("20{:02}{:06}", 20 + i % 6, i), name.clone()];
            h.extend(name_keys(&name));
            h.push(format!("{b}-{f}{r:02}"));
            h.push(format!("{b}号楼{f}{r:02}"));
            h
        })
        .collect();
    agree(
        &items,
        &[
            "z", "zw", "zhan", "l", "li", "xie", "w", "ouy", "2", "2023", "0001", "3", "3-",
            "12-1", "王", "曾敏", "长", "号", "sm", "q", "9", "-",
        ],
    );
}

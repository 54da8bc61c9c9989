//! Tests of SOP templates, deadlines and the C-SSRS screener.

use super::*;

fn t(s: &str) -> DateTime<Utc> {
    crate::domain::clock::from_db(s).unwrap()
}

const SHIPPED: [&str; 4] = [
    include_str!("../../assets/sop/psych.toml"),
    include_str!("../../assets/sop/missing.toml"),
    include_str!("../../assets/sop/injury.toml"),
    include_str!("../../assets/sop/online.toml"),
];

#[test]
fn the_shipped_templates_parse_and_psych_follows_the_chain_of_seed_004() {
    for text in SHIPPED {
        let tpl = parse(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(tpl.steps.iter().any(|s| s.key == "review"), "{}", tpl.kind);
    }
    let psych = parse(SHIPPED[0]).unwrap();
    let acute: Vec<&str> = psych
        .steps
        .iter()
        .filter(|s| s.phase == "acute")
        .map(|s| s.title.as_str())
        .collect();
    assert_eq!(
        acute,
        [
            "现场控制",
            "信息核实",
            "上报领导",
            "启动预案",
            "部门联动",
            "家校沟通",
            "信息发布"
        ]
    );
    let report = psych.steps.iter().find(|s| s.key == "report").unwrap();
    assert_eq!(
        report.deadline,
        Some(Deadline {
            minutes: 15,
            from: From::Opening
        }),
        "上报领导 within 15 minutes"
    );
    let review = psych.steps.iter().find(|s| s.key == "review").unwrap();
    assert_eq!(
        review.deadline,
        Some(Deadline {
            minutes: 30 * 1440,
            from: From::Phase("acute".into())
        })
    );
    assert_eq!(psych.phases.len(), 3);
}

#[test]
fn template_problems_name_their_line() {
    let text = "kind = \"x\"\nname = \"x\"\nversion = \"1\"\n\n[[phase]]\nkey = \"acute\"\nname = \"a\"\n\n[[phase.step]]\nkey = \"one\"\ntitle = \"一\"\ncolour = \"red\"\n";
    let e = parse(text).unwrap_err();
    assert_eq!(e[0].line, 12, "{e:?}");
    assert!(e[0].to_string().contains("colour"), "{e:?}");

    let text = r#"kind = "x"
name = "x"
version = "1"

[[phase]]
key = "acute"
name = "a"

[[phase.step]]
key = "one"
title = "一"
deadline = { minutes = 5, after = "three" }

[[phase.step]]
key = "two"
title = "二"
deadline = { minutes = 5, after = "one" }

[[phase.step]]
key = "three"
title = "三"
deadline = { minutes = 5, after = "two" }

[[phase.step]]
key = "four"
title = "四"
deadline = { minutes = 5, after = "nowhere" }

[[phase.step]]
key = "two"
title = "again"
deadline = { minutes = 0, after_phase = "later" }
"#;
    let e = parse(text).unwrap_err();
    let said: Vec<String> = e.iter().map(|p| format!("{}: {}", p.line, p)).collect();
    let has = |line: usize, words: &str| {
        assert!(
            e.iter()
                .any(|p| p.line == line && p.to_string().contains(words)),
            "line {line}: {words}\n{said:#?}"
        )
    };
    has(27, "step 'nowhere', which does not exist");
    has(30, "step 'two' is defined twice (first on line 15)");
    has(30, "above 0");
    has(32, "phase 'later', which does not exist");
    assert!(
        e.iter()
            .any(|p| p.to_string().contains("cycle") && p.to_string().contains("one")),
        "{said:#?}"
    );
}

#[test]
fn deadlines_count_from_the_opening_a_step_or_a_phase() {
    let psych = parse(SHIPPED[0]).unwrap();
    let step = |k: &str| psych.steps.iter().find(|s| s.key == k).unwrap().clone();
    let opened = t("2026-11-22T15:00:00Z");
    let mut settled = HashMap::new();
    let mut closed = HashMap::new();
    assert_eq!(
        due_at(&step("report"), opened, &settled, &closed),
        Some(t("2026-11-22T15:15:00Z"))
    );
    assert_eq!(
        due_at(&step("review"), opened, &settled, &closed),
        None,
        "not yet"
    );
    closed.insert("acute".to_string(), t("2026-11-23T02:00:00Z"));
    assert_eq!(
        due_at(&step("review"), opened, &settled, &closed),
        Some(t("2026-12-23T02:00:00Z")),
        "a month after the acute phase closed"
    );
    let mut after = step("verify");
    after.deadline = Some(Deadline {
        minutes: 10,
        from: From::Step("scene".into()),
    });
    assert_eq!(due_at(&after, opened, &settled, &closed), None);
    settled.insert("scene".to_string(), t("2026-11-22T15:07:00Z"));
    assert_eq!(
        due_at(&after, opened, &settled, &closed),
        Some(t("2026-11-22T15:17:00Z"))
    );
}

#[test]
fn the_cssrs_skips_from_question_2_no_to_question_6() {
    let mut a = [None; 6];
    assert_eq!(cssrs_next(&a), Some(0));
    a[0] = Some(true);
    assert_eq!(cssrs_next(&a), Some(1));
    a[1] = Some(false);
    assert_eq!(cssrs_next(&a), Some(5), "2 no: straight to 6");
    assert_eq!(cssrs_risk(&a, false), None, "not complete");
    a[5] = Some(false);
    assert_eq!(cssrs_next(&a), None);
    assert_eq!(cssrs_risk(&a, false), Some(Risk::Low));
    // 2 yes: 3, 4, 5 are asked
    let mut b = [Some(true), Some(true), None, None, None, None];
    assert_eq!(cssrs_next(&b), Some(2));
    b[2] = Some(true);
    b[3] = Some(false);
    b[4] = Some(false);
    assert_eq!(cssrs_next(&b), Some(5));
    b[5] = Some(false);
    assert_eq!(cssrs_risk(&b, false), Some(Risk::Moderate), "a method");
    b[4] = Some(true);
    assert_eq!(cssrs_risk(&b, false), Some(Risk::High), "a plan");
    let behaviour = [Some(false), Some(false), None, None, None, Some(true)];
    assert_eq!(
        cssrs_risk(&behaviour, true),
        Some(Risk::High),
        "in the past three months"
    );
    assert_eq!(
        cssrs_risk(&behaviour, false),
        Some(Risk::Moderate),
        "longer ago"
    );
    let none = [Some(false), Some(false), None, None, None, Some(false)];
    assert_eq!(cssrs_risk(&none, false), Some(Risk::None));
}

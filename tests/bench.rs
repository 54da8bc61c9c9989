//! `zhiban bench` works: at a hundredth of the university it builds the
//! data, makes every measure and prints JSON with every field. Its timings
//! are not checked (a test machine's are not the point).

mod common;

use serde_json::Value;

const MEASURES: &[&str] = &[
    "startup_pty",
    "move_dashboard",
    "move_students",
    "move_todo",
    "move_report",
    "key_search",
    "move_patrol",
    "key_typing",
    "bytes_per_char_ascii",
    "bytes_per_char_cjk",
    "move_duty",
    "key_duty_form",
    "move_crisis_list",
    "move_crisis_stepper",
    "bytes_per_move",
    "rss_tui",
    "dashboard_counsellor",
    "dashboard_duty",
    "dashboard_psych",
    "dashboard_aid",
    "dashboard_college_leader",
    "dashboard_school_leader",
    "dashboard_school_leader_first",
    "dashboard_school_leader_cold",
    "dashboard_school_leader_new_build",
    "dashboard_admin",
    "students_load",
    "todo_counsellor",
    "todo_college",
    "todo_college_first",
    "todo_college_cold",
    "todo_college_new_build",
    "todo_every_college",
    "todo_every_college_first",
    "todo_every_college_cold",
    "todo_every_college_new_build",
    "cpu_probe",
    "report_monthly",
    "search_in_process",
    "crisis_open",
    "save_floor",
    "save_talk",
    "save_talk_no_trail",
    "save_room_check",
    "save_duty_entry",
    "save_crisis_event",
    "save_room_check_no_trail",
    "save_duty_entry_no_trail",
    "save_crisis_event_no_trail",
    "import_xlsx",
    "reimport_xlsx",
    "check",
    "rss_bench",
];

const DATASET: &[&str] = &[
    "students",
    "rooms",
    "staff",
    "talks",
    "presence",
    "duty_entries",
    "crisis_cases",
    "audit_records",
    "build_demo_ms",
    "build_bulk_ms",
    "build_ms",
    "file_mb",
];

#[test]
fn bench_at_a_hundredth_gives_every_field() {
    let tmp = tempfile::tempdir().unwrap();
    let o = std::process::Command::new(common::bin())
        .args(["--lang", "en", "bench", "--scale", "0.01", "--json"])
        .env("TMPDIR", tmp.path())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
    assert!(v["machine"]["nproc"].as_u64().unwrap() >= 1);
    let run = &v["runs"][0];
    assert_eq!(run["scale"], 0.01);
    // the university at a hundredth
    let d = &run["dataset"];
    for k in DATASET {
        assert!(d[k].is_number(), "dataset field {k} missing: {d}");
    }
    // at least what was asked (the demo college adds records of its own)
    assert_eq!(d["students"], 400.0);
    for (k, n) in [
        ("rooms", 100.0),
        ("staff", 5.0),
        ("talks", 20_000.0),
        ("presence", 20_000.0),
        ("duty_entries", 1_000.0),
        ("crisis_cases", 20.0),
    ] {
        assert!(d[k].as_f64().unwrap() >= n, "{k}: {}", d[k]);
    }
    let m = run["measures"].as_object().unwrap();
    for k in MEASURES {
        let x = &m[*k];
        assert!(x.is_object(), "measure {k} missing");
        assert!(x["error"].is_null(), "measure {k} failed: {}", x["error"]);
        for f in ["p50", "p99", "max"] {
            assert!(x[f].is_number(), "{k}.{f} missing: {x}");
        }
        assert!(x["n"].as_u64().unwrap() >= 1, "{k} has no samples");
    }
    assert_eq!(
        m.len(),
        MEASURES.len(),
        "a measure this test does not know: {m:?}"
    );
    for k in [
        "save_talk",
        "save_room_check",
        "save_duty_entry",
        "save_crisis_event",
    ] {
        assert!(m[k]["ratio_to_floor"].as_f64().unwrap() > 0.0, "{k}");
        let bare = format!("{k}_no_trail");
        assert!(m[&bare]["ratio_to_floor"].as_f64().unwrap() > 0.0, "{bare}");
        assert!(m[k]["trail_ms"].is_number(), "{k}.trail_ms missing");
        assert!(m[&bare]["trail_ms"].is_null(), "{bare}.trail_ms");
    }
    assert!(v["growth"].is_object());
}

/// Every measure is named in both languages (the table would show its key).
#[test]
fn every_measure_is_named_in_both_languages() {
    for lang in ["en", "zh-CN"] {
        let path = format!("{}/assets/i18n/{lang}.toml", env!("CARGO_MANIFEST_DIR"));
        let t: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        let names = t["bench"]["m"].as_table().unwrap();
        for k in MEASURES {
            assert!(names.contains_key(*k), "{lang}: bench.m.{k} missing");
        }
    }
}

#[test]
fn a_scale_that_is_not_a_number_is_refused_by_name() {
    let o = std::process::Command::new(common::bin())
        .args(["--lang", "en", "bench", "--scale", "0.5,big"])
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--scale big"), "{err}");
}

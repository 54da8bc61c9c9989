//! What a kept 待办 row was made by (issue 16): the fingerprint of its
//! facts (the code that reads them, the schema, the calendar's offset from
//! UTC) and of its numbers (those facts, the rules, the calendar, the
//! evaluation's code, the release). A row made under other fingerprints is
//! a miss ([`super::cache`]); a test follows every module the engine's
//! files use and fails on one in neither list unless `LEFT_OUT` says why.

use crate::app::App;
use crate::config::Assets;
use crate::store::compliance_cache::Prints;

/// The code that reads the facts kept: the reads, the facts' terms and
/// their bytes as kept, and what parses a stored date, time or flag (each
/// file under `src/` with its text). Facts kept by a build whose reads
/// differ are read again; a release that leaves these alone carries them
/// (the crate's version is not part of it). What these files use from
/// elsewhere is here or in `LEFT_OUT` (a test follows them).
const READS: [(&str, &str); 7] = [
    (
        "app/compliance_facts.rs",
        include_str!("compliance_facts.rs"),
    ),
    (
        "domain/compliance_terms.rs",
        include_str!("../domain/compliance_terms.rs"),
    ),
    (
        "domain/facts_codec.rs",
        include_str!("../domain/facts_codec.rs"),
    ),
    ("domain/student.rs", include_str!("../domain/student.rs")),
    ("domain/clock.rs", include_str!("../domain/clock.rs")),
    (
        "store/compliance_facts.rs",
        include_str!("../store/compliance_facts.rs"),
    ),
    (
        "store/scope_reads.rs",
        include_str!("../store/scope_reads.rs"),
    ),
];

/// The code that makes the numbers of the facts: the rules' evaluation
/// and the calendar's and rules' own code, the counting and the numbers'
/// text (with the crate's version: each release evaluates the facts kept
/// again).
const EVALUATION: [(&str, &str); 8] = [
    (
        "domain/compliance.rs",
        include_str!("../domain/compliance.rs"),
    ),
    (
        "domain/compliance_students.rs",
        include_str!("../domain/compliance_students.rs"),
    ),
    (
        "domain/compliance_classes.rs",
        include_str!("../domain/compliance_classes.rs"),
    ),
    ("domain/calendar.rs", include_str!("../domain/calendar.rs")),
    ("domain/rules.rs", include_str!("../domain/rules.rs")),
    (
        "app/compliance_counts.rs",
        include_str!("compliance_counts.rs"),
    ),
    (
        "app/compliance_words.rs",
        include_str!("compliance_words.rs"),
    ),
    (
        "app/compliance_cache.rs",
        include_str!("compliance_cache.rs"),
    ),
];

/// What the files of [`READS`] and [`EVALUATION`] use that is in neither,
/// and why that cannot change a kept row's facts or numbers — for the
/// facts (`true`: a file of [`READS`] may use it) or the numbers only.
#[cfg(test)]
const LEFT_OUT: [(&str, bool, &str); 13] = [
    ("error.rs", true, "errors, not values"),
    (
        "lib.rs",
        true,
        "the crate's macros (`msg!`: a message's key and words)",
    ),
    (
        "app/mod.rs",
        true,
        "the session: its clock and assets, whose rules and calendar are in the fingerprint as values",
    ),
    (
        "config/mod.rs",
        true,
        "the assets: their rules and calendar are in the fingerprint as values",
    ),
    ("store/compliance_cache.rs", true, "the cache itself"),
    (
        "app/compliance_prints.rs",
        false,
        "the fingerprints themselves: what they cover changes them",
    ),
    (
        "store/mod.rs",
        true,
        "the connections the facts are read on (`Store::reader`), not what they read",
    ),
    (
        "store/migrations.rs",
        true,
        "the schema's version, in the fingerprint as a value",
    ),
    (
        "store/records.rs",
        true,
        "re-exports the scope's reads (store/scope_reads.rs)",
    ),
    (
        "domain/records.rs",
        true,
        "`Support`: four optional texts, read as they are",
    ),
    (
        "domain/dorm.rs",
        true,
        "a room's sort key, for a student's record, not read into the facts",
    ),
    (
        "domain/compliance.rs",
        true,
        "for the facts: the terms it re-exports (domain/compliance_terms.rs)",
    ),
    (
        "app/compliance.rs",
        false,
        "`Counts` (three counts), and the parent of the cache and the reads",
    ),
];

/// FNV-1a of the parts: stable across builds and runs (std's hasher
/// promises neither).
fn fnv(parts: &[&str]) -> String {
    let h = parts.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, part| {
        part.bytes().chain([b'|']).fold(h, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    });
    format!("{h:016x}")
}

/// What a row depends on besides the records and the day (a row made under
/// others is a miss): its facts on the code that reads them, the schema
/// and the calendar's offset from UTC (their dates are local); its numbers
/// on those facts, the rules, the calendar, the evaluation and the
/// release. Computed once per set of assets (formatting the rules whole
/// took a twelfth of a cached view).
pub(super) fn prints(app: &App) -> Prints<'_> {
    split(app.assets.fingerprint(both_prints))
}

/// "results/facts".
fn both_prints(a: &Assets) -> String {
    let schema = crate::store::migrations::SCHEMA_VERSION.to_string();
    let offset = a.calendar.utc_offset_hours.to_string();
    let mut parts = vec![schema.as_str(), offset.as_str()];
    parts.extend(READS.map(|(_, text)| text));
    let facts = fnv(&parts);
    let (rules, calendar) = (format!("{:?}", a.rules), format!("{:?}", a.calendar));
    let version = env!("CARGO_PKG_VERSION");
    let mut parts = vec![facts.as_str(), rules.as_str(), calendar.as_str(), version];
    parts.extend(EVALUATION.map(|(_, text)| text));
    format!("{}/{facts}", fnv(&parts))
}

fn split(both: &str) -> Prints<'_> {
    let (results, facts) = both.split_once('/').unwrap_or((both, both));
    Prints { results, facts }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The module files the file `name` (under `src/`) names with
    /// `crate::` paths or declares as its own modules (outside comments and
    /// its tests), each followed to the file that holds it (`#[path]`
    /// included).
    fn used_by(name: &str, text: &str) -> Vec<String> {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        // the code without comments and test modules (which may sit
        // mid-file: a test module ends at the first `}` of its column)
        let mut code = String::new();
        let mut lines = text.lines().peekable();
        while let Some(l) = lines.next() {
            if l.trim() == "#[cfg(test)]" {
                while lines
                    .peek()
                    .is_some_and(|n| n.trim_start().starts_with("#["))
                {
                    lines.next();
                }
                let item = lines.peek().map(|n| n.trim_start()).unwrap_or("");
                if item.starts_with("mod ") && item.ends_with('{') {
                    let indent = l.len() - l.trim_start().len();
                    let close = format!("{}}}", " ".repeat(indent));
                    lines.by_ref().find(|m| *m == close);
                    continue;
                }
                if item.starts_with("mod ") && item.ends_with(';') {
                    lines.next();
                    continue;
                }
            }
            if !l.trim_start().starts_with("//") {
                code.push_str(l);
                code.push('\n');
            }
        }
        assert!(
            !code.contains("super::"),
            "the engine's files name modules from `crate::` (this test follows no `super::`)"
        );
        let mut out = Vec::new();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + "crate::".len()..];
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let head: Vec<&str> = rest[..end].split("::").filter(|s| !s.is_empty()).collect();
            // a group: `crate::store::{compliance_facts as cf, records}`
            let mut paths = Vec::new();
            if rest[end..].starts_with('{') {
                let close = rest[end..].find('}').unwrap_or(0);
                for item in rest[end + 1..end + close].split(',') {
                    if let Some(first) = item.split_whitespace().next() {
                        let mut p = head.clone();
                        p.extend(first.split("::").filter(|s| !s.is_empty()));
                        paths.push(p);
                    }
                }
            } else {
                paths.push(head);
            }
            for p in paths {
                out.push(module_file(&src, &p));
            }
        }
        // its own modules: `mod x;`, `pub mod x;` (with a `#[path]` or not)
        let here = src.join(name);
        for l in code.lines() {
            let l = l
                .trim_start()
                .trim_start_matches("pub ")
                .trim_start_matches("pub(crate) ");
            if let Some(m) = l.strip_prefix("mod ").and_then(|m| m.strip_suffix(';')) {
                let file = child(&here, m).unwrap_or_else(|| panic!("{name}: mod {m}"));
                out.push(
                    file.strip_prefix(&src)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned(),
                );
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The file of the deepest module of `path` (the rest are items).
    fn module_file(src: &std::path::Path, path: &[&str]) -> String {
        let mut file = src.join("lib.rs");
        for seg in path {
            match child(&file, seg) {
                Some(f) => file = f,
                None => break,
            }
        }
        file.strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .into_owned()
    }

    /// The file of the module `seg` the module in `file` declares, if it
    /// declares one.
    fn child(file: &std::path::Path, seg: &str) -> Option<std::path::PathBuf> {
        let text = std::fs::read_to_string(file).unwrap();
        let dir = file.parent().unwrap().to_path_buf();
        let own = match file.file_name().and_then(|n| n.to_str()) {
            Some("lib.rs") | Some("mod.rs") => dir.clone(),
            _ => dir.join(file.file_stem().unwrap()),
        };
        let declared = [format!("mod {seg};"), format!("pub mod {seg};")];
        let at = text
            .find(&declared[0])
            .or_else(|| text.find(&declared[1]))?;
        let before = &text[..at];
        let attr = before
            .rfind("#[path = \"")
            .filter(|&a| !before[a..].contains(';'));
        Some(match attr {
            Some(a) => {
                let name = &before[a + "#[path = \"".len()..];
                dir.join(&name[..name.find('"').unwrap()])
            }
            None if own.join(format!("{seg}.rs")).exists() => own.join(format!("{seg}.rs")),
            None => own.join(seg).join("mod.rs"),
        })
    }

    /// Whatever the engine's files use is in the fingerprints or said to be
    /// left out, with why: code that changes what the facts or numbers are
    /// must change the fingerprint, else the cache serves what this build
    /// would not compute (kept facts are carried across builds). And each
    /// listed name is the file whose text is listed.
    #[test]
    fn the_fingerprints_cover_the_code_the_engine_uses() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        for (name, text) in READS.iter().chain(EVALUATION.iter()) {
            assert_eq!(
                std::fs::read_to_string(src.join(name)).unwrap(),
                *text,
                "{name}"
            );
        }
        let named = |list: &[(&str, &str)], f: &str| list.iter().any(|(n, _)| *n == f);
        let left_out = |f: &str, for_facts: bool| {
            LEFT_OUT
                .iter()
                .any(|(n, facts, _)| *n == f && (*facts || !for_facts))
        };
        let mut seen = 0;
        for (name, text) in READS {
            for f in used_by(name, text) {
                seen += 1;
                assert!(
                    named(&READS, &f) || left_out(&f, true),
                    "{name} uses {f}: add it to READS, or to LEFT_OUT saying why"
                );
            }
        }
        for (name, text) in EVALUATION {
            for f in used_by(name, text) {
                seen += 1;
                assert!(
                    named(&READS, &f) || named(&EVALUATION, &f) || left_out(&f, false),
                    "{name} uses {f}: add it to EVALUATION, or to LEFT_OUT saying why"
                );
            }
        }
        assert!(seen > 20, "the files' uses were found ({seen})");
        assert_eq!(
            used_by(
                "app/compliance.rs",
                "use crate::store::{compliance_facts as cf, records as rec};\nuse crate::app::compliance::facts::facts_of;\n#[path = \"compliance_cache.rs\"]\nmod cache;\n#[cfg(test)]\n#[path = \"x.rs\"]\nmod tests;"
            ),
            [
                "app/compliance_cache.rs",
                "app/compliance_facts.rs",
                "store/compliance_facts.rs",
                "store/records.rs"
            ],
            "groups, #[path] modules and own modules followed, tests not"
        );
    }

    /// New rules or a calendar's new dates make new numbers of the same
    /// facts; a calendar in another time zone reads other facts (their
    /// dates are local).
    #[test]
    fn the_facts_fingerprint_leaves_out_the_rules() {
        use crate::config::{Assets, Lang};
        let base = Assets::builtin(Lang::ZhCn);
        let both = both_prints(&base);
        let was = split(&both);
        assert_eq!(both_prints(&Assets::builtin(Lang::ZhCn)), both, "stable");
        let mut rules = Assets::builtin(Lang::ZhCn);
        rules.rules.rules[0].days = Some(rules.rules.rules[0].days.unwrap_or(0) + 1);
        let other = both_prints(&rules);
        let now = split(&other);
        assert_ne!(now.results, was.results);
        assert_eq!(now.facts, was.facts);
        let mut zone = Assets::builtin(Lang::ZhCn);
        zone.calendar.utc_offset_hours += 1;
        let other = both_prints(&zone);
        let now = split(&other);
        assert_ne!(now.results, was.results);
        assert_ne!(now.facts, was.facts);
    }
}

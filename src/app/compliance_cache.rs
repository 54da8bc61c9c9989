//! The numbers of each counsellor's 待办 a leader's list shows, served
//! from the day's cache ([`crate::store::compliance_cache`]) and computed
//! only for the counsellors missing from it (issue 16: the school-wide list
//! evaluated every counsellor of the school on each view). The rules stay
//! the one source of truth: a cached row is what [`evaluate`] gave, counted
//! as [`Counts::of_results`] counts, for the same day, rules and calendar.

use std::collections::{HashMap, HashSet};

use crate::app::App;
use crate::app::compliance::Counts;
use crate::app::compliance::facts::{facts_for_today, facts_of, school_facts_beside};
use crate::config::Assets;
use crate::domain::compliance::{Facts, RuleResult, State, evaluate};
use crate::domain::facts_codec;
use crate::error::Result;
use crate::store::compliance_cache::{self as cc, FactsIn, Prints, Snapshot};

/// Above this many counsellors missing, one read of the whole school costs
/// less than a read per counsellor (~1.6 ms each at scale 1).
const WIDE: usize = 48;

/// What a leader's list shows of one counsellor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbers {
    pub students: usize,
    /// Per rule: (rule id, state, met, total).
    pub rules: Vec<(String, &'static str, usize, usize)>,
    pub counts: Counts,
}

impl Numbers {
    pub fn of(facts: &Facts, results: &[RuleResult]) -> Numbers {
        Numbers {
            students: facts.students.len(),
            rules: results
                .iter()
                .map(|r| (r.rule.clone(), r.state.code(), r.met, r.total))
                .collect(),
            counts: Counts::of_results(results),
        }
    }

    fn encode(&self) -> String {
        let c = self.counts;
        let mut s = format!("1;{};{};{};{}", self.students, c.overdue, c.due, c.all);
        for (rule, state, met, total) in &self.rules {
            s.push_str(&format!(";{rule},{state},{met},{total}"));
        }
        s
    }

    /// `None`: not a row this build wrote (recomputed).
    fn decode(s: &str) -> Option<Numbers> {
        let mut parts = s.split(';');
        if parts.next()? != "1" {
            return None;
        }
        let mut n = || parts.next()?.parse::<usize>().ok();
        let (students, overdue, due, all) = (n()?, n()?, n()?, n()?);
        let mut rules = Vec::new();
        for p in parts {
            let mut f = p.split(',');
            let rule = f.next()?.to_string();
            let code = f.next()?;
            let state = [State::Met, State::Due, State::Overdue, State::Unknown]
                .into_iter()
                .find(|st| st.code() == code)?
                .code();
            let met = f.next()?.parse().ok()?;
            let total = f.next()?.parse().ok()?;
            rules.push((rule, state, met, total));
        }
        Some(Numbers {
            students,
            rules,
            counts: Counts { overdue, due, all },
        })
    }
}

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
const LEFT_OUT: [(&str, bool, &str); 12] = [
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
fn prints(app: &App) -> Prints<'_> {
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

/// The numbers of every counsellor of the school (`college` None) or of a
/// college's list, keyed by counsellor id: cached ones as they are, the
/// missing ones evaluated and stored.
pub fn counsellor_numbers(app: &App, college: Option<i64>) -> Result<HashMap<i64, Numbers>> {
    let conn = app.store.conn();
    let day = app.today().to_string();
    let prints = prints(app);
    let snap = Snapshot::begin(conn)?;
    let ids = match college {
        None => cc::school_counsellors(conn)?,
        Some(g) => cc::college_counsellors(conn, g)?,
    };
    let cached = snap.cached(&day, prints.results)?;
    let mut out = HashMap::with_capacity(ids.len());
    let mut missing = Vec::new();
    for id in ids {
        match cached.get(&id).and_then(|s| Numbers::decode(s)) {
            Some(n) => {
                out.insert(id, n);
            }
            None => missing.push(id),
        }
    }
    // a new day, new rules or a new evaluation: the facts kept before,
    // where nothing was written since; the others read
    let today = app.today();
    let mut carried = if missing.is_empty() {
        HashMap::new()
    } else {
        snap.carried(&day, prints.facts, &missing)?
    };
    // the facts read are stored with the numbers; those of the day's own
    // row stay in it (its numbers updated), those of an earlier day in
    // that day's row
    let mut jobs = Vec::with_capacity(missing.len());
    let mut unread = Vec::new();
    for id in missing {
        match carried.remove(&id) {
            Some((bytes, on)) => {
                let kept_in = if on == day {
                    FactsIn::Here
                } else {
                    FactsIn::Earlier
                };
                jobs.push((id, Source::Kept(bytes, kept_in)));
            }
            None => unread.push(id),
        }
    }
    let rd = read(app, &unread, snap.own())?;
    jobs.extend(rd.into_iter().map(|(id, f)| (id, Source::Read(f))));
    let (mut done, unreadable) = evaluated(app, today, jobs);
    if !unreadable.is_empty() {
        // kept facts this build cannot decode: read again
        let jobs = read(app, &unreadable, snap.own())?;
        let jobs = jobs.into_iter().map(|(id, f)| (id, Source::Read(f)));
        done.extend(evaluated(app, today, jobs.collect()).0);
    }
    let mut rows = Vec::with_capacity(done.len());
    for (id, n, kept_in) in done {
        rows.push((id, n.encode(), kept_in));
        out.insert(id, n);
    }
    snap.keep(&day, prints, &rows);
    Ok(out)
}

/// A counsellor's facts to evaluate: read now (to be stored with the
/// numbers), or kept in a row (to be decoded).
enum Source {
    Read(Facts),
    Kept(Vec<u8>, FactsIn),
}

/// Each counsellor's numbers with where her facts are kept (those read
/// now encoded), and the counsellors whose kept facts did not decode:
/// pure work on what was read, split between two threads when there is a
/// school of it (every counsellor's: ~7 ms of a first view at scale 1 on
/// one thread, ~9 ms when the facts are decoded).
fn evaluated(
    app: &App,
    today: chrono::NaiveDate,
    mut jobs: Vec<(i64, Source)>,
) -> (Vec<(i64, Numbers, FactsIn)>, Vec<i64>) {
    let (rules, cal) = (&app.assets.rules, &app.assets.calendar);
    let one = |(id, job): (i64, Source)| -> std::result::Result<_, i64> {
        let (f, kept_in) = match job {
            Source::Kept(bytes, kept_in) => {
                let f = facts_codec::decode(&bytes).ok_or(id)?;
                (facts_for_today(f, today), kept_in)
            }
            Source::Read(f) => {
                let bytes = facts_codec::encode(&f);
                (f, FactsIn::New(bytes))
            }
        };
        Ok((
            id,
            Numbers::of(&f, &evaluate(rules, cal, today, &f)),
            kept_in,
        ))
    };
    let run = |jobs: Vec<(i64, Source)>| {
        let mut done = Vec::with_capacity(jobs.len());
        let mut unreadable = Vec::new();
        for r in jobs.into_iter().map(one) {
            match r {
                Ok(d) => done.push(d),
                Err(id) => unreadable.push(id),
            }
        }
        (done, unreadable)
    };
    if jobs.len() <= WIDE {
        return run(jobs);
    }
    let second = std::sync::Mutex::new(jobs.split_off(jobs.len() / 2));
    let take = || std::mem::take(&mut *second.lock().unwrap_or_else(|e| e.into_inner()));
    std::thread::scope(|s| {
        let other = std::thread::Builder::new().spawn_scoped(s, || run(take()));
        let (mut done, mut unreadable) = run(jobs);
        let (d, u) = match other {
            // a panic in the rules is the caller's, as on one thread
            Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            // no thread to be had (a limit on a busy server): both here
            Err(_) => run(take()),
        };
        done.extend(d);
        unreadable.extend(u);
        (done, unreadable)
    })
}

/// The facts of `ids` as each one's own 待办 reads them: one read of the
/// school when many are missing (each counsellor gets the facts her own
/// read gives: tests/compliance_wide.rs), else a read each. The school's
/// read in two halves at once when the snapshot is `own` (begun by the
/// caller's first read, in no outer transaction).
fn read(app: &App, ids: &[i64], own: bool) -> Result<Vec<(i64, Facts)>> {
    if ids.len() > WIDE {
        let want: HashSet<i64> = ids.iter().copied().collect();
        let mut all = if own {
            school_facts_beside(app)?
        } else {
            facts_of(app, None, None, false)?
        };
        all.retain(|id, _| want.contains(id));
        // a counsellor whose classes hold nobody has no facts read: empty
        for id in ids {
            all.entry(*id).or_default();
        }
        Ok(all.into_iter().collect())
    } else {
        let mut v = Vec::with_capacity(ids.len());
        for &id in ids {
            let f = facts_of(app, Some(id), None, false)?
                .remove(&id)
                .unwrap_or_default();
            v.push((id, f));
        }
        Ok(v)
    }
}

/// Fills the day's numbers of every counsellor of the school, with their
/// facts (after a large import emptied the cache: the next leader's view
/// re-serves them instead of reading the school on her key).
pub fn warm_cache(app: &App) -> Result<()> {
    counsellor_numbers(app, None).map(|_| ())
}

/// Forgets every cached row (`zhiban bench`: the first view on a new file
/// or after a build that reads the facts otherwise).
pub fn forget_cache(app: &App) -> Result<()> {
    cc::clear(app.store.conn())
}

/// Marks every cached row's numbers as another build's, their facts kept
/// (`zhiban bench`: the first view after new rules or a new evaluation).
pub fn outdate_numbers(app: &App) -> Result<()> {
    cc::outdate_numbers(app.store.conn())
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

    #[test]
    fn numbers_read_back_as_written() {
        let n = Numbers {
            students: 42,
            rules: vec![
                ("talk.coverage".into(), "due", 3, 14),
                ("dorm.biweekly".into(), "overdue", 0, 7),
                ("parent.yearly".into(), "met", 42, 42),
                ("special.mentors".into(), "unknown", 0, 0),
            ],
            counts: Counts {
                overdue: 5,
                due: 9,
                all: 17,
            },
        };
        assert_eq!(Numbers::decode(&n.encode()), Some(n));
        assert_eq!(Numbers::decode("2;1;2;3;4"), None);
        assert_eq!(Numbers::decode("1;1;2;x;4"), None);
        assert_eq!(Numbers::decode("1;1;2;3;4;a,late,1,2"), None);
    }
}

#[cfg(test)]
#[path = "compliance_cache_wide_tests.rs"]
mod wide_tests;

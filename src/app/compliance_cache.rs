//! The numbers of each counsellor's 待办 a leader's list shows, served
//! from the day's cache ([`crate::store::compliance_cache`]) and computed
//! only for the counsellors missing from it (issue 16: the school-wide list
//! evaluated every counsellor of the school on each view). The rules stay
//! the one source of truth: a cached row is what [`evaluate`] gave, counted
//! as [`Counts::of_results`] counts, for the same day, rules and calendar.

use std::collections::{HashMap, HashSet};

use super::{App, Counts, facts_for_today, facts_of};
use crate::config::Assets;
use crate::domain::compliance::{Facts, RuleResult, State, evaluate};
use crate::domain::facts_codec;
use crate::error::Result;
use crate::store::compliance_cache::{self as cc, Prints, Snapshot};

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
/// their bytes as kept, and what parses a stored date, time or flag. Facts
/// kept by a build whose reads differ are read again; a release that
/// leaves these alone carries them (the crate's version is not part of
/// it).
const READS: [&str; 7] = [
    include_str!("compliance_facts.rs"),
    include_str!("../domain/compliance_terms.rs"),
    include_str!("../domain/facts_codec.rs"),
    include_str!("../domain/student.rs"),
    include_str!("../domain/clock.rs"),
    include_str!("../store/compliance_facts.rs"),
    include_str!("../store/scope_reads.rs"),
];

/// The code that makes the numbers of the facts: the rules' evaluation,
/// the counting and the numbers' text (with the crate's version: each
/// release evaluates the facts kept again).
const EVALUATION: [&str; 3] = [
    include_str!("../domain/compliance.rs"),
    include_str!("compliance_counts.rs"),
    include_str!("compliance_cache.rs"),
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
    parts.extend(READS);
    let facts = fnv(&parts);
    let (rules, calendar) = (format!("{:?}", a.rules), format!("{:?}", a.calendar));
    let version = env!("CARGO_PKG_VERSION");
    let mut parts = vec![facts.as_str(), rules.as_str(), calendar.as_str(), version];
    parts.extend(EVALUATION);
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
    // (facts, what to store with the numbers): the facts read are stored,
    // and those kept in a row of the same day (which the new one replaces);
    // those of an earlier day stay in that day's row
    let mut facts = Vec::with_capacity(missing.len());
    let mut unread = Vec::new();
    for id in missing {
        let kept = carried.remove(&id).and_then(|(bytes, on)| {
            let f = facts_codec::decode(&bytes)?;
            Some((facts_for_today(f, today), (on == day).then_some(bytes)))
        });
        match kept {
            Some((f, again)) => facts.push((id, f, again)),
            None => unread.push(id),
        }
    }
    for (id, f) in read(app, &unread)? {
        let bytes = facts_codec::encode(&f);
        facts.push((id, f, Some(bytes)));
    }
    let (rules, cal) = (&app.assets.rules, &app.assets.calendar);
    let mut rows = Vec::with_capacity(facts.len());
    for (id, f, bytes) in facts {
        let n = Numbers::of(&f, &evaluate(rules, cal, today, &f));
        rows.push((id, n.encode(), bytes));
        out.insert(id, n);
    }
    snap.keep(&day, prints, &rows);
    Ok(out)
}

/// The facts of `ids` as each one's own 待办 reads them: one read of the
/// school when many are missing (each counsellor gets the facts her own
/// read gives: tests/compliance_wide.rs), else a read each.
fn read(app: &App, ids: &[i64]) -> Result<Vec<(i64, Facts)>> {
    if ids.len() > WIDE {
        let want: HashSet<i64> = ids.iter().copied().collect();
        let mut all = facts_of(app, None, None, false)?;
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

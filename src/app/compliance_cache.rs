//! The numbers of each counsellor's 待办 a leader's list shows, served
//! from the day's cache ([`crate::store::compliance_cache`]) and computed
//! only for the counsellors missing from it (issue 16: the school-wide list
//! evaluated every counsellor of the school on each view). The rules stay
//! the one source of truth: a cached row is what [`evaluate`] gave, counted
//! as [`Counts::of_results`] counts, for the same day, rules and calendar.

use std::collections::{HashMap, HashSet};

use super::{App, Counts, facts_for_today, facts_of};
use crate::domain::compliance::{Facts, RuleResult, State, evaluate};
use crate::domain::facts_codec;
use crate::error::Result;
use crate::store::compliance_cache::{self as cc, Snapshot};

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

/// The engine's own text: the rules' evaluation, the reads of its facts,
/// the facts' bytes as kept and the counting. A build that changes any of them serves none of the rows
/// an earlier build stored that day (the crate's version alone did not
/// change with each edit).
const ENGINE: [&str; 7] = [
    include_str!("../domain/compliance.rs"),
    include_str!("../domain/compliance_terms.rs"),
    include_str!("../domain/facts_codec.rs"),
    include_str!("compliance.rs"),
    include_str!("compliance_counts.rs"),
    include_str!("../store/compliance_facts.rs"),
    include_str!("../store/scope_reads.rs"),
];

/// What the results depend on besides the records and the day: the rules,
/// the calendar and the engine (a row made under others is a miss).
/// Computed once per set of assets (formatting the rules whole took a
/// twelfth of a cached view).
fn fingerprint(app: &App) -> &str {
    app.assets.fingerprint(|a| {
        let mut text = format!(
            "{:?}|{:?}|{}",
            a.rules,
            a.calendar,
            env!("CARGO_PKG_VERSION")
        );
        for part in ENGINE {
            text.push('|');
            text.push_str(part);
        }
        // FNV-1a: stable across builds and runs (std's hasher promises neither)
        let h = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        format!("{h:016x}")
    })
}

/// The numbers of every counsellor of the school (`college` None) or of a
/// college's list, keyed by counsellor id: cached ones as they are, the
/// missing ones evaluated and stored.
pub fn counsellor_numbers(app: &App, college: Option<i64>) -> Result<HashMap<i64, Numbers>> {
    let conn = app.store.conn();
    let day = app.today().to_string();
    let fp = fingerprint(app).to_string();
    let snap = Snapshot::begin(conn)?;
    let ids = match college {
        None => cc::school_counsellors(conn)?,
        Some(g) => cc::college_counsellors(conn, g)?,
    };
    let cached = snap.cached(&day, &fp)?;
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
    // a new day: the facts kept the day before, where nothing was written
    // since; the others read
    let today = app.today();
    let mut carried = if missing.is_empty() {
        HashMap::new()
    } else {
        snap.carried(&day, &fp, &missing)?
    };
    // (facts, kept before): those read are stored with the numbers
    let mut facts = Vec::with_capacity(missing.len());
    let mut unread = Vec::new();
    for id in missing {
        match carried.remove(&id).and_then(|b| facts_codec::decode(&b)) {
            Some(f) => facts.push((id, facts_for_today(f, today), true)),
            None => unread.push(id),
        }
    }
    facts.extend(
        read(app, &unread)?
            .into_iter()
            .map(|(id, f)| (id, f, false)),
    );
    let (rules, cal) = (&app.assets.rules, &app.assets.calendar);
    let mut rows = Vec::with_capacity(facts.len());
    for (id, f, kept) in facts {
        let n = Numbers::of(&f, &evaluate(rules, cal, today, &f));
        rows.push((id, n.encode(), (!kept).then(|| facts_codec::encode(&f))));
        out.insert(id, n);
    }
    snap.keep(&day, &fp, &rows);
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

/// Forgets every cached row (`zhiban bench`: the first view of a day).
pub fn forget_cache(app: &App) -> Result<()> {
    cc::clear(app.store.conn())
}

#[cfg(test)]
mod tests {
    use super::*;

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

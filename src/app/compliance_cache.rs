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
use crate::app::compliance::prints::prints;
use crate::domain::compliance::{Facts, RuleResult, State, evaluate};
use crate::domain::facts_codec;
use crate::error::Result;
use crate::store::compliance_cache::{self as cc, FactsIn, Snapshot};

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

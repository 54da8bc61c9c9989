//! A counsellor's compliance [`Facts`] as compact bytes, kept beside her
//! cached 待办 numbers (issue 16): the facts do not change with the day,
//! only with writes (which drop them with the numbers), so a new day's
//! numbers are the rules evaluated again on the facts kept the day before
//! instead of reading the school again.
//!
//! Integers are LEB128 (signed ones zigzag), texts their length then their
//! bytes, dates their days from the Common Era (an absent value 0, a
//! present one its zigzag plus one), flags by their code. [`decode`] refuses anything it did not write (another version, a
//! truncated or damaged value): `None`, and the caller reads the facts
//! afresh.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::compliance::{ClassFacts, Facts, LedgerKind, RoomFacts, StudentFacts};
use crate::domain::student::FlagKind;

const VERSION: u8 = 1;

struct Out(Vec<u8>);

impl Out {
    fn u(&mut self, mut v: u64) {
        loop {
            let b = (v & 0x7f) as u8;
            v >>= 7;
            if v == 0 {
                self.0.push(b);
                return;
            }
            self.0.push(b | 0x80);
        }
    }
    fn i(&mut self, v: i64) {
        self.u(((v << 1) ^ (v >> 63)) as u64);
    }
    fn len(&mut self, n: usize) {
        self.u(n as u64);
    }
    fn text(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn date(&mut self, d: Option<NaiveDate>) {
        use chrono::Datelike;
        self.opt_i(d.map(|d| i64::from(d.num_days_from_ce())));
    }
    fn opt_i(&mut self, v: Option<i64>) {
        match v {
            None => self.u(0),
            Some(v) => self.u((((v << 1) ^ (v >> 63)) as u64).wrapping_add(1)),
        }
    }
}

struct In<'a>(&'a [u8]);

impl In<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn u(&mut self) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    fn i(&mut self) -> Option<i64> {
        let v = self.u()?;
        Some(((v >> 1) as i64) ^ -((v & 1) as i64))
    }
    /// A count of items each at least one byte long: never more than
    /// the bytes left (a damaged count cannot ask for a huge allocation).
    fn len(&mut self) -> Option<usize> {
        let n = usize::try_from(self.u()?).ok()?;
        (n <= self.0.len()).then_some(n)
    }
    fn text(&mut self) -> Option<String> {
        let n = self.len()?;
        let (t, rest) = self.0.split_at(n);
        self.0 = rest;
        String::from_utf8(t.to_vec()).ok()
    }
    fn date(&mut self) -> Option<Option<NaiveDate>> {
        match self.opt_i()? {
            None => Some(None),
            Some(d) => Some(Some(NaiveDate::from_num_days_from_ce_opt(
                i32::try_from(d).ok()?,
            )?)),
        }
    }
    fn day(&mut self) -> Option<NaiveDate> {
        self.date()?
    }
    fn opt_i(&mut self) -> Option<Option<i64>> {
        match self.u()? {
            0 => Some(None),
            v => {
                let v = v - 1;
                Some(Some(((v >> 1) as i64) ^ -((v & 1) as i64)))
            }
        }
    }
    fn bool(&mut self) -> Option<bool> {
        match self.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

fn ledger_kind(k: LedgerKind) -> u64 {
    LedgerKind::ALL.iter().position(|x| *x == k).unwrap_or(0) as u64
}

pub fn encode(f: &Facts) -> Vec<u8> {
    let mut o = Out(Vec::with_capacity(16 + f.students.len() * 24));
    o.0.push(VERSION);
    o.len(f.students.len());
    for s in &f.students {
        o.i(s.id);
        o.text(&s.student_no);
        o.text(&s.name);
        o.opt_i(s.class_id);
        o.len(s.flags.len());
        for (k, since) in &s.flags {
            o.text(&k.code());
            o.date(*since);
        }
        o.date(s.last_talk);
        o.date(s.last_contact);
        o.date(s.last_home_visit);
        o.date(s.last_growth);
        let bits = s.mentors[0] as u8
            | (s.mentors[1] as u8) << 1
            | (s.mentors[2] as u8) << 2
            | (s.plan as u8) << 3;
        o.0.push(bits);
    }
    o.len(f.classes.len());
    for c in &f.classes {
        o.i(c.id);
        o.text(&c.name);
        o.len(c.ledger.len());
        for (k, d) in &c.ledger {
            o.u(ledger_kind(*k));
            o.date(Some(*d));
        }
    }
    o.len(f.lecture_visits.len());
    for d in &f.lecture_visits {
        o.date(Some(*d));
    }
    o.len(f.rooms.len());
    for r in &f.rooms {
        o.text(&r.label);
        o.date(r.last_checked);
    }
    o.len(f.sweeps.len());
    for (psych, d) in &f.sweeps {
        o.0.push(*psych as u8);
        o.date(Some(*d));
    }
    o.0.push(f.college as u8);
    o.0
}

/// The facts [`encode`] wrote; `None` for anything else.
pub fn decode(bytes: &[u8]) -> Option<Facts> {
    let mut r = In(bytes);
    if r.byte()? != VERSION {
        return None;
    }
    let kinds: HashMap<String, FlagKind> =
        FlagKind::all().into_iter().map(|k| (k.code(), k)).collect();
    let mut f = Facts::default();
    let n = r.len()?;
    f.students.reserve(n);
    for _ in 0..n {
        let id = r.i()?;
        let student_no = r.text()?;
        let name = r.text()?;
        let class_id = r.opt_i()?;
        let nf = r.len()?;
        let mut flags = Vec::with_capacity(nf);
        for _ in 0..nf {
            let k = *kinds.get(&r.text()?)?;
            flags.push((k, r.date()?));
        }
        let (last_talk, last_contact) = (r.date()?, r.date()?);
        let (last_home_visit, last_growth) = (r.date()?, r.date()?);
        let bits = r.byte()?;
        if bits > 0x0f {
            return None;
        }
        f.students.push(StudentFacts {
            id,
            student_no,
            name,
            class_id,
            flags,
            last_talk,
            last_contact,
            last_home_visit,
            last_growth,
            mentors: [bits & 1 != 0, bits & 2 != 0, bits & 4 != 0],
            plan: bits & 8 != 0,
        });
    }
    for _ in 0..r.len()? {
        let id = r.i()?;
        let name = r.text()?;
        let nl = r.len()?;
        let mut ledger = Vec::with_capacity(nl);
        for _ in 0..nl {
            let k = *LedgerKind::ALL.get(usize::try_from(r.u()?).ok()?)?;
            ledger.push((k, r.day()?));
        }
        f.classes.push(ClassFacts { id, name, ledger });
    }
    for _ in 0..r.len()? {
        f.lecture_visits.push(r.day()?);
    }
    for _ in 0..r.len()? {
        let label = r.text()?;
        f.rooms.push(RoomFacts {
            label,
            last_checked: r.date()?,
        });
    }
    for _ in 0..r.len()? {
        let psych = r.bool()?;
        f.sweeps.push((psych, r.day()?));
    }
    f.college = r.bool()?;
    r.0.is_empty().then_some(f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::student::SpecialGroup;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn sample() -> Facts {
        Facts {
            students: vec![
                StudentFacts {
                    id: 1,
                    student_no: String::new(),
                    name: String::new(),
                    class_id: Some(7),
                    flags: vec![
                        (FlagKind::KeyConcern, Some(d("2026-09-01"))),
                        (FlagKind::Special(SpecialGroup::ALL[0]), None),
                    ],
                    last_talk: Some(d("2026-11-20")),
                    last_contact: None,
                    last_home_visit: Some(d("-0001-12-31")),
                    last_growth: Some(d("2026-03-02")),
                    mentors: [true, false, true],
                    plan: true,
                },
                StudentFacts {
                    id: 1 << 40,
                    student_no: "2024000123".into(),
                    name: "张三丰".into(),
                    class_id: None,
                    ..Default::default()
                },
                StudentFacts {
                    id: -5,
                    class_id: Some(0),
                    flags: vec![(FlagKind::FinancialDifficulty, Some(d("2025-12-31")))],
                    mentors: [false, true, false],
                    ..Default::default()
                },
            ],
            classes: vec![
                ClassFacts {
                    id: 3,
                    name: "计科 2401".into(),
                    ledger: LedgerKind::ALL
                        .iter()
                        .enumerate()
                        .map(|(i, k)| (*k, d("2026-10-01") + chrono::Duration::days(i as i64)))
                        .collect(),
                },
                ClassFacts::default(),
            ],
            lecture_visits: vec![d("2026-10-09"), d("2024-02-29")],
            rooms: vec![
                RoomFacts {
                    label: "1号楼 101".into(),
                    last_checked: Some(d("2026-11-27")),
                },
                RoomFacts {
                    label: String::new(),
                    last_checked: None,
                },
            ],
            sweeps: vec![(true, d("2026-09-15")), (false, d("2026-10-15"))],
            college: true,
        }
    }

    #[test]
    fn facts_read_back_as_written() {
        for f in [sample(), Facts::default()] {
            let bytes = encode(&f);
            assert_eq!(decode(&bytes), Some(f));
        }
    }

    /// Every cut of a value, a byte changed anywhere, another version, a
    /// byte too many: `None` or facts, never a panic; a cut or a byte too
    /// many always `None`.
    #[test]
    fn damaged_values_are_refused_without_panicking() {
        let bytes = encode(&sample());
        for n in 0..bytes.len() {
            assert_eq!(decode(&bytes[..n]), None, "cut at {n}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(decode(&longer), None);
        for i in 0..bytes.len() {
            for b in [0u8, 1, 0x7f, 0x80, 0xff] {
                let mut v = bytes.clone();
                v[i] = b;
                let _ = decode(&v);
            }
        }
        let mut v = bytes;
        v[0] = VERSION + 1;
        assert_eq!(decode(&v), None);
    }
}

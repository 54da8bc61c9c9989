//! The students the actor may see, held compactly for a whole session: a
//! school's 40,000 full views (eleven strings each) would be most of a
//! session's memory. Each view is decided by `students::view_of` as before
//! and only then packed: its texts into one shared text, the words many
//! students share (college, major, class, counsellor, building) once in a
//! small table, the flags only where there are some. Unpacking a row gives
//! back the very view that was packed (guardians are never listed).

use std::collections::HashMap;

use super::App;
use super::policy::Relation;
use super::students::{Shown, StudentView};
use crate::domain::search::SearchIndex;
use crate::domain::student::{DormPlace, Flag, Gender};
use crate::error::Result;

/// No word (`None`).
const NONE: u32 = u32::MAX;

/// How a `Shown` was packed; its text, if any, is in the row's text.
const ABSENT: u8 = 0;
const HIDDEN: u8 = 1;
const MASKED: u8 = 2;
const MASKED_REVEALABLE: u8 = 3;
const PLAIN: u8 = 4;

/// One student, packed.
#[derive(Debug, Clone)]
struct Row {
    id: i64,
    /// where the row's texts start in the list's text
    at: u32,
    /// ends (from `at`) of 学号, name, room, bed, phone, ID number
    ends: [u16; 6],
    college: u32,
    major: u32,
    class: u32,
    counsellor: u32,
    /// `NONE` when the student has no dorm place
    building: u32,
    gender: Option<Gender>,
    phone: u8,
    id_number: u8,
    guardians_hidden: bool,
    caution: bool,
    relation: Relation,
    /// Only the flags the actor may view (as the view had them).
    flags: Box<[Flag]>,
}

/// A listed student's texts as borrowed from the list: what filters and
/// boards read without unpacking a full view.
#[derive(Debug, Clone, Copy)]
pub struct Brief<'a> {
    pub id: i64,
    pub student_no: &'a str,
    pub name: &'a str,
    pub college: &'a str,
    pub major: Option<&'a str>,
    pub class: Option<&'a str>,
    pub counsellor: Option<&'a str>,
    pub building: Option<&'a str>,
    pub flags: &'a [Flag],
}

/// What a work list's filter and its vocabulary read of a student, from a
/// full view or a packed one alike.
pub trait Listed {
    fn flags(&self) -> &[Flag];
    fn class(&self) -> Option<&str>;
    fn building(&self) -> Option<&str>;
    fn counsellor(&self) -> Option<&str>;
}

impl<T: Listed + ?Sized> Listed for &T {
    fn flags(&self) -> &[Flag] {
        (**self).flags()
    }
    fn class(&self) -> Option<&str> {
        (**self).class()
    }
    fn building(&self) -> Option<&str> {
        (**self).building()
    }
    fn counsellor(&self) -> Option<&str> {
        (**self).counsellor()
    }
}

impl Listed for StudentView {
    fn flags(&self) -> &[Flag] {
        &self.flags
    }
    fn class(&self) -> Option<&str> {
        self.class.as_deref()
    }
    fn building(&self) -> Option<&str> {
        self.dorm.as_ref().map(|d| d.building.as_str())
    }
    fn counsellor(&self) -> Option<&str> {
        self.counsellor.as_deref()
    }
}

impl Listed for Brief<'_> {
    fn flags(&self) -> &[Flag] {
        self.flags
    }
    fn class(&self) -> Option<&str> {
        self.class
    }
    fn building(&self) -> Option<&str> {
        self.building
    }
    fn counsellor(&self) -> Option<&str> {
        self.counsellor
    }
}

/// The students the actor may see, in the order they were listed.
#[derive(Debug, Clone, Default)]
pub struct StudentList {
    rows: Vec<Row>,
    /// every row's texts, one after another
    text: String,
    /// the shared words, each once
    words: Vec<Box<str>>,
    /// while the list is made or changed: a word's place in `words`
    lookup: HashMap<Box<str>, u32>,
}

impl StudentList {
    pub fn new() -> StudentList {
        StudentList::default()
    }

    pub fn with_capacity(n: usize) -> StudentList {
        StudentList {
            rows: Vec::with_capacity(n),
            ..StudentList::default()
        }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn word(&mut self, w: Option<&str>) -> u32 {
        let Some(w) = w else { return NONE };
        if let Some(&i) = self.lookup.get(w) {
            return i;
        }
        let i = self.words.len() as u32;
        self.words.push(w.into());
        self.lookup.insert(w.into(), i);
        i
    }

    fn word_at(&self, i: u32) -> Option<&str> {
        (i != NONE).then(|| &*self.words[i as usize])
    }

    fn pack(&mut self, v: &StudentView) -> Row {
        let at = self.text.len() as u32;
        fn shown(s: &Shown) -> (u8, &str) {
            match s {
                Shown::Absent => (ABSENT, ""),
                Shown::Hidden => (HIDDEN, ""),
                Shown::Masked {
                    text,
                    revealable: false,
                } => (MASKED, text),
                Shown::Masked {
                    text,
                    revealable: true,
                } => (MASKED_REVEALABLE, text),
                Shown::Plain(text) => (PLAIN, text),
            }
        }
        let (phone, phone_text) = shown(&v.phone);
        let (id_number, id_text) = shown(&v.id_number);
        let (room, bed) = v
            .dorm
            .as_ref()
            .map_or(("", ""), |d| (d.room.as_str(), d.bed.as_str()));
        let mut ends = [0u16; 6];
        for (i, t) in [
            v.student_no.as_str(),
            &v.name,
            room,
            bed,
            phone_text,
            id_text,
        ]
        .into_iter()
        .enumerate()
        {
            self.text.push_str(t);
            // a text too long for the row (never in a roster) is cut at a
            // character's edge rather than misread
            let mut end = self.text.len() - at as usize;
            while end > u16::MAX as usize || !self.text.is_char_boundary(at as usize + end) {
                end -= 1;
            }
            self.text.truncate(at as usize + end);
            ends[i] = end as u16;
        }
        Row {
            id: v.id,
            at,
            ends,
            college: self.word(Some(&v.college)),
            major: self.word(v.major.as_deref()),
            class: self.word(v.class.as_deref()),
            counsellor: self.word(v.counsellor.as_deref()),
            building: self.word(v.dorm.as_ref().map(|d| d.building.as_str())),
            gender: v.gender,
            phone,
            id_number,
            guardians_hidden: v.guardians_hidden,
            caution: v.caution,
            relation: v.relation,
            flags: v.flags.clone().into_boxed_slice(),
        }
    }

    /// Adds a student as the actor sees them (their guardians are not
    /// listed).
    pub fn push(&mut self, v: &StudentView) {
        let row = self.pack(v);
        self.rows.push(row);
    }

    /// Done adding: spare room is given back.
    pub fn finish(&mut self) {
        self.rows.shrink_to_fit();
        self.text.shrink_to_fit();
        self.words.shrink_to_fit();
        self.lookup = HashMap::new();
    }

    fn piece<'a>(&'a self, r: &Row, i: usize) -> &'a str {
        let start = r.at as usize + i.checked_sub(1).map_or(0, |p| r.ends[p] as usize);
        &self.text[start..r.at as usize + r.ends[i] as usize]
    }

    fn brief_of<'a>(&'a self, r: &'a Row) -> Brief<'a> {
        Brief {
            id: r.id,
            student_no: self.piece(r, 0),
            name: self.piece(r, 1),
            college: self.word_at(r.college).unwrap_or(""),
            major: self.word_at(r.major),
            class: self.word_at(r.class),
            counsellor: self.word_at(r.counsellor),
            building: self.word_at(r.building),
            flags: &r.flags,
        }
    }

    /// Student `i` as borrowed texts.
    pub fn brief(&self, i: usize) -> Option<Brief<'_>> {
        self.rows.get(i).map(|r| self.brief_of(r))
    }

    /// Every student, in order, as borrowed texts.
    pub fn briefs(&self) -> impl Iterator<Item = Brief<'_>> {
        self.rows.iter().map(|r| self.brief_of(r))
    }

    fn unpack(&self, r: &Row) -> StudentView {
        let shown = |kind: u8, i: usize| -> Shown {
            let text = self.piece(r, i).to_string();
            match kind {
                HIDDEN => Shown::Hidden,
                MASKED => Shown::Masked {
                    text,
                    revealable: false,
                },
                MASKED_REVEALABLE => Shown::Masked {
                    text,
                    revealable: true,
                },
                PLAIN => Shown::Plain(text),
                _ => Shown::Absent,
            }
        };
        let own = |w: u32| self.word_at(w).map(str::to_string);
        StudentView {
            id: r.id,
            student_no: self.piece(r, 0).to_string(),
            name: self.piece(r, 1).to_string(),
            gender: r.gender,
            college: own(r.college).unwrap_or_default(),
            major: own(r.major),
            class: own(r.class),
            counsellor: own(r.counsellor),
            dorm: own(r.building).map(|building| DormPlace {
                building,
                room: self.piece(r, 2).to_string(),
                bed: self.piece(r, 3).to_string(),
            }),
            phone: shown(r.phone, 4),
            id_number: shown(r.id_number, 5),
            guardians: Vec::new(),
            guardians_hidden: r.guardians_hidden,
            flags: r.flags.to_vec(),
            caution: r.caution,
            relation: r.relation,
        }
    }

    /// Student `i` as a full view (made now: only the rows shown or opened
    /// are ever unpacked).
    pub fn view(&self, i: usize) -> Option<StudentView> {
        self.rows.get(i).map(|r| self.unpack(r))
    }

    /// The student with this 学号, as a full view.
    pub fn by_no(&self, no: &str) -> Option<StudentView> {
        self.rows
            .iter()
            .find(|r| self.piece(r, 0) == no)
            .map(|r| self.unpack(r))
    }

    /// A student's record changed: the list holds the new view. (The old
    /// texts stay behind in the shared text: a change is rare in a
    /// session.)
    pub fn update(&mut self, v: &StudentView) {
        if let Some(i) = self.rows.iter().position(|r| r.id == v.id) {
            if self.lookup.is_empty() {
                for (i, w) in self.words.iter().enumerate() {
                    self.lookup.insert(w.clone(), i as u32);
                }
            }
            let row = self.pack(v);
            self.rows[i] = row;
        }
    }
}

impl From<Vec<StudentView>> for StudentList {
    fn from(views: Vec<StudentView>) -> StudentList {
        StudentList::from(views.as_slice())
    }
}

impl From<&[StudentView]> for StudentList {
    fn from(views: &[StudentView]) -> StudentList {
        let mut l = StudentList::with_capacity(views.len());
        for v in views {
            l.push(v);
        }
        l.finish();
        l
    }
}

/// The haystacks a student is found by: 学号, name, every pinyin reading
/// and initials, and the room (`3-512`, `3号楼512`).
pub fn haystacks(v: &StudentView) -> Vec<String> {
    let mut h = vec![v.student_no.clone(), v.name.clone()];
    h.extend(crate::domain::search::name_keys(&v.name));
    if let Some(d) = &v.dorm {
        h.push(d.room_key());
        h.push(format!("{}{}", d.building, d.room));
    }
    h
}

/// Every student the actor may see, packed as each is read, with the
/// search index over them: no school's worth of full views is ever held.
pub fn load(app: &App) -> Result<(StudentList, SearchIndex)> {
    let mut list = StudentList::new();
    let mut index = SearchIndex::new();
    super::students::each_visible(app, |v| {
        index.push(haystacks(&v));
        list.push(&v);
    })?;
    list.finish();
    index.shrink();
    Ok((list, index))
}

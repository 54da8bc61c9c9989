//! The students the actor may see, loaded once in the background with their
//! search index: the students screen lists them, every student picker
//! searches them.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};
use zhiban::app::student_list::StudentList;
use zhiban::app::students::StudentView;
use zhiban::domain::search::SearchIndex;

/// Where the load stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Load {
    Loading,
    Ready,
    /// The load failed: shown as an error, never as an empty list.
    Failed(String),
}

pub struct Directory {
    pub load: Load,
    /// Held packed: a row is unpacked into a full view only when shown or
    /// opened.
    pub all: StudentList,
    /// The matcher keeps scratch space and the last query (typing on
    /// narrows it): searching changes it, behind a shared reference.
    index: RefCell<SearchIndex>,
}

/// A student chosen in a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Picked {
    pub no: String,
    pub name: String,
}

impl Default for Directory {
    fn default() -> Self {
        Directory {
            load: Load::Loading,
            all: StudentList::new(),
            index: RefCell::new(SearchIndex::new()),
        }
    }
}

impl Directory {
    pub fn loaded(all: StudentList, index: SearchIndex) -> Directory {
        Directory {
            load: Load::Ready,
            all,
            index: RefCell::new(index),
        }
    }

    /// Positions in `all` of the students matching `q`, best first.
    pub fn query(&self, q: &str) -> Vec<u32> {
        self.index.borrow_mut().query(q)
    }

    /// At most `n` students matching `q` (name, pinyin, initials, 学号,
    /// room), best first.
    pub fn find(&self, q: &str, n: usize) -> Vec<Picked> {
        if q.trim().is_empty() {
            return Vec::new();
        }
        self.query(q.trim())
            .into_iter()
            .take(n)
            .filter_map(|i| self.all.brief(i as usize))
            .map(|v| Picked {
                no: v.student_no.to_string(),
                name: v.name.to_string(),
            })
            .collect()
    }

    pub fn by_no(&self, no: &str) -> Option<StudentView> {
        self.all.by_no(no)
    }

    /// Student `i` of the list as a full view.
    pub fn view(&self, i: u32) -> Option<StudentView> {
        self.all.view(i as usize)
    }

    /// A student's record changed: the list shows the new one (guardians
    /// stay out of the list, as loaded).
    pub fn update(&mut self, v: &StudentView) {
        self.all.update(v);
    }
}

//! What a 待办 list counts, from the rules' results directly: the same
//! numbers as [`Counts::of`] over [`todo_lines`](super::compliance::todo_lines)
//! (rooms one line per building, in `overdue` when any of its rooms is),
//! without wording every finding. A school-wide leader's list counts the
//! 待办 of hundreds of counsellors; only the drill-down needs the words.

use std::collections::HashMap;

use crate::app::compliance::Counts;
use crate::app::compliance_words::subject_text;
use crate::domain::compliance::{RuleResult, State};

impl Counts {
    /// The counts of the 待办 lines of `results`, as [`Counts::of`] of
    /// [`todo_lines`](super::compliance::todo_lines) gives them.
    pub fn of_results(results: &[RuleResult]) -> Counts {
        let mut c = Counts::default();
        // per building: (any overdue, any due)
        let mut rooms: HashMap<String, (bool, bool)> = HashMap::new();
        for r in results {
            for f in &r.findings {
                if r.rule == "dorm.biweekly" {
                    let subject = subject_text(&f.subject);
                    let building = subject
                        .rsplit_once(' ')
                        .map_or(subject.as_str(), |(b, _)| b)
                        .to_string();
                    let b = rooms.entry(building).or_default();
                    match f.state {
                        State::Overdue => b.0 = true,
                        State::Due => b.1 = true,
                        _ => {}
                    }
                    continue;
                }
                c.all += 1;
                match f.state {
                    State::Overdue => c.overdue += 1,
                    State::Due => c.due += 1,
                    _ => {}
                }
            }
        }
        for (overdue, due) in rooms.into_values() {
            if overdue {
                c.overdue += 1;
            } else if due {
                c.due += 1;
            } else {
                continue;
            }
            c.all += 1;
        }
        c
    }
}

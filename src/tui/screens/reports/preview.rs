//! The previews of the 报表 screen, made off the key path (issue 16: a
//! selection move answers in a frame, never after a report's queries):
//! each report and period is built once, by a thread with a session of its
//! own, and kept until the screen is shown again (then built afresh, for
//! the records added meanwhile). While one is being built the screen says
//! so. Without a thread (the screen tests, `zhiban bench`'s in-process
//! shell) a preview is built at once, as before.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use zhiban::app::App;
use zhiban::domain::period::Period;
use zhiban::io::book::Book;
use zhiban::io::reports::{self, ReportKind};

/// A report and its period: what a preview is kept under.
pub type Key = (ReportKind, String);

/// A report built, with its lines as shown.
pub struct Preview {
    pub book: Book,
    pub lines: Vec<String>,
}

/// A preview, or why it could not be made (in the reader's words).
pub type Built = Result<Arc<Preview>, String>;

fn make(app: &mut App, kind: ReportKind, period: &Period) -> Built {
    match reports::build(app, kind, period, None) {
        Ok(book) => Ok(Arc::new(Preview {
            lines: super::draw::lines(&book),
            book,
        })),
        Err(e) => Err(app.assets().text.error(&e)),
    }
}

struct Job {
    generation: u64,
    key: Key,
    kind: ReportKind,
    period: Period,
}

/// The thread that builds: asked for a preview, it builds the latest asked
/// (earlier asks still waiting are dropped: the person moved on) and
/// says so through `done`.
struct Worker {
    jobs: Sender<Job>,
    results: Receiver<(u64, Key, Built)>,
}

impl Worker {
    fn spawn(mut session: App, done: Arc<dyn Fn() + Send + Sync>) -> Worker {
        let (jobs, rx) = mpsc::channel::<Job>();
        let (tx, results) = mpsc::channel();
        std::thread::Builder::new()
            .name("reports".into())
            .spawn(move || {
                while let Ok(mut job) = rx.recv() {
                    while let Ok(later) = rx.try_recv() {
                        job = later;
                    }
                    let built = make(&mut session, job.kind, &job.period);
                    if tx.send((job.generation, job.key, built)).is_err() {
                        return;
                    }
                    done();
                }
            })
            .expect("spawn the reports thread");
        Worker { jobs, results }
    }
}

/// The previews made so far, and the thread that makes them.
pub struct Previews {
    kept: HashMap<Key, Built>,
    /// Bumped when the screen is shown: what was built before is dropped.
    generation: u64,
    /// How a preview gets built: by a thread that says when it is done
    /// (`None`: at once, on the caller's session).
    background: Option<Arc<dyn Fn() + Send + Sync>>,
    worker: Option<Worker>,
    /// How many previews were built (the tests count).
    pub builds: usize,
}

impl Previews {
    /// Built at once, on the screen's session.
    pub fn inline() -> Previews {
        Previews {
            kept: HashMap::new(),
            generation: 0,
            background: None,
            worker: None,
            builds: 0,
        }
    }

    /// Built by a thread, which calls `done` when one is ready.
    pub fn background(done: Arc<dyn Fn() + Send + Sync>) -> Previews {
        Previews {
            background: Some(done),
            ..Previews::inline()
        }
    }

    /// Everything built before is dropped (the screen is shown again).
    pub fn forget(&mut self) {
        self.kept.clear();
        self.generation += 1;
    }

    /// The preview of `kind` for `period`: kept, else built now (inline) or
    /// asked of the thread (`None` until it is ready).
    pub fn get(&mut self, app: &mut App, kind: ReportKind, period: &Period) -> Option<Built> {
        let key: Key = (kind, period.code());
        if let Some(b) = self.kept.get(&key) {
            return Some(b.clone());
        }
        let Some(done) = self.background.clone() else {
            let b = make(app, kind, period);
            self.builds += 1;
            self.kept.insert(key, b.clone());
            return Some(b);
        };
        if self.worker.is_none() {
            match app.another() {
                Ok(session) => self.worker = Some(Worker::spawn(session, done)),
                Err(e) => return Some(Err(app.assets().text.error(&e))),
            }
        }
        if let Some(w) = &self.worker {
            self.builds += 1;
            let _ = w.jobs.send(Job {
                generation: self.generation,
                key,
                kind,
                period: period.clone(),
            });
        }
        None
    }

    /// Takes what the thread has built since last asked (kept unless the
    /// screen was shown again meanwhile).
    pub fn collect(&mut self) {
        let Some(w) = &self.worker else { return };
        while let Ok((generation, key, built)) = w.results.try_recv() {
            if generation == self.generation {
                self.kept.insert(key, built);
            }
        }
    }
}

#[cfg(test)]
#[path = "preview_tests.rs"]
mod tests;

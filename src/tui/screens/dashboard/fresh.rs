//! The board read again off the key path (issue 16: the minute's refresh
//! and a student loaded ran the board's queries on the interface thread,
//! and a key pressed meanwhile waited for them). A thread with a session
//! of its own reads it and wakes the event loop; the board shown stays
//! until the new one is there. Without a loop to wake (the screen tests,
//! `zhiban bench`'s in-process shell) the board is read at once.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

use zhiban::app::App;
use zhiban::app::dashboard::{self, Board};
use zhiban::app::student_list::StudentList;

pub struct Fresh {
    asks: Sender<Option<StudentList>>,
    boards: Receiver<Board>,
}

impl Fresh {
    /// The reading thread, if there is a loop to wake and a session to
    /// give it.
    pub fn start(app: &App) -> Option<Fresh> {
        let done = crate::tui::wake::waker()?;
        let session = app.another().ok()?;
        Some(Fresh::spawn(session, done))
    }

    fn spawn(session: App, done: Arc<dyn Fn() + Send + Sync>) -> Fresh {
        let (asks, rx) = mpsc::channel::<Option<StudentList>>();
        let (tx, boards) = mpsc::channel();
        std::thread::Builder::new()
            .name("dashboard".into())
            .spawn(move || {
                while let Ok(mut students) = rx.recv() {
                    // asked again meanwhile: the latest ask is read once
                    while let Ok(later) = rx.try_recv() {
                        students = later;
                    }
                    let board = dashboard::board(&session, students.as_ref());
                    if tx.send(board).is_err() {
                        return;
                    }
                    done();
                }
            })
            .expect("spawn the dashboard thread");
        Fresh { asks, boards }
    }

    /// Asks for the board (the students passed to the boards that read
    /// them).
    pub fn ask(&self, students: Option<StudentList>) {
        let _ = self.asks.send(students);
    }

    /// The newest board read since last asked, if any.
    pub fn take(&self) -> Option<Board> {
        let mut last = None;
        while let Ok(b) = self.boards.try_recv() {
            last = Some(b);
        }
        last
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use zhiban::app::dashboard;
    use zhiban::config::Lang;

    use super::Fresh;
    use crate::tui::tests::{demo_db, session};

    /// The board is read by the thread, which says when it is there: the
    /// same board the interface thread would have read.
    #[test]
    fn the_board_is_read_by_its_thread_and_the_loop_woken() {
        let dir = tempfile::tempdir().unwrap();
        let db = demo_db(dir.path());
        let app = session(&db, "sunpeng", Lang::ZhCn);
        let (tx, rx) = mpsc::channel();
        let tx = Mutex::new(tx);
        let fresh = Fresh::spawn(
            app.another().unwrap(),
            Arc::new(move || {
                let _ = tx.lock().unwrap().send(());
            }),
        );
        assert!(fresh.take().is_none(), "nothing asked, nothing read");
        fresh.ask(None);
        rx.recv_timeout(Duration::from_secs(60))
            .expect("the loop is woken");
        let board = fresh.take().expect("a board");
        assert_eq!(board, dashboard::board(&app, None));
        assert!(fresh.take().is_none(), "taken once");
    }
}

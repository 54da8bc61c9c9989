//! The real program in a pseudo-terminal, for `zhiban bench`: keys written
//! as a person types them, and the time until the frame that answers each
//! one has been written (ratatui ends every frame by hiding the cursor, or
//! by showing it and moving it to the text cursor).

use std::io::{Read, Write};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};
use zhiban::error::{Error, Result};
use zhiban::msg;

pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    rx: Receiver<Vec<u8>>,
    /// What was read and not yet matched to a frame.
    pending: Vec<u8>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

fn pty_error(e: impl std::fmt::Display) -> Error {
    Error::Data(msg!("err.bench.pty", detail = e))
}

/// Where the first complete frame in `buf` ends, if one does.
fn frame_end(buf: &[u8]) -> Option<usize> {
    let hide = b"\x1b[?25l";
    let show = b"\x1b[?25h";
    let mut i = 0;
    while i + 6 <= buf.len() {
        if &buf[i..i + 6] == hide {
            return Some(i + 6);
        }
        if &buf[i..i + 6] == show {
            // then the cursor's place: ESC [ row ; col H
            let rest = &buf[i + 6..];
            if rest.starts_with(b"\x1b[") {
                if let Some(h) = rest.iter().position(|b| *b == b'H') {
                    return Some(i + 6 + h + 1);
                }
            }
            return None;
        }
        i += 1;
    }
    None
}

impl Pty {
    /// Starts this program with `args` in an 80x24 pseudo-terminal.
    pub fn spawn(db: &Path, args: &[&str], cols: u16, rows: u16) -> Result<Pty> {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .map_err(pty_error)?;
        let mut cmd = CommandBuilder::new(std::env::current_exe()?);
        cmd.arg("--db");
        cmd.arg(db);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "zh_CN.UTF-8");
        let child = pair.slave.spawn_command(cmd).map_err(pty_error)?;
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().map_err(pty_error)?;
        let writer = pair.master.take_writer().map_err(pty_error)?;
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Ok(Pty {
            child,
            writer,
            rx,
            pending: Vec::new(),
            _master: pair.master,
        })
    }

    /// Waits for the next complete frame; returns its bytes.
    pub fn frame(&mut self, within: Duration) -> Result<usize> {
        let start = Instant::now();
        loop {
            if let Some(end) = frame_end(&self.pending) {
                self.pending.drain(..end);
                return Ok(end);
            }
            let left = within.saturating_sub(start.elapsed());
            match self.rx.recv_timeout(left) {
                Ok(bytes) => self.pending.extend_from_slice(&bytes),
                Err(RecvTimeoutError::Timeout) => {
                    return Err(Error::Data(msg!(
                        "err.bench.no_frame",
                        seen = format!("{:?}", String::from_utf8_lossy(&self.pending))
                    )));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(Error::Data(msg!(
                        "err.bench.closed",
                        seen = format!("{:?}", String::from_utf8_lossy(&self.pending))
                    )));
                }
            }
        }
    }

    /// Reads whatever comes until nothing has come for `quiet`.
    pub fn settle(&mut self, quiet: Duration) {
        while let Ok(bytes) = self.rx.recv_timeout(quiet) {
            self.pending.extend_from_slice(&bytes);
        }
        self.pending.clear();
    }

    /// Writes `keys` and times the frame that answers them: (time, bytes).
    pub fn key(&mut self, keys: &str) -> Result<(Duration, usize)> {
        // what came before the key (a frame of work done in the background,
        // a preview made ready) is not its answer
        while self.rx.try_recv().is_ok() {}
        self.pending.clear();
        let t = Instant::now();
        self.writer.write_all(keys.as_bytes())?;
        self.writer.flush()?;
        let n = self.frame(Duration::from_secs(5))?;
        Ok((t.elapsed(), n))
    }

    pub fn send(&mut self, keys: &str) -> Result<()> {
        self.writer.write_all(keys.as_bytes())?;
        self.writer.flush()?;
        Ok(())
    }

    /// The program's peak resident memory so far (VmHWM), in kB.
    pub fn peak_kb(&self) -> Option<f64> {
        peak_kb_of(self.child.process_id()?)
    }

    /// Ends the program (q, then a kill if it does not go).
    pub fn finish(mut self) {
        let _ = self.send("q");
        for _ in 0..50 {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A process's peak resident memory (VmHWM of /proc/PID/status), in kB.
pub fn peak_kb_of(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

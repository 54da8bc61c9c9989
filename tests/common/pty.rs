//! A real pseudo-terminal for end-to-end tests: the program (or an ssh
//! client) runs in it, keystrokes go in, and the screen is read back
//! through a terminal emulator.

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::sys::signal::Signal;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct Pty {
    pub child: Box<dyn Child + Send + Sync>,
    pub master: Option<Box<dyn MasterPty + Send>>,
    pub writer: Option<Box<dyn Write + Send>>,
    pub parser: Arc<Mutex<vt100::Parser>>,
    pub raw: Arc<Mutex<Vec<u8>>>,
}

impl Pty {
    /// Runs `cmd` in a new 80x24 pseudo-terminal, reading its screen.
    pub fn spawn_cmd(cmd: CommandBuilder) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(24).unwrap(),
            NonZeroU16::new(80).unwrap(),
            0,
        )));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        Pty {
            child,
            master: Some(pair.master),
            writer: Some(writer),
            parser,
            raw,
        }
    }

    /// Resizes the terminal (the program gets SIGWINCH) and the emulator.
    pub fn resize(&self, cols: u16, rows: u16) {
        self.master
            .as_ref()
            .unwrap()
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.parser.lock().unwrap().screen_mut().set_size(
            NonZeroU16::new(rows).unwrap(),
            NonZeroU16::new(cols).unwrap(),
        );
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn row(&self, n: u16) -> String {
        self.parser
            .lock()
            .unwrap()
            .screen()
            .rows(0, 80)
            .nth(n as usize)
            .unwrap_or_default()
    }

    /// Waits until the screen shows `needle` and two reads in a row agree.
    pub fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            let s = self.screen();
            if s.contains(needle) && s == last {
                return s;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("waited 15 s for {needle:?}; screen:\n{s}");
            }
            last = s;
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    pub fn send(&mut self, s: &str) {
        let w = self.writer.as_mut().unwrap();
        w.write_all(s.as_bytes()).unwrap();
        w.flush().unwrap();
        // a lone ESC followed at once by a key reads as Alt+key
        std::thread::sleep(Duration::from_millis(if s == "\x1b" { 150 } else { 30 }));
    }

    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                return st;
            }
            if start.elapsed() > Duration::from_secs(15) {
                let _ = self.child.kill();
                panic!("the program did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    pub fn output(&self) -> Vec<u8> {
        std::thread::sleep(Duration::from_millis(100));
        self.raw.lock().unwrap().clone()
    }

    pub fn signal(&self, sig: Signal) {
        let pid = self.child.process_id().unwrap() as i32;
        nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), sig).unwrap();
    }
}

//! The one way the binary prints. Every line meant for a terminal (stdout
//! or stderr) is made safe on its way out ([`zhiban::domain::text::safe`]:
//! no control or bidi character, line breaks kept), whatever it was built
//! from — a catalogue text a school edited, a name from the database, a cell
//! or a file name. Exports (CSV, JSON, Markdown) come from the library
//! already encoded safely and go out byte for byte ([`bytes`]): making them
//! safe again would turn CSV's CRLF into LF. The screens have their own
//! last pass (`tui::terminal::scrub`). `tests/architecture.rs` checks that
//! nothing else in the binary prints.

use std::io::Write;

use zhiban::domain::text::safe;

/// One line on standard output.
pub fn line(s: &str) {
    put(std::io::stdout().lock(), &format!("{}\n", safe(s)));
}

/// Text on standard output as it is laid out (a report), made safe.
pub fn text(s: &str) {
    put(std::io::stdout().lock(), &safe(s));
}

/// One line on standard error.
pub fn err_line(s: &str) {
    put(std::io::stderr().lock(), &format!("{}\n", safe(s)));
}

/// Writes, and when the reader has gone away (`zhiban duty search | head
/// -1`) ends the process quietly, as the shell expects: whatever the
/// command did is done, there is just nobody left to tell. (`println!`
/// would panic with a backtrace.)
fn put(mut w: impl Write, s: &str) {
    if let Err(e) = w.write_all(s.as_bytes()).and_then(|()| w.flush())
        && e.kind() == std::io::ErrorKind::BrokenPipe
    {
        std::process::exit(0);
    }
}

/// Bytes as they are: an export already encoded by the library (CSV
/// cells through `csv_cell`, JSON through `json_escape`), or a workbook
/// to a pipe or a file.
pub fn bytes(b: &[u8]) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(b)?;
    out.flush()
}

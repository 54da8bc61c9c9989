//! The `zhiban` binary: the full-screen interface (`tui`), the headless
//! commands (`cli`) and `zhiban bench`, all on the library's public API.
//! `tui` and `cli` do not import each other; this file joins them.

#![allow(clippy::collapsible_if, clippy::collapsible_match)]

mod bench;
mod cli;
mod out;
mod tui;

use clap::Parser;

fn main() {
    let args = cli::Cli::parse();
    let result = match &args.command {
        None => tui::start(&tui::Options {
            db: args.db.clone(),
            as_login: args.as_login.clone(),
            lang: args.lang.clone(),
            demo: args.demo,
        }),
        Some(cli::Command::Bench { students }) => {
            bench::run(*students, &cli::catalog(args.lang.as_deref()))
        }
        Some(cmd) => cli::run(&args, cmd),
    };
    match result {
        Ok(()) => {}
        // the reader went away (`zhiban export … | head`): nothing to say
        Err(zhiban::error::Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            let t = cli::catalog(args.lang.as_deref());
            out::err_line(&format!("zhiban: {}", t.error(&e)));
            std::process::exit(e.exit_code());
        }
    }
}

use clap::Parser;

fn main() {
    let cli = zhiban::cli::Cli::parse();
    let result = match &cli.command {
        Some(cmd) => zhiban::cli::run(&cli, cmd),
        None => zhiban::tui::start(&cli),
    };
    match result {
        Ok(()) => {}
        // the reader went away (`zhiban export … | head`): nothing to say
        Err(zhiban::error::Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            eprintln!("zhiban: {e}");
            std::process::exit(e.exit_code());
        }
    }
}

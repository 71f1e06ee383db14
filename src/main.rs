//! The `interviewer` binary: parses the command line, runs the subcommand it
//! names (the interview when none), prints human output fitted to the terminal
//! and machine output as it is, and turns errors into messages and exit codes.

use std::process::ExitCode;

use interviewer::cli::{Cli, Commands, Format, TranscriptsCommand};
use interviewer::commands;

fn main() -> ExitCode {
    // A shell asking for completions (`COMPLETE=bash interviewer …`) is
    // answered before anything else runs.
    interviewer::complete::answer_the_shell();
    let cli = Cli::resolved();
    let mut raw = std::io::stdout();
    // Human-readable output goes through the one printer that fits it to the
    // terminal; machine-readable output (JSON, Markdown, HTML, TOML, scripts,
    // roff) is written as it is.
    let machine = match &cli.command {
        Some(Commands::Grade(args)) => args.format != Format::Text,
        Some(Commands::Config(args)) => args.example,
        Some(Commands::Eval(args)) => args.json,
        Some(Commands::Report(_) | Commands::Completions(_) | Commands::Man) => true,
        _ => false,
    };
    let mut printer = interviewer::wrap::Printer::new(
        &mut raw,
        if machine {
            None
        } else {
            interviewer::terminal::width()
        },
    );
    let stdout = &mut printer;
    let result = match &cli.command {
        None => commands::interview::run(&cli.run),
        Some(Commands::Scenarios(args)) => commands::scenarios::run(args, stdout),
        Some(Commands::Grade(args)) => commands::grade::run(args, stdout),
        Some(Commands::Transcripts {
            command: TranscriptsCommand::List(args),
        }) => commands::transcripts::list(args, cli.run.prompts.as_deref(), stdout),
        Some(Commands::Replay(args)) => commands::replay::run(args, stdout),
        Some(Commands::Report(args)) => commands::report::run(args, stdout),
        Some(Commands::Eval(args)) => commands::eval::run(args, stdout),
        Some(Commands::Retry(args)) => commands::retry::run(args, stdout),
        Some(Commands::Resume(args)) => commands::resume::run(args),
        Some(Commands::History(args)) => commands::history::run(args, stdout),
        Some(Commands::Practice(args)) => commands::practice::run(args, stdout),
        Some(Commands::Doctor(args)) => commands::doctor::run(args, stdout),
        Some(Commands::Models(args)) => commands::models::run(&args.server(), stdout),
        Some(Commands::Config(args)) => commands::config::run(args, stdout),
        Some(Commands::Completions(args)) => commands::completions::run(args, stdout),
        Some(Commands::Man) => commands::completions::man(stdout),
        Some(Commands::Paths) => commands::paths::run(stdout).map(|()| 0),
    };
    let result = result.and_then(|code| {
        use std::io::Write as _;
        printer.flush()?;
        Ok(code)
    });
    match result {
        Ok(code) => ExitCode::from(code),
        // A reader that stopped early (`| head`) is a normal end, not an error.
        Err(err) if commands::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let said = format!(
                "error: {}",
                interviewer::sanitize::for_terminal(&commands::describe(&err))
            );
            eprintln!(
                "{}",
                interviewer::wrap::block(&said, interviewer::terminal::stderr_width())
            );
            ExitCode::from(commands::exit_code(&err))
        }
    }
}

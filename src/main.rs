use std::process::ExitCode;

use clap::Parser;
use interviewer::cli::{Cli, Commands, TranscriptsCommand};
use interviewer::commands;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut stdout = std::io::stdout();
    let result = match &cli.command {
        None => commands::interview::run(&cli.run),
        Some(Commands::Scenarios(args)) => commands::scenarios::run(args, &mut stdout),
        Some(Commands::Grade(args)) => commands::grade::run(args, &mut stdout),
        Some(Commands::Transcripts {
            command: TranscriptsCommand::List(args),
        }) => commands::transcripts::list(args, &mut stdout),
        Some(Commands::Replay(args)) => commands::replay::run(args, &mut stdout),
        Some(Commands::Report(args)) => commands::report::run(args, &mut stdout),
        Some(Commands::Eval(args)) => commands::eval::run(args, &mut stdout),
        Some(Commands::Resume(args)) => commands::resume::run(args),
        Some(Commands::History(args)) => commands::history::run(args, &mut stdout),
        Some(Commands::Doctor(args)) => commands::doctor::run(args, &mut stdout),
        Some(Commands::Models(args)) => commands::models::run(&args.server(), &mut stdout),
        Some(Commands::Config(args)) => commands::config::run(args, &mut stdout),
        Some(Commands::Completions(args)) => commands::completions::run(args, &mut stdout),
        Some(Commands::Man) => commands::completions::man(&mut stdout),
        Some(Commands::Paths) => commands::paths::run(&mut stdout).map(|()| 0),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // A reader that stopped early (`| head`) is a normal end, not an error.
        Err(err) if commands::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!(
                "error: {}",
                interviewer::sanitize::for_terminal(&commands::describe(&err))
            );
            ExitCode::from(commands::exit_code(&err))
        }
    }
}

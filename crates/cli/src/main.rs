//! `linkages`: the command line of the Linkages observatory. A thin adapter: it parses
//! arguments (`args`), and each subcommand is one small function (`commands`) that calls
//! the engine or the report crate, shows progress and writes the result.

mod args;
mod commands;
mod progress;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = args::Cli::parse();
    // A cluster's scheduler and executors decode plans recursively (protobuf): a brief's
    // queries nest deeper than a worker's default 2 MiB stack holds.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_stack_size(16 << 20)
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let code = match runtime.block_on(commands::run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    };
    // A query stopped at its time limit may still be computing: do not wait for it.
    runtime.shutdown_background();
    code
}

//! `linkages sql`: a read-only query over the store.

use std::process::ExitCode;

use anyhow::Result;
use linkages_core::SYNTHETIC_NOTE;
use linkages_engine::format::{Format, render};

use super::Env;
use crate::args::SqlArgs;

/// Runs the query and prints its answer.
pub async fn run(env: &Env, a: SqlArgs) -> Result<ExitCode> {
    let mut options = env.session.clone();
    options.limits = linkages_engine::limits::Limits {
        memory: a.max_memory,
        time: a.timeout,
        rows: a.max_rows,
    };
    let session = env.session_with(&a.reading, options).await?;
    let answer = session.query(&a.query).await?;
    print!("{}", render(&answer, a.format)?);
    if a.format == Format::Table {
        println!();
    }
    if session.synthetic() {
        // In a table the label is part of the output; machine formats keep stdout clean.
        if a.format == Format::Table {
            println!("{SYNTHETIC_NOTE}");
        } else {
            eprintln!("note: {SYNTHETIC_NOTE}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

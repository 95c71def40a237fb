//! `linkages versions`: the history of every dataset.

use std::process::ExitCode;

use anyhow::Result;
use linkages_report::datasets;

use super::{Env, dataset};
use crate::args::VersionsArgs;

/// Prints one line per version, oldest first.
pub fn run(env: &Env, a: VersionsArgs) -> Result<ExitCode> {
    let infos = match a.dataset {
        Some(name) => vec![datasets::describe(&env.store, dataset(&name)?)?],
        None => datasets::all(&env.store)?,
    };
    for d in infos {
        if d.versions.is_empty() {
            println!("{}: no versions", d.name);
        }
        for info in &d.versions {
            println!(
                "{} v{}  {}  {} rows  {}{}",
                d.name,
                info.version,
                info.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
                info.rows,
                info.origin,
                if info.synthetic { "  SYNTHETIC" } else { "" }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

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

/// Verifies every version's files against their recorded checksums; exit 1 when any file
/// is damaged or missing.
pub fn check(env: &Env, a: VersionsArgs) -> Result<ExitCode> {
    let datasets = match a.dataset {
        Some(name) => vec![dataset(&name)?],
        None => linkages_core::DATASETS.to_vec(),
    };
    let mut damaged = 0;
    for d in datasets {
        for v in env.store.versions(d)? {
            let found = env.store.check(d, v)?;
            if found.is_empty() {
                println!("{} v{v}: ok", d.name);
            }
            for damage in found {
                damaged += 1;
                println!("{} v{v}: {damage}", d.name);
            }
        }
    }
    Ok(if damaged == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

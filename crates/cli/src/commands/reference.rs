//! `linkages reference`: a reference list as JSON.

use std::process::ExitCode;

use anyhow::Result;
use linkages_report::reference::{LISTS, list};

use crate::args::ReferenceArgs;

/// Prints the list, or names the lists that exist.
pub fn run(a: ReferenceArgs) -> Result<ExitCode> {
    let value = list(&a.list).ok_or_else(|| {
        anyhow::anyhow!(
            "no reference list '{}'; lists: {}",
            a.list,
            LISTS.join(", ")
        )
    })?;
    println!("{}", serde_json::to_string_pretty(&value)?);
    Ok(ExitCode::SUCCESS)
}

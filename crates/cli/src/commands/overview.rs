//! `linkages overview`: the five linkages for a month.

use std::process::ExitCode;

use anyhow::Result;
use linkages_report::{overview, table};

use super::{Env, emit};
use crate::args::OverviewArgs;

/// Computes and writes the overview.
pub async fn run(env: &Env, a: OverviewArgs) -> Result<ExitCode> {
    let session = env.session(&a.reading).await?;
    let period = match a.period {
        Some(p) => p,
        None => overview::latest_period(&session).await?,
    };
    let o = overview::build(&session, period).await?;
    let format = a.output.format;
    let bytes = table::write_grid(&o.grid(a.lang), &o, format, "overview")?;
    emit(&bytes, a.output.output.as_deref(), format.is_binary())?;
    Ok(ExitCode::SUCCESS)
}

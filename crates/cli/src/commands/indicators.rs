//! `linkages indicators` and `linkages series`: the official figures of a slice for a
//! month, and its months.

use std::process::ExitCode;

use anyhow::Result;
use linkages_core::indicator::Spec;
use linkages_report::{TableFormat, series, table};

use super::{Env, emit, note_synthetic};
use crate::args::{IndicatorsArgs, SeriesArgs};

/// Computes and writes an indicator table.
pub async fn run(env: &Env, a: IndicatorsArgs) -> Result<ExitCode> {
    let request = Spec {
        indicator: a.dataset,
        period: a.period,
        by: a.by,
        filters: a.slice.filters,
        unit: a.slice.unit,
        jan_feb: a.jan_feb,
        years: Some(a.years),
    }
    .resolve()?;
    let session = env.session(&a.reading).await?;
    let computed = linkages_engine::indicators::compute(&session, &request).await?;
    let format = a.output.format;
    let bytes = table::write_indicators(&computed, format, a.lang)?;
    emit(&bytes, a.output.output.as_deref(), format.is_binary())?;
    if format != TableFormat::Table {
        note_synthetic(&session);
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints a monthly series as JSON.
pub async fn series(env: &Env, a: SeriesArgs) -> Result<ExitCode> {
    let session = env.session(&a.reading).await?;
    let period = match a.period {
        Some(p) => p,
        None => linkages_report::overview::latest_period(&session).await?,
    };
    let request = Spec {
        indicator: a.indicator,
        period: period.to_string(),
        filters: a.slice.filters,
        unit: a.slice.unit,
        ..Spec::default()
    }
    .resolve()?;
    let s = series::build(&session, &request).await?;
    println!("{}", serde_json::to_string_pretty(&s)?);
    note_synthetic(&session);
    Ok(ExitCode::SUCCESS)
}

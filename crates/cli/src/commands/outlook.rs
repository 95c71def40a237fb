//! `linkages adjust` and `linkages project`: an indicator's slice adjusted for its season
//! and the Spring Festival, and projected with its ranges and its backtest.

use std::process::ExitCode;

use anyhow::Result;
use linkages_core::indicator::Spec;
use linkages_forecast::Window;
use linkages_report::{TableFormat, outlook, table};

use super::{Env, emit, note_synthetic};
use crate::args::OutlookArgs;

/// The request and the holiday window the arguments name.
async fn parsed(
    session: &linkages_engine::Session,
    a: &OutlookArgs,
) -> Result<(linkages_core::Request, Window)> {
    let indicator = linkages_core::indicator::find(&a.indicator)?;
    if let Some(d) = &a.dataset
        && d.trim() != indicator.dataset.name
    {
        anyhow::bail!(
            "--dataset {d}: indicator {} is of the {} dataset",
            indicator.code,
            indicator.dataset.name
        );
    }
    let spec = Spec {
        indicator: a.indicator.clone(),
        period: a.period.map(|p| p.to_string()).unwrap_or_default(),
        by: a.by.clone(),
        filters: a.slice.filters.clone(),
        unit: a.slice.unit.clone(),
        ..Spec::default()
    };
    let window = Window {
        before: a.before,
        after: a.after,
    };
    Ok((outlook::request(session, spec).await?, window))
}

/// Prints the adjusted series and its components (of each member with `--by`).
pub async fn adjust(env: &Env, a: OutlookArgs) -> Result<ExitCode> {
    let session = env.session(&a.reading).await?;
    let (request, window) = parsed(&session, &a).await?;
    let format = a.output.format;
    let bytes = if request.by.is_some() {
        let members = outlook::adjust_by(&session, &request, window).await?;
        table::write_grid(
            &outlook::members_grid(&members, a.lang),
            &members,
            format,
            "adjusted",
        )?
    } else {
        let adjustment = outlook::adjust(&session, &request, window).await?;
        table::write_grid(&adjustment.grid(a.lang), &adjustment, format, "adjusted")?
    };
    emit(&bytes, a.output.output.as_deref(), format.is_binary())?;
    if format != TableFormat::Table {
        note_synthetic(&session);
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the projection, the year's total and the backtest.
pub async fn project(env: &Env, a: OutlookArgs) -> Result<ExitCode> {
    let session = env.session(&a.reading).await?;
    let (request, window) = parsed(&session, &a).await?;
    if request.by.is_some() {
        anyhow::bail!("--by: a projection is of one slice; narrow it with --filter instead");
    }
    let projected = outlook::project(&session, &request, window).await?;
    let name = (request.indicator.name_zh, request.indicator.name_en);
    let format = a.output.format;
    let bytes = table::write_grid(
        &projected.grid(name, a.lang),
        &projected,
        format,
        "projection",
    )?;
    emit(&bytes, a.output.output.as_deref(), format.is_binary())?;
    if format != TableFormat::Table {
        note_synthetic(&session);
    }
    Ok(ExitCode::SUCCESS)
}

//! `linkages targets`: the scoreboard (of the province, or by city), recording or listing a
//! target's progress, and splitting a target among the cities.

use std::process::ExitCode;

use anyhow::Result;
use linkages_registry::audit::AuditAction;
use linkages_registry::{NewRecord, Registry};
use linkages_report::cascade::{self, Basis};
use linkages_report::{scoreboard, table};

use super::{Env, emit};
use crate::args::{RecordArgs, SplitArgs, TargetAction, TargetsArgs};

/// Prints the scoreboard (or the board by city), or records or lists progress, or splits
/// a target among the cities.
pub async fn run(env: &Env, a: TargetsArgs) -> Result<ExitCode> {
    let mut registry = env.registry()?;
    let today = a.on.unwrap_or_else(|| chrono::Local::now().date_naive());
    match a.action {
        Some(TargetAction::Record(r)) => record(&mut registry, r)?,
        Some(TargetAction::History { target }) => print!("{}", history(&registry, &target)?),
        Some(TargetAction::Split(s)) => split(env, &mut registry, s, today).await?,
        None if a.cities || a.city.is_some() => {
            let session = env.session(&crate::args::Reading { as_of: None }).await?;
            let read = cascade::read(&registry)?;
            let board = cascade::build(&session, read, today, a.city).await?;
            let format = a.output.format;
            let bytes = table::write_grid(&board.grid(a.lang), &board, format, "targets-cities")?;
            emit(&bytes, a.output.output.as_deref(), format.is_binary())?;
        }
        None => {
            let session = env.session(&crate::args::Reading { as_of: None }).await?;
            let targets = scoreboard::read(&registry, a.linkage)?;
            let board = scoreboard::build(&session, targets, today).await?;
            let format = a.output.format;
            let bytes = table::write_grid(&board.grid(a.lang), &board, format, "targets")?;
            emit(&bytes, a.output.output.as_deref(), format.is_binary())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Splits a target among the cities and prints the split.
async fn split(
    env: &Env,
    registry: &mut Registry,
    s: SplitArgs,
    today: chrono::NaiveDate,
) -> Result<()> {
    let target = registry.target(&s.target)?;
    let history = registry.history(&s.target)?;
    let session = env.session(&crate::args::Reading { as_of: None }).await?;
    let new = cascade::new_split(
        &session,
        (&target, &history),
        s.year,
        Basis::named(
            s.values.clone(),
            s.document.clone(),
            s.shares_of.as_deref(),
            (s.basis_year, s.year, today),
        )?,
        &s.entered_by,
    )
    .await?;
    let outcome = registry.add_split(&new, &chrono::Utc::now().to_rfc3339());
    super::users::audit(
        registry,
        AuditAction::RecordProgress,
        &format!("{} split", s.target),
        outcome.as_ref().err(),
    )?;
    let split = outcome?;
    println!(
        "split #{} of {}{} among {} cities ({}: {})",
        split.id,
        split.target_id,
        split.year.map(|y| format!(" for {y}")).unwrap_or_default(),
        split.parts.len(),
        split.rule.code(),
        cascade::basis_text(&split, linkages_core::Lang::En)
    );
    for p in &split.parts {
        let name = linkages_core::classify::city(&p.city).map_or("", |c| c.name_en);
        let share = p
            .share_pct
            .map(|s| format!(" ({s:.1}%)"))
            .unwrap_or_default();
        println!("  {} {name}: {}{share}", p.city, p.value);
    }
    Ok(())
}

fn record(registry: &mut Registry, r: RecordArgs) -> Result<()> {
    let target = r.target.clone();
    let outcome = registry.record_now(&NewRecord {
        target_id: r.target,
        value: r.value,
        as_of: r.date,
        source: r.source,
        entered_by: r.entered_by,
        unit: r.unit,
        corrects: r.corrects,
        note: r.note,
        city: r.city.map(|c| c.code.to_string()),
    });
    super::users::audit(
        registry,
        AuditAction::RecordProgress,
        &target,
        outcome.as_ref().err(),
    )?;
    let record = outcome?;
    println!(
        "recorded #{}: {} = {} on {} ({}, entered by {})",
        record.id, record.target_id, record.value, record.as_of, record.source, record.entered_by
    );
    Ok(())
}

/// Every record of a target, one line each.
fn history(registry: &Registry, target: &str) -> Result<String> {
    let mut out = String::new();
    for r in registry.history(target)? {
        out += &format!(
            "#{} {} {} source: {}; entered by {} at {}{}{}\n",
            r.id,
            r.as_of,
            r.value,
            r.source,
            r.entered_by,
            r.entered_at,
            r.corrects
                .map(|c| format!("; corrects #{c}"))
                .unwrap_or_default(),
            if r.superseded { "; SUPERSEDED" } else { "" }
        );
    }
    Ok(out)
}

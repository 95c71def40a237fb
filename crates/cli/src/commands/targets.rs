//! `linkages targets`: the scoreboard, and recording or listing a target's progress.

use std::process::ExitCode;

use anyhow::Result;
use linkages_registry::audit::AuditAction;
use linkages_registry::{NewRecord, Registry};
use linkages_report::{scoreboard, table};

use super::{Env, emit};
use crate::args::{RecordArgs, TargetAction, TargetsArgs};

/// Prints the scoreboard, or records or lists progress.
pub async fn run(env: &Env, a: TargetsArgs) -> Result<ExitCode> {
    let mut registry = env.registry()?;
    match a.action {
        Some(TargetAction::Record(r)) => record(&mut registry, r)?,
        Some(TargetAction::History { target }) => print!("{}", history(&registry, &target)?),
        None => {
            let session = env.session(&crate::args::Reading { as_of: None }).await?;
            let today = a.on.unwrap_or_else(|| chrono::Local::now().date_naive());
            let targets = scoreboard::read(&registry, a.linkage)?;
            let board = scoreboard::build(&session, targets, today).await?;
            let format = a.output.format;
            let bytes = table::write_grid(&board.grid(a.lang), &board, format, "targets")?;
            emit(&bytes, a.output.output.as_deref(), format.is_binary())?;
        }
    }
    Ok(ExitCode::SUCCESS)
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

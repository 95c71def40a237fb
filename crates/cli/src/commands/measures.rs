//! `linkages measures`: every measure by part with its judgement, and writing or reviewing
//! a progress note (audited).

use std::process::ExitCode;

use anyhow::Result;
use linkages_registry::audit::AuditAction;
use linkages_registry::notes::NewNote;
use linkages_report::{measures, table};

use super::users::{audit, cli_user};
use super::{Env, emit};
use crate::args::{MeasureAction, MeasuresArgs};

/// Prints every measure, or writes a note or a review.
pub fn run(env: &Env, a: MeasuresArgs) -> Result<ExitCode> {
    let mut registry = env.registry()?;
    let (by, at) = (cli_user(), chrono::Utc::now().to_rfc3339());
    match a.action {
        None => {
            let board = measures::read(&registry)?;
            let format = a.output.format;
            let bytes = table::write_grid(&board.grid(a.lang), &board, format, "measures")?;
            emit(&bytes, a.output.output.as_deref(), format.is_binary())?;
        }
        Some(MeasureAction::Note {
            measure,
            judgement,
            date,
            text,
            source,
            corrects,
        }) => {
            let new = NewNote {
                measure_id: measure.clone(),
                as_of: date,
                judgement,
                text,
                source,
                entered_by: by,
                corrects,
            };
            let outcome = registry.add_note(&new, chrono::Local::now().date_naive(), &at);
            audit(
                &registry,
                AuditAction::RecordProgress,
                &format!("note of {measure}"),
                outcome.as_ref().err(),
            )?;
            let n = outcome?;
            println!(
                "note #{} of {}: {} on {} (awaiting review)",
                n.id,
                n.measure_id,
                n.judgement.code(),
                n.as_of
            );
        }
        Some(MeasureAction::Review {
            id,
            returned,
            comment,
        }) => {
            let outcome = registry.review_note(id, !returned, comment.as_deref(), &by, &at);
            audit(
                &registry,
                AuditAction::RecordProgress,
                &format!("review of note #{id}"),
                outcome.as_ref().err(),
            )?;
            let n = outcome?;
            println!(
                "note #{} {}",
                n.id,
                if returned { "returned" } else { "accepted" }
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

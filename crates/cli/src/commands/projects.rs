//! `linkages projects`: the investment project pipeline, and adding, moving, merging and
//! importing projects (each change audited).

use std::process::ExitCode;

use anyhow::Result;
use linkages_core::pipeline::{Amounts, NewProject};
use linkages_registry::Registry;
use linkages_registry::audit::AuditAction;
use linkages_registry::projects::{Added, Entered};
use linkages_report::{pipeline, table};

use super::users::{audit, cli_user};
use super::{Env, emit};
use crate::args::{EncodingArg, ProjectAction, ProjectAddArgs, ProjectFilterArgs, ProjectsArgs};

/// Prints the pipeline (or it against the statistics), or makes the change asked for.
pub async fn run(env: &Env, a: ProjectsArgs) -> Result<ExitCode> {
    let mut registry = env.registry()?;
    if let Some(year) = a.against_statistics {
        return against_statistics(env, &registry, &a, year).await;
    }
    let Some(action) = a.action else {
        let today = a.on.unwrap_or_else(|| chrono::Local::now().date_naive());
        let (projects, synthetic) = pipeline::read(&registry, None)?;
        let board = pipeline::build(projects, synthetic, &filter(a.filter), today);
        let format = a.output.format;
        let bytes = table::write_grid(&board.grid(a.lang), &board, format, "projects")?;
        emit(&bytes, a.output.output.as_deref(), format.is_binary())?;
        return Ok(ExitCode::SUCCESS);
    };
    let (by, at) = (cli_user(), chrono::Utc::now().to_rfc3339());
    match action {
        ProjectAction::Add(p) => add(&mut registry, p, &by, &at),
        ProjectAction::Move {
            id,
            stage,
            date,
            evidence,
            correction,
        } => {
            let entered = Entered {
                by: &by,
                at: &at,
                evidence: &evidence,
            };
            let outcome = registry.move_project(id, stage, date, correction, &entered);
            audit(
                &registry,
                AuditAction::Project,
                &format!("project {id} → {stage}"),
                outcome.as_ref().err(),
            )?;
            let p = outcome?;
            println!("project {} ({}) is at {} since {date}", p.id, p.name, stage);
            Ok(ExitCode::SUCCESS)
        }
        ProjectAction::Merge {
            from,
            into,
            evidence,
        } => {
            let entered = Entered {
                by: &by,
                at: &at,
                evidence: &evidence,
            };
            let outcome = registry.merge_projects(from, into, &entered);
            audit(
                &registry,
                AuditAction::Project,
                &format!("merge project {from} into {into}"),
                outcome.as_ref().err(),
            )?;
            let p = outcome?;
            println!(
                "project {from} merged into {} ({}); both are kept",
                p.id, p.name
            );
            Ok(ExitCode::SUCCESS)
        }
        ProjectAction::Import {
            file,
            sheet,
            encoding,
            evidence,
        } => {
            let entered = Entered {
                by: &by,
                at: &at,
                evidence: &evidence,
            };
            import(&mut registry, &file, sheet.as_deref(), encoding, &entered)
        }
    }
}

/// The projects' actual investment of `year` by city beside the official figures.
async fn against_statistics(
    env: &Env,
    registry: &Registry,
    a: &ProjectsArgs,
    year: i32,
) -> Result<ExitCode> {
    let projects = pipeline::read_year(registry, a.filter.city.map(|c| c.code), year)?;
    let session = env.session(&crate::args::Reading { as_of: None }).await?;
    let (rows, provenance) = pipeline::against_statistics(&session, projects, year).await?;
    let mut grid = pipeline::explained_grid(&rows, year, a.lang);
    grid.footer.push(format!(
        "{} v{}: {}",
        provenance.dataset, provenance.version, provenance.sql
    ));
    let format = a.output.format;
    let bytes = table::write_grid(&grid, &rows, format, "projects-against-statistics")?;
    emit(&bytes, a.output.output.as_deref(), format.is_binary())?;
    Ok(ExitCode::SUCCESS)
}

/// Imports a project list and prints its account: every row read is added, merged or
/// quarantined (exit status 2 when any is quarantined).
fn import(
    registry: &mut Registry,
    file: &std::path::Path,
    sheet: Option<&str>,
    encoding: EncodingArg,
    entered: &Entered,
) -> Result<ExitCode> {
    let outcome = pipeline::import(registry, file, sheet, encoding.into(), entered);
    let object = format!("import {}", file.display());
    audit(
        registry,
        AuditAction::Project,
        &object,
        outcome.as_ref().err(),
    )?;
    let r = outcome?;
    println!(
        "import #{} of {}: {} rows read = {} new projects + {} of projects already held + {} quarantined",
        r.id,
        r.file,
        r.rows_read,
        r.added,
        r.merged,
        r.quarantine.len()
    );
    for q in &r.quarantine {
        println!(
            "  row {} column '{}' value '{}': {}",
            q.row, q.column, q.value, q.reason
        );
    }
    Ok(if r.quarantine.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn filter(f: ProjectFilterArgs) -> pipeline::Filter {
    pipeline::Filter {
        city: f.city.map(|c| c.code),
        country: f.country,
        industry: f.industry,
        cluster: f.cluster,
        stage: f.stage,
        large: f.large,
    }
}

fn add(registry: &mut Registry, p: ProjectAddArgs, by: &str, at: &str) -> Result<ExitCode> {
    let new = NewProject {
        name: p.name,
        investor: p.investor,
        country: p.country.into(),
        industry: p.industry.into(),
        cluster: p.cluster.map(Into::into),
        city: p.city.code.into(),
        top_leader: p.top_leader,
        landmark: p.landmark,
        planned_start: p.planned_start,
        stage: p.stage,
        on: p.date,
        event: p.event,
        amounts: Amounts {
            planned_usd: p.planned_usd,
            contracted_usd: p.contracted_usd,
            actual_usd: p.actual_usd,
            ..Amounts::default()
        },
    };
    let entered = Entered {
        by,
        at,
        evidence: &p.evidence,
    };
    let outcome = registry.add_project(&new, &entered);
    audit(
        registry,
        AuditAction::Project,
        &format!("add project {}", new.name),
        outcome.as_ref().err(),
    )?;
    match outcome? {
        Added::New(id) => println!("project {id} added: {}", new.name),
        Added::Merged(id) => println!(
            "project {id} already held (same investor, name and city): recorded as seen again"
        ),
    }
    Ok(ExitCode::SUCCESS)
}

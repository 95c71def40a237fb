//! `linkages ingest`: files in, one new version out, the report of every row.

use std::process::ExitCode;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use linkages_core::DecimalMark;
use linkages_core::dataset::WORLD_BILATERAL;
use linkages_engine::{Chunking, IngestOptions, IngestReport, Mode, SourceReport, Values};
use linkages_markets::{baci, comtrade};

use super::{Env, dataset};
use crate::args::{IngestArgs, ModeArg, ReportFormat, ValuesArg};
use crate::progress::BarProgress;

/// Ingests the files; fails (exit 1) when nothing was committed.
pub async fn run(env: &Env, a: IngestArgs) -> Result<ExitCode> {
    let options = IngestOptions {
        mode: match a.mode {
            ModeArg::ReplacePeriods => Mode::ReplacePeriods,
            ModeArg::ReplaceAll => Mode::ReplaceAll,
        },
        encoding: a.encoding.into(),
        sheet: a.sheet,
        strict: a.strict,
        fixed: a.fixed,
        decimal: if a.decimal_comma {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        },
        values: match a.values {
            ValuesArg::Month => Values::Month,
            ValuesArg::Ytd => Values::Ytd,
        },
        chunking: match a.threads {
            Some(0) => None,
            Some(threads) => Some(Chunking {
                threads,
                ..Chunking::default()
            }),
            None => Some(Chunking::default()),
        },
    };
    let dataset = dataset(&a.dataset)?;
    let converted = match (&a.baci_countries, a.comtrade) {
        (Some(countries), _) => Some(from_baci(dataset.name, countries, &a.files)?),
        (None, true) => Some(from_comtrade(dataset.name, &a.files)?),
        (None, false) => None,
    };
    let files = converted.as_ref().map_or(a.files.clone(), |c| c.1.clone());
    let progress = BarProgress::new();
    let report = linkages_engine::ingest(&env.store, dataset, &files, &options, &progress)
        .await
        .map_err(|e| {
            anyhow::anyhow!("{e}\nnothing was committed: the store holds what it held before")
        })?;
    progress.bar.finish_and_clear();
    match a.format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        ReportFormat::Text => print!("{}", text(&report)),
    }
    if report.version.is_some() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "error: nothing committed: {}",
        if report.rows_stored == 0 {
            "no valid rows"
        } else {
            "--strict and some rows were rejected"
        }
    );
    Ok(ExitCode::FAILURE)
}

/// Files rewritten by `convert(input, name, output)` as `world_bilateral` CSV files of the
/// same names (line for line, so the quarantine's line numbers are the source's) in a
/// temporary directory; `convert` returns what to tell the user of each.
fn rewritten(
    dataset: &str,
    flag: &str,
    files: &[PathBuf],
    mut convert: impl FnMut(std::fs::File, &str, std::io::BufWriter<std::fs::File>) -> Result<String>,
) -> Result<(tempfile::TempDir, Vec<PathBuf>)> {
    if dataset != WORLD_BILATERAL.name {
        anyhow::bail!("{flag} reads files into world_bilateral, not {dataset}");
    }
    let dir = tempfile::tempdir()?;
    let mut out = Vec::new();
    for file in files {
        let target = dir.path().join(name(file));
        let writer = std::io::BufWriter::new(std::fs::File::create(&target)?);
        let said = convert(open(file)?, &name(file), writer)?;
        eprintln!("{}: {said}", name(file));
        out.push(target);
    }
    Ok((dir, out))
}

fn open(p: &Path) -> Result<std::fs::File> {
    std::fs::File::open(p).with_context(|| format!("cannot read {}", p.display()))
}

fn name(p: &Path) -> String {
    p.file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned())
}

/// BACI's data files, read through its country table.
fn from_baci(
    dataset: &str,
    countries: &Path,
    files: &[PathBuf],
) -> Result<(tempfile::TempDir, Vec<PathBuf>)> {
    let table = baci::Countries::read(open(countries)?, &name(countries))?;
    rewritten(dataset, "--baci-countries", files, |input, file, output| {
        let rows = baci::to_csv(input, file, &table, output)?;
        Ok(format!(
            "{rows} BACI rows; values in thousands of US dollars (千美元)"
        ))
    })
}

/// Comtrade's bulk files: exports as flows, the other rows to the quarantine.
fn from_comtrade(dataset: &str, files: &[PathBuf]) -> Result<(tempfile::TempDir, Vec<PathBuf>)> {
    rewritten(dataset, "--comtrade", files, |input, file, output| {
        let carried = comtrade::to_csv(input, file, output)?;
        let mut said = format!(
            "{} Comtrade export flows; values in US dollars",
            carried.flows
        );
        for (reason, rows) in &carried.not_flows {
            said += &format!("\n  {rows} rows {reason}: quarantined");
        }
        Ok(said)
    })
}

/// The report for people: per file, rows read = stored + quarantined, and what else the
/// file held (lines, titles, units).
fn text(report: &IngestReport) -> String {
    let mut out = match report.version {
        Some(v) => format!(
            "{}: version {v} committed{}\n",
            report.dataset,
            report
                .previous
                .map(|p| format!(" (previous: {p})"))
                .unwrap_or_default()
        ),
        None => format!("{}: nothing committed\n", report.dataset),
    };
    for s in &report.sources {
        out += &source(s);
    }
    out += &format!(
        "  total: {} rows read = {} stored + {} quarantined\n",
        report.rows_read, report.rows_stored, report.rows_quarantined
    );
    if report.rows_carried_over > 0 {
        out += &format!(
            "  {} rows of other periods kept from version {}\n",
            report.rows_carried_over,
            report.previous.unwrap_or(0)
        );
    }
    for c in &report.combined {
        out += &format!("  cumulative values: {c} (one value for several months)\n");
    }
    if let Some(q) = &report.quarantine {
        out += &format!("  quarantine report: {}\n", q.display());
    }
    out
}

/// One file's lines of the report.
fn source(s: &SourceReport) -> String {
    let mut out = format!(
        "  {}: {} rows read = {} stored + {} quarantined\n",
        s.path.display(),
        s.rows_read,
        s.rows_stored,
        s.rows_quarantined
    );
    if let Some(lines) = s.lines {
        out += &format!(
            "    {lines} lines: header on line {}, {} title rows, {} blank, the rest in {} rows\n",
            s.header_row,
            s.title_rows.len(),
            s.blank_rows,
            s.rows_read
        );
    }
    for t in &s.title_rows {
        out += &format!("    title (not data): {t}\n");
    }
    for u in &s.units {
        out += &format!(
            "    unit: '{}' gives {} ({} × 10^{})\n",
            u.header, u.unit, u.column, u.exp10
        );
    }
    if !s.ignored_columns.is_empty() {
        out += &format!(
            "    ignored columns (not stored): {}\n",
            s.ignored_columns.join(", ")
        );
    }
    out
}

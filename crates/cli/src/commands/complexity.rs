//! `linkages complexity`: economic complexity of any location × product CSV table.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use linkages_complexity::table::{self, Columns};
use linkages_complexity::{Options, PciNormalisation, Presence, ProximityKind, compute};

use crate::args::{CellFormat, ComplexityArgs};

/// Reads the table, computes every year, and writes one row per location × product.
pub fn run(a: ComplexityArgs) -> Result<ExitCode> {
    let options = Options {
        threshold: a.threshold,
        strict: a.strict,
        pci: if a.pci_own {
            PciNormalisation::Own
        } else {
            PciNormalisation::EciMoments
        },
        proximity: if a.continuous {
            ProximityKind::Continuous
        } else {
            ProximityKind::Discrete
        },
        proximity_diagonal: a.proximity_diagonal,
        presence: if a.continuous_presence {
            Presence::Continuous
        } else {
            Presence::Binary
        },
    };
    let columns = Columns {
        location: a.location,
        product: a.product,
        value: a.value,
        year: a.year,
    };
    if a.format != CellFormat::Parquet {
        write(
            &a.file,
            &columns,
            &options,
            a.format == CellFormat::Json,
            a.output,
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    // Parquet: the CSV form, converted by the engine (which holds the Parquet writer).
    let target = a
        .output
        .context("--format parquet needs --output FILE.parquet")?;
    let csv = tempfile::Builder::new()
        .suffix(".csv")
        .tempfile()
        .context("cannot create a temporary file")?;
    write(
        &a.file,
        &columns,
        &options,
        false,
        Some(csv.path().to_path_buf()),
    )?;
    linkages_engine::format::csv_to_parquet(csv.path(), &target, &["year", "location", "product"])?;
    Ok(ExitCode::SUCCESS)
}

fn write(
    file: &std::path::Path,
    columns: &Columns,
    options: &Options,
    json: bool,
    output: Option<PathBuf>,
) -> Result<()> {
    let started = std::time::Instant::now();
    let read = table::read(file, columns)?;
    if read.skipped > 0 {
        eprintln!("{} rows without a value skipped", read.skipped);
    }
    tracing::debug!(elapsed = ?started.elapsed(), "read");
    let mut out: Box<dyn Write + Send> = match &output {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout())),
    };
    let header = if json {
        "[".into()
    } else {
        table::csv_header()
    };
    out.write_all(header.as_bytes())?;
    let mut first = true;
    for (year, builder) in read.years {
        let r = compute(&builder.build(), options).with_context(|| format!("year '{year}'"))?;
        tracing::debug!(elapsed = ?started.elapsed(), year, "computed");
        eprintln!("{}", table::summary(&year, &r));
        if json {
            table::write_json(&mut out, &year, &r, &mut first)?;
        } else {
            out = table::write_csv(out, &year, &r)?;
        }
        tracing::debug!(elapsed = ?started.elapsed(), year, "written");
    }
    if json {
        writeln!(out, "\n]")?;
    }
    out.flush()?;
    Ok(())
}

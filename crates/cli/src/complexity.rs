//! `linkages complexity`: economic complexity of any location × product CSV table.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use linkages_complexity::{CELL_FIGURES, MatrixBuilder, Options, compute};

/// Column names of the input table.
pub struct Columns {
    pub location: String,
    pub product: String,
    pub value: String,
    pub year: Option<String>,
}

/// Output format of `linkages complexity`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// CSV with a header row.
    Csv,
    /// A JSON array of objects.
    Json,
    /// A Parquet file (needs `--output`).
    Parquet,
}

/// Reads the table, computes every year, and writes one row per location × product.
pub fn run(
    file: &Path,
    columns: &Columns,
    options: &Options,
    format: Output,
    output: Option<PathBuf>,
) -> Result<()> {
    if format == Output::Parquet {
        let target = output.context("--format parquet needs --output FILE.parquet")?;
        let csv = tempfile::Builder::new()
            .suffix(".csv")
            .tempfile()
            .context("cannot create a temporary file")?;
        write(
            file,
            columns,
            options,
            false,
            Some(csv.path().to_path_buf()),
        )?;
        linkages_engine::format::csv_to_parquet(
            csv.path(),
            &target,
            &["year", "location", "product"],
        )?;
        return Ok(());
    }
    write(file, columns, options, format == Output::Json, output)
}

fn write(
    file: &Path,
    columns: &Columns,
    options: &Options,
    json: bool,
    output: Option<PathBuf>,
) -> Result<()> {
    let mut reader =
        csv::Reader::from_path(file).with_context(|| format!("cannot open {}", file.display()))?;
    let header = reader
        .headers()
        .with_context(|| format!("{}: cannot read the header", file.display()))?
        .clone();
    let find = |name: &str| {
        header.iter().position(|h| h == name).with_context(|| {
            format!(
                "{}: no column '{name}' (columns: {})",
                file.display(),
                header.iter().collect::<Vec<_>>().join(", ")
            )
        })
    };
    let (l, p, v) = (
        find(&columns.location)?,
        find(&columns.product)?,
        find(&columns.value)?,
    );
    let y = columns.year.as_deref().map(find).transpose()?;
    let mut years: BTreeMap<String, MatrixBuilder> = BTreeMap::new();
    let mut skipped = 0u64;
    // One record buffer for the whole file; cells are checked as UTF-8 only where used.
    let mut record = csv::ByteRecord::new();
    let mut row = 1;
    let cell = |record: &csv::ByteRecord, i: usize, row: usize| -> Result<String> {
        let bytes = record.get(i).unwrap_or_default();
        std::str::from_utf8(bytes).map(str::to_string).map_err(|_| {
            anyhow::anyhow!(
                "{}: row {row}, column {}: not UTF-8 text",
                file.display(),
                i + 1
            )
        })
    };
    while reader
        .read_byte_record(&mut record)
        .with_context(|| format!("{}: row {}: cannot read", file.display(), row + 1))?
    {
        row += 1;
        let raw = cell(&record, v, row)?;
        let raw = raw.trim();
        if raw.is_empty() {
            skipped += 1; // an absent value: no trade recorded
            continue;
        }
        let value: f64 = raw.parse().map_err(|_| {
            anyhow::anyhow!(
                "{}: row {row}, column '{}': '{raw}' is not a number",
                file.display(),
                columns.value
            )
        })?;
        let year = y
            .map(|y| cell(&record, y, row))
            .transpose()?
            .unwrap_or_default();
        let builder = years.entry(year).or_default();
        builder
            .add(&cell(&record, l, row)?, &cell(&record, p, row)?, value)
            .with_context(|| format!("{}: row {row}", file.display()))?;
    }
    if years.is_empty() {
        bail!("{}: no rows with a value", file.display());
    }
    if skipped > 0 {
        eprintln!("{skipped} rows without a value skipped");
    }
    let mut out: Box<dyn Write> = match &output {
        Some(path) => Box::new(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    if json {
        write!(out, "[")?;
    } else {
        writeln!(out, "year,location,product,{}", CELL_FIGURES.join(","))?;
    }
    let mut first = true;
    let mut floats = ryu::Buffer::new();
    for (year, builder) in years {
        let r = compute(&builder.build(), options).with_context(|| format!("year '{year}'"))?;
        let e = &r.excluded;
        eprintln!(
            "{}{} locations x {} products; left out: {} locations and {} products without trade, {} locations without a presence, {} products without a presence{}",
            if year.is_empty() {
                String::new()
            } else {
                format!("{year}: ")
            },
            r.locations.len(),
            r.products.len(),
            e.zero_value_locations.len(),
            e.zero_value_products.len(),
            e.zero_diversity_locations.len(),
            e.zero_ubiquity_products.len(),
            if r.spectrum.degenerate {
                "; WARNING: repeated eigenvalue, the ECI ranking is not unique"
            } else {
                ""
            }
        );
        for (c, loc) in r.locations.iter().enumerate() {
            for (p, prod) in r.products.iter().enumerate() {
                let numbers = r.cell(c, p);
                if json {
                    let mut object = serde_json::Map::new();
                    object.insert("year".into(), year.clone().into());
                    object.insert("location".into(), loc.clone().into());
                    object.insert("product".into(), prod.clone().into());
                    for (name, x) in CELL_FIGURES.iter().zip(numbers) {
                        // JSON has no NaN: absent figures are null.
                        object.insert(
                            (*name).into(),
                            serde_json::Number::from_f64(x)
                                .map_or(serde_json::Value::Null, Into::into),
                        );
                    }
                    write!(
                        out,
                        "{}{}",
                        if first { "\n" } else { ",\n" },
                        serde_json::Value::Object(object)
                    )?;
                } else {
                    let quote = |s: &str| {
                        if s.contains([',', '"', '\n']) {
                            format!("\"{}\"", s.replace('"', "\"\""))
                        } else {
                            s.to_string()
                        }
                    };
                    write!(out, "{},{},{}", quote(&year), quote(loc), quote(prod))?;
                    // ryu: the shortest exact form, several times faster than `{x}`
                    // over the millions of numbers a large panel writes.
                    for x in numbers {
                        out.write_all(b",")?;
                        if x.is_finite() {
                            out.write_all(floats.format_finite(x).as_bytes())?;
                        }
                    }
                    out.write_all(b"\n")?;
                }
                first = false;
            }
        }
    }
    if json {
        writeln!(out, "\n]")?;
    }
    out.flush()?;
    Ok(())
}

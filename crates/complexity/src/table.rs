//! Reading a location × product table from CSV into one matrix per year, and writing the
//! figures of every cell as CSV or JSON: the table form of `linkages complexity`. Large
//! tables are read in pieces on every core and written in parallel blocks; every error
//! names the file, the row and the column.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use faer::Mat;
use rayon::prelude::*;

use crate::{CELL_FIGURES, Complexity, MatrixBuilder};

/// Why a table could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    /// The file, a row or a cell cannot be used; the message names where.
    #[error("{0}")]
    Input(String),
    /// A matrix could not be built from the rows (duplicate or bad cells).
    #[error("{context}: {source}")]
    Matrix {
        /// Where (file and row).
        context: String,
        /// What was wrong.
        source: crate::Error,
    },
    /// Writing the output failed.
    #[error("cannot write the output: {0}")]
    Write(#[from] std::io::Error),
}

type Result<T, E = TableError> = std::result::Result<T, E>;

fn input(message: String) -> TableError {
    TableError::Input(message)
}

/// Column names of the input table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// Column of locations (countries, regions).
    pub location: String,
    /// Column of products.
    pub product: String,
    /// Column of values (exports); empty cells are no trade.
    pub value: String,
    /// Column of years; without it the whole table is one year.
    pub year: Option<String>,
}

/// A table as read: one matrix builder per year, and the rows without a value.
pub struct Table {
    /// Matrix builders by year (the empty string without a year column).
    pub years: Years,
    /// Rows without a value (no trade recorded), skipped.
    pub skipped: u64,
}

/// Matrix builders by year (the empty string without a year column).
pub type Years = BTreeMap<String, MatrixBuilder>;

/// Positions of the columns used.
#[derive(Clone, Copy)]
struct Positions {
    location: usize,
    product: usize,
    value: usize,
    year: Option<usize>,
}

/// Reads the table into one matrix builder per year.
///
/// Large files without quotes are cut at line ends and the pieces parsed on all cores;
/// if anything in them is wrong, the file is parsed again in one piece, which reports the
/// first problem with its row.
pub fn read(file: &Path, columns: &Columns) -> Result<Table> {
    let bytes =
        std::fs::read(file).map_err(|e| input(format!("cannot open {}: {e}", file.display())))?;
    let mut reader = csv::Reader::from_reader(bytes.as_slice());
    let header = reader
        .headers()
        .map_err(|e| input(format!("{}: cannot read the header: {e}", file.display())))?
        .clone();
    let find = |name: &str| {
        header.iter().position(|h| h == name).ok_or_else(|| {
            input(format!(
                "{}: no column '{name}' (columns: {})",
                file.display(),
                header.iter().collect::<Vec<_>>().join(", ")
            ))
        })
    };
    let positions = Positions {
        location: find(&columns.location)?,
        product: find(&columns.product)?,
        value: find(&columns.value)?,
        year: columns.year.as_deref().map(find).transpose()?,
    };
    let body = &bytes[reader.position().byte() as usize..];
    let pieces = rayon::current_num_threads();
    let parallel = (pieces > 1 && body.len() > 1 << 20 && !body.contains(&b'"'))
        .then(|| read_pieces(body, positions, pieces))
        .flatten();
    let (years, skipped) = match parallel {
        Some(read) => read,
        None => parse(reader, positions, file, &columns.value)?,
    };
    if years.is_empty() {
        return Err(input(format!("{}: no rows with a value", file.display())));
    }
    Ok(Table { years, skipped })
}

/// Parses `body` in `pieces` pieces cut at line ends, in parallel, and merges them; `None`
/// if any piece has a problem.
fn read_pieces(body: &[u8], positions: Positions, pieces: usize) -> Option<(Years, u64)> {
    let mut cuts = vec![0];
    for i in 1..pieces {
        let from = (body.len() * i / pieces).max(*cuts.last()?);
        let end = body[from..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(body.len(), |n| from + n + 1);
        cuts.push(end);
    }
    cuts.push(body.len());
    let parsed: Vec<Option<(Years, u64)>> = cuts
        .windows(2)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|cut| {
            let reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(&body[cut[0]..cut[1]]);
            parse(reader, positions, Path::new(""), "").ok()
        })
        .collect();
    let mut parsed = parsed.into_iter();
    let (mut years, mut skipped) = parsed.next()??;
    for piece in parsed {
        let (more, more_skipped) = piece?;
        skipped += more_skipped;
        for (year, builder) in more {
            match years.get_mut(&year) {
                Some(first) => first.merge(builder).ok()?,
                None => {
                    years.insert(year, builder);
                }
            }
        }
    }
    Some((years, skipped))
}

/// Parses records into matrix builders by year, and counts rows without a value. Errors
/// name the file, the row (counted from the header, row 1) and the column.
fn parse<R: std::io::Read>(
    mut reader: csv::Reader<R>,
    at: Positions,
    file: &Path,
    value_column: &str,
) -> Result<(Years, u64)> {
    fn cell<'r>(file: &Path, record: &'r csv::ByteRecord, i: usize, row: usize) -> Result<&'r str> {
        std::str::from_utf8(record.get(i).unwrap_or_default()).map_err(|_| {
            input(format!(
                "{}: row {row}, column {}: not UTF-8 text",
                file.display(),
                i + 1
            ))
        })
    }
    let mut years = Years::new();
    let mut skipped = 0u64;
    // One record buffer for the whole file; cells are checked as UTF-8 only where used and
    // borrowed, not copied (labels are interned by the builder).
    let mut record = csv::ByteRecord::new();
    let mut row = 1;
    while reader.read_byte_record(&mut record).map_err(|e| {
        input(format!(
            "{}: row {}: cannot read: {e}",
            file.display(),
            row + 1
        ))
    })? {
        row += 1;
        let raw = cell(file, &record, at.value, row)?.trim();
        if raw.is_empty() {
            skipped += 1; // an absent value: no trade recorded
            continue;
        }
        let value: f64 = raw.parse().map_err(|_| {
            input(format!(
                "{}: row {row}, column '{value_column}': '{raw}' is not a number",
                file.display(),
            ))
        })?;
        let year = at
            .year
            .map(|y| cell(file, &record, y, row))
            .transpose()?
            .unwrap_or("");
        let (location, product) = (
            cell(file, &record, at.location, row)?,
            cell(file, &record, at.product, row)?,
        );
        if !years.contains_key(year) {
            years.insert(year.to_string(), MatrixBuilder::new());
        }
        if let Some(builder) = years.get_mut(year) {
            builder
                .add(location, product, value)
                .map_err(|source| TableError::Matrix {
                    context: format!("{}: row {row}", file.display()),
                    source,
                })?;
        }
    }
    Ok((years, skipped))
}

/// What was computed and what was left out, as one line for people.
pub fn summary(year: &str, r: &Complexity) -> String {
    let e = &r.excluded;
    format!(
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
    )
}

/// Writes one JSON object per location × product (after the first, each led by a comma).
pub fn write_json(out: &mut dyn Write, year: &str, r: &Complexity, first: &mut bool) -> Result<()> {
    for (c, loc) in r.locations.iter().enumerate() {
        for (p, prod) in r.products.iter().enumerate() {
            let mut object = serde_json::Map::new();
            object.insert("year".into(), year.into());
            object.insert("location".into(), loc.clone().into());
            object.insert("product".into(), prod.clone().into());
            for (name, x) in CELL_FIGURES.iter().zip(r.cell(c, p)) {
                // JSON has no NaN: absent figures are null.
                object.insert(
                    (*name).into(),
                    serde_json::Number::from_f64(x).map_or(serde_json::Value::Null, Into::into),
                );
            }
            write!(
                out,
                "{}{}",
                if *first { "\n" } else { ",\n" },
                serde_json::Value::Object(object)
            )?;
            *first = false;
        }
    }
    Ok(())
}

/// A CSV field, quoted where needed.
fn quote(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// A number in its shortest exact form (ryu); NaN is an empty field.
fn number(floats: &mut ryu::Buffer, x: f64) -> &str {
    if x.is_finite() {
        floats.format_finite(x)
    } else {
        ""
    }
}

/// A presence as written: `1.0` or `0.0`, or the number (continuous presence).
fn presence(floats: &mut ryu::Buffer, m: f64) -> &str {
    match m {
        1.0 => "1.0",
        0.0 => "0.0",
        m => number(floats, m),
    }
}

/// The header line of [`write_csv`].
pub fn csv_header() -> String {
    format!("year,location,product,{}\n", CELL_FIGURES.join(","))
}

/// Writes one row per location × product in the order of [`CELL_FIGURES`].
///
/// A large panel writes millions of rows, so: figures of a location or a product alone are
/// formatted once, the matrices are read row by row (transposed copies), locations are
/// formatted in parallel in blocks, and a separate thread writes the blocks in order.
pub fn write_csv(
    out: Box<dyn Write + Send>,
    year: &str,
    r: &Complexity,
) -> Result<Box<dyn Write + Send>> {
    let mut floats = ryu::Buffer::new();
    let mut format = |x: &[f64]| -> Vec<String> {
        x.iter()
            .map(|&v| number(&mut floats, v).to_string())
            .collect()
    };
    let (diversity, eci, coi) = (format(&r.diversity), format(&r.eci), format(&r.coi));
    let (ubiquity, pci) = (format(&r.ubiquity), format(&r.pci));
    let prefix: Vec<String> = r
        .locations
        .iter()
        .map(|l| format!("{},{},", quote(year), quote(l)))
        .collect();
    let products: Vec<String> = r.products.iter().map(|p| quote(p)).collect();
    // Row-major copies: row c of each matrix is then one contiguous column.
    let rows = |m: &Mat<f64>| m.transpose().to_owned();
    let (rca, mcp, density, cog) = (rows(&r.rca), rows(&r.mcp), rows(&r.density), rows(&r.cog));
    let location = |c: usize| -> Vec<u8> {
        let mut floats = ryu::Buffer::new();
        let mut buf = Vec::with_capacity(products.len() * 160);
        let (rca, mcp) = (rca.col_as_slice(c), mcp.col_as_slice(c));
        let (density, cog) = (density.col_as_slice(c), cog.col_as_slice(c));
        for (p, product) in products.iter().enumerate() {
            buf.extend_from_slice(prefix[c].as_bytes());
            let mut put = |field: &str, end: u8| {
                buf.extend_from_slice(field.as_bytes());
                buf.push(end);
            };
            put(product, b',');
            put(number(&mut floats, rca[p]), b',');
            put(presence(&mut floats, mcp[p]), b',');
            put(&diversity[c], b',');
            put(&ubiquity[p], b',');
            put(&eci[c], b',');
            put(&pci[p], b',');
            put(number(&mut floats, density[p]), b',');
            put(&coi[c], b',');
            put(number(&mut floats, cog[p]), b'\n');
        }
        buf
    };
    let (send, receive) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> std::io::Result<Box<dyn Write + Send>> {
            let mut out = out;
            for block in receive {
                out.write_all(&block)?;
            }
            Ok(out)
        });
        // Blocks of a few locations bound the memory held by formatted text.
        let n = r.locations.len();
        for start in (0..n).step_by(16) {
            let block: Vec<Vec<u8>> = (start..(start + 16).min(n))
                .into_par_iter()
                .map(location)
                .collect();
            for text in block {
                if send.send(text).is_err() {
                    break; // the writer failed: its error is reported below
                }
            }
        }
        drop(send);
        match writer.join() {
            Ok(written) => Ok(written?),
            Err(_) => Err(TableError::Write(std::io::Error::other(
                "the output writer panicked",
            ))),
        }
    })
}

//! CEPII BACI's published files, read as they are: the data files (`t,i,j,k,v,q`: year,
//! exporter, importer, HS6 product, value in *thousands* of US dollars, quantity in tonnes)
//! and the country table that maps BACI's numeric country codes to ISO 3166-1 alpha-3
//! (`country_code,…,country_iso3`, or `iso_3digit_alpha` in releases before 2023).
//!
//! Values are multiplied by 1,000 into dollars, and the [`Read`] says so. Product codes
//! lose their leading zero in some releases (`10121` for `010121`); a code of five digits
//! is read as six with the zero put back. Any other malformed cell stops the read with the
//! file, line, column and value: nothing is half read.

use std::io::Read as IoRead;

use crate::{Map, World};

/// BACI's unit: values are published in thousands of US dollars.
pub const THOUSANDS: f64 = 1_000.0;

/// Why a BACI (or Comtrade) file could not be read, and where.
#[derive(Debug, thiserror::Error)]
#[error("{file}, line {line}, column '{column}': {reason} (value '{value}')")]
pub struct Error {
    /// The file, as the user named it.
    pub file: String,
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// Column name.
    pub column: String,
    /// The cell's text.
    pub value: String,
    /// What is wrong with it.
    pub reason: String,
}

/// What was read, for the user's record.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// Flows read.
    pub rows: u64,
    /// The unit applied: values × 1,000 (thousands of dollars into dollars).
    pub unit: &'static str,
}

/// BACI's country table: numeric code → ISO alpha-3.
#[derive(Debug, Clone, Default)]
pub struct Countries {
    iso3: Map<u32, String>,
}

/// The error at a file's line and column.
pub(crate) fn error(file: &str, line: u64, column: &str, value: &str, reason: &str) -> Error {
    Error {
        file: file.to_string(),
        line,
        column: column.to_string(),
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

fn position(headers: &csv::StringRecord, names: &[&str], file: &str) -> Result<usize, Error> {
    headers
        .iter()
        .position(|h| names.contains(&h.trim()))
        .ok_or_else(|| {
            error(
                file,
                1,
                names[0],
                &headers.iter().collect::<Vec<_>>().join(","),
                "the header has no such column",
            )
        })
}

impl Countries {
    /// Reads a BACI country table named `file`.
    pub fn read(input: impl IoRead, file: &str) -> Result<Countries, Error> {
        let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
        let headers = reader
            .headers()
            .map_err(|e| error(file, 1, "header", "", &e.to_string()))?
            .clone();
        let code = position(&headers, &["country_code"], file)?;
        let iso = position(&headers, &["country_iso3", "iso_3digit_alpha"], file)?;
        let mut iso3 = Map::default();
        for (n, record) in reader.records().enumerate() {
            let line = n as u64 + 2;
            let record = record.map_err(|e| error(file, line, "row", "", &e.to_string()))?;
            let raw = record.get(code).unwrap_or("").trim();
            let number: u32 = raw
                .parse()
                .map_err(|_| error(file, line, "country_code", raw, "not a number"))?;
            let alpha = record.get(iso).unwrap_or("").trim().to_uppercase();
            if alpha.len() != 3 || !alpha.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(error(
                    file,
                    line,
                    "country_iso3",
                    &alpha,
                    "not a 3-letter code",
                ));
            }
            iso3.insert(number, alpha);
        }
        Ok(Countries { iso3 })
    }

    /// The alpha-3 code of BACI's numeric code, if the table has it.
    pub fn iso3(&self, code: u32) -> Option<&str> {
        self.iso3.get(&code).map(String::as_str)
    }
}

/// Reads a BACI data file named `file` into `world`, products cut to `digits` (6, or 4 for
/// HS4 headings, or 2).
pub fn read(
    input: impl IoRead,
    file: &str,
    countries: &Countries,
    digits: usize,
    world: &mut World,
) -> Result<Read, Error> {
    let mut reader = csv::ReaderBuilder::new().from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| error(file, 1, "header", "", &e.to_string()))?
        .clone();
    let cols = [
        position(&headers, &["t"], file)?,
        position(&headers, &["i"], file)?,
        position(&headers, &["j"], file)?,
        position(&headers, &["k"], file)?,
        position(&headers, &["v"], file)?,
    ];
    let mut rows = 0;
    let mut record = csv::StringRecord::new();
    loop {
        let line = rows + 2;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(error(file, line, "row", "", &e.to_string())),
        }
        let cell = |i: usize| record.get(cols[i]).unwrap_or("").trim();
        let bad = |i: usize, reason: &str| {
            error(file, line, ["t", "i", "j", "k", "v"][i], cell(i), reason)
        };
        let year: i32 = cell(0).parse().map_err(|_| bad(0, "not a year"))?;
        let country = |i: usize| {
            let code: u32 = cell(i)
                .parse()
                .map_err(|_| bad(i, "not a country number"))?;
            countries
                .iso3(code)
                .ok_or_else(|| bad(i, "not in the country table"))
        };
        let (exporter, importer) = (country(1)?, country(2)?);
        let product = product(cell(3), digits).ok_or_else(|| bad(3, "not an HS6 code"))?;
        let value: f64 = cell(4).parse().map_err(|_| bad(4, "not a number"))?;
        world
            .add(year, exporter, importer, &product, value * THOUSANDS)
            .map_err(|e| bad(4, &e.to_string()))?;
        rows += 1;
    }
    Ok(Read {
        rows,
        unit: "v in thousands of US dollars, read as dollars (× 1,000)",
    })
}

/// The header of [`to_csv`]'s output: the `world_bilateral` dataset's columns, the value
/// in 千美元 (thousands of US dollars) so that ingestion scales it by moving the decimal
/// point and records the unit.
pub const CSV_HEADER: &str = "year,exporter,importer,product,value_usd(千美元),quantity";

/// Rewrites a BACI data file as a CSV file of the `world_bilateral` dataset, line for line
/// (line n of the output is line n of the input), for ingestion to check and store: the
/// country numbers become the country table's alpha-3 codes, a five-digit product gets its
/// leading zero back, `NA` quantities become empty. Nothing else is changed and no row is
/// dropped: a number the table lacks, or any malformed cell, is passed on as written, for
/// the ingest to quarantine with its reason. Returns the rows written.
pub fn to_csv(
    input: impl IoRead,
    file: &str,
    countries: &Countries,
    out: impl std::io::Write,
) -> Result<u64, Error> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| error(file, 1, "header", "", &e.to_string()))?
        .clone();
    let names = ["t", "i", "j", "k", "v", "q"];
    let mut cols = [0; 6];
    for (c, name) in cols.iter_mut().zip(names) {
        *c = position(&headers, &[name], file)?;
    }
    let mut writer = csv::Writer::from_writer(out);
    let failed = |e: csv::Error| error(file, 0, "output", "", &e.to_string());
    writer.write_record(CSV_HEADER.split(',')).map_err(failed)?;
    let mut rows = 0;
    for record in reader.records() {
        let record = record.map_err(|e| error(file, rows + 2, "row", "", &e.to_string()))?;
        let cell = |i: usize| record.get(cols[i]).unwrap_or("").trim();
        let country = |i: usize| {
            let code = cell(i).parse().ok().and_then(|n| countries.iso3(n));
            code.unwrap_or(cell(i)).to_string()
        };
        let k = cell(3);
        let product = product(k, 6).unwrap_or_else(|| k.to_string());
        let q = if cell(5).eq_ignore_ascii_case("NA") {
            ""
        } else {
            cell(5)
        };
        let row = [
            cell(0).to_string(),
            country(1),
            country(2),
            product,
            cell(4).to_string(),
            q.to_string(),
        ];
        writer.write_record(&row).map_err(failed)?;
        rows += 1;
    }
    writer
        .flush()
        .map_err(|e| error(file, 0, "output", "", &e.to_string()))?;
    Ok(rows)
}

/// The HS6 code of BACI's `k` (a five-digit code gets its leading zero back), cut to
/// `digits`.
fn product(raw: &str, digits: usize) -> Option<String> {
    if !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let code = match raw.len() {
        6 => raw.to_string(),
        5 => format!("0{raw}"),
        _ => return None,
    };
    Some(code[..digits.clamp(2, 6)].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dropped_leading_zero_is_put_back() {
        assert_eq!(product("10121", 6).as_deref(), Some("010121"));
        assert_eq!(product("851712", 4).as_deref(), Some("8517"));
        assert_eq!(product("1012", 6), None);
        assert_eq!(product("85171x", 6), None);
    }
}

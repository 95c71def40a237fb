//! UN Comtrade's annual bulk CSV files, read as they are: the legacy bulk layout
//! (`Year, Trade Flow Code, Reporter ISO, Partner ISO, Commodity Code, Trade Value (US$)`,
//! flows numbered 1 import, 2 export, 3 re-export, 4 re-import) and Comtrade Plus's
//! (`refYear, flowCode, reporterISO, partnerISO, cmdCode, primaryValue`, flows `M`, `X`,
//! `RX`, `RM`, …). Values are in US dollars.
//!
//! `world_bilateral` holds each flow once, as its exporter reports it: a row is carried when
//! it is an export (`2` or `X`) of an HS6 code to a single partner, at the totals of any
//! further breakdown (second partner, customs procedure, mode of transport). Every other
//! row — imports, re-exports, the partner World, chapter and heading totals, a breakdown's
//! parts — is not a flow of the table; it is written with the reason in its `year` cell,
//! so that ingestion quarantines it and counts it, line for line, and nothing is lost
//! silently. Quantities are left empty: Comtrade's are in a unit per row (items, kg,
//! litres), not the table's tonnes.

use std::io::{BufRead, Read as IoRead};

use crate::baci::{Error, error};

/// The header of [`to_csv`]'s output: the `world_bilateral` dataset's columns, values in
/// US dollars as Comtrade publishes them.
pub const CSV_HEADER: &str = "year,exporter,importer,product,value_usd,quantity";

/// What a Comtrade file held.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Carried {
    /// Rows written as flows of the table.
    pub flows: u64,
    /// Rows passed on to the quarantine, by reason, in the order first met.
    pub not_flows: Vec<(&'static str, u64)>,
}

/// A header cell as compared: lower case, letters and digits only (`Trade Value (US$)` is
/// `tradevalueus`).
fn normalised(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The columns of either layout: year, flow, reporter, partner, commodity, value; then
/// the optional partner code, second partner, customs procedure, mode of transport and
/// frequency.
struct Columns {
    required: [usize; 6],
    optional: [Option<usize>; 5],
}

const REQUIRED: [(&str, &[&str]); 6] = [
    ("year", &["year", "refyear"]),
    ("flow", &["tradeflowcode", "flowcode"]),
    ("reporter ISO", &["reporteriso"]),
    ("partner ISO", &["partneriso"]),
    ("commodity", &["commoditycode", "cmdcode"]),
    ("value", &["tradevalueus", "primaryvalue"]),
];

const OPTIONAL: [&[&str]; 5] = [
    &["partnercode"],
    &["2ndpartnercode", "partner2code"],
    &["customsproccode", "customscode"],
    &["modeoftransportcode", "motcode"],
    &["freqcode"],
];

impl Columns {
    fn of(headers: &csv::StringRecord, file: &str) -> Result<Columns, Error> {
        let names: Vec<String> = headers.iter().map(normalised).collect();
        let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
        let mut required = [0; 6];
        for (slot, (label, wanted)) in required.iter_mut().zip(REQUIRED) {
            *slot = find(wanted).ok_or_else(|| {
                let header = headers.iter().collect::<Vec<_>>().join(",");
                error(
                    file,
                    1,
                    label,
                    &header,
                    "not a Comtrade bulk header: no such column",
                )
            })?;
        }
        Ok(Columns {
            required,
            optional: OPTIONAL.map(find),
        })
    }
}

/// Why a row is not a flow of the table, or `None` when it is one. `cell(i)` reads the
/// required columns, `extra(i)` the optional ones.
fn not_a_flow(
    cell: &dyn Fn(usize) -> String,
    extra: &dyn Fn(usize) -> String,
) -> Option<&'static str> {
    let flow = cell(1).to_ascii_uppercase();
    let partner = cell(3).to_ascii_uppercase();
    let product = cell(4);
    let at_total = |i: usize, totals: &[&str]| {
        let v = extra(i);
        v.is_empty() || totals.contains(&v.to_ascii_uppercase().as_str())
    };
    match flow.as_str() {
        "2" | "X" => {}
        "1" | "M" => return Some("not read: an import flow (the exporter's report is read)"),
        "3" | "RX" => return Some("not read: a re-export flow"),
        "4" | "RM" => return Some("not read: a re-import flow"),
        _ => return Some("not read: not an export flow"),
    }
    if partner == "WLD" || partner == "W00" || extra(0) == "0" {
        return Some("not read: the partner World (a total of the partners)");
    }
    if product.len() != 6 || !product.bytes().all(|b| b.is_ascii_digit()) {
        return Some("not read: a total of HS6 codes (TOTAL or a chapter or heading)");
    }
    if !at_total(1, &["0"]) || !at_total(2, &["C00"]) || !at_total(3, &["0"]) {
        return Some(
            "not read: one part of a breakdown (by second partner or customs procedure or mode of transport)",
        );
    }
    None
}

/// Rewrites a Comtrade bulk file as a CSV file of the `world_bilateral` dataset, line for
/// line (line n of the output is line n of the input): exports as `year, reporter,
/// partner, product, value`, every other row with the reason it is not a flow in its year
/// cell (see the module's documentation). Monthly files are refused: the table is annual.
pub fn to_csv(input: impl IoRead, file: &str, out: impl std::io::Write) -> Result<Carried, Error> {
    // Comtrade Plus publishes tab-separated text, the legacy bulk files commas.
    let mut input = std::io::BufReader::with_capacity(1 << 16, input);
    let head = input
        .fill_buf()
        .map_err(|e| error(file, 1, "header", "", &e.to_string()))?;
    let first = head.split(|b| *b == b'\n').next().unwrap_or(&[]);
    let delimiter = if first.contains(&b'\t') { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(input);
    let headers = reader
        .headers()
        .map_err(|e| error(file, 1, "header", "", &e.to_string()))?
        .clone();
    let columns = Columns::of(&headers, file)?;
    let mut writer = csv::Writer::from_writer(out);
    let failed = |e: csv::Error| error(file, 0, "output", "", &e.to_string());
    writer.write_record(CSV_HEADER.split(',')).map_err(failed)?;
    let mut carried = Carried::default();
    for (n, record) in reader.records().enumerate() {
        let line = n as u64 + 2;
        let record = record.map_err(|e| error(file, line, "row", "", &e.to_string()))?;
        let get = |i: Option<usize>| {
            i.and_then(|i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let cell = |i: usize| get(Some(columns.required[i]));
        let extra = |i: usize| get(columns.optional[i]);
        let frequency = extra(4);
        if !frequency.is_empty() && !frequency.eq_ignore_ascii_case("A") {
            return Err(error(
                file,
                line,
                "freqCode",
                &frequency,
                "a monthly file: world_bilateral is annual, download the annual (A) files",
            ));
        }
        let year = match not_a_flow(&cell, &extra) {
            None => {
                carried.flows += 1;
                cell(0)
            }
            Some(reason) => {
                count(&mut carried.not_flows, reason);
                reason.to_string()
            }
        };
        let row = [year, cell(2), cell(3), cell(4), cell(5), String::new()];
        writer.write_record(&row).map_err(failed)?;
    }
    writer
        .flush()
        .map_err(|e| error(file, 0, "output", "", &e.to_string()))?;
    Ok(carried)
}

fn count(counts: &mut Vec<(&'static str, u64)>, reason: &'static str) {
    match counts.iter_mut().find(|(r, _)| *r == reason) {
        Some((_, n)) => *n += 1,
        None => counts.push((reason, 1)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_compared_without_case_or_punctuation() {
        assert_eq!(normalised("Trade Value (US$)"), "tradevalueus");
        assert_eq!(normalised("2nd Partner Code"), "2ndpartnercode");
        assert_eq!(normalised("refYear"), "refyear");
    }
}

//! Finding a file's header: published tables often carry a title row (or several) above
//! it, so the header is the first of the first rows that names every required column; the
//! rows above are reported as titles, not read as data. A header cell merged over several
//! cells cannot name one column each and is refused, with the cell named.

use std::path::Path;

use linkages_core::validate::HeaderError;
use linkages_core::{Cell, Dataset, RowParser};

use crate::error::{Error, Result};
use crate::ingest::IngestOptions;
use crate::readers::{Merge, RowSource};

/// How many rows are searched for the header.
const SEARCHED: usize = 30;

/// A file's header and the titles above it.
pub(crate) struct Header {
    /// The parser of the rows below the header.
    pub parser: RowParser,
    /// The header's row number.
    pub row: u64,
    /// The rows above it that are not blank, as text (`row 1: 2024年1-4月…`).
    pub titles: Vec<String>,
    /// Blank rows above it.
    pub blank: u64,
    /// The header's cells as text.
    pub names: Vec<String>,
}

fn text(cells: &[Cell]) -> Vec<String> {
    cells
        .iter()
        .map(|c| c.display().trim().to_string())
        .collect()
}

/// Reads rows until one is the dataset's header.
pub(crate) fn find(
    source: &mut dyn RowSource,
    dataset: &'static Dataset,
    options: &IngestOptions,
    path: &Path,
) -> Result<Header> {
    let fail = |message: String| Error::File {
        path: path.into(),
        message,
    };
    let (mut titles, mut first_error, mut blank) = (Vec::new(), None, 0);
    for _ in 0..SEARCHED {
        let Some(raw) = source.next_row() else { break };
        let raw = raw?;
        let cells = raw.cells.map_err(|(problem, _)| {
            fail(format!(
                "row {} (the header, or a title above it) is not readable: {} ({})",
                raw.row, problem.reason, problem.column
            ))
        })?;
        if cells.iter().all(Cell::is_blank) {
            blank += 1;
            continue;
        }
        let mut header = text(&cells);
        header.extend(options.fixed.iter().map(|(name, _)| name.clone()));
        // A row of several cells with a merged one is a header that cannot be read.
        let merged = check_merges(source.merged(), raw.row, &cells);
        let several = cells.iter().filter(|c| !c.is_blank()).count() > 1;
        match RowParser::new(dataset, &header, options.decimal) {
            Ok(parser) => {
                merged.map_err(fail)?;
                return Ok(Header {
                    parser,
                    row: raw.row,
                    titles,
                    blank,
                    names: header,
                });
            }
            Err(e) => {
                if let (Err(m), true) = (&merged, several) {
                    return Err(fail(m.clone()));
                }
                // A header that names a column twice or in the wrong currency is the header.
                if !matches!(e, HeaderError::Missing { .. }) {
                    return Err(fail(e.to_string()));
                }
                first_error.get_or_insert(e.to_string());
                titles.push(format!(
                    "row {}: {}",
                    raw.row,
                    text(&cells).join(" ").trim()
                ));
            }
        }
    }
    Err(fail(match first_error {
        None => "the file is empty; expected a header row".into(),
        Some(e) if titles.len() > 1 => format!(
            "{e}; no row among the first {} names the dataset's columns",
            titles.len()
        ),
        Some(e) => e,
    }))
}

/// A spreadsheet column's letters (1 → A, 27 → AA).
fn letters(mut column: u64) -> String {
    let mut out = Vec::new();
    while column > 0 {
        column -= 1;
        out.push(b'A' + (column % 26) as u8);
        column /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Refuses a header row with a cell merged over several cells.
fn check_merges(merges: &[Merge], row: u64, cells: &[Cell]) -> std::result::Result<(), String> {
    let Some(m) = merges.iter().find(|m| {
        m.rows.0 <= row && row <= m.rows.1 && (m.rows != (row, row) || m.columns.0 != m.columns.1)
    }) else {
        return Ok(());
    };
    let at = |r: u64, c: u64| format!("{}{r}", letters(c));
    let value = cells
        .get((m.columns.0 as usize).saturating_sub(1))
        .map(Cell::display)
        .unwrap_or_default();
    Err(format!(
        "cell {}: the header cell '{value}' is merged over {}:{}; a header names one column per cell, in one row: unmerge it and name each column",
        at(row, m.columns.0),
        at(m.rows.0, m.columns.0),
        at(m.rows.1, m.columns.1)
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        assert_eq!(super::letters(1), "A");
        assert_eq!(super::letters(26), "Z");
        assert_eq!(super::letters(27), "AA");
        assert_eq!(super::letters(703), "AAA");
    }
}

//! Excel and OpenDocument sheets (calamine): cells read by type — numbers as numbers,
//! dates as dates, text as text — never through a float's text; merged ranges are kept so
//! that a merged header cell can be named.

use std::path::Path;

use calamine::{Data, Reader, Sheets};
use chrono::NaiveDate;
use linkages_core::Cell;

use super::{Merge, RawRow, RowSource};
use crate::error::{Error, Result};

pub(super) struct SheetSource {
    rows: std::vec::IntoIter<(u64, Vec<Cell>)>,
    merged: Vec<Merge>,
    read: u64,
    total: u64,
}

/// A cell by its type.
fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::DateTimeIso(s) => {
            match NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d") {
                Ok(d) => Cell::Date(d),
                Err(_) => Cell::Text(s.clone()),
            }
        }
        Data::Int(i) => Cell::Int(*i),
        Data::Float(f) => Cell::Float(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => match dt.as_datetime() {
            Some(d) => Cell::Date(d.date()),
            None => Cell::Float(dt.as_f64()),
        },
        Data::DateTime(dt) => Cell::Float(dt.as_f64()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

/// The merged ranges of a sheet, where the format records them; columns are counted from
/// the first column of the sheet's used range (as the cells of a row are).
fn merged<R: std::io::Read + std::io::Seek>(
    book: &mut Sheets<R>,
    name: &str,
    first_column: u32,
) -> Vec<Merge> {
    let dims = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(name).unwrap_or_default(),
        _ => Vec::new(),
    };
    dims.iter()
        .map(|d| Merge {
            rows: (u64::from(d.start.0) + 1, u64::from(d.end.0) + 1),
            columns: (
                u64::from(d.start.1.saturating_sub(first_column)) + 1,
                u64::from(d.end.1.saturating_sub(first_column)) + 1,
            ),
        })
        .collect()
}

impl SheetSource {
    pub(super) fn open(path: &Path, sheet: Option<&str>) -> Result<SheetSource> {
        let fail = |message: String| Error::File {
            path: path.into(),
            message,
        };
        let mut book = calamine::open_workbook_auto(path)
            .map_err(|e| fail(format!("not a readable workbook: {e}")))?;
        let names = book.sheet_names();
        let name = match sheet {
            Some(s) if names.iter().any(|n| n == s) => s.to_string(),
            Some(s) => {
                return Err(fail(format!(
                    "no sheet '{s}' (sheets: {})",
                    names.join(", ")
                )));
            }
            None => names
                .first()
                .cloned()
                .ok_or_else(|| fail("the workbook has no sheets".into()))?,
        };
        let range = book
            .worksheet_range(&name)
            .map_err(|e| fail(format!("cannot read sheet '{name}': {e}")))?;
        let first_row = range.start().map_or(0, |(r, _)| u64::from(r));
        let first_column = range.start().map_or(0, |(_, c)| c);
        let rows: Vec<(u64, Vec<Cell>)> = range
            .rows()
            .enumerate()
            .map(|(i, r)| (first_row + i as u64 + 1, r.iter().map(cell).collect()))
            .collect();
        if rows.is_empty() {
            return Err(fail(format!(
                "sheet '{name}' is empty; expected a header row"
            )));
        }
        let total = rows.len() as u64;
        Ok(SheetSource {
            merged: merged(&mut book, &name, first_column),
            rows: rows.into_iter(),
            read: 0,
            total,
        })
    }
}

impl RowSource for SheetSource {
    fn next_row(&mut self) -> Option<Result<RawRow>> {
        let (row, cells) = self.rows.next()?;
        self.read += 1;
        Some(Ok(RawRow {
            row,
            last_line: row,
            cells: Ok(cells),
        }))
    }

    fn progress(&self) -> (u64, u64) {
        (self.read, self.total)
    }

    fn merged(&self) -> &[Merge] {
        &self.merged
    }
}

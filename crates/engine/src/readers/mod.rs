//! Reading input files (CSV, Excel, Parquet) as rows of cells — text, or typed where the
//! format has types — each with its row number (a CSV record's first and last physical
//! lines). The header is found by the ingest among the first rows (title rows above it are
//! common in published tables). Whole-file problems (unreadable, not the format it claims)
//! are errors; a row with broken encoding is a row-level problem, quarantined.

mod csv;
pub(crate) use csv::{Rest, cells_of, decode_field};
mod parquet;
pub(crate) mod records;
mod sheet;

use std::path::Path;

use linkages_core::{Cell, CellError};

use crate::error::{Error, Result};

/// Text encoding of a CSV file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (a byte-order mark is skipped).
    #[default]
    Utf8,
    /// GBK / GB18030, common in files exported by Chinese systems.
    Gbk,
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gbk => "GBK",
        })
    }
}

/// One row as read: its one-based number in the file (a CSV record's first line, a
/// sheet's row; Parquet records are numbered from 1), its last line (later than the first
/// when a quoted field holds line ends), and its cells or why they cannot be read.
#[derive(Debug)]
pub struct RawRow {
    /// Row number (first line).
    pub row: u64,
    /// Last line of the row.
    pub last_line: u64,
    /// The cells, or the encoding problem that makes the row unreadable together with the
    /// row decoded lossily (for the quarantine report; the problem's value keeps the exact
    /// bytes, escaped).
    pub cells: std::result::Result<Vec<Cell>, (CellError, Vec<Cell>)>,
}

/// A merged range of cells, 1-based, inclusive: rows and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// First and last row.
    pub rows: (u64, u64),
    /// First and last column.
    pub columns: (u64, u64),
}

/// A source of rows.
pub trait RowSource {
    /// The next row; `None` at the end; `Err` when the file cannot be read further.
    fn next_row(&mut self) -> Option<Result<RawRow>>;
    /// Progress so far and the total, in the same unit (bytes or rows).
    fn progress(&self) -> (u64, u64);
    /// The merged cell ranges of a sheet (none for other formats).
    fn merged(&self) -> &[Merge] {
        &[]
    }
    /// The rest of a CSV file, for the chunked reader: the source has no more rows after.
    fn rest(&mut self) -> Option<Result<Rest>> {
        None
    }
    /// The physical lines of the file, once it has been read to its end (CSV only).
    fn lines(&self) -> Option<u64> {
        None
    }
}

/// Opens a file by its extension: `.csv`, `.tsv`, `.txt`; `.xlsx`, `.xlsm`, `.xls`, `.ods`;
/// `.parquet`.
pub fn open(path: &Path, encoding: Encoding, sheet: Option<&str>) -> Result<Box<dyn RowSource>> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => Ok(Box::new(csv::CsvSource::open(path, encoding)?)),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            Ok(Box::new(sheet::SheetSource::open(path, sheet)?))
        }
        "parquet" => Ok(Box::new(parquet::ParquetSource::open(path)?)),
        _ => Err(Error::File {
            path: path.into(),
            message: format!(
                "unsupported file type '.{ext}'; expected .csv, .tsv, .xlsx, .xls, .ods or .parquet"
            ),
        }),
    }
}

//! Entry points for the fuzzers (`fuzz/`, with the `fuzzing` feature): a file's bytes read
//! as CSV, a sheet or Parquet, its header found and every row parsed, as an ingest does.
//! A crash is a finding; every row must come out parsed or refused with a reason.

use std::io::Write;

use linkages_core::{Cell, dataset};

use crate::header;
use crate::ingest::IngestOptions;
use crate::readers::{self, Encoding};

/// What reading a file gave: rows parsed, refused, and whether the file was refused whole.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Read {
    /// Rows that parsed.
    pub parsed: u64,
    /// Rows refused, with a reason.
    pub refused: u64,
    /// Whether the file as a whole could not be used.
    pub unusable: bool,
}

/// Reads bytes as a file of the given extension into the trade dataset's rows.
pub fn read(bytes: &[u8], extension: &str, encoding: Encoding) -> Read {
    let mut out = Read::default();
    let Ok(mut file) = tempfile::Builder::new()
        .suffix(&format!(".{extension}"))
        .tempfile()
    else {
        return out;
    };
    if file.write_all(bytes).is_err() {
        return out;
    }
    let path = file.path().to_path_buf();
    let Ok(mut source) = readers::open(&path, encoding, None) else {
        out.unusable = true;
        return out;
    };
    let trade = &dataset::TRADE;
    let options = IngestOptions::default();
    let Ok(found) = header::find(source.as_mut(), trade, &options, &path) else {
        out.unusable = true;
        return out;
    };
    while let Some(row) = source.next_row() {
        match row {
            Err(_) => {
                out.unusable = true;
                break;
            }
            Ok(raw) => match raw.cells {
                Ok(cells) if cells.iter().all(Cell::is_blank) => {}
                Ok(cells) => match found.parser.parse(&cells) {
                    Ok(_) => out.parsed += 1,
                    Err(problems) => {
                        assert!(!problems.is_empty(), "a refused row has a reason");
                        out.refused += 1;
                    }
                },
                Err(_) => out.refused += 1,
            },
        }
    }
    out
}

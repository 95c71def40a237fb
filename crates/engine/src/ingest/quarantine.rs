//! The quarantine report: one line per problem, with the whole raw row so it can be fixed
//! and ingested again. It is written inside the version being staged and published with
//! it; an ingest that commits nothing moves it beside the store's versions instead.

use std::fs;
use std::path::{Path, PathBuf};

use linkages_core::{Cell, CellError};

use crate::error::{Error, IoContext, Result};

/// The report being written.
pub(crate) struct Quarantine {
    path: PathBuf,
    writer: csv::Writer<fs::File>,
    rows: u64,
}

impl Quarantine {
    /// Starts a report at `path`, with its header line.
    pub fn create(path: &Path) -> Result<Quarantine> {
        let file = fs::File::create(path).at("cannot create quarantine report", path)?;
        let mut writer = csv::Writer::from_writer(file);
        writer
            .write_record(["file", "row", "column", "value", "reason", "record"])
            .map_err(|e| csv_error(path, e))?;
        Ok(Quarantine {
            path: path.into(),
            writer,
            rows: 0,
        })
    }

    /// Rejects one row for every problem found in it.
    pub fn reject(
        &mut self,
        file: &Path,
        row: u64,
        problems: &[CellError],
        cells: &[Cell],
    ) -> Result<()> {
        let shown: Vec<String> = cells.iter().map(Cell::display).collect();
        let record = serde_json::to_string(&shown).unwrap_or_default();
        let (file, row) = (file.display().to_string(), row.to_string());
        for p in problems {
            self.writer
                .write_record([
                    file.as_str(),
                    row.as_str(),
                    &p.column,
                    &p.value,
                    &p.reason,
                    &record,
                ])
                .map_err(|e| csv_error(&self.path, e))?;
        }
        self.rows += 1;
        Ok(())
    }

    /// Flushes and syncs the report; returns the number of rows rejected.
    pub fn finish(self) -> Result<u64> {
        let file = self.writer.into_inner().map_err(|e| Error::Io {
            action: "cannot write quarantine report",
            path: self.path.clone(),
            source: e.into_error(),
        })?;
        file.sync_all().at("cannot sync", &self.path)?;
        Ok(self.rows)
    }
}

fn csv_error(path: &Path, e: csv::Error) -> Error {
    Error::Io {
        action: "cannot write quarantine report",
        path: path.into(),
        source: std::io::Error::other(e),
    }
}

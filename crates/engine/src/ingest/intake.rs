//! Reading the files of one ingest: every row stored or quarantined with its reasons, keys
//! checked across all files, the periods found collected. Month values go to the staged
//! version as they come; year-to-date (cumulative) values are kept until every file is
//! read, to be differenced.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use linkages_core::{Batch, Cell, CellError, Dataset, KeyIndex, RowLocation, Value};

use super::quarantine::Quarantine;
use super::{IngestOptions, Progress, Values};
use arrow::array::{RecordBatch, StringArray};
use arrow::datatypes::DataType;

use crate::convert::to_record_batch;
use crate::error::Result;
use crate::header;
use crate::readers::{self, RawRow};
use crate::store::{SourceReport, Staged};

const BATCH_ROWS: usize = 65_536;

/// A cumulative row kept for differencing: its values and where it came from.
pub(crate) struct Kept {
    /// The stored values (cumulative amounts).
    pub values: Vec<Value>,
    /// Its file and row.
    pub at: RowLocation,
    /// Its cells as read, for the quarantine.
    pub cells: Vec<Cell>,
}

/// The state of one ingest while its files are read.
pub(crate) struct Intake<'a> {
    staged: &'a mut Staged,
    dataset: &'static Dataset,
    files: &'a [PathBuf],
    /// Where rejected rows go.
    pub quarantine: &'a mut Quarantine,
    keys: KeyIndex,
    key_positions: Vec<usize>,
    period_position: usize,
    /// The periods the input holds.
    pub periods: BTreeSet<String>,
    batch: Batch,
    /// Cumulative rows kept (with `--values ytd`).
    pub kept: Vec<Kept>,
    values: Values,
}

impl<'a> Intake<'a> {
    /// An intake writing to `staged` and rejecting into `quarantine`.
    pub fn new(
        staged: &'a mut Staged,
        dataset: &'static Dataset,
        files: &'a [PathBuf],
        quarantine: &'a mut Quarantine,
        values: Values,
    ) -> Intake<'a> {
        let stored = dataset.stored_columns();
        let position = |name: &str| stored.iter().position(|c| c.name == name);
        Intake {
            staged,
            dataset,
            files,
            quarantine,
            keys: KeyIndex::new(dataset),
            key_positions: dataset.key.iter().filter_map(|k| position(k)).collect(),
            period_position: position(dataset.period_column()).unwrap_or(0),
            periods: BTreeSet::new(),
            batch: Batch::with_capacity(dataset, BATCH_ROWS),
            kept: Vec::new(),
            values,
        }
    }

    /// Reads one file: every row stored or quarantined.
    pub fn file(
        &mut self,
        file_index: usize,
        path: &Path,
        options: &IngestOptions,
        progress: &dyn Progress,
    ) -> Result<SourceReport> {
        let mut source = readers::open(path, options.encoding, options.sheet.as_deref())?;
        let found = header::find(source.as_mut(), self.dataset, options, path)?;
        let mut report = SourceReport {
            path: path.into(),
            ignored_columns: found.parser.ignored.clone(),
            header_row: found.row,
            title_rows: found.titles.clone(),
            blank_rows: found.blank,
            units: found.parser.units.clone(),
            ..Default::default()
        };
        progress.start_file(path, source.progress().1);
        let rest = match (options.chunking, self.values) {
            (Some(chunking), Values::Month) => source.rest().transpose()?.map(|r| (chunking, r)),
            _ => None,
        };
        if let Some((chunking, rest)) = rest {
            self.flush()?; // the rows of earlier files first: rows are stored in input order
            let file = file_index as u32;
            self.chunked(rest, chunking, file, &found, options, progress, &mut report)?;
        }
        while let Some(raw) = source.next_row() {
            let raw = raw?;
            let at = RowLocation {
                file: file_index as u32,
                row: raw.row,
            };
            self.raw_row(raw, at, &found, options, path, &mut report)?;
            if self.batch.len() >= BATCH_ROWS {
                self.flush()?;
                progress.advance(source.progress().0);
                progress.rows(report.rows_read, report.rows_quarantined);
            }
        }
        if report.lines.is_none() {
            report.lines = source.lines(); // the chunked reader counted them itself
            progress.advance(source.progress().0);
        }
        progress.finish_file();
        tracing::info!(file = %path.display(), read = report.rows_read, stored = report.rows_stored, quarantined = report.rows_quarantined, "file ingested");
        Ok(report)
    }

    /// One row as read: blank, refused, or valid and stored unless its key was seen.
    fn raw_row(
        &mut self,
        raw: RawRow,
        at: RowLocation,
        header: &header::Header,
        options: &IngestOptions,
        path: &Path,
        report: &mut SourceReport,
    ) -> Result<()> {
        let stored = match classify(raw, header, options) {
            Outcome::Blank => {
                report.blank_rows += 1;
                return Ok(());
            }
            Outcome::Rejected(problems, cells) => {
                self.quarantine.reject(path, at.row, &problems, &cells)?;
                false
            }
            Outcome::Valid(values, cells) => self.row(values, cells, at, path)?,
        };
        report.rows_read += 1;
        if stored {
            report.rows_stored += 1;
        } else {
            report.rows_quarantined += 1;
        }
        Ok(())
    }

    /// Stores a valid row (true) unless its key was seen before: then it is quarantined
    /// (false).
    fn row(
        &mut self,
        values: Vec<Value>,
        cells: Vec<Cell>,
        at: RowLocation,
        path: &Path,
    ) -> Result<bool> {
        if let Some(first) = self.keys.insert(&values, at) {
            let problem = self.duplicate(&values, first);
            self.quarantine.reject(path, at.row, &[problem], &cells)?;
            return Ok(false);
        }
        let period = values[self.period_position].to_string();
        if !self.periods.contains(&period) {
            self.periods.insert(period);
        }
        match self.values {
            Values::Month => self.batch.push(values),
            Values::Ytd => self.kept.push(Kept { values, at, cells }),
        }
        Ok(true)
    }

    /// The problem of a row whose key was seen before, naming where.
    pub(super) fn duplicate(&self, values: &[Value], first: RowLocation) -> CellError {
        let key: Vec<String> = self
            .key_positions
            .iter()
            .map(|&p| values[p].to_string())
            .collect();
        CellError {
            column: self.dataset.key.join("+"),
            value: key.join("|"),
            reason: format!(
                "duplicate key: same as row {} of {}",
                first.row,
                self.files[first.file as usize].display()
            ),
        }
    }

    /// The positions of the key's columns and of the period column among the stored ones.
    pub(super) fn positions(&self) -> (Vec<usize>, usize) {
        (self.key_positions.clone(), self.period_position)
    }

    /// Records a key's hash in the order of the rows; where it was seen before, if it was.
    pub(super) fn keys_insert(&mut self, key: u128, at: RowLocation) -> Option<RowLocation> {
        self.keys.insert_hash(key, at)
    }

    /// Adds the periods of a batch of stored rows to the periods found.
    pub(super) fn note_periods(&mut self, batch: &RecordBatch) -> Result<()> {
        let column = arrow::compute::cast(batch.column(self.period_position), &DataType::Utf8)?;
        if let Some(texts) = column.as_any().downcast_ref::<StringArray>() {
            for text in texts.iter().flatten() {
                if !self.periods.contains(text) {
                    self.periods.insert(text.to_string());
                }
            }
        }
        Ok(())
    }

    /// Writes rows (in the file schema) to the staged version.
    pub(super) fn stage(&mut self, batch: &RecordBatch) -> Result<()> {
        self.staged.write(batch)
    }

    /// A file published with the version being staged.
    pub fn staged_file(&self, name: &str) -> PathBuf {
        self.staged.file(name)
    }

    /// The file a row came from.
    pub fn file_of(&self, at: RowLocation) -> &Path {
        &self.files[at.file as usize]
    }

    /// Stores a row of month values.
    pub fn push(&mut self, values: Vec<Value>) -> Result<()> {
        self.batch.push(values);
        if self.batch.len() >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    /// Writes the rows gathered so far to the staged version.
    pub fn flush(&mut self) -> Result<()> {
        let full = std::mem::replace(
            &mut self.batch,
            Batch::with_capacity(self.dataset, BATCH_ROWS),
        );
        self.staged.write(&to_record_batch(&full)?)
    }
}

/// What one row as read is.
pub(crate) enum Outcome {
    /// A blank line: not data, not counted as read.
    Blank,
    /// Refused, with every reason, and its cells as read (for the quarantine).
    Rejected(Vec<CellError>, Vec<Cell>),
    /// Valid: its stored values, and its cells as read (for the quarantine, should its key
    /// have been seen before).
    Valid(Vec<Value>, Vec<Cell>),
}

/// The rules every row of every reader obeys: a blank line is skipped; an unreadable row,
/// a row whose quoted field runs over several lines, or a row the header's parser refuses
/// is rejected with every reason; the rest is valid.
pub(crate) fn classify(raw: RawRow, header: &header::Header, options: &IngestOptions) -> Outcome {
    let (problem, cells) = match raw.cells {
        Ok(cells) if raw.last_line == raw.row && cells.iter().all(Cell::is_blank) => {
            return Outcome::Blank;
        }
        Ok(mut cells) => {
            cells.extend(options.fixed.iter().map(|(_, v)| Cell::Text(v.clone())));
            (None, cells)
        }
        Err((mut problem, lossy)) => {
            // The reader numbers fields; the header names them.
            let named = problem
                .column
                .strip_prefix('#')
                .and_then(|n| n.parse::<usize>().ok());
            if let Some(name) = named.and_then(|n| header.names.get(n.checked_sub(1)?)) {
                problem.column = name.clone();
            }
            (Some(problem), lossy)
        }
    };
    // A quoted field over several lines has hidden the lines it spans (a stray quote).
    let problem = problem.or_else(|| {
        (raw.last_line > raw.row).then(|| CellError {
            column: "*".into(),
            value: format!("{} lines", raw.last_line - raw.row + 1),
            reason: format!("quoted field spans lines {}–{}", raw.row, raw.last_line),
        })
    });
    match problem {
        Some(p) => Outcome::Rejected(vec![p], cells),
        None => match header.parser.parse(&cells) {
            Ok(values) => Outcome::Valid(values, cells),
            Err(problems) => Outcome::Rejected(problems, cells),
        },
    }
}

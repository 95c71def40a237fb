//! A CSV file read on every core. One thread cuts the file into chunks of whole records
//! (never inside a quoted field: [`last_record_end`]), the checking threads parse and check
//! the chunks ([`super::check`]), and this thread takes their results in the file's order:
//! it numbers their lines, inserts their keys (so the first of two rows with one key is
//! the one kept, without a lock), writes the quarantine and hands the rows to the staged
//! version. At most [`IN_FLIGHT`] chunks a thread are in memory at once: memory is bounded
//! by the chunk size, not the file (the key index is what grows with it).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use arrow::array::BooleanArray;
use arrow::compute::filter_record_batch;
use crossbeam_channel::{Receiver, Sender, bounded, unbounded};
use linkages_core::{Cell, CellError, RowLocation};

use super::check::{Checked, Checker};
use super::intake::{Intake, Outcome, classify};
use super::{IngestOptions, Progress};
use crate::error::{Error, IoContext, Result};
use crate::header::Header;
use crate::readers::records::{Fields, Record, last_record_end};
use crate::readers::{Encoding, RawRow, Rest, cells_of};
use crate::store::SourceReport;

/// A record longer than this is a quoted field left open (a stray quote), not data.
const LONGEST_RECORD: usize = 64 << 20;

/// Chunks in memory at once per checking thread (queued, being checked, or waiting to be
/// taken in order).
const IN_FLIGHT: usize = 2;

/// How a CSV file is cut and checked in parallel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chunking {
    /// Threads that check chunks (at least one).
    pub threads: usize,
    /// Bytes a chunk holds at least (it ends at the end of a record, so a little more).
    pub chunk_bytes: usize,
}

impl Default for Chunking {
    /// One checking thread per core, chunks of 4 MiB.
    fn default() -> Chunking {
        Chunking {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            chunk_bytes: 4 << 20,
        }
    }
}

/// Cuts the rest of a file into chunks of whole records.
struct Chunker<'p> {
    rest: Rest,
    chunk_bytes: usize,
    path: &'p Path,
}

impl Chunker<'_> {
    /// The next chunk (the file's last may end without a line end); `None` at the end.
    fn next(&mut self) -> Result<Option<Vec<u8>>> {
        let mut want = self.chunk_bytes.max(1);
        loop {
            while !self.rest.eof && self.rest.pending.len() < want {
                self.read(want)?;
            }
            let pending = &mut self.rest.pending;
            if self.rest.eof {
                return Ok((!pending.is_empty()).then(|| std::mem::take(pending)));
            }
            if let Some(end) = last_record_end(pending, self.rest.delimiter) {
                let tail = pending.split_off(end);
                return Ok(Some(std::mem::replace(pending, tail)));
            }
            if pending.len() > LONGEST_RECORD {
                return Err(Error::File {
                    path: self.path.into(),
                    message: "a quoted field runs on for more than 64 MiB (a stray quote?); nothing was stored".into(),
                });
            }
            // Never past the longest record: a quote left open is refused, as row by row.
            want = (pending.len() * 2).min(LONGEST_RECORD + 1);
        }
    }

    /// Cuts chunks while the taking thread gives permits, numbered in the file's order; a
    /// failure goes to the results. Returns the file's last byte.
    fn run(
        mut self,
        permits: &Receiver<()>,
        chunks: &Sender<(usize, Vec<u8>)>,
        failed: &Sender<Result<Checked>>,
    ) -> Option<u8> {
        for index in 0.. {
            if permits.recv().is_err() {
                break;
            }
            let sent = match self.next() {
                Ok(Some(bytes)) => chunks.send((index, bytes)).is_ok(),
                Ok(None) => false,
                Err(e) => {
                    let _ = failed.send(Err(e));
                    false
                }
            };
            if !sent {
                break;
            }
        }
        self.rest.last_byte
    }

    fn read(&mut self, want: usize) -> Result<()> {
        let pending = &mut self.rest.pending;
        let from = pending.len();
        pending.resize(want, 0);
        let n = self
            .rest
            .file
            .read(&mut pending[from..])
            .at("cannot read", self.path)?;
        pending.truncate(from + n);
        self.rest.read += n as u64;
        if n == 0 {
            self.rest.eof = true;
        } else {
            self.rest.last_byte = pending.last().copied();
        }
        Ok(())
    }
}

/// Where one file stands while its chunks are taken in order.
struct Taken<'r> {
    file: u32,
    path: &'r Path,
    /// The line the next chunk starts on.
    line: u64,
    /// Bytes of the file taken so far.
    position: u64,
    report: &'r mut SourceReport,
    fields: Fields,
    encoding: Encoding,
}

impl Taken<'_> {
    /// A record of a chunk read again by the row-by-row rules, numbered in the file.
    fn reread(
        &mut self,
        bytes: &[u8],
        record: &Record,
        header: &Header,
        options: &IngestOptions,
    ) -> Outcome {
        let base = self.line - 1;
        let raw = RawRow {
            row: base + record.first_line,
            last_line: base + record.last_line,
            cells: cells_of(
                self.fields.read(&bytes[record.start..record.end]),
                self.encoding,
            ),
        };
        classify(raw, header, options)
    }
}

/// A row the fast path took as valid and the row-by-row rules did not (or the reverse).
fn read_two_ways(row: u64) -> Error {
    Error::Invalid(format!("row {row} was read two ways"))
}

impl Intake<'_> {
    /// Reads the rest of a CSV file in chunks on `chunking.threads` threads.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn chunked(
        &mut self,
        rest: Rest,
        chunking: super::Chunking,
        file: u32,
        header: &Header,
        options: &IngestOptions,
        progress: &dyn Progress,
        report: &mut SourceReport,
    ) -> Result<()> {
        let path = self.file_of(RowLocation { file, row: 0 }).to_path_buf();
        let (delimiter, encoding) = (rest.delimiter, rest.encoding);
        let mut taken = Taken {
            file,
            path: &path,
            line: rest.line,
            position: rest.read - rest.pending.len() as u64,
            report,
            fields: Fields::new(delimiter),
            encoding,
        };
        let threads = chunking.threads.max(1);
        let chunker = Chunker {
            rest,
            chunk_bytes: chunking.chunk_bytes,
            path: &path,
        };
        let (key_positions, period_position) = self.positions();
        std::thread::scope(|scope| -> Result<()> {
            // Made here, so that a failure that returns early drops them and every thread ends.
            let (tokens, permits) = bounded::<()>(threads * IN_FLIGHT);
            let (chunks_tx, chunks) = unbounded::<(usize, Vec<u8>)>();
            let (results_tx, results) = unbounded::<Result<Checked>>();
            for _ in 0..threads * IN_FLIGHT {
                let _ = tokens.send(());
            }
            let failed = results_tx.clone();
            let cutter = scope.spawn(move || chunker.run(&permits, &chunks_tx, &failed));
            for _ in 0..threads {
                let (chunks, results) = (chunks.clone(), results_tx.clone());
                let positions = key_positions.clone();
                scope.spawn(move || {
                    let mut checker = Checker::new(
                        header,
                        options,
                        encoding,
                        delimiter,
                        positions,
                        period_position,
                    );
                    for (index, bytes) in chunks {
                        if results.send(checker.check(index, bytes)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop((chunks, results_tx));
            self.take_in_order(&results, &tokens, &mut taken, header, options, progress)?;
            drop(tokens);
            let last_byte = cutter
                .join()
                .map_err(|_| Error::Invalid("the CSV reader stopped".into()))?;
            // Lines: those above the chunks, the chunks' line ends, and a last line without one.
            taken.report.lines = Some(taken.line - 1 + u64::from(last_byte != Some(b'\n')));
            Ok(())
        })
    }

    /// Takes the checked chunks as they come, each in its turn, giving a permit back for each.
    fn take_in_order(
        &mut self,
        results: &Receiver<Result<Checked>>,
        tokens: &Sender<()>,
        taken: &mut Taken,
        header: &Header,
        options: &IngestOptions,
        progress: &dyn Progress,
    ) -> Result<()> {
        let (mut waiting, mut next) = (BTreeMap::new(), 0);
        for result in results {
            let checked = result?;
            waiting.insert(checked.index, checked);
            while let Some(checked) = waiting.remove(&next) {
                self.take(checked, taken, header, options)?;
                progress.advance(taken.position);
                progress.rows(taken.report.rows_read, taken.report.rows_quarantined);
                next += 1;
                let _ = tokens.send(());
            }
        }
        Ok(())
    }

    /// Takes one checked chunk in the file's order: keys inserted, refused rows and rows
    /// whose key was seen quarantined in row order, the rest staged.
    fn take(
        &mut self,
        checked: Checked,
        taken: &mut Taken,
        header: &Header,
        options: &IngestOptions,
    ) -> Result<()> {
        let base = taken.line - 1;
        let mut rejected: Vec<(u64, Vec<CellError>, Vec<Cell>)> = checked.rejected;
        let mut keep = Vec::with_capacity(checked.valid.len());
        for valid in &checked.valid {
            let at = RowLocation {
                file: taken.file,
                row: base + valid.record.first_line,
            };
            let first = self.keys_insert(valid.key, at);
            keep.push(first.is_none());
            if let Some(first) = first {
                match taken.reread(&checked.bytes, &valid.record, header, options) {
                    Outcome::Valid(values, cells) => {
                        let problem = self.duplicate(&values, first);
                        rejected.push((valid.record.first_line, vec![problem], cells));
                    }
                    _ => return Err(read_two_ways(at.row)),
                }
            }
        }
        for record in &checked.spanning {
            match taken.reread(&checked.bytes, record, header, options) {
                Outcome::Rejected(problems, cells) => {
                    rejected.push((record.first_line, problems, cells))
                }
                _ => return Err(read_two_ways(base + record.first_line)),
            }
        }
        rejected.sort_by_key(|r| r.0);
        for (line, problems, cells) in &rejected {
            self.quarantine
                .reject(taken.path, base + line, problems, cells)?;
        }
        let stored = keep.iter().filter(|k| **k).count();
        let report = &mut *taken.report;
        report.rows_read += (stored + rejected.len()) as u64;
        report.rows_stored += stored as u64;
        report.rows_quarantined += rejected.len() as u64;
        report.blank_rows += checked.blank;
        taken.line += checked.newlines;
        taken.position += checked.bytes.len() as u64;
        let batch = match stored == checked.valid.len() {
            true => {
                self.periods.extend(checked.periods);
                checked.batch
            }
            false => {
                let batch = filter_record_batch(&checked.batch, &BooleanArray::from(keep))?;
                self.note_periods(&batch)?;
                batch
            }
        };
        self.stage(&batch)
    }
}

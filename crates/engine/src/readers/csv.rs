//! CSV and TSV files: records found with their physical lines ([`super::records`]), fields
//! read by `csv_core`, text decoded as UTF-8 or GBK. Read in chunks: memory is bounded by
//! the chunk and the longest record.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use linkages_core::{Cell, CellError};

use super::records::{Fields, Record, Splitter};
use super::{Encoding, RawRow, RowSource};
use crate::error::{Error, IoContext, Result};

/// Bytes read from the file at a time.
const CHUNK: usize = 1 << 20;

/// A record longer than this is a quoted field left open (a stray quote), not data.
const LONGEST_RECORD: usize = 64 << 20;

pub(super) struct CsvSource {
    path: PathBuf,
    file: File,
    encoding: Encoding,
    size: u64,
    /// Bytes read from the file and not yet handed out as rows (a partial record).
    buf: Vec<u8>,
    /// Records found in `buf`, and the next to hand out.
    records: Vec<Record>,
    next: usize,
    /// Bytes of `buf` the records take (drained before more is read).
    used: usize,
    splitter: Splitter,
    fields: Fields,
    delimiter: u8,
    read: u64,
    eof: bool,
    last_byte: Option<u8>,
}

impl CsvSource {
    pub(super) fn open(path: &Path, encoding: Encoding) -> Result<CsvSource> {
        let mut file = File::open(path).at("cannot open", path)?;
        let size = file.metadata().at("cannot read", path)?.len();
        let mut head = vec![0u8; 8192];
        let n = file.read(&mut head).at("cannot read", path)?;
        head.truncate(n);
        let delimiter = sniff_delimiter(&head);
        let bom = head.starts_with(b"\xEF\xBB\xBF");
        let last_byte = head.last().copied();
        let mut buf = head;
        if bom {
            buf.drain(..3);
        }
        Ok(CsvSource {
            path: path.into(),
            file,
            encoding,
            size,
            buf,
            records: Vec::new(),
            next: 0,
            used: 0,
            splitter: Splitter::new(delimiter),
            fields: Fields::new(delimiter),
            delimiter,
            read: n as u64,
            eof: n == 0,
            last_byte,
        })
    }

    /// Finds the next records, reading more of the file as needed; false at the end.
    fn refill(&mut self) -> Result<bool> {
        loop {
            self.buf.drain(..self.used);
            self.records.clear();
            self.next = 0;
            let eof = self.eof;
            self.used = self.splitter.split(&self.buf, eof, &mut self.records);
            if !self.records.is_empty() {
                return Ok(true);
            }
            if eof {
                return Ok(false);
            }
            if self.buf.len() > LONGEST_RECORD {
                return Err(Error::File {
                    path: self.path.clone(),
                    message: "a quoted field runs on for more than 64 MiB (a stray quote?); nothing was stored".into(),
                });
            }
            self.read_chunk()?;
        }
    }

    fn read_chunk(&mut self) -> Result<()> {
        let from = self.buf.len();
        self.buf.resize(from + CHUNK, 0);
        let n = self
            .file
            .read(&mut self.buf[from..])
            .at("cannot read", &self.path)?;
        self.buf.truncate(from + n);
        self.read += n as u64;
        if n == 0 {
            self.eof = true;
        } else {
            self.last_byte = self.buf.last().copied();
        }
        Ok(())
    }

    /// The cells of a record, decoded.
    fn cells(&mut self, record: Record) -> std::result::Result<Vec<Cell>, (CellError, Vec<Cell>)> {
        let bytes = &self.buf[record.start..record.end];
        cells_of(self.fields.read(bytes), self.encoding)
    }
}

/// The cells of a record's fields, decoded: or the first field that is not text in the
/// encoding, with every cell decoded lossily.
pub(crate) fn cells_of<'a>(
    fields: impl Iterator<Item = &'a [u8]>,
    encoding: Encoding,
) -> std::result::Result<Vec<Cell>, (CellError, Vec<Cell>)> {
    let mut cells = Vec::new();
    let mut problem = None;
    for (i, field) in fields.enumerate() {
        match decode(field, encoding) {
            Some(s) => cells.push(Cell::Text(s)),
            None => {
                cells.push(Cell::Text(String::from_utf8_lossy(field).into_owned()));
                problem.get_or_insert_with(|| broken(i, field, encoding));
            }
        }
    }
    match problem {
        None => Ok(cells),
        Some(p) => Err((p, cells)),
    }
}

/// What is left of a CSV file once its header has been read, for the chunked reader: the
/// open file, the bytes read past the last row handed out (starting at a record), and
/// where they are.
pub struct Rest {
    /// The file, positioned after `pending`.
    pub file: File,
    /// Bytes read and not yet handed out as rows; they start at the start of a record.
    pub pending: Vec<u8>,
    /// The line `pending` starts on.
    pub line: u64,
    /// Bytes read from the file so far (`pending` included).
    pub read: u64,
    /// Whether the file has been read to its end.
    pub eof: bool,
    /// The last byte read (whether the file ends with a line end, once read to its end).
    pub last_byte: Option<u8>,
    /// The field delimiter.
    pub delimiter: u8,
    /// The text encoding.
    pub encoding: Encoding,
}

impl CsvSource {
    /// Hands the rest of the file over (see [`Rest`]); this source then has no more rows.
    fn rest_of_file(&mut self) -> Result<Rest> {
        let (start, line) = match self.records.get(self.next) {
            Some(r) => (r.start, r.first_line),
            None => (self.used, self.splitter.pending_line()),
        };
        let pending = self.buf.split_off(start);
        self.buf.clear();
        self.records.clear();
        (self.next, self.used) = (0, 0);
        let eof = std::mem::replace(&mut self.eof, true);
        Ok(Rest {
            file: self.file.try_clone().at("cannot read", &self.path)?,
            pending,
            line,
            read: self.read,
            eof,
            last_byte: self.last_byte,
            delimiter: self.delimiter,
            encoding: self.encoding,
        })
    }
}

/// The delimiter of the first line: comma, tab or semicolon, whichever it has most of.
fn sniff_delimiter(head: &[u8]) -> u8 {
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    [b',', b'\t', b';']
        .into_iter()
        .max_by_key(|d| first_line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',')
}

fn decode(bytes: &[u8], encoding: Encoding) -> Option<String> {
    decode_field(bytes, encoding).map(std::borrow::Cow::into_owned)
}

/// A field's text in the file's encoding (borrowed where it is UTF-8 already), or `None`
/// when it is not text in that encoding.
pub(crate) fn decode_field(bytes: &[u8], encoding: Encoding) -> Option<std::borrow::Cow<'_, str>> {
    match encoding {
        Encoding::Utf8 => std::str::from_utf8(bytes).ok().map(Into::into),
        Encoding::Gbk if bytes.is_ascii() => std::str::from_utf8(bytes).ok().map(Into::into),
        Encoding::Gbk => {
            encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
        }
    }
}

/// The problem of a field that is not text in the file's encoding.
fn broken(i: usize, bytes: &[u8], encoding: Encoding) -> CellError {
    let hint = if encoding == Encoding::Utf8 {
        "; if the file is GBK-encoded, pass --encoding gbk"
    } else {
        ""
    };
    CellError {
        column: format!("#{}", i + 1),
        value: bytes.escape_ascii().to_string(),
        reason: format!("broken encoding: not valid {encoding} text{hint}"),
    }
}

impl RowSource for CsvSource {
    fn next_row(&mut self) -> Option<Result<RawRow>> {
        if self.next == self.records.len() {
            match self.refill() {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
        let record = self.records[self.next];
        self.next += 1;
        Some(Ok(RawRow {
            row: record.first_line,
            last_line: record.last_line,
            cells: self.cells(record),
        }))
    }

    fn progress(&self) -> (u64, u64) {
        (self.read, self.size)
    }

    fn rest(&mut self) -> Option<Result<Rest>> {
        Some(self.rest_of_file())
    }

    fn lines(&self) -> Option<u64> {
        let newline = self.last_byte == Some(b'\n');
        Some(if self.size == 0 {
            0
        } else {
            self.splitter.lines(newline)
        })
    }
}

//! Reading input files (CSV, Excel, Parquet) as a header and rows of raw text cells, with
//! each row's number in the file. Whole-file problems (unreadable, not the format it
//! claims) are errors; a row with broken encoding is a row-level problem, quarantined.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use arrow::array::{Array, RecordBatch, StringArray};
use arrow::datatypes::DataType;
use calamine::{Data, Reader};
use linkages_core::CellError;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};

use crate::error::{Error, IoContext, Result};

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

/// One row as read: its one-based number in the file (the header is row 1 for CSV and
/// Excel; Parquet records are numbered from 1), and its cells or why they cannot be read.
#[derive(Debug)]
pub struct RawRow {
    /// Row number.
    pub row: u64,
    /// The cells, or the encoding problem that makes the row unreadable together with the
    /// row decoded lossily (for the quarantine report; the problem's value keeps the exact
    /// bytes, escaped).
    pub cells: std::result::Result<Vec<String>, (CellError, Vec<String>)>,
}

/// A source of raw rows.
pub trait RowSource {
    /// The header cells.
    fn header(&self) -> &[String];
    /// The next row; `None` at the end; `Err` when the file cannot be read further.
    fn next_row(&mut self) -> Option<Result<RawRow>>;
    /// Progress so far and the total, in the same unit (bytes or rows).
    fn progress(&self) -> (u64, u64);
}

/// Opens a file by its extension: `.csv`, `.tsv`, `.txt`; `.xlsx`, `.xlsm`, `.xls`, `.ods`;
/// `.parquet`.
pub fn open(path: &Path, encoding: Encoding, sheet: Option<&str>) -> Result<Box<dyn RowSource>> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "tsv" | "txt" => Ok(Box::new(CsvSource::open(path, encoding)?)),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => Ok(Box::new(SheetSource::open(path, sheet)?)),
        "parquet" => Ok(Box::new(ParquetSource::open(path)?)),
        _ => Err(Error::File {
            path: path.into(),
            message: format!(
                "unsupported file type '.{ext}'; expected .csv, .tsv, .xlsx, .xls, .ods or .parquet"
            ),
        }),
    }
}

fn decode(bytes: &[u8], encoding: Encoding) -> Option<String> {
    match encoding {
        Encoding::Utf8 => std::str::from_utf8(bytes).ok().map(str::to_string),
        Encoding::Gbk => encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|s| s.into_owned()),
    }
}

struct CsvSource {
    path: PathBuf,
    reader: csv::Reader<BufReader<File>>,
    header: Vec<String>,
    record: csv::ByteRecord,
    encoding: Encoding,
    size: u64,
}

impl CsvSource {
    fn open(path: &Path, encoding: Encoding) -> Result<CsvSource> {
        let mut file = File::open(path).at("cannot open", path)?;
        let size = file.metadata().at("cannot read", path)?.len();
        // Sniff the delimiter from the first line: comma, tab or semicolon.
        let mut head = vec![0u8; 8192];
        let n = file.read(&mut head).at("cannot read", path)?;
        let first_line = head[..n].split(|&b| b == b'\n').next().unwrap_or_default();
        let delimiter = [b',', b'\t', b';']
            .into_iter()
            .max_by_key(|d| first_line.iter().filter(|b| *b == d).count())
            .unwrap_or(b',');
        let file = File::open(path).at("cannot open", path)?;
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(BufReader::with_capacity(1 << 20, file));
        let mut record = csv::ByteRecord::new();
        let found = reader
            .read_byte_record(&mut record)
            .map_err(|e| Error::File {
                path: path.into(),
                message: format!("cannot read the header: {e}"),
            })?;
        if !found {
            return Err(Error::File {
                path: path.into(),
                message: "the file is empty; expected a header row".into(),
            });
        }
        let header = record
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let b = if i == 0 { b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b) } else { b };
                decode(b, encoding).map(|s| s.trim().to_string()).ok_or_else(|| Error::File {
                    path: path.into(),
                    message: format!(
                        "the header is not valid {encoding} text (column {}); if the file is GBK-encoded, pass --encoding gbk",
                        i + 1
                    ),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(CsvSource {
            path: path.into(),
            reader,
            header,
            record,
            encoding,
            size,
        })
    }
}

impl RowSource for CsvSource {
    fn header(&self) -> &[String] {
        &self.header
    }

    fn next_row(&mut self) -> Option<Result<RawRow>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Err(e) => Some(Err(Error::File {
                path: self.path.clone(),
                message: format!("cannot read: {e}"),
            })),
            Ok(true) => {
                let row = self.record.position().map_or(0, |p| p.line());
                let mut cells = Vec::with_capacity(self.record.len());
                let mut problem = None;
                for (i, bytes) in self.record.iter().enumerate() {
                    match decode(bytes, self.encoding) {
                        Some(s) => cells.push(s),
                        None => {
                            cells.push(String::from_utf8_lossy(bytes).into_owned());
                            if problem.is_none() {
                                let hint = if self.encoding == Encoding::Utf8 {
                                    "; if the file is GBK-encoded, pass --encoding gbk"
                                } else {
                                    ""
                                };
                                problem = Some(CellError {
                                    column: self
                                        .header
                                        .get(i)
                                        .cloned()
                                        .unwrap_or_else(|| format!("#{}", i + 1)),
                                    value: bytes.escape_ascii().to_string(),
                                    reason: format!(
                                        "broken encoding: not valid {} text{hint}",
                                        self.encoding
                                    ),
                                });
                            }
                        }
                    }
                }
                let cells = match problem {
                    None => Ok(cells),
                    Some(p) => Err((p, cells)),
                };
                Some(Ok(RawRow { row, cells }))
            }
        }
    }

    fn progress(&self) -> (u64, u64) {
        (self.reader.position().byte(), self.size)
    }
}

struct SheetSource {
    header: Vec<String>,
    rows: std::vec::IntoIter<(u64, Vec<String>)>,
    read: u64,
    total: u64,
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => dt
            .as_datetime()
            .map_or_else(|| dt.as_f64().to_string(), |d| d.date().to_string()),
        Data::Error(e) => format!("#{e}"),
    }
}

impl SheetSource {
    fn open(path: &Path, sheet: Option<&str>) -> Result<SheetSource> {
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
        let mut rows = range.rows().enumerate().map(|(i, r)| {
            (
                first_row + i as u64 + 1,
                r.iter().map(cell_text).collect::<Vec<_>>(),
            )
        });
        let header = rows
            .next()
            .map(|(_, h)| h.into_iter().map(|s| s.trim().to_string()).collect())
            .ok_or_else(|| fail(format!("sheet '{name}' is empty; expected a header row")))?;
        let rows: Vec<_> = rows.collect();
        let total = rows.len() as u64;
        Ok(SheetSource {
            header,
            rows: rows.into_iter(),
            read: 0,
            total,
        })
    }
}

impl RowSource for SheetSource {
    fn header(&self) -> &[String] {
        &self.header
    }

    fn next_row(&mut self) -> Option<Result<RawRow>> {
        let (row, cells) = self.rows.next()?;
        self.read += 1;
        Some(Ok(RawRow {
            row,
            cells: Ok(cells),
        }))
    }

    fn progress(&self) -> (u64, u64) {
        (self.read, self.total)
    }
}

struct ParquetSource {
    path: PathBuf,
    header: Vec<String>,
    reader: ParquetRecordBatchReader,
    batch: Option<(Vec<StringArray>, usize)>,
    read: u64,
    total: u64,
}

impl ParquetSource {
    fn open(path: &Path) -> Result<ParquetSource> {
        let file = File::open(path).at("cannot open", path)?;
        let builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| Error::File {
            path: path.into(),
            message: format!("not a readable Parquet file: {e}"),
        })?;
        let total = builder.metadata().file_metadata().num_rows().max(0) as u64;
        let header = builder
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let reader = builder.with_batch_size(65536).build()?;
        Ok(ParquetSource {
            path: path.into(),
            header,
            reader,
            batch: None,
            read: 0,
            total,
        })
    }

    fn load(&mut self, batch: RecordBatch) -> Result<()> {
        let columns = batch
            .columns()
            .iter()
            .map(|c| {
                let text = arrow::compute::cast(c, &DataType::Utf8)?;
                Ok(text
                    .as_any()
                    .downcast_ref::<StringArray>()
                    .cloned()
                    .unwrap_or_else(|| StringArray::new_null(c.len())))
            })
            .collect::<Result<Vec<_>>>()?;
        self.batch = Some((columns, 0));
        Ok(())
    }
}

impl RowSource for ParquetSource {
    fn header(&self) -> &[String] {
        &self.header
    }

    fn next_row(&mut self) -> Option<Result<RawRow>> {
        loop {
            if let Some((columns, i)) = &mut self.batch
                && *i < columns.first().map_or(0, |c| c.len())
            {
                let cells = columns
                    .iter()
                    .map(|c| {
                        if c.is_null(*i) {
                            String::new()
                        } else {
                            c.value(*i).to_string()
                        }
                    })
                    .collect();
                *i += 1;
                self.read += 1;
                return Some(Ok(RawRow {
                    row: self.read,
                    cells: Ok(cells),
                }));
            }
            match self.reader.next()? {
                Ok(batch) => {
                    if let Err(e) = self.load(batch) {
                        return Some(Err(e));
                    }
                }
                Err(e) => {
                    return Some(Err(Error::File {
                        path: self.path.clone(),
                        message: format!("cannot read: {e}"),
                    }));
                }
            }
        }
    }

    fn progress(&self) -> (u64, u64) {
        (self.read, self.total)
    }
}

//! Parquet files: each column read by its type (text, integers, floats, dates, booleans),
//! in batches.

use std::fs::File;
use std::path::{Path, PathBuf};

use arrow::array::{Array, ArrayRef, AsArray, RecordBatch};
use arrow::datatypes::{DataType, Date32Type, Float64Type, Int64Type};
use linkages_core::Cell;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};

use super::{RawRow, RowSource};
use crate::error::{Error, IoContext, Result};

pub(super) struct ParquetSource {
    path: PathBuf,
    header: Option<Vec<Cell>>,
    reader: ParquetRecordBatchReader,
    batch: Option<(Vec<ArrayRef>, usize)>,
    read: u64,
    total: u64,
}

impl ParquetSource {
    pub(super) fn open(path: &Path) -> Result<ParquetSource> {
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
            .map(|f| Cell::Text(f.name().clone()))
            .collect();
        let reader = builder.with_batch_size(65536).build()?;
        Ok(ParquetSource {
            path: path.into(),
            header: Some(header),
            reader,
            batch: None,
            read: 0,
            total,
        })
    }

    /// The batch's columns in the types cells are read from.
    fn load(&mut self, batch: RecordBatch) -> Result<()> {
        let columns = batch
            .columns()
            .iter()
            .map(|c| {
                let to = match c.data_type() {
                    t if t.is_integer() => DataType::Int64,
                    t if t.is_floating() || matches!(t, DataType::Decimal128(..)) => {
                        DataType::Float64
                    }
                    DataType::Date32 | DataType::Date64 | DataType::Timestamp(..) => {
                        DataType::Date32
                    }
                    DataType::Boolean => DataType::Boolean,
                    _ => DataType::Utf8,
                };
                Ok(arrow::compute::cast(c, &to)?)
            })
            .collect::<Result<Vec<_>>>()?;
        self.batch = Some((columns, 0));
        Ok(())
    }
}

/// One cell of a column cast by [`ParquetSource::load`].
fn cell(column: &ArrayRef, i: usize) -> Cell {
    if column.is_null(i) {
        return Cell::Empty;
    }
    match column.data_type() {
        DataType::Int64 => Cell::Int(column.as_primitive::<Int64Type>().value(i)),
        DataType::Float64 => Cell::Float(column.as_primitive::<Float64Type>().value(i)),
        DataType::Date32 => column
            .as_primitive::<Date32Type>()
            .value_as_date(i)
            .map_or(Cell::Empty, Cell::Date),
        DataType::Boolean => Cell::Bool(column.as_boolean().value(i)),
        _ => Cell::Text(column.as_string::<i32>().value(i).to_string()),
    }
}

impl RowSource for ParquetSource {
    fn next_row(&mut self) -> Option<Result<RawRow>> {
        if let Some(header) = self.header.take() {
            // The column names are the header, row 0: records are numbered from 1.
            return Some(Ok(RawRow {
                row: 0,
                last_line: 0,
                cells: Ok(header),
            }));
        }
        loop {
            if let Some((columns, i)) = &mut self.batch
                && *i < columns.first().map_or(0, |c| c.len())
            {
                let cells = columns.iter().map(|c| cell(c, *i)).collect();
                *i += 1;
                self.read += 1;
                return Some(Ok(RawRow {
                    row: self.read,
                    last_line: self.read,
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

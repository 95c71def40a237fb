//! A query's answer as the adapters see it: named columns and rows of domain [`Value`]s.
//! Arrow stays inside the engine; [`crate::format::render`] writes a table as text, CSV or
//! JSON with Arrow's own writers.

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::{DataType, Float64Type, Int32Type, Int64Type, SchemaRef};
use linkages_core::Value;

use crate::error::{Error, Result};

/// The answer to a query: its columns and rows.
#[derive(Debug, Clone)]
pub struct Table {
    pub(crate) schema: SchemaRef,
    pub(crate) batches: Vec<RecordBatch>,
}

impl Table {
    pub(crate) fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> Table {
        Table { schema, batches }
    }

    /// The column names, in order.
    pub fn columns(&self) -> Vec<&str> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().as_str())
            .collect()
    }

    /// The position of a named column; an error names the query's columns when it is absent.
    pub fn column(&self, name: &str) -> Result<usize> {
        self.schema.index_of(name).map_err(|_| {
            Error::Invalid(format!(
                "the answer has no column '{name}' (columns: {})",
                self.columns().join(", ")
            ))
        })
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.batches.iter().map(RecordBatch::num_rows).sum()
    }

    /// Whether the answer has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows as domain values: text, integers and floats, nulls as [`Value::Null`];
    /// other types (dates, booleans) as their text.
    pub fn rows(&self) -> Result<Vec<Vec<Value>>> {
        let mut rows = Vec::with_capacity(self.len());
        for batch in &self.batches {
            let start = rows.len();
            rows.extend((0..batch.num_rows()).map(|_| Vec::with_capacity(batch.num_columns())));
            for column in batch.columns() {
                for (r, row) in rows[start..].iter_mut().enumerate() {
                    row.push(value(column.as_ref(), r)?);
                }
            }
        }
        Ok(rows)
    }

    /// The rows as display text (what `linkages sql` prints), nulls written as `null`.
    pub fn text_rows(&self, null: &str) -> Result<Vec<Vec<String>>> {
        let mut out = Vec::with_capacity(self.len());
        for batch in &self.batches {
            for r in 0..batch.num_rows() {
                let row = batch
                    .columns()
                    .iter()
                    .map(|c| match c.is_null(r) {
                        true => Ok(null.to_string()),
                        false => Ok(arrow::util::display::array_value_to_string(c, r)?),
                    })
                    .collect::<Result<Vec<String>>>()?;
                out.push(row);
            }
        }
        Ok(out)
    }
}

/// One cell as a domain value.
fn value(column: &dyn Array, r: usize) -> Result<Value> {
    if column.is_null(r) {
        return Ok(Value::Null);
    }
    Ok(match column.data_type() {
        DataType::Utf8 => Value::Text(column.as_string::<i32>().value(r).to_string()),
        DataType::Utf8View => Value::Text(column.as_string_view().value(r).to_string()),
        DataType::Int32 => Value::Int(i64::from(column.as_primitive::<Int32Type>().value(r))),
        DataType::Int64 => Value::Int(column.as_primitive::<Int64Type>().value(r)),
        DataType::Float64 => Value::Float(column.as_primitive::<Float64Type>().value(r)),
        _ => Value::Text(arrow::util::display::array_value_to_string(column, r)?),
    })
}

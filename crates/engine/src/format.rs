//! Query results as text: an aligned table, CSV or JSON.

use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;

use crate::error::Result;

/// Output format of query results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// Aligned text table.
    #[default]
    Table,
    /// CSV with a header row.
    Csv,
    /// A JSON array of objects.
    Json,
}

/// Renders batches in the given format.
pub fn render(schema: &SchemaRef, batches: &[RecordBatch], format: Format) -> Result<String> {
    match format {
        Format::Table => {
            if batches.iter().all(|b| b.num_rows() == 0) {
                let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
                return Ok(format!("({}) — no rows", names.join(", ")));
            }
            Ok(arrow::util::pretty::pretty_format_batches(batches)?.to_string())
        }
        Format::Csv => {
            let mut out = Vec::new();
            {
                let mut writer = arrow::csv::WriterBuilder::new()
                    .with_header(true)
                    .build(&mut out);
                if batches.is_empty() {
                    writer.write(&RecordBatch::new_empty(schema.clone()))?;
                }
                for b in batches {
                    writer.write(b)?;
                }
            }
            let mut text = String::from_utf8_lossy(&out).into_owned();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            Ok(text)
        }
        Format::Json => {
            let mut out = Vec::new();
            {
                let mut writer = arrow::json::ArrayWriter::new(&mut out);
                let refs: Vec<&RecordBatch> = batches.iter().collect();
                writer.write_batches(&refs)?;
                writer.finish()?;
            }
            let text = String::from_utf8_lossy(&out).into_owned();
            Ok(if text.is_empty() {
                "[]\n".into()
            } else {
                text + "\n"
            })
        }
    }
}

/// Query results as rows of domain values, for adapters that compute on them (text,
/// integers, floats; nulls as [`Value::Null`]). Other types are rendered as text.
pub fn to_values(batches: &[RecordBatch]) -> Result<Vec<Vec<linkages_core::Value>>> {
    use arrow::array::{Array, AsArray};
    use arrow::datatypes::{DataType, Float64Type, Int32Type, Int64Type};
    use linkages_core::Value;
    let mut rows = Vec::new();
    for batch in batches {
        let start = rows.len();
        rows.extend((0..batch.num_rows()).map(|_| Vec::with_capacity(batch.num_columns())));
        for column in batch.columns() {
            for (r, row) in rows[start..].iter_mut().enumerate() {
                row.push(if column.is_null(r) {
                    Value::Null
                } else {
                    match column.data_type() {
                        DataType::Utf8 => {
                            Value::Text(column.as_string::<i32>().value(r).to_string())
                        }
                        DataType::Utf8View => {
                            Value::Text(column.as_string_view().value(r).to_string())
                        }
                        DataType::Int32 => {
                            Value::Int(i64::from(column.as_primitive::<Int32Type>().value(r)))
                        }
                        DataType::Int64 => Value::Int(column.as_primitive::<Int64Type>().value(r)),
                        DataType::Float64 => {
                            Value::Float(column.as_primitive::<Float64Type>().value(r))
                        }
                        _ => Value::Text(arrow::util::display::array_value_to_string(column, r)?),
                    }
                });
            }
        }
    }
    Ok(rows)
}

/// Converts a CSV file with a header row to a Parquet file, streaming: the named
/// `text_columns` are kept as text (codes such as `0101` keep their leading zeros), every
/// other column is read as a float.
pub fn csv_to_parquet(
    csv: &std::path::Path,
    parquet: &std::path::Path,
    text_columns: &[&str],
) -> Result<()> {
    use std::sync::Arc;

    use arrow::datatypes::{DataType, Field, Schema};

    use crate::error::IoContext;
    let file_error = |e: ::csv::Error| crate::Error::File {
        path: csv.into(),
        message: e.to_string(),
    };
    let header = ::csv::Reader::from_path(csv)
        .map_err(file_error)?
        .headers()
        .map_err(file_error)?
        .clone();
    let fields: Vec<Field> = header
        .iter()
        .map(|h| {
            Field::new(
                h,
                if text_columns.contains(&h) {
                    DataType::Utf8
                } else {
                    DataType::Float64
                },
                true,
            )
        })
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let input = std::fs::File::open(csv).at("cannot open", csv)?;
    let reader = arrow::csv::ReaderBuilder::new(schema.clone())
        .with_header(true)
        .with_batch_size(65_536)
        .build(input)?;
    let output = std::fs::File::create(parquet).at("cannot create", parquet)?;
    let mut writer = parquet::arrow::ArrowWriter::try_new(output, schema, None)?;
    for batch in reader {
        writer.write(&batch?)?;
    }
    writer.close()?;
    Ok(())
}

//! Query results as text: an aligned table, CSV or JSON.

use arrow::array::RecordBatch;

use crate::error::Result;
use crate::table::Table;

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

/// A format name that is not one of the query result formats.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a result format; use table, csv or json")]
pub struct FormatError(pub String);

impl std::str::FromStr for Format {
    type Err = FormatError;

    /// Reads `table`, `csv` or `json`.
    fn from_str(raw: &str) -> std::result::Result<Format, FormatError> {
        match raw.trim() {
            "table" => Ok(Format::Table),
            "csv" => Ok(Format::Csv),
            "json" => Ok(Format::Json),
            _ => Err(FormatError(raw.into())),
        }
    }
}

/// Renders a query's answer in the given format (Arrow's own pretty printer and writers).
pub fn render(table: &Table, format: Format) -> Result<String> {
    let (schema, batches) = (&table.schema, table.batches.as_slice());
    match format {
        Format::Table if table.is_empty() => {
            Ok(format!("({}) — no rows", table.columns().join(", ")))
        }
        Format::Table => Ok(arrow::util::pretty::pretty_format_batches(batches)?.to_string()),
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

//! From the domain's columnar [`Batch`] to Arrow, and the Arrow schema of each dataset.

use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use linkages_core::dataset::StoredType;
use linkages_core::{Batch, Cells, Dataset};

use crate::error::Result;

/// The Arrow schema of a dataset's stored columns.
pub fn arrow_schema(dataset: &Dataset) -> SchemaRef {
    let fields: Vec<Field> = dataset
        .stored_columns()
        .iter()
        .map(|c| {
            let ty = match c.ty {
                StoredType::Text => DataType::Utf8,
                StoredType::Int32 => DataType::Int32,
                StoredType::Int64 => DataType::Int64,
                StoredType::Float64 => DataType::Float64,
            };
            Field::new(c.name, ty, c.nullable)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// The schema of a version's Parquet files: text columns (codes and periods, from a few
/// to some thousands of distinct values) as dictionaries. Readers then get each distinct
/// code once per column chunk and integer keys per row, instead of a string per row.
pub fn file_schema(dataset: &Dataset) -> SchemaRef {
    text_as(
        dataset,
        DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
    )
}

/// The Arrow schema of a dataset with its text columns of another string type.
pub fn text_as(dataset: &Dataset, text: DataType) -> SchemaRef {
    let fields: Vec<Field> = arrow_schema(dataset)
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Utf8 => f.as_ref().clone().with_data_type(text.clone()),
            _ => f.as_ref().clone(),
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// A batch with its columns cast to `schema` (same names, in order).
pub fn cast_to(batch: &RecordBatch, schema: &SchemaRef) -> Result<RecordBatch> {
    let columns = batch
        .columns()
        .iter()
        .zip(schema.fields())
        .map(|(c, f)| {
            if c.data_type() == f.data_type() {
                Ok(c.clone())
            } else {
                arrow::compute::cast(c, f.data_type())
            }
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    Ok(RecordBatch::try_new(schema.clone(), columns)?)
}

/// Converts a validated batch to an Arrow record batch.
pub fn to_record_batch(batch: &Batch) -> Result<RecordBatch> {
    let schema = arrow_schema(batch.dataset);
    let arrays: Vec<ArrayRef> = batch
        .columns
        .iter()
        .zip(schema.fields())
        .map(|(cells, field)| -> ArrayRef {
            match (cells, field.data_type()) {
                (Cells::Text(v), _) => {
                    Arc::new(StringArray::from_iter_values(v.iter().map(|s| s.as_ref())))
                }
                (Cells::Int(v), DataType::Int32) => Arc::new(
                    v.iter()
                        .map(|x| x.map(|i| i as i32))
                        .collect::<Int32Array>(),
                ),
                (Cells::Int(v), _) => Arc::new(v.iter().copied().collect::<Int64Array>()),
                (Cells::Float(v), _) => Arc::new(v.iter().copied().collect::<Float64Array>()),
            }
        })
        .collect();
    Ok(RecordBatch::try_new(schema, arrays)?)
}

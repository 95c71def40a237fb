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

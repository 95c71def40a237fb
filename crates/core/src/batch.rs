//! Validated rows in columnar form, aligned with [`Dataset::stored_columns`]: what every
//! input path (files, the demo generator) hands to the store.

use std::borrow::Cow;

use crate::dataset::{Dataset, StoredType};
use crate::validate::Value;

/// The cells of one stored column.
#[derive(Debug, Clone, PartialEq)]
pub enum Cells {
    /// Text cells; text columns are always required, so never null. Borrowed for codes that
    /// come from the static reference lists, owned otherwise.
    Text(Vec<Cow<'static, str>>),
    /// Integer cells.
    Int(Vec<Option<i64>>),
    /// Float cells.
    Float(Vec<Option<f64>>),
}

/// A batch of validated rows of one dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Batch {
    /// The dataset the rows belong to.
    pub dataset: &'static Dataset,
    /// One entry per stored column.
    pub columns: Vec<Cells>,
}

impl Batch {
    /// An empty batch with room for `capacity` rows.
    pub fn with_capacity(dataset: &'static Dataset, capacity: usize) -> Batch {
        let columns = dataset
            .stored_columns()
            .iter()
            .map(|c| match c.ty {
                StoredType::Text => Cells::Text(Vec::with_capacity(capacity)),
                StoredType::Int32 | StoredType::Int64 => Cells::Int(Vec::with_capacity(capacity)),
                StoredType::Float64 => Cells::Float(Vec::with_capacity(capacity)),
            })
            .collect();
        Batch { dataset, columns }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match self.columns.first() {
            Some(Cells::Text(v)) => v.len(),
            Some(Cells::Int(v)) => v.len(),
            Some(Cells::Float(v)) => v.len(),
            None => 0,
        }
    }

    /// Whether the batch has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends a row of values produced by [`crate::RowParser::parse`].
    ///
    /// # Panics
    /// If the row does not match the stored columns: a programming error, not bad input.
    pub fn push(&mut self, values: Vec<Value>) {
        assert_eq!(
            values.len(),
            self.columns.len(),
            "row width must match the stored columns"
        );
        for (cells, value) in self.columns.iter_mut().zip(values) {
            match (cells, value) {
                (Cells::Text(v), Value::Text(s)) => v.push(Cow::Owned(s)),
                (Cells::Int(v), Value::Int(i)) => v.push(Some(i)),
                (Cells::Int(v), Value::Null) => v.push(None),
                (Cells::Float(v), Value::Float(f)) => v.push(Some(f)),
                (Cells::Float(v), Value::Null) => v.push(None),
                (cells, value) => panic!("value {value:?} does not fit column {cells:?}"),
            }
        }
    }
}

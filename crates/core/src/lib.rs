//! The domain core of Linkages: the five linkages, their datasets and schemas, statistical
//! periods, reference classifications and the validation rules every input obeys.
//!
//! This crate does no I/O. Engines, servers, the CLI and reports are adapters around it.

pub mod batch;
pub mod classify;
pub mod dataset;
pub mod indicator;
pub mod period;
pub mod target;
pub mod validate;

pub use batch::{Batch, Cells};
pub use dataset::{DATASETS, Dataset, Linkage, dataset};
pub use indicator::{Dimension, Filter, INDICATORS, Indicator, Request, Unit};
pub use period::Period;
pub use validate::{CellError, KeyIndex, RowLocation, RowParser, Value};

//! What people read: indicator tables for people and programs, the overview of the five
//! linkages, the monthly brief in Chinese and English (every number of which records the
//! query that produced it), the scoreboard of measures and targets, and opportunities.
//!
//! The figures come from the engine ([`linkages_engine::indicators`]); this crate only
//! chooses which figures to show and writes them down. The command line and the server
//! call the same functions here.

pub mod brief;
pub mod cascade;
pub mod chart;
pub mod datasets;
pub mod format;
pub mod markets;
pub mod measures;
pub mod new_products;
pub mod opportunities;
pub mod outlook;
pub mod overview;
pub mod pdf;
pub mod pipeline;
pub mod reference;
pub mod render;
pub mod scoreboard;
pub mod series;
pub mod table;
pub mod text;

pub use brief::{Brief, Registered, build, build_for, build_with};
pub use format::{BriefFormat, TableFormat};
pub use linkages_core::Lang;

/// What the demo wrote into the registry (see [`load_demo_registry`]).
#[derive(Debug, Clone, PartialEq)]
pub struct DemoRegistry {
    /// The pipeline's import, `None` when the registry held projects already.
    pub projects: Option<linkages_registry::projects::ImportReport>,
    /// Progress records of the countable targets (0 when it held records already).
    pub records: usize,
    /// Progress notes of the measures (0 when it held notes already).
    pub notes: usize,
    /// Targets split among the cities (0 when it held splits already).
    pub splits: usize,
}

/// Writes the demo's synthetic registry content — the project pipeline, progress records
/// up to `today`, measure notes, and targets split among the cities by the shares of the
/// demo store's trade (`session`) with the cities' progress — each only where the registry
/// holds none of its kind.
pub async fn load_demo_registry(
    registry: &mut linkages_registry::Registry,
    session: &linkages_engine::Session,
    seed: u64,
    today: chrono::NaiveDate,
) -> Result<DemoRegistry, Error> {
    Ok(DemoRegistry {
        projects: pipeline::load_demo(registry, seed)?,
        records: scoreboard::load_demo(registry, seed, today)?,
        notes: measures::load_demo(registry, seed)?,
        splits: cascade::load_demo(registry, session, seed).await?,
    })
}

/// Errors of report building.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The engine could not compute a figure.
    #[error(transparent)]
    Engine(#[from] linkages_engine::Error),
    /// A request the brief makes is invalid (a bug, or a dataset without the column).
    #[error(transparent)]
    Request(#[from] linkages_core::indicator::IndicatorError),
    /// Writing an Excel workbook failed.
    #[error("excel: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// Drawing a chart failed.
    #[error("chart: {0}")]
    Chart(String),
    /// The registry of measures and targets failed.
    #[error(transparent)]
    Registry(#[from] linkages_registry::Error),
    /// Computing economic complexity failed.
    #[error(transparent)]
    Complexity(#[from] linkages_complexity::Error),
    /// A markets method could not be applied.
    #[error(transparent)]
    Markets(#[from] linkages_markets::Error),
    /// The store lacks the data asked for.
    #[error("{0}")]
    NoData(String),
    /// A request parameter is invalid.
    #[error("{0}")]
    Invalid(String),
    /// Printing a PDF failed.
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// Serialising JSON failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

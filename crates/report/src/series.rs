//! A monthly series of an indicator's slice: this year and last, through the month. What
//! `linkages series` prints and the API's `/series` answers (the dashboard's month charts).

use linkages_core::{Provenance, Request, Unit};
use linkages_engine::{Session, indicators};

use crate::Error;

/// The months of a slice.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Series {
    /// Indicator code.
    pub indicator: &'static str,
    /// Unit of the values.
    pub unit: Unit,
    /// For counts, what is counted.
    pub counted: Option<linkages_core::indicator::Counted>,
    /// One value per month with data.
    pub values: Vec<MonthValue>,
    /// The query the values come from.
    pub provenance: Provenance,
}

/// One month's value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct MonthValue {
    /// The month, `YYYY-MM`.
    pub period: String,
    /// The value in the series' unit.
    pub value: f64,
}

/// The series of a request's slice (its breakdown ignored).
pub async fn build(session: &Session, request: &Request) -> Result<Series, Error> {
    let (provenance, values) = indicators::monthly(session, request).await?;
    Ok(Series {
        indicator: request.indicator.code,
        unit: request.unit,
        counted: request.indicator.counted,
        values: values
            .into_iter()
            .map(|(p, value)| MonthValue {
                period: p.to_string(),
                value,
            })
            .collect(),
        provenance,
    })
}

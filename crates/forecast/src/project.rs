//! Projections of a monthly series with 80% and 95% intervals, by the `augurs` crates: MSTL
//! (Bandara, Hyndman and Bergmeir, "MSTL: a seasonal-trend decomposition algorithm for time
//! series with multiple seasonal patterns", 2021) with period 12, its trend forecast by
//! AutoETS (Hyndman and Khandakar, "Automatic time series forecasting: the forecast
//! package for R", 2008) and the seasonal component repeated. The model runs on the log
//! series with the Spring Festival's effect removed as in [`crate::adjust`]; the holiday's
//! effect on each future month (its date is known) is put back, and the intervals are the
//! trend model's, which widen with the horizon.

use augurs_core::{Fit, Predict};
use augurs_ets::AutoETS;
use augurs_mstl::MSTLModel;
use linkages_core::Period;

use crate::adjust::{Prior, periods, prior};
use crate::{Error, Series};
use linkages_core::holiday::Window;

/// A projection: the months after the series and, for each, the point and two intervals.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Projection {
    /// The months projected, from the one after the last observed.
    pub periods: Vec<Period>,
    /// The projected values.
    pub point: Vec<f64>,
    /// The 80% interval's lower ends.
    pub lower_80: Vec<f64>,
    /// The 80% interval's upper ends.
    pub upper_80: Vec<f64>,
    /// The 95% interval's lower ends.
    pub lower_95: Vec<f64>,
    /// The 95% interval's upper ends.
    pub upper_95: Vec<f64>,
}

/// The model's description, for the reader.
pub const MODEL: &str =
    "MSTL (period 12) with an AutoETS trend (augurs), on logs, Spring Festival regression";

/// Projects a monthly series (at least three years) `horizon` months ahead.
pub fn project(series: &Series, horizon: usize, window: Window) -> Result<Projection, Error> {
    let Prior {
        months,
        beta,
        prior,
        ..
    } = prior(series, window)?;
    // On logs the errors are additive: the search is over the trend only (none, additive,
    // damped), as `forecast::ets` would choose for a log series.
    let ets = AutoETS::new(1, "AZN").map_err(|e| Error::Model(e.to_string()))?;
    let model = MSTLModel::new(vec![12], ets.into_trend_model());
    let fitted = model.fit(&prior).map_err(|e| Error::Model(e.to_string()))?;
    let at = |level: f64| {
        fitted
            .predict(horizon, level)
            .map_err(|e| Error::Model(e.to_string()))
    };
    let (f80, f95) = (at(0.8)?, at(0.95)?);
    let next = months.last().map_or(series.start, |p| p.next());
    let future = periods(next, horizon);
    let ahead = window.regressor(&future);
    let back = |v: &[f64]| -> Vec<f64> {
        v.iter()
            .zip(&ahead)
            .map(|(x, h)| (x + beta * h).exp())
            .collect()
    };
    let bounds = |f: &augurs_core::Forecast| match &f.intervals {
        Some(i) => Ok((back(&i.lower), back(&i.upper))),
        None => Err(Error::Model("the trend model gave no interval".into())),
    };
    let ((lower_80, upper_80), (lower_95, upper_95)) = (bounds(&f80)?, bounds(&f95)?);
    Ok(Projection {
        periods: future,
        point: back(&f80.point),
        lower_80,
        upper_80,
        lower_95,
        upper_95,
    })
}

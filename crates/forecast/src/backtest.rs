//! How good the projections have been: a rolling-origin backtest (Tashman, "Out-of-sample
//! tests of forecasting accuracy", 2000): from each origin month, the model is fitted on the
//! months up to it and projects twelve ahead; each projection is compared with what came.
//! The same is done for the seasonal-naive forecast (the value of the same month a year
//! before, with the normal interval of Hyndman and Athanasopoulos, *Forecasting:
//! principles and practice*, §5.5), the baseline a model must beat.

use linkages_core::Period;

use crate::adjust::{filled, periods};
use crate::{Error, Series, project};
use linkages_core::holiday::Window;

/// Accuracy at one horizon.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Horizon {
    /// Months ahead.
    pub months: usize,
    /// Origins with an outcome to compare.
    pub origins: usize,
    /// The model's mean absolute percentage error, %.
    pub mape: f64,
    /// The seasonal-naive forecast's, %.
    pub naive_mape: f64,
    /// Share of outcomes inside the model's 80% interval, %.
    pub coverage_80: f64,
    /// Share inside its 95% interval, %.
    pub coverage_95: f64,
    /// Share inside the seasonal-naive 80% interval, %.
    pub naive_coverage_80: f64,
}

/// A backtest over a series: one line per horizon 1–12.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Backtest {
    /// The first origin (the last month of the first fit).
    pub first_origin: Period,
    /// The last origin (the month before the last observed: one month left to compare).
    pub last_origin: Period,
    /// Accuracy by horizon.
    pub horizons: Vec<Horizon>,
}

impl Backtest {
    /// The line of `months` ahead.
    pub fn at(&self, months: usize) -> Option<&Horizon> {
        self.horizons.iter().find(|h| h.months == months)
    }

    /// Whether the model's error at `months` ahead is below the seasonal-naive one's.
    pub fn beats_naive(&self, months: usize) -> Option<bool> {
        self.at(months).map(|h| h.mape < h.naive_mape)
    }
}

/// One origin's errors by horizon: (months ahead, model APE, covered 80, covered 95,
/// naive APE, naive covered 80).
type Outcome = (usize, f64, bool, bool, f64, bool);

/// Backtests projections of `series` from every origin from `first` (at least three years
/// in, and not before it) to the month before the last.
pub fn backtest(series: &Series, first: Period, window: Window) -> Result<Backtest, Error> {
    let (values, _) = filled(series)?;
    let months = periods(series.start, values.len());
    let start = months
        .iter()
        .position(|p| *p >= first)
        .unwrap_or(months.len())
        .max(36 - 1);
    if start + 1 >= values.len() {
        return Err(Error::TooShort(values.len(), 38));
    }
    let mut outcomes: Vec<Outcome> = Vec::new();
    for origin in start..values.len() - 1 {
        outcomes.extend(from_origin(&months, &values, origin, window)?);
    }
    let horizons = (1..=12).filter_map(|k| summary(k, &outcomes)).collect();
    Ok(Backtest {
        first_origin: months[start],
        last_origin: months[values.len() - 2],
        horizons,
    })
}

/// The errors of the projection made at `origin` (fitted on the months up to it).
fn from_origin(
    months: &[Period],
    values: &[f64],
    origin: usize,
    window: Window,
) -> Result<Vec<Outcome>, Error> {
    let train = Series {
        start: months[0],
        values: values[..=origin].iter().map(|v| Some(*v)).collect(),
    };
    let p = project(&train, 12, window)?;
    // The seasonal-naive interval: the root mean square of its residuals so far (the
    // changes on the same month a year before), as the book's benchmark intervals.
    let residuals: Vec<f64> = (12..=origin).map(|t| values[t] - values[t - 12]).collect();
    let sd = (residuals.iter().map(|d| d * d).sum::<f64>() / residuals.len() as f64).sqrt();
    let z80 = 1.2816;
    Ok((1..=12)
        .filter(|k| origin + k < values.len())
        .map(|k| {
            let actual = values[origin + k];
            let i = k - 1;
            let naive = values[origin + k - 12];
            let ape = |f: f64| ((actual - f) / actual).abs() * 100.0;
            (
                k,
                ape(p.point[i]),
                (p.lower_80[i]..=p.upper_80[i]).contains(&actual),
                (p.lower_95[i]..=p.upper_95[i]).contains(&actual),
                ape(naive),
                (actual - naive).abs() <= z80 * sd,
            )
        })
        .collect())
}

fn summary(k: usize, outcomes: &[Outcome]) -> Option<Horizon> {
    let at: Vec<&Outcome> = outcomes.iter().filter(|o| o.0 == k).collect();
    if at.is_empty() {
        return None;
    }
    let n = at.len() as f64;
    let mean = |f: &dyn Fn(&Outcome) -> f64| at.iter().map(|o| f(o)).sum::<f64>() / n;
    let share =
        |f: &dyn Fn(&Outcome) -> bool| at.iter().filter(|o| f(o)).count() as f64 / n * 100.0;
    Some(Horizon {
        months: k,
        origins: at.len(),
        mape: mean(&|o| o.1),
        naive_mape: mean(&|o| o.4),
        coverage_80: share(&|o| o.2),
        coverage_95: share(&|o| o.3),
        naive_coverage_80: share(&|o| o.5),
    })
}

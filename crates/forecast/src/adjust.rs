//! Seasonal adjustment of a monthly series with the Spring Festival, in the manner of
//! X-13ARIMA-SEATS' prior adjustment (a holiday regression first, then the seasonal filter;
//! Findley et al., "New capabilities and methods of the X-12-ARIMA seasonal adjustment
//! program", 1998), with STL in place of the X-11 filters (Cleveland, Cleveland, McRae and
//! Terpenning, "STL: a seasonal-trend decomposition procedure based on loess", 1990; the
//! `stlrs` implementation, robust fitting).
//!
//! 1. The series is taken in logarithms (trade and investment are multiplicative: a holiday
//!    or a season moves them by a share, not an amount), so every component is a factor.
//! 2. The holiday's effect is estimated by least squares: the log series less its centred
//!    2×12 moving average (its trend) on the twelve months and the centred Spring Festival
//!    regressor (`linkages_core::holiday::Window::regressor`).
//! 3. The series less the holiday's effect is decomposed by STL (period 12) into trend,
//!    seasonal and remainder.
//! 4. The adjusted series is the raw series divided by the seasonal and holiday factors.
//!
//! January and February published together (a January without a value before a February
//! holding both, as customs and MOFCOM often publish them) are split before adjusting, by
//! the mean share of January in the years whose two months are known and whose festival fell
//! in the same month (the split is reported: `Adjusted::split_years`).

use faer::prelude::*;
use linkages_core::Period;

use crate::{Error, Series};
use linkages_core::holiday::Window;

/// An adjusted series and its components, month by month.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Adjusted {
    /// The months, oldest first.
    pub periods: Vec<Period>,
    /// The values adjusted (combined January–February split).
    pub raw: Vec<f64>,
    /// The raw values without the seasonal and holiday factors.
    pub adjusted: Vec<f64>,
    /// The trend (STL's trend, as a level).
    pub trend: Vec<f64>,
    /// The seasonal factor (1.0: no effect).
    pub seasonal: Vec<f64>,
    /// The Spring Festival factor (1.0: no effect).
    pub holiday: Vec<f64>,
    /// What is left: raw / (trend × seasonal × holiday).
    pub irregular: Vec<f64>,
    /// The holiday's effect on a month holding the whole window more than usual, %.
    pub holiday_effect_pct: f64,
    /// The years whose combined January–February value was split.
    pub split_years: Vec<i32>,
    /// The holiday window used.
    pub window: Window,
}

/// The months of a series from its start.
pub(crate) fn periods(start: Period, n: usize) -> Vec<Period> {
    std::iter::successors(Some(start), |p| Some(p.next()))
        .take(n)
        .collect()
}

/// The series' values with combined January–February values split (see the module), and
/// the years split; refuses a series with any other month missing or a value not positive.
pub(crate) fn filled(series: &Series) -> Result<(Vec<f64>, Vec<i32>), Error> {
    let months = periods(series.start, series.values.len());
    for (p, v) in months.iter().zip(&series.values) {
        if let Some(v) = v
            && !(v.is_finite() && *v > 0.0)
        {
            return Err(Error::NotPositive(*p, *v));
        }
    }
    let mut values = Vec::with_capacity(months.len());
    let mut split = Vec::new();
    for (i, v) in series.values.iter().enumerate() {
        match v {
            Some(v) => values.push(*v),
            None if series.combined_january(i) => {
                split.push(months[i].year);
                values.push(f64::NAN);
            }
            None => return Err(Error::Missing(months[i])),
        }
    }
    for &year in &split {
        let i = months
            .iter()
            .position(|p| p.year == year && p.month == 1)
            .ok_or(Error::Missing(series.start))?;
        let share = january_share(&months, &series.values, year).ok_or(Error::NoJanuary(year))?;
        let pair = values[i + 1];
        values[i] = pair * share;
        values[i + 1] = pair * (1.0 - share);
    }
    Ok((values, split))
}

/// January's mean share of January–February in the years with both months published and
/// the festival in the same month as in `year` (any such year if none).
fn january_share(months: &[Period], values: &[Option<f64>], year: i32) -> Option<f64> {
    let month_of =
        |y: i32| linkages_core::holiday::spring_festival(y).map(|d| chrono::Datelike::month(&d));
    let pairs: Vec<(i32, f64)> = months
        .iter()
        .enumerate()
        .filter(|(i, p)| p.month == 1 && i + 1 < values.len())
        .filter_map(|(i, p)| match (values[i], values[i + 1]) {
            (Some(j), Some(f)) => Some((p.year, j / (j + f))),
            _ => None,
        })
        .collect();
    let same: Vec<f64> = pairs
        .iter()
        .filter(|(y, _)| month_of(*y) == month_of(year))
        .map(|(_, s)| *s)
        .collect();
    let chosen: Vec<f64> = if same.is_empty() {
        pairs.iter().map(|(_, s)| *s).collect()
    } else {
        same
    };
    (!chosen.is_empty()).then(|| chosen.iter().sum::<f64>() / chosen.len() as f64)
}

/// The centred 2×12 moving average (`None` for the six months at each end).
fn moving_average(logs: &[f64]) -> Vec<Option<f64>> {
    (0..logs.len())
        .map(|t| {
            (t >= 6 && t + 6 < logs.len()).then(|| {
                let inner: f64 = logs[t - 5..=t + 5].iter().sum();
                (inner + 0.5 * (logs[t - 6] + logs[t + 6])) / 12.0
            })
        })
        .collect()
}

/// The holiday's coefficient: least squares of the log series less its moving average on
/// the twelve months and the regressor (see the module).
pub(crate) fn holiday_coefficient(months: &[Period], logs: &[f64], regressor: &[f64]) -> f64 {
    let ma = moving_average(logs);
    let rows: Vec<usize> = (0..logs.len()).filter(|&t| ma[t].is_some()).collect();
    if rows.len() < 24 || regressor.iter().all(|r| *r == 0.0) {
        return 0.0;
    }
    let x = Mat::<f64>::from_fn(rows.len(), 13, |i, j| {
        let t = rows[i];
        if j == 12 {
            regressor[t]
        } else if months[t].month as usize == j + 1 {
            1.0
        } else {
            0.0
        }
    });
    let y = Mat::<f64>::from_fn(rows.len(), 1, |i, _| {
        let t = rows[i];
        logs[t] - ma[t].unwrap_or(0.0)
    });
    let beta = x.qr().solve_lstsq(&y);
    beta[(12, 0)]
}

/// A series ready for the seasonal filter or the model: its months and values (combined
/// months split), the holiday regressor and coefficient, and the log series less the
/// holiday's effect (steps 1–2 of the module).
pub(crate) struct Prior {
    /// The months, oldest first.
    pub months: Vec<Period>,
    /// The values, combined January–February split.
    pub raw: Vec<f64>,
    /// The years whose January–February was split.
    pub split_years: Vec<i32>,
    /// The centred Spring Festival regressor of each month.
    pub regressor: Vec<f64>,
    /// The holiday's coefficient on the log scale.
    pub beta: f64,
    /// The log series less the holiday's effect.
    pub prior: Vec<f64>,
}

/// The [`Prior`] of a series of at least three years.
pub(crate) fn prior(series: &Series, window: Window) -> Result<Prior, Error> {
    let (raw, split_years) = filled(series)?;
    if raw.len() < 36 {
        return Err(Error::TooShort(raw.len(), 36));
    }
    let months = periods(series.start, raw.len());
    let logs: Vec<f64> = raw.iter().map(|v| v.ln()).collect();
    let regressor = window.regressor(&months);
    let beta = holiday_coefficient(&months, &logs, &regressor);
    let prior = logs
        .iter()
        .zip(&regressor)
        .map(|(l, h)| l - beta * h)
        .collect();
    Ok(Prior {
        months,
        raw,
        split_years,
        regressor,
        beta,
        prior,
    })
}

/// Adjusts a monthly series (at least three years) for its season and the Spring Festival
/// (see the module for the method).
pub fn adjust(series: &Series, window: Window) -> Result<Adjusted, Error> {
    let Prior {
        months,
        raw,
        split_years,
        regressor,
        beta,
        prior,
    } = prior(series, window)?;
    let stl = augurs_mstl::stlrs::params()
        .robust(true)
        .fit(&prior, 12)
        .map_err(|e| Error::Decomposition(e.to_string()))?;
    let exp = |v: &[f64]| v.iter().map(|x| x.exp()).collect::<Vec<f64>>();
    let holiday: Vec<f64> = regressor.iter().map(|h| (beta * h).exp()).collect();
    let seasonal = exp(stl.seasonal());
    let adjusted = raw
        .iter()
        .zip(seasonal.iter().zip(&holiday))
        .map(|(r, (s, h))| r / (s * h))
        .collect();
    Ok(Adjusted {
        periods: months,
        raw,
        adjusted,
        trend: exp(stl.trend()),
        seasonal,
        holiday,
        irregular: exp(stl.remainder()),
        holiday_effect_pct: (beta.exp() - 1.0) * 100.0,
        split_years,
        window,
    })
}

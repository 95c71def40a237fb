//! Where a monthly series is heading: seasonal adjustment with the Spring Festival
//! ([`adjust`]), projections with 80% and 95% intervals ([`project`]), and a rolling-origin
//! backtest against the seasonal-naive forecast ([`backtest`]). Pure computation: series
//! in, figures out; the holiday calendar is `linkages_core::holiday`'s.

pub mod adjust;
pub mod backtest;
pub mod project;

use linkages_core::Period;

pub use adjust::{Adjusted, adjust};
pub use backtest::{Backtest, backtest};
pub use linkages_core::holiday::{Window, spring_festival};
pub use project::{Projection, project};

/// A monthly series: a value per month from `start`. A January without a value before a
/// February holds January and February combined (as they are often published); any other
/// month without a value is refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The first month.
    pub start: Period,
    /// One value per month, in one unit.
    pub values: Vec<Option<f64>>,
}

impl Series {
    /// Whether month `i` (from `start`) is a January without a value whose February holds
    /// both months.
    pub fn combined_january(&self, i: usize) -> bool {
        let month = adjust::periods(self.start, i + 1).last().map(|p| p.month);
        month == Some(1)
            && self.values[i].is_none()
            && self.values.get(i + 1).is_some_and(|v| v.is_some())
    }

    /// The series of the months the store holds (oldest first), from the month after its
    /// last gap (a month without data that is not a combined January): older history
    /// across a gap is not used. `None` without any month.
    pub fn after_last_gap(known: &[(Period, f64)]) -> Option<Series> {
        let (start, end) = (known.first()?.0, known.last()?.0);
        let mut all = Series {
            start,
            values: Vec::new(),
        };
        let mut p = start;
        let mut known = known.iter().peekable();
        while p <= end {
            all.values.push(known.next_if(|m| m.0 == p).map(|m| m.1));
            p = p.next();
        }
        let from = (0..all.values.len())
            .rev()
            .find(|&i| all.values[i].is_none() && !all.combined_january(i))
            .map_or(0, |i| i + 1);
        Some(Series {
            start: adjust::periods(start, from + 1)[from],
            values: all.values.split_off(from),
        })
    }
}

/// Why a series cannot be adjusted or projected.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// A month without a value that is not a combined January.
    #[error(
        "{0} has no value: adjustment needs every month (only January may be published with February)"
    )]
    Missing(Period),
    /// A value the multiplicative model cannot take.
    #[error("{0} is {1}: the series is adjusted in logarithms and needs values above zero")]
    NotPositive(Period, f64),
    /// Too few months.
    #[error("{0} months: at least {1} are needed")]
    TooShort(usize, usize),
    /// A combined January–February with no year to split it by.
    #[error(
        "January–February {0} is published combined and no year has the two months apart to split it by"
    )]
    NoJanuary(i32),
    /// STL failed.
    #[error("seasonal decomposition: {0}")]
    Decomposition(String),
    /// The forecasting model failed.
    #[error("projection model: {0}")]
    Model(String),
}

//! The Spring Festival (春节), the holiday that moves between late January and mid-February,
//! and the regressor built from it.
//!
//! The festival's date is the first day of the first month of the Chinese calendar, from
//! ICU4X's `ChineseTraditional` calendar (`icu_calendar`, maintained by the Unicode
//! Consortium; for 1900–2100 it follows GB/T 33661-2017, the national standard).
//!
//! The regressor follows the X-13ARIMA-SEATS practice for Chinese New Year effects (the
//! `genhol` program of the U.S. Census Bureau; Lin and Liu, "Modeling lunar calendar holiday
//! effects in Taiwan", 2003): a window of days around the festival, and for each month the
//! share of the window falling in it, centred by subtracting that calendar month's mean
//! share over the years 1901–2099, so that the regressor carries only what moves from year
//! to year and the fixed seasonal pattern stays with the seasonal component.

use crate::Period;
use chrono::{Datelike, NaiveDate};
use icu_calendar::Date;
use icu_calendar::cal::ChineseTraditional;

/// The years the calendar holds.
const YEARS: std::ops::RangeInclusive<i32> = 1901..=2099;

/// Every festival of [`YEARS`], computed once (a regressor reads all of them).
static FESTIVALS: std::sync::LazyLock<Vec<Option<NaiveDate>>> =
    std::sync::LazyLock::new(|| YEARS.map(new_year).collect());

/// The Spring Festival (the Chinese New Year's day) of a Gregorian year, 1901–2099; `None`
/// outside the calendar's range.
pub fn spring_festival(year: i32) -> Option<NaiveDate> {
    let index = usize::try_from(year - YEARS.start()).ok()?;
    FESTIVALS.get(index).copied().flatten()
}

/// The first day of the Chinese year beginning in `year`, from the Chinese calendar.
fn new_year(year: i32) -> Option<NaiveDate> {
    // Always between 21 January and 20 February.
    let first = NaiveDate::from_ymd_opt(year, 1, 21)?;
    first.iter_days().take(31).find(|day| {
        let iso = Date::try_new_iso(day.year(), day.month() as u8, day.day() as u8);
        iso.is_ok_and(|d| {
            let chinese = d.to_calendar(ChineseTraditional::new());
            chinese.month().ordinal == 1 && chinese.day_of_month().0 == 1
        })
    })
}

/// The days around the festival whose activity the holiday changes: from `before` days
/// before the festival to `after` days after it, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Window {
    /// Days before the festival (the rush to ship before factories close).
    pub before: u32,
    /// Days after it (the official seven days and the weeks factories take to restart).
    pub after: u32,
}

impl Default for Window {
    /// Seven days before to fourteen after: the official holiday (the eve and six days)
    /// and the week of restarts after it, where Guangdong's trade falls most.
    fn default() -> Self {
        Window {
            before: 7,
            after: 14,
        }
    }
}

impl Window {
    /// The share of the window's days of `year`'s festival that fall in `month`.
    pub fn share(self, year: i32, month: u32) -> Option<f64> {
        let festival = spring_festival(year)?;
        let start = festival - chrono::Days::new(u64::from(self.before));
        let days = self.before + self.after + 1;
        let inside = start
            .iter_days()
            .take(days as usize)
            .filter(|d| d.year() == year && d.month() == month)
            .count();
        Some(inside as f64 / f64::from(days))
    }

    /// The centred regressor of each period: the window's share in the month less that
    /// month's mean share over 1901–2099 (0 for a period outside the calendar's range).
    pub fn regressor(self, periods: &[Period]) -> Vec<f64> {
        let mut means = [0.0; 13];
        for (month, mean) in means.iter_mut().enumerate().skip(1) {
            let shares: Vec<f64> = YEARS.filter_map(|y| self.share(y, month as u32)).collect();
            *mean = shares.iter().sum::<f64>() / shares.len() as f64;
        }
        periods
            .iter()
            .map(|p| {
                self.share(p.year, p.month)
                    .map_or(0.0, |s| s - means[p.month as usize])
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("day")
    }

    #[test]
    fn the_festival_moves_between_january_and_february() {
        // Dates as published by the Purple Mountain Observatory's calendars.
        let known = [
            (2016, day(2016, 2, 8)),
            (2018, day(2018, 2, 16)),
            (2020, day(2020, 1, 25)),
            (2023, day(2023, 1, 22)),
            (2024, day(2024, 2, 10)),
            (2025, day(2025, 1, 29)),
            (2026, day(2026, 2, 17)),
        ];
        for (year, date) in known {
            assert_eq!(spring_festival(year), Some(date), "{year}");
        }
        assert_eq!(spring_festival(1850), None);
    }

    #[test]
    fn the_regressor_falls_in_the_month_of_the_holiday() {
        let w = Window::default();
        let share = |y, m| w.share(y, m).expect("in range");
        // 2018: 16 February, the whole window in February and March.
        assert_eq!(share(2018, 1), 0.0);
        assert!(share(2018, 2) > 0.9);
        // 2020: 25 January, most of the window in January.
        assert!(share(2020, 1) > share(2020, 2));
        // 2023: 22 January, most of it in January too.
        assert!(share(2023, 1) > 0.7);
        let periods: Vec<Period> = [(2018, 2), (2020, 1), (2023, 1), (2023, 6)]
            .iter()
            .map(|(y, m)| Period::new(*y, *m).expect("period"))
            .collect();
        let r = w.regressor(&periods);
        // Centred: positive where the holiday lies more than usual, zero in June.
        assert!(r[0] > 0.0 && r[1] > 0.0 && r[2] > 0.0, "{r:?}");
        assert_eq!(r[3], 0.0);
    }

    #[test]
    fn the_window_is_configurable() {
        let w = Window {
            before: 0,
            after: 0,
        };
        assert_eq!(w.share(2024, 2), Some(1.0));
        assert_eq!(w.share(2024, 1), Some(0.0));
    }
}

//! Statistical periods. Official figures are monthly; January and February are often
//! reported together because of the Spring Festival.

use std::fmt;
use std::str::FromStr;

/// A calendar month, the unit of every dataset in Linkages.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
)]
pub struct Period {
    /// Calendar year, 1900..=2100.
    pub year: i32,
    /// Month, 1..=12.
    pub month: u32,
}

/// Why a period could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a month; expected YYYY-MM (also accepted: YYYYMM, YYYY/MM, YYYY-MM-DD, YYYY年M月)"
)]
pub struct PeriodError(pub String);

impl Period {
    /// A period from year and month; `None` outside 1900-01..=2100-12.
    pub fn new(year: i32, month: u32) -> Option<Period> {
        ((1900..=2100).contains(&year) && (1..=12).contains(&month))
            .then_some(Period { year, month })
    }

    /// The same month one year earlier (the base of year-on-year growth).
    pub fn year_ago(self) -> Period {
        Period {
            year: self.year - 1,
            month: self.month,
        }
    }

    /// The previous month (the base of month-on-month growth).
    pub fn prev(self) -> Period {
        if self.month == 1 {
            Period {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Period {
                month: self.month - 1,
                ..self
            }
        }
    }

    /// The next month.
    pub fn next(self) -> Period {
        if self.month == 12 {
            Period {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Period {
                month: self.month + 1,
                ..self
            }
        }
    }

    /// Months since year 0, for arithmetic.
    pub fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// Every month from `self` to `end`, inclusive.
    pub fn through(self, end: Period) -> impl Iterator<Item = Period> {
        std::iter::successors(Some(self), move |p| (*p < end).then(|| p.next()))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    /// Accepts `2024-04`, `2024-4`, `2024/04`, `2024.04`, `202404`, `2024-04-01` (a date in the
    /// month; the day is checked to exist), `2024年4月`.
    fn from_str(raw: &str) -> Result<Period, PeriodError> {
        let err = || PeriodError(raw.to_string());
        let s = raw.trim();
        let s = s.strip_suffix('月').unwrap_or(s);
        let parts: Vec<&str> = if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) {
            vec![&s[..4], &s[4..]]
        } else {
            s.split(['-', '/', '.', '年']).collect()
        };
        let num = |p: &str| -> Result<u32, PeriodError> {
            if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            p.parse().map_err(|_| err())
        };
        match parts.as_slice() {
            [y, m] | [y, m, _] if y.len() == 4 => {
                let year = num(y)? as i32;
                let month = num(m)?;
                let period = Period::new(year, month).ok_or_else(err)?;
                if let [_, _, d] = parts.as_slice() {
                    let day = num(d)?;
                    if day == 0 || day > period.days() {
                        return Err(err());
                    }
                }
                Ok(period)
            }
            _ => Err(err()),
        }
    }
}

/// A day that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a date; expected YYYY-MM-DD")]
pub struct DayError(pub String);

/// Reads a calendar day written `YYYY-MM-DD` (the only form days take in Linkages: dates
/// of progress records, "judge on this day"), surrounding spaces allowed.
pub fn parse_day(raw: &str) -> Result<chrono::NaiveDate, DayError> {
    chrono::NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| DayError(raw.into()))
}

impl Period {
    /// Number of days in the month.
    pub fn days(self) -> u32 {
        match self.month {
            4 | 6 | 9 | 11 => 30,
            2 if (self.year % 4 == 0 && self.year % 100 != 0) || self.year % 400 == 0 => 29,
            2 => 28,
            _ => 31,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_the_spellings_found_in_real_files() {
        for raw in [
            "2024-04",
            "2024-4",
            "2024/04",
            "2024.4",
            "202404",
            "2024-04-30",
            "2024年4月",
            " 2024-04 ",
        ] {
            assert_eq!(
                raw.parse::<Period>(),
                Ok(Period {
                    year: 2024,
                    month: 4
                }),
                "{raw}"
            );
        }
        for raw in [
            "2024-13",
            "2024",
            "24-04",
            "2024-04-31",
            "2023-02-29",
            "abc",
            "",
            "2024-00",
            "2024-4x",
        ] {
            assert!(raw.parse::<Period>().is_err(), "{raw} should be refused");
        }
        assert!("2024-02-29".parse::<Period>().is_ok());
    }

    proptest! {
        /// Every spelling of a real month reads as that month.
        #[test]
        fn every_spelling_of_a_month_reads_back(year in 1900i32..=2100, month in 1u32..=12) {
            let p = Period::new(year, month).expect("valid");
            for text in [
                format!("{year}-{month:02}"),
                format!("{year}-{month}"),
                format!("{year}/{month:02}"),
                format!("{year}{month:02}"),
                format!("{year}年{month}月"),
                format!("{year}-{month:02}-01"),
            ] {
                prop_assert_eq!(text.parse::<Period>(), Ok(p), "{}", text);
            }
        }

        /// Any text is read as a month or refused, never with a panic.
        #[test]
        fn any_text_is_a_month_or_refused(raw in "\\PC{0,16}") {
            if let Ok(p) = raw.parse::<Period>() {
                prop_assert!(Period::new(p.year, p.month).is_some());
            }
        }

        #[test]
        fn display_round_trips(year in 1900i32..=2100, month in 1u32..=12) {
            let p = Period::new(year, month).expect("valid");
            prop_assert_eq!(p.to_string().parse::<Period>(), Ok(p));
            prop_assert_eq!(p.next().prev(), p);
            prop_assert_eq!(p.next().index() - p.index(), 1);
        }
    }
}

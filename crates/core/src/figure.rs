//! The official figures computed for a slice of a dataset, as China's customs and commerce
//! statistics publish them (当月, 同比, 环比, 累计, 累计同比, 占比, 拉动, 年均增长, 排名).
//! One list of figures, with their codes and labels, serves the engine's queries, the
//! tables, the brief, the API and the dashboard.

use std::fmt;
use std::str::FromStr;

use crate::lang::Lang;

/// One official figure of a slice for a month.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Figure {
    /// 当月: the month's value (or January–February combined).
    MonthValue,
    /// 当月同比: the month against the same month a year earlier, %.
    MonthYoy,
    /// 环比: the month against the month before, %.
    Mom,
    /// 累计: January through the month.
    Ytd,
    /// 累计同比: the year to date against the same months a year earlier, %.
    YtdYoy,
    /// 占比: share of the year-to-date total of the slice without the breakdown, %.
    Share,
    /// 拉动: contribution to the total's year-to-date growth, percentage points.
    Contribution,
    /// 年均增长: average annual growth of the year to date over N years, %.
    Cagr,
    /// 排名: rank by year-to-date value, 1 = largest.
    Rank,
}

/// How a figure is measured, which decides how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    /// An amount or count in the indicator's unit.
    Amount,
    /// A growth rate or share in percent.
    Percent,
    /// Percentage points.
    Points,
    /// A position, 1 = first.
    Position,
}

/// A code that names no figure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "'{0}' is not a figure; use one of: month_value, month_yoy, mom, ytd, ytd_yoy, share, contribution, cagr, rank"
)]
pub struct FigureError(pub String);

impl Figure {
    /// Every figure, in the order tables show them.
    pub const ALL: [Figure; 9] = [
        Figure::MonthValue,
        Figure::MonthYoy,
        Figure::Mom,
        Figure::Ytd,
        Figure::YtdYoy,
        Figure::Share,
        Figure::Contribution,
        Figure::Cagr,
        Figure::Rank,
    ];

    /// The code used in queries, the API, CSV headers and figure identifiers (`ytd_yoy`).
    pub fn code(self) -> &'static str {
        match self {
            Figure::MonthValue => "month_value",
            Figure::MonthYoy => "month_yoy",
            Figure::Mom => "mom",
            Figure::Ytd => "ytd",
            Figure::YtdYoy => "ytd_yoy",
            Figure::Share => "share",
            Figure::Contribution => "contribution",
            Figure::Cagr => "cagr",
            Figure::Rank => "rank",
        }
    }

    /// The column heading of tables, in the reader's language (`累计同比%`, `YTD YoY %`).
    pub fn label(self, lang: Lang) -> &'static str {
        let (zh, en) = match self {
            Figure::MonthValue => ("当月", "Month"),
            Figure::MonthYoy => ("当月同比%", "Month YoY %"),
            Figure::Mom => ("环比%", "MoM %"),
            Figure::Ytd => ("累计", "YTD"),
            Figure::YtdYoy => ("累计同比%", "YTD YoY %"),
            Figure::Share => ("占比%", "Share %"),
            Figure::Contribution => ("拉动(百分点)", "Contribution (pts)"),
            Figure::Cagr => ("年均增长%", "Avg. growth %"),
            Figure::Rank => ("排名", "Rank"),
        };
        lang.pick(zh, en)
    }

    /// What the figure measures.
    pub fn measure(self) -> Measure {
        match self {
            Figure::MonthValue | Figure::Ytd => Measure::Amount,
            Figure::Contribution => Measure::Points,
            Figure::Rank => Measure::Position,
            _ => Measure::Percent,
        }
    }
}

/// How concentrated a breakdown's year to date is (WITS's market and product
/// concentration), now or for the same months a year before: computed by one query over
/// the breakdown's own, whose columns are these codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Spread {
    /// Members with a positive year to date.
    Members,
    /// The same, a year before.
    MembersBase,
    /// Herfindahl–Hirschman index of the members' shares, 0–1.
    Hhi,
    /// The same, a year before.
    HhiBase,
    /// The five largest members' share, 0–1.
    Top5,
    /// The same, a year before.
    Top5Base,
}

impl Spread {
    /// Every measure, in the order of the query's columns.
    pub const ALL: [Spread; 6] = [
        Spread::Members,
        Spread::MembersBase,
        Spread::Hhi,
        Spread::HhiBase,
        Spread::Top5,
        Spread::Top5Base,
    ];

    /// The column of the query (`hhi_base`).
    pub fn code(self) -> &'static str {
        match self {
            Spread::Members => "members",
            Spread::MembersBase => "members_base",
            Spread::Hhi => "hhi",
            Spread::HhiBase => "hhi_base",
            Spread::Top5 => "top5",
            Spread::Top5Base => "top5_base",
        }
    }
}

impl fmt::Display for Spread {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Figure {
    type Err = FigureError;

    /// Reads a figure's code (`ytd_yoy`).
    fn from_str(raw: &str) -> Result<Figure, FigureError> {
        Figure::ALL
            .into_iter()
            .find(|f| f.code() == raw.trim())
            .ok_or_else(|| FigureError(raw.to_string()))
    }
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_serialise_as_codes() {
        for f in Figure::ALL {
            assert_eq!(f.code().parse::<Figure>(), Ok(f));
            assert_eq!(
                serde_json::to_string(&f).ok(),
                Some(format!("\"{}\"", f.code()))
            );
        }
        assert!("ytd_growth".parse::<Figure>().is_err());
    }
}

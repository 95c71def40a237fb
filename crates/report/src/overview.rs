//! The overview of the five linkages for a month: each linkage's headline indicator, its
//! figures for the year to date and the month, and its monthly series for a sparkline.
//! `linkages overview` prints it; the API's `/overview` answers it; the dashboard's first
//! page draws it.

use linkages_core::indicator::{Completeness, Counted, HEADLINES};
use linkages_core::{
    Figures, Lang, Linkage, Period, Provenance, Request, SYNTHETIC_NOTE, Unit, indicator,
};
use linkages_engine::{Session, indicators};

use crate::Error;
use crate::table::{Cell, Grid};
use crate::text::table_amount;

/// The overview of a month.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Overview {
    /// The month asked for, `YYYY-MM`.
    pub period: String,
    /// Whether any figure comes from synthetic (demo) data.
    pub synthetic: bool,
    /// The synthetic-data label, when it applies.
    pub note: Option<&'static str>,
    /// The five linkages, in the order of the sources.
    pub linkages: Vec<Headline>,
}

/// One linkage's headline indicator.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Headline {
    /// Which of the five linkages.
    pub linkage: Linkage,
    /// The linkage's English name.
    pub name_en: &'static str,
    /// The linkage's Chinese name.
    pub name_zh: &'static str,
    /// The headline indicator's code.
    pub indicator: &'static str,
    /// The indicator's English name.
    pub indicator_en: &'static str,
    /// The indicator's Chinese name.
    pub indicator_zh: &'static str,
    /// True when the linkage's dataset has no data (and no figures follow).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub empty: bool,
    /// The figures, when the dataset has data.
    #[serde(flatten)]
    pub data: Option<HeadlineData>,
}

/// The figures of a headline indicator.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct HeadlineData {
    /// Unit of the amounts.
    pub unit: Unit,
    /// For counts, what is counted.
    pub counted: Option<Counted>,
    /// The period reported (`2024-04`, or `2024-01..02`).
    pub period: String,
    /// The figures of the total.
    pub figures: Figures,
    /// Missing or partial months.
    pub completeness: Vec<Completeness>,
    /// The query of the figures.
    pub provenance: Provenance,
    /// Monthly values of this year and last, through the month: `[period, value]`.
    pub sparkline: Vec<(String, f64)>,
    /// The query of the monthly values.
    pub sparkline_provenance: Provenance,
    /// Where the year is heading (`crate::outlook`), when the history allows a projection.
    pub outlook: Option<YearOutlook>,
}

/// A headline's year projected, as the overview shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct YearOutlook {
    /// The year's total projected, its range and growth.
    pub year: crate::outlook::YearTotal,
    /// The backtest's errors (model, seasonal naive) at the horizon quoted, %.
    pub mape: Option<f64>,
    /// The seasonal-naive forecast's error at that horizon, %.
    pub naive_mape: Option<f64>,
    /// The projection in the brief's words, Chinese.
    pub text_zh: String,
    /// The same in English.
    pub text_en: String,
}

/// The year's outlook of a headline request, or `None` when its history cannot be projected
/// (too short, a month missing, a value not positive).
async fn outlook(
    session: &Session,
    request: &Request,
    name: (&str, &str),
) -> Result<Option<YearOutlook>, Error> {
    let window = linkages_core::holiday::Window::default();
    match crate::outlook::project(session, request, window).await {
        Ok(o) => {
            let at = o.backtest.at(o.quoted_horizon);
            Ok(Some(YearOutlook {
                mape: at.map(|h| h.mape),
                naive_mape: at.map(|h| h.naive_mape),
                text_zh: o.text(name, Lang::Zh),
                text_en: o.text(name, Lang::En),
                year: o.year,
            }))
        }
        Err(Error::Invalid(_) | Error::NoData(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// The latest month of trade in the session: the default month of briefs and pages.
pub async fn latest_period(session: &Session) -> Result<Period, Error> {
    indicators::latest_period(session, &linkages_core::dataset::TRADE)
        .await?
        .ok_or_else(|| {
            Error::NoData("the store has no trade data yet: run `linkages demo` or ingest".into())
        })
}

/// The overview of a month (January and February reported together).
pub async fn build(session: &Session, period: Period) -> Result<Overview, Error> {
    let mut linkages = Vec::new();
    for code in HEADLINES {
        let indicator = indicator::find(code)?;
        let request = Request::official(indicator, period);
        let data = match indicators::compute(session, &request).await {
            Ok(table) => {
                let (sparkline_provenance, values) = indicators::monthly(session, &request).await?;
                let name = (indicator.name_zh, indicator.name_en);
                Some(HeadlineData {
                    outlook: outlook(session, &request, name).await?,
                    unit: table.unit,
                    counted: table.counted,
                    period: table.period,
                    figures: table.total,
                    completeness: table.completeness,
                    provenance: table.total_provenance,
                    sparkline: values.iter().map(|(p, v)| (p.to_string(), *v)).collect(),
                    sparkline_provenance,
                })
            }
            Err(linkages_engine::Error::Empty(_)) => None,
            Err(e) => return Err(e.into()),
        };
        let linkage = indicator.dataset.linkage;
        linkages.push(Headline {
            linkage,
            name_en: linkage.name_en(),
            name_zh: linkage.name_zh(),
            indicator: indicator.code,
            indicator_en: indicator.name_en,
            indicator_zh: indicator.name_zh,
            empty: data.is_none(),
            data,
        });
    }
    let synthetic = session.synthetic();
    Ok(Overview {
        period: period.to_string(),
        synthetic,
        note: synthetic.then_some(SYNTHETIC_NOTE),
        linkages,
    })
}

impl Overview {
    /// The overview as a table: one row per linkage with data.
    pub fn grid(&self, lang: Lang) -> Grid {
        let header = [
            lang.pick("联动", "Linkage"),
            lang.pick("指标", "Indicator"),
            lang.pick("当月", "Month"),
            lang.pick("当月同比%", "Month YoY %"),
            lang.pick("累计", "YTD"),
            lang.pick("累计同比%", "YTD YoY %"),
            lang.pick("单位", "Unit"),
            lang.pick("数据版本", "Version"),
        ];
        let rows = self
            .linkages
            .iter()
            .filter_map(|h| {
                let d = h.data.as_ref()?;
                let amount = |v: Option<f64>| Cell::Number(v.map(|v| table_amount(v, d.unit)), 2);
                Some(vec![
                    Cell::Text(h.linkage.name(lang).into()),
                    Cell::Text(lang.pick(h.indicator_zh, h.indicator_en).into()),
                    amount(d.figures.month_value),
                    Cell::Number(d.figures.month_yoy, 1),
                    amount(d.figures.ytd),
                    Cell::Number(d.figures.ytd_yoy, 1),
                    Cell::Text(crate::text::unit_word(d.unit, d.counted, lang).into()),
                    Cell::Text(format!(
                        "{} v{}",
                        d.provenance.dataset, d.provenance.version
                    )),
                ])
            })
            .collect();
        Grid {
            title: format!(
                "{} {}",
                lang.pick("五外联动总览", "The five linkages"),
                self.period
            ),
            header: header.map(String::from).to_vec(),
            rows,
            footer: self
                .linkages
                .iter()
                .filter_map(|h| h.data.as_ref()?.outlook.as_ref())
                .map(|o| lang.pick(&o.text_zh, &o.text_en).to_string())
                .chain(self.note.map(String::from))
                .collect(),
        }
    }
}

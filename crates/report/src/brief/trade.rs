//! Section 1, foreign trade: the year to date with its flows and in dollars, the month
//! alone, and the monthly chart of this year against last.

use linkages_core::{Figure, Figures, Lang, Unit};
use linkages_engine::indicators;

use super::context::{Context, Recorded};
use super::{Column, FigureId, Number, Section};
use crate::text::{month_name, table_amount, table_unit};
use crate::{Error, chart};

/// The trade section; the brief cannot be written without trade data.
pub(crate) async fn section(cx: &mut Context<'_>) -> Result<Section, Error> {
    let trade = cx.compute(cx.spec("trade", Some("flow"), &[])).await?;
    let usd_spec = linkages_core::indicator::Spec {
        unit: Some("usd".into()),
        ..cx.spec("trade", None, &[])
    };
    let usd = cx.compute(usd_spec).await?;
    let mut paragraphs = vec![headline(cx, &trade, &usd)];
    if !cx.jan_feb {
        paragraphs.extend(month(cx, &trade));
    }
    paragraphs.extend(outlook(cx).await?);
    let chart = months_chart(cx).await?;
    Ok(Section {
        id: "trade",
        heading: cx.lang.pick("一、外贸", "1. Foreign trade").into(),
        paragraphs,
        tables: vec![cx.grid(&trade.table)],
        charts: vec![chart],
    })
}

/// Where the year is heading (`crate::outlook`): the year's total projected with its
/// range and the backtest's error, or a data note saying why it is not. Its numbers come
/// from the model, not from one query, so they are not among the recorded figures.
async fn outlook(cx: &mut Context<'_>) -> Result<Option<String>, Error> {
    let request = cx.resolve(cx.spec("trade", None, &[]))?;
    let window = linkages_core::holiday::Window::default();
    match crate::outlook::project(cx.session, &request, window).await {
        Ok(o) => Ok(Some(o.text(("进出口", "Imports and exports"), cx.lang))),
        Err(Error::Invalid(why) | Error::NoData(why)) => {
            cx.notes.push(format!(
                "{}: {why}",
                cx.lang.pick("未作全年预测", "no full-year projection")
            ));
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Trade in the year to date, exports and imports, and the total in dollars.
fn headline(cx: &mut Context<'_>, trade: &Recorded, usd: &Recorded) -> String {
    let (lang, span, place) = (cx.lang, cx.span.clone(), cx.place());
    let total = trade.table.total.clone();
    let (ytd, yoy) = cx.ytd_and_change(trade, &total);
    let mut p = match lang {
        Lang::Zh => format!("{span}，{place}货物贸易进出口{ytd}，同比{yoy}。"),
        Lang::En => format!(
            "In {span}, {place}'s imports and exports of goods totalled {ytd}, {yoy} year on year."
        ),
    };
    let flows: Vec<Figures> = ["export", "import"]
        .iter()
        .filter_map(|f| trade.row(f).cloned())
        .collect();
    let parts: Vec<String> = flows
        .iter()
        .map(|f| {
            let (v, g) = cx.ytd_and_change(trade, f);
            match lang {
                Lang::Zh => format!("{}{v}，{g}", cx.name(f)),
                Lang::En => format!("{} {v}, {g}", cx.name(f).to_lowercase()),
            }
        })
        .collect();
    if !parts.is_empty() {
        p.push_str(&match lang {
            Lang::Zh => format!("其中，{}。", parts.join("；")),
            Lang::En => format!(" Of this, {}.", parts.join("; ")),
        });
    }
    let usd_total = usd.table.total.clone();
    let (v, g) = cx.ytd_and_change(usd, &usd_total);
    p.push_str(&match lang {
        Lang::Zh => format!("以美元计，进出口{v}，{g}。"),
        Lang::En => format!(" In US dollars, trade totalled {v}, {g}."),
    });
    p
}

/// The month alone: its value, year on year and on the month before.
fn month(cx: &mut Context<'_>, trade: &Recorded) -> Option<String> {
    let total = trade.table.total.clone();
    let value = cx.take(trade, &total, Figure::MonthValue);
    let yoy = cx.take_or_empty(trade, &total, Figure::MonthYoy);
    let mom = cx.take_or_empty(trade, &total, Figure::Mom);
    let v = value?;
    let m = cx.end.month;
    Some(match cx.lang {
        Lang::Zh => format!("{m}月当月，进出口{v}，同比{yoy}，环比{mom}。"),
        Lang::En => format!(
            "In {} alone, trade was {v}, {yoy} year on year and {mom} on the month before.",
            month_name(m)
        ),
    })
}

/// The chart of the months, this year against last; every month is a recorded number.
async fn months_chart(cx: &mut Context<'_>) -> Result<String, Error> {
    let request = cx.resolve(cx.spec("trade", None, &[]))?;
    let (provenance, months) = indicators::monthly(cx.session, &request).await?;
    let q = cx.query(&provenance);
    let lang = cx.lang;
    let mut series = Vec::new();
    for year in [cx.end.year - 1, cx.end.year] {
        let mut values = vec![None; 12];
        for (p, v) in months.iter().filter(|(p, _)| p.year == year) {
            values[(p.month - 1) as usize] = Some(table_amount(*v, Unit::Cny));
            cx.note_number(Number {
                id: FigureId::Month {
                    indicator: "trade",
                    period: *p,
                },
                query: q,
                member: p.to_string(),
                figure: Column::Figure(Figure::MonthValue),
                value: *v,
                unit: Some(Unit::Cny),
                text: format!("{:.1}", table_amount(*v, Unit::Cny)),
            });
        }
        series.push((year.to_string(), values));
    }
    chart::months_line(
        lang.pick("货物贸易进出口（按月）", "Imports and exports by month"),
        table_unit(Unit::Cny, lang),
        &series,
    )
}

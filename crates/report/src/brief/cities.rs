//! Section 4, cities and trade modes: the largest city and the one contributing most to the
//! province's growth, and general trade.

use linkages_core::classify::City;
use linkages_core::{Figure, Figures, Lang};

use super::Section;
use super::context::{Context, Recorded};
use crate::Error;

/// The cities and trade modes section.
pub(crate) async fn section(cx: &mut Context<'_>) -> Result<Section, Error> {
    let cities = cx.compute(cx.spec("trade", Some("city"), &[])).await?;
    let modes = cx
        .compute(cx.spec("trade", Some("trade_mode"), &[]))
        .await?;
    let mut paragraphs = Vec::new();
    for c in leaders(&cities) {
        let (v, g) = cx.ytd_and_change(&cities, &c);
        let share = cx.take_or_empty(&cities, &c, Figure::Share);
        let points = cx.take_or_empty(&cities, &c, Figure::Contribution);
        let name = cx.name(&c);
        paragraphs.push(match cx.lang {
            Lang::Zh => {
                format!("{name}进出口{v}，{g}，占全省{share}，拉动全省外贸增长{points}个百分点。")
            }
            Lang::En => format!(
                "{name}: {v}, {g}, {share} of the province, contributing {points} percentage points to its growth."
            ),
        });
    }
    paragraphs.extend(general_trade(cx, &modes));
    Ok(Section {
        id: "cities",
        heading: cx
            .lang
            .pick("四、地市与贸易方式", "4. Cities and trade modes")
            .into(),
        paragraphs,
        tables: vec![cx.grid(&cities.table), cx.grid(&modes.table)],
        charts: Vec::new(),
    })
}

/// A city's brief, section 4: its rank among the 21 cities, its share of the province and
/// its contribution to the province's growth; and its general trade.
pub(crate) async fn standing(cx: &mut Context<'_>, city: &City) -> Result<Section, Error> {
    let cities = cx.compute(cx.spec("trade", Some("city"), &[])).await?;
    let modes = cx
        .compute(cx.spec("trade", Some("trade_mode"), &[]))
        .await?;
    let mut paragraphs = Vec::new();
    if let Some(row) = cities.row(city.code).cloned() {
        let (v, g) = cx.ytd_and_change(&cities, &row);
        let rank = cx.take_or_empty(&cities, &row, Figure::Rank);
        let rank = rank.trim_end_matches(".0");
        let share = cx.take_or_empty(&cities, &row, Figure::Share);
        let points = cx.take_or_empty(&cities, &row, Figure::Contribution);
        let (place, n) = (cx.place(), cities.table.rows.len());
        paragraphs.push(match cx.lang {
            Lang::Zh => format!(
                "{place}进出口{v}，{g}，居全省{n}个地市第{rank}位，占全省{share}，拉动全省外贸增长{points}个百分点。"
            ),
            Lang::En => format!(
                "{place}: {v}, {g}, ranking {rank} of the province's {n} cities, {share} of the province, contributing {points} percentage points to its growth."
            ),
        });
    }
    paragraphs.extend(general_trade(cx, &modes));
    Ok(Section {
        id: "standing",
        heading: cx
            .lang
            .pick(
                "四、在全省的位置与贸易方式",
                "4. Within the province, and trade modes",
            )
            .into(),
        paragraphs,
        tables: vec![cx.grid(&cities.table), cx.grid(&modes.table)],
        charts: Vec::new(),
    })
}

/// General trade: its value, growth and share.
fn general_trade(cx: &mut Context<'_>, modes: &Recorded) -> Option<String> {
    let general = modes.row("general").cloned()?;
    let (v, g) = cx.ytd_and_change(modes, &general);
    let share = cx.take_or_empty(modes, &general, Figure::Share);
    Some(match cx.lang {
        Lang::Zh => format!("一般贸易进出口{v}，{g}，占{share}。"),
        Lang::En => format!("General trade: {v}, {g}, {share} of the total."),
    })
}

/// The largest city, and the city contributing most to growth when it is another one.
fn leaders(cities: &Recorded) -> Vec<Figures> {
    let mut leaders: Vec<Figures> = cities.table.rows.iter().take(1).cloned().collect();
    let top = cities.table.rows.iter().max_by(|a, b| {
        a.contribution
            .unwrap_or(f64::MIN)
            .total_cmp(&b.contribution.unwrap_or(f64::MIN))
    });
    if let Some(top) = top
        && !leaders.iter().any(|l| l.member == top.member)
    {
        leaders.push(top.clone());
    }
    leaders
}

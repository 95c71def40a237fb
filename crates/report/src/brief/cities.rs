//! Section 4, cities and trade modes: the largest city and the one contributing most to the
//! province's growth, and general trade.

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
    if let Some(general) = modes.row("general").cloned() {
        let (v, g) = cx.ytd_and_change(&modes, &general);
        let share = cx.take_or_empty(&modes, &general, Figure::Share);
        paragraphs.push(match cx.lang {
            Lang::Zh => format!("一般贸易进出口{v}，{g}，占{share}。"),
            Lang::En => format!("General trade: {v}, {g}, {share} of the total."),
        });
    }
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

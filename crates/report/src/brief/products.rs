//! Section 3, products: exports of the product groups customs reports (electromechanical,
//! high-tech, the "new three", labour-intensive), with a chart of their growth.

use linkages_core::{Figure, Lang};

use super::Section;
use super::context::Context;
use crate::{Error, chart};

/// The product groups the brief writes about, in its order.
const GROUPS: [&str; 4] = [
    "electromechanical",
    "high_tech",
    "new_three",
    "labour_intensive",
];

/// The products section.
pub(crate) async fn section(cx: &mut Context<'_>) -> Result<Section, Error> {
    let products = cx
        .compute(cx.spec("trade", Some("product_group"), &["flow=export"]))
        .await?;
    let mut parts = Vec::new();
    for code in GROUPS {
        let Some(row) = products.row(code).cloned() else {
            continue;
        };
        let (v, g) = cx.ytd_and_change(&products, &row);
        let share = cx.take_or_empty(&products, &row, Figure::Share);
        let name = cx.name(&row);
        parts.push(match cx.lang {
            Lang::Zh => format!("出口{name}{v}，{g}，占出口总值的{share}"),
            Lang::En => format!("{} {v}, {g} ({share} of exports)", name.to_lowercase()),
        });
    }
    let lang = cx.lang;
    let paragraphs = match (parts.is_empty(), lang) {
        (true, _) => Vec::new(),
        (false, Lang::Zh) => vec![format!("{}。", parts.join("；"))],
        (false, Lang::En) => vec![format!("Exports of {}.", parts.join("; "))],
    };
    let bars: Vec<(String, f64)> = products
        .table
        .rows
        .iter()
        .filter_map(|p| Some((cx.name(p), p.ytd_yoy?)))
        .collect();
    let chart = chart::growth_bars(
        lang.pick(
            "重点商品出口累计同比（%）",
            "Exports by product group, year-to-date growth (%)",
        ),
        &bars,
    )?;
    Ok(Section {
        id: "products",
        heading: lang.pick("三、重点商品", "3. Products").into(),
        paragraphs,
        tables: vec![cx.grid(&products.table)],
        charts: vec![chart],
    })
}

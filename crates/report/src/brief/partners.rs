//! Section 2, partners: the largest partner (blocs compared with single economies outside
//! them, as customs does), the partner groups, and the fastest movers.

use linkages_core::{Figure, Figures, Lang, Spread, classify};

use super::Section;
use super::context::{Context, Recorded};
use crate::{Error, chart};

/// The partners section.
pub(crate) async fn section(cx: &mut Context<'_>) -> Result<Section, Error> {
    let groups = cx
        .compute(cx.spec("trade", Some("partner_group"), &[]))
        .await?;
    let partners = cx.compute(cx.spec("trade", Some("partner"), &[])).await?;
    let mut paragraphs = Vec::new();
    paragraphs.extend(largest(cx, &groups, &partners));
    paragraphs.extend(group_lines(cx, &groups));
    paragraphs.extend(movers(cx, &partners));
    paragraphs.extend(diversification(cx).await?);
    let lang = cx.lang;
    let top: Vec<(String, f64)> = partners
        .table
        .rows
        .iter()
        .take(10)
        .filter_map(|p| Some((cx.name(p), p.ytd_yoy?)))
        .collect();
    let chart = chart::growth_bars(
        lang.pick(
            "前十大贸易伙伴累计同比（%）",
            "Top 10 partners, year-to-date growth (%)",
        ),
        &top,
    )?;
    let mut top10 = partners.table.clone();
    top10.rows.truncate(10);
    Ok(Section {
        id: "partners",
        heading: lang.pick("二、贸易伙伴", "2. Partners").into(),
        paragraphs,
        tables: vec![cx.grid(&groups.table), cx.grid(&top10)],
        charts: vec![chart],
    })
}

/// The largest partner: ASEAN and the EU as blocs against the economies outside them.
fn largest(cx: &mut Context<'_>, groups: &Recorded, partners: &Recorded) -> Option<String> {
    let blocs = ["asean", "eu"].into_iter().filter_map(|g| groups.row(g));
    let outside = partners.table.rows.iter().filter(|p| {
        !classify::groups_of_partner(&p.member).any(|g| g.code == "asean" || g.code == "eu")
    });
    let l = blocs
        .chain(outside)
        .max_by(|a, b| a.ytd.unwrap_or(0.0).total_cmp(&b.ytd.unwrap_or(0.0)))
        .cloned()?;
    let source = match groups.row(&l.member) {
        Some(_) => groups,
        None => partners,
    };
    let (v, g) = cx.ytd_and_change(source, &l);
    let share = cx.take_or_empty(source, &l, Figure::Share);
    let name = cx.name(&l);
    Some(match cx.lang {
        Lang::Zh => format!("{name}为第一大贸易伙伴，进出口{v}，{g}，占{share}。"),
        Lang::En => {
            format!("{name} was the largest trading partner: {v}, {g}, {share} of the total.")
        }
    })
}

/// Trade with the Belt and Road, RCEP, the EU, Latin America and Africa.
fn group_lines(cx: &mut Context<'_>, groups: &Recorded) -> Option<String> {
    let mut parts = Vec::new();
    for code in ["belt_and_road", "rcep", "eu", "latin_america", "africa"] {
        let Some(row) = groups.row(code).cloned() else {
            continue;
        };
        let (v, g) = cx.ytd_and_change(groups, &row);
        let share = cx.take_or_empty(groups, &row, Figure::Share);
        let name = cx.name(&row);
        parts.push(match cx.lang {
            Lang::Zh => format!("对{name}进出口{v}，{g}，占{share}"),
            Lang::En => format!("with {name} {v}, {g} ({share})"),
        });
    }
    (!parts.is_empty()).then(|| match cx.lang {
        Lang::Zh => format!("{}。", parts.join("；")),
        Lang::En => format!("Trade {}.", parts.join("; ")),
    })
}

/// The three fastest rising and falling partners among those of at least 1% of the total.
fn movers(cx: &mut Context<'_>, partners: &Recorded) -> Option<String> {
    let mut big: Vec<Figures> = partners
        .table
        .rows
        .iter()
        .filter(|p| p.share.unwrap_or(0.0) >= 1.0 && p.ytd_yoy.is_some())
        .cloned()
        .collect();
    big.sort_by(|a, b| {
        b.ytd_yoy
            .unwrap_or(0.0)
            .total_cmp(&a.ytd_yoy.unwrap_or(0.0))
    });
    let rising: Vec<Figures> = big
        .iter()
        .filter(|p| p.ytd_yoy > Some(0.0))
        .take(3)
        .cloned()
        .collect();
    let falling: Vec<Figures> = big
        .iter()
        .rev()
        .filter(|p| p.ytd_yoy < Some(0.0))
        .take(3)
        .cloned()
        .collect();
    let (up, down) = (
        named_growth(cx, partners, &rising),
        named_growth(cx, partners, &falling),
    );
    let (lang, sep) = (cx.lang, cx.lang.pick("、", ", "));
    let mut movers = Vec::new();
    if !up.is_empty() {
        movers.push(match lang {
            Lang::Zh => format!("增长最快的是{}", up.join(sep)),
            Lang::En => format!("the fastest growing were {}", up.join(sep)),
        });
    }
    if !down.is_empty() {
        movers.push(match lang {
            Lang::Zh => format!("下降的有{}", down.join(sep)),
            Lang::En => format!("falling were {}", down.join(sep)),
        });
    }
    (!movers.is_empty()).then(|| match lang {
        Lang::Zh => format!("在占比1%以上的贸易伙伴中，{}。", movers.join("；")),
        Lang::En => format!(
            "Among partners with at least 1% of the total, {}.",
            movers.join("; ")
        ),
    })
}

/// "Name (up x%)" for each row.
fn named_growth(cx: &mut Context<'_>, partners: &Recorded, rows: &[Figures]) -> Vec<String> {
    rows.iter()
        .map(|p| {
            let g = cx.take_or_empty(partners, p, Figure::YtdYoy);
            match cx.lang {
                Lang::Zh => format!("{}（{g}）", cx.name(p)),
                Lang::En => format!("{} ({g})", cx.name(p)),
            }
        })
        .collect()
}

/// How spread the exports are over markets: how many, the five largest's share and the
/// Herfindahl–Hirschman index, each against the same months a year before (WITS's market
/// concentration; `None` when there are no exports).
async fn diversification(cx: &mut Context<'_>) -> Result<Option<String>, Error> {
    let spec = cx.spec("trade", Some("partner"), &["flow=export"]);
    let measures = cx.spread(spec).await?;
    let get = |s: Spread| {
        measures
            .iter()
            .find(|(m, _)| *m == s)
            .and_then(|(_, t)| t.clone())
    };
    let (Some(members), Some(top5), Some(hhi)) =
        (get(Spread::Members), get(Spread::Top5), get(Spread::Hhi))
    else {
        return Ok(None);
    };
    let lang = cx.lang;
    let before = |s: Spread, zh_unit: &str| {
        get(s).map_or(String::new(), |b| match lang {
            Lang::Zh => format!("（上年同期{b}{zh_unit}）"),
            Lang::En => format!(" ({b} a year earlier)"),
        })
    };
    let (m0, t0, h0) = (
        before(Spread::MembersBase, "个"),
        before(Spread::Top5Base, ""),
        before(Spread::HhiBase, ""),
    );
    Ok(Some(match lang {
        Lang::Zh => format!(
            "出口市场分布：对{members}个国家和地区有出口{m0}，前五大市场合计占{top5}{t0}，市场集中度（赫芬达尔—赫希曼指数）为{hh}{h0}。",
            hh = hhi
        ),
        Lang::En => format!(
            "Export markets: exports went to {members} economies{m0}; the five largest took {top5}{t0}; the Herfindahl–Hirschman index of markets was {hhi}{h0}."
        ),
    }))
}

//! Section 5, the other four linkages: the figures of foreign investment, service
//! outsourcing, outward cooperation and foreign talent, each one quantity in one unit
//! (outward investment apart from project turnover and zone output; people apart from
//! institutions), and a table of them.

use linkages_core::indicator::{self, Indicator};
use linkages_core::{Lang, Unit};

use super::Section;
use super::context::{Context, Recorded};
use crate::Error;
use crate::table::{Cell, Grid};
use crate::text::{table_amount, unit_word};

/// The indicators of the section, in the order of the sources.
const LINES: [&str; 10] = [
    "fdi_actual",
    "fdi_projects",
    "outsourcing_executed",
    "odi",
    "overseas_projects_turnover",
    "zone_output",
    "zone_exports_driven",
    "work_permits",
    "talent_recognitions",
    "rd_institutions",
];

/// The section of the other four linkages; a linkage without data is a note, not an error.
pub(crate) async fn section(cx: &mut Context<'_>) -> Result<Section, Error> {
    let mut paragraphs = Vec::new();
    let mut summary = Vec::new();
    for code in LINES {
        let line = indicator::find(code)?;
        let table = match cx.compute(cx.spec(code, None, &[])).await {
            Ok(t) => t,
            Err(Error::Engine(linkages_engine::Error::Empty(d))) => {
                let note = format!("{d}: {}", cx.lang.pick("暂无数据", "no data in the store"));
                if !cx.notes.contains(&note) {
                    cx.notes.push(note);
                }
                continue;
            }
            Err(e) => return Err(e),
        };
        paragraphs.push(sentence(cx, line, &table));
        summary.push(summary_row(cx.lang, line, &table));
    }
    let lang = cx.lang;
    let header = [
        lang.pick("指标", "Indicator"),
        lang.pick("累计", "YTD"),
        lang.pick("单位", "Unit"),
        lang.pick("累计同比%", "YTD YoY %"),
    ];
    Ok(Section {
        id: "linkages",
        heading: lang
            .pick(
                "五、外资、外包、外经、外智",
                "5. Investment, outsourcing, cooperation, talent",
            )
            .into(),
        paragraphs,
        tables: vec![Grid {
            title: lang
                .pick(
                    "其他四个联动（累计）",
                    "The other four linkages (year to date)",
                )
                .into(),
            header: header.map(String::from).to_vec(),
            rows: summary,
            footer: Vec::new(),
        }],
        charts: Vec::new(),
    })
}

/// "X: V in the span, up G% year on year."
fn sentence(cx: &mut Context<'_>, line: &Indicator, table: &Recorded) -> String {
    let total = table.table.total.clone();
    let (v, g) = cx.ytd_and_change(table, &total);
    let span = &cx.span;
    let count = line.counted.map(|c| c.word(cx.lang)).unwrap_or("");
    let (zh, en) = (line.name_zh, line.name_en);
    match cx.lang {
        Lang::Zh => format!("{span}，{zh}{v}{count}，同比{g}。"),
        Lang::En if count.is_empty() => format!("{en}: {v} in {span}, {g} year on year."),
        Lang::En => format!("{en}: {v} {count} in {span}, {g} year on year."),
    }
}

/// The line's row of the summary table.
fn summary_row(lang: Lang, line: &Indicator, table: &Recorded) -> Vec<Cell> {
    let total = &table.table.total;
    let unit = table.table.unit;
    let decimals = if unit == Unit::Count { 0 } else { 1 };
    vec![
        Cell::Text(lang.pick(line.name_zh, line.name_en).into()),
        Cell::Number(total.ytd.map(|x| table_amount(x, unit)), decimals),
        Cell::Text(unit_word(unit, line.counted, lang).into()),
        Cell::Number(total.ytd_yoy, 1),
    ]
}

//! Section 5, the other four linkages: the headline of foreign investment, service
//! outsourcing, outward cooperation and foreign talent, and a table of them.

use linkages_core::{Lang, Unit};

use super::Section;
use super::context::{Context, Recorded};
use crate::Error;
use crate::table::{Cell, Grid};
use crate::text::{table_amount, table_unit};

/// An indicator of the section: its code, its name in Chinese and English, and the word
/// its counts are written with (empty for amounts).
struct Line {
    indicator: &'static str,
    zh: &'static str,
    en: &'static str,
    count_zh: &'static str,
    count_en: &'static str,
}

const LINES: [Line; 5] = [
    Line {
        indicator: "fdi_actual",
        zh: "实际使用外资",
        en: "Actual use of foreign capital",
        count_zh: "",
        count_en: "",
    },
    Line {
        indicator: "fdi_projects",
        zh: "新设外商投资项目",
        en: "New foreign-invested projects",
        count_zh: "个",
        count_en: "projects",
    },
    Line {
        indicator: "outsourcing_executed",
        zh: "服务外包执行额",
        en: "Service outsourcing executed",
        count_zh: "",
        count_en: "",
    },
    Line {
        indicator: "cooperation",
        zh: "对外经济合作完成额",
        en: "Outward economic cooperation",
        count_zh: "",
        count_en: "",
    },
    Line {
        indicator: "talent",
        zh: "引进外国人才",
        en: "Foreign talent",
        count_zh: "人次",
        count_en: "people",
    },
];

/// The section of the other four linkages; a linkage without data is a note, not an error.
pub(crate) async fn section(cx: &mut Context<'_>) -> Result<Section, Error> {
    let mut paragraphs = Vec::new();
    let mut summary = Vec::new();
    for line in &LINES {
        let table = match cx.compute(cx.spec(line.indicator, None, &[])).await {
            Ok(t) => t,
            Err(Error::Engine(linkages_engine::Error::Empty(d))) => {
                let note = format!("{d}: {}", cx.lang.pick("暂无数据", "no data in the store"));
                cx.notes.push(note);
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
fn sentence(cx: &mut Context<'_>, line: &Line, table: &Recorded) -> String {
    let total = table.table.total.clone();
    let (v, g) = cx.ytd_and_change(table, &total);
    let span = &cx.span;
    let count = cx.lang.pick(line.count_zh, line.count_en);
    let (zh, en) = (line.zh, line.en);
    match cx.lang {
        Lang::Zh => format!("{span}，{zh}{v}{count}，同比{g}。"),
        Lang::En if count.is_empty() => format!("{en}: {v} in {span}, {g} year on year."),
        Lang::En => format!("{en}: {v} {count} in {span}, {g} year on year."),
    }
}

/// The line's row of the summary table.
fn summary_row(lang: Lang, line: &Line, table: &Recorded) -> Vec<Cell> {
    let total = &table.table.total;
    let unit = table.table.unit;
    let is_count = unit == Unit::Count;
    vec![
        Cell::Text(lang.pick(line.zh, line.en).into()),
        Cell::Number(
            total.ytd.map(|x| table_amount(x, unit)),
            if is_count { 0 } else { 1 },
        ),
        Cell::Text(if is_count {
            lang.pick(line.count_zh, line.count_en).into()
        } else {
            table_unit(unit, lang).into()
        }),
        Cell::Number(total.ytd_yoy, 1),
    ]
}

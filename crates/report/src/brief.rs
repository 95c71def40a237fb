//! The monthly brief of the five linkages, in the phrasing of China's official statistics
//! ("1-4月，广东外贸进出口…，同比增长…"), in Chinese or English.
//!
//! Every number written into the brief is a [`Figure`] that names the query it comes from
//! (a pinned dataset version and SQL), the row (`member`) and the column (`figure`) holding
//! it, so that `brief --format json` can be checked by re-running the queries.

use linkages_core::indicator::{Spec, Unit};
use linkages_core::{Period, classify};
use linkages_engine::Session;
use linkages_engine::indicators::{self, Figures, IndicatorTable, Provenance};

use crate::table::{Cell, Grid, escape_html, indicator_grid};
use crate::text::{Lang, amount, change, month_name, table_amount, table_unit, ytd_span};
use crate::{Error, chart};

/// One number of the brief and where it comes from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Figure {
    /// What it is, e.g. `trade.ytd_yoy` or `trade.partner.VNM.ytd`.
    pub id: String,
    /// Index into [`Brief::queries`].
    pub query: usize,
    /// The row of the query's result holding it (its `member` column).
    pub member: String,
    /// The column holding it.
    pub figure: String,
    /// The value at full precision.
    pub value: f64,
    /// Unit of amounts (none for percentages, points and ranks).
    pub unit: Option<Unit>,
    /// As written in the brief.
    pub text: String,
}

/// A query the brief ran.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Query {
    /// Dataset read.
    pub dataset: String,
    /// Its version.
    pub version: u32,
    /// Whether that version is synthetic.
    pub synthetic: bool,
    /// The SQL (read-only; runs on `linkages sql`).
    pub sql: String,
}

/// A section of the brief.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Section {
    /// Stable identifier (`trade`, `partners`, …).
    pub id: &'static str,
    /// Heading.
    pub heading: String,
    /// Paragraphs of text.
    pub paragraphs: Vec<String>,
    /// Tables.
    pub tables: Vec<Grid>,
    /// Charts as SVG documents.
    #[serde(skip)]
    pub charts: Vec<String>,
}

/// The monthly brief.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Brief {
    /// The month reported, `YYYY-MM`.
    pub period: String,
    /// The language.
    pub lang: Lang,
    /// Title.
    pub title: String,
    /// Whether any figure comes from synthetic (demo) data.
    pub synthetic: bool,
    /// Sections in reading order.
    pub sections: Vec<Section>,
    /// Data notes: missing or partial months, datasets without data, synthetic data.
    pub notes: Vec<String>,
    /// Every number of the brief.
    pub figures: Vec<Figure>,
    /// Every query the figures come from.
    pub queries: Vec<Query>,
}

/// Collects figures and queries while the brief is written.
struct Recorder {
    lang: Lang,
    figures: Vec<Figure>,
    queries: Vec<Query>,
    notes: Vec<String>,
}

/// A computed table and the indexes of its queries in the recorder.
struct Recorded {
    table: IndicatorTable,
    total_query: usize,
    rows_query: Option<usize>,
}

impl Recorded {
    fn row(&self, member: &str) -> Option<&Figures> {
        self.table.rows.iter().find(|f| f.member == member)
    }
}

impl Recorder {
    fn query(&mut self, p: &Provenance) -> usize {
        if let Some(i) = self.queries.iter().position(|q| q.sql == p.sql) {
            return i;
        }
        self.queries.push(Query {
            dataset: p.dataset.into(),
            version: p.version,
            synthetic: p.synthetic,
            sql: p.sql.clone(),
        });
        self.queries.len() - 1
    }

    fn record(&mut self, table: IndicatorTable) -> Recorded {
        let total_query = self.query(&table.total_provenance);
        let rows_query = table.provenance.as_ref().map(|p| self.query(p));
        for c in &table.completeness {
            let note = format!("{}: {}", table.indicator, c.text(self.lang == Lang::Zh));
            if !self.notes.contains(&note) {
                self.notes.push(note);
            }
        }
        Recorded {
            table,
            total_query,
            rows_query,
        }
    }

    /// Records one figure of a row and returns it as written, or `None` when it is empty.
    fn take(&mut self, r: &Recorded, row: &Figures, figure: &str, kind: Kind) -> Option<String> {
        let value = row.get(figure)?;
        // Codes are checked against reference lists, so no member of a breakdown is "total".
        let is_total = row.member == "total";
        let query = if is_total {
            r.total_query
        } else {
            r.rows_query?
        };
        let lang = self.lang;
        let (unit, text) = match kind {
            Kind::Amount => (Some(r.table.unit), amount(value, r.table.unit, lang)),
            Kind::Change => (None, change(value, lang)),
            Kind::Percent => (None, format!("{value:.1}%")),
            Kind::Points => (None, format!("{value:.1}")),
        };
        self.figures.push(Figure {
            id: format!(
                "{}{}.{}",
                r.table.indicator,
                if is_total {
                    String::new()
                } else {
                    format!(".{}.{}", r.table.by.as_deref().unwrap_or(""), row.member)
                },
                figure
            ),
            query,
            member: row.member.clone(),
            figure: figure.into(),
            value,
            unit,
            text: text.clone(),
        });
        Some(text)
    }

    /// "X, up Y%" for a row's year to date, with a placeholder where a figure is empty.
    fn ytd_and_change(&mut self, r: &Recorded, row: &Figures) -> (String, String) {
        let none = self.lang.pick("无数据", "no data").to_string();
        let value = self.take(r, row, "ytd", Kind::Amount).unwrap_or(none);
        let growth = self
            .take(r, row, "ytd_yoy", Kind::Change)
            .unwrap_or_else(|| self.lang.pick("无可比数据", "no comparable figure").into());
        (value, growth)
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Amount,
    Change,
    Percent,
    Points,
}

/// A table of the brief: its source and flags are in the brief's notes, not under each table.
fn grid(table: &IndicatorTable, lang: Lang) -> Grid {
    Grid {
        footer: Vec::new(),
        ..indicator_grid(table, lang)
    }
}

fn name(row: &Figures, lang: Lang) -> String {
    match lang {
        Lang::Zh => row.name_zh.clone(),
        Lang::En => row.name_en.clone(),
    }
    .unwrap_or_else(|| row.member.clone())
}

/// The brief for a month. January and February are reported together, as customs does.
pub async fn build(session: &Session, period: Period, lang: Lang) -> Result<Brief, Error> {
    let jan_feb = period.month <= 2;
    let end = if jan_feb {
        Period { month: 2, ..period }
    } else {
        period
    };
    let spec = |indicator: &str, by: Option<&str>, filters: &[&str], unit: Option<&str>| Spec {
        indicator: indicator.into(),
        period: end.to_string(),
        by: by.map(String::from),
        filters: filters.iter().map(|f| f.to_string()).collect(),
        unit: unit.map(String::from),
        jan_feb,
        years: None,
    };
    let mut rec = Recorder {
        lang,
        figures: Vec::new(),
        queries: Vec::new(),
        notes: Vec::new(),
    };
    let span = match lang {
        Lang::Zh => format!("{}年{}", end.year, ytd_span(end, lang)),
        Lang::En => format!("{} {}", ytd_span(end, lang), end.year),
    };
    let mut sections = Vec::new();

    // Foreign trade: the headline, flows, dollars, the month, the monthly chart.
    let compute = |s: Spec| async move {
        let request = s.resolve()?;
        Ok::<_, Error>(indicators::compute(session, &request).await?)
    };
    let trade = compute(spec("trade", Some("flow"), &[], None)).await;
    let trade = match trade {
        Ok(t) => rec.record(t),
        Err(Error::Engine(linkages_engine::Error::Empty(_))) => {
            return Err(Error::Engine(linkages_engine::Error::Empty("trade".into())));
        }
        Err(e) => return Err(e),
    };
    let usd = rec.record(compute(spec("trade", None, &[], Some("usd"))).await?);
    {
        let total = trade.table.total.clone();
        let (ytd, yoy) = rec.ytd_and_change(&trade, &total);
        let mut p = match lang {
            Lang::Zh => format!("{span}，广东货物贸易进出口{ytd}，同比{yoy}。"),
            Lang::En => format!(
                "In {span}, Guangdong's imports and exports of goods totalled {ytd}, {yoy} year on year."
            ),
        };
        let flows: Vec<Figures> = ["export", "import"]
            .iter()
            .filter_map(|f| trade.row(f).cloned())
            .collect();
        let parts: Vec<String> = flows
            .iter()
            .map(|f| {
                let (v, g) = rec.ytd_and_change(&trade, f);
                match lang {
                    Lang::Zh => format!("{}{v}，{g}", name(f, lang)),
                    Lang::En => format!("{} {v}, {g}", name(f, lang).to_lowercase()),
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
        let (v, g) = rec.ytd_and_change(&usd, &usd_total);
        p.push_str(&match lang {
            Lang::Zh => format!("以美元计，进出口{v}，{g}。"),
            Lang::En => format!(" In US dollars, trade totalled {v}, {g}."),
        });
        let mut paragraphs = vec![p];
        if !jan_feb {
            let month_value = rec.take(&trade, &total, "month_value", Kind::Amount);
            let month_yoy = rec.take(&trade, &total, "month_yoy", Kind::Change);
            let mom = rec.take(&trade, &total, "mom", Kind::Change);
            if let Some(v) = month_value {
                let g = month_yoy.unwrap_or_default();
                let m = mom.unwrap_or_default();
                paragraphs.push(match lang {
                    Lang::Zh => format!("{}月当月，进出口{v}，同比{g}，环比{m}。", end.month),
                    Lang::En => format!(
                        "In {} alone, trade was {v}, {g} year on year and {m} on the month before.",
                        month_name(end.month)
                    ),
                });
            }
        }
        // The chart of the months, this year against last.
        let request = spec("trade", None, &[], None).resolve()?;
        let (provenance, months) = indicators::monthly(session, &request).await?;
        let q = rec.query(&provenance);
        let unit = table_unit(Unit::Cny, lang);
        let mut series = Vec::new();
        for year in [end.year - 1, end.year] {
            let mut values = vec![None; 12];
            for (p, v) in months.iter().filter(|(p, _)| p.year == year) {
                values[(p.month - 1) as usize] = Some(table_amount(*v, Unit::Cny));
                rec.figures.push(Figure {
                    id: format!("trade.month.{p}"),
                    query: q,
                    member: p.to_string(),
                    figure: "month_value".into(),
                    value: *v,
                    unit: Some(Unit::Cny),
                    text: format!("{:.1}", table_amount(*v, Unit::Cny)),
                });
            }
            series.push((year.to_string(), values));
        }
        let chart = chart::months_line(
            lang.pick("货物贸易进出口（按月）", "Imports and exports by month"),
            unit,
            &series,
        )?;
        sections.push(Section {
            id: "trade",
            heading: lang.pick("一、外贸", "1. Foreign trade").into(),
            paragraphs,
            tables: vec![grid(&trade.table, lang)],
            charts: vec![chart],
        });
    }

    // Partners: the largest, the Belt and Road and RCEP, the movers.
    {
        let groups = rec.record(compute(spec("trade", Some("partner_group"), &[], None)).await?);
        let partners = rec.record(compute(spec("trade", Some("partner"), &[], None)).await?);
        let mut paragraphs = Vec::new();
        // Customs compares ASEAN and the EU as blocs with single economies outside them.
        let blocs: Vec<&Figures> = ["asean", "eu"]
            .iter()
            .filter_map(|g| groups.row(g))
            .collect();
        let outside = partners.table.rows.iter().filter(|p| {
            !classify::groups_of_partner(&p.member).any(|g| g.code == "asean" || g.code == "eu")
        });
        let largest = blocs
            .into_iter()
            .chain(outside)
            .max_by(|a, b| a.ytd.unwrap_or(0.0).total_cmp(&b.ytd.unwrap_or(0.0)))
            .cloned();
        if let Some(l) = largest {
            let source = if groups.row(&l.member).is_some() {
                &groups
            } else {
                &partners
            };
            let (v, g) = rec.ytd_and_change(source, &l);
            let share = rec
                .take(source, &l, "share", Kind::Percent)
                .unwrap_or_default();
            paragraphs.push(match lang {
                Lang::Zh => format!(
                    "{}为第一大贸易伙伴，进出口{v}，{g}，占{share}。",
                    name(&l, lang)
                ),
                Lang::En => format!(
                    "{} was the largest trading partner: {v}, {g}, {share} of the total.",
                    name(&l, lang)
                ),
            });
        }
        let mut parts = Vec::new();
        for code in ["belt_and_road", "rcep", "eu", "latin_america", "africa"] {
            if let Some(row) = groups.row(code).cloned() {
                let (v, g) = rec.ytd_and_change(&groups, &row);
                let share = rec
                    .take(&groups, &row, "share", Kind::Percent)
                    .unwrap_or_default();
                parts.push(match lang {
                    Lang::Zh => format!("对{}进出口{v}，{g}，占{share}", name(&row, lang)),
                    Lang::En => format!("with {} {v}, {g} ({share})", name(&row, lang)),
                });
            }
        }
        if !parts.is_empty() {
            paragraphs.push(match lang {
                Lang::Zh => format!("{}。", parts.join("；")),
                Lang::En => format!("Trade {}.", parts.join("; ")),
            });
        }
        // Movers among partners of at least 1% of the total.
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
        let mover = |rows: &[Figures], rec: &mut Recorder| -> Vec<String> {
            rows.iter()
                .map(|p| {
                    let g = rec
                        .take(&partners, p, "ytd_yoy", Kind::Change)
                        .unwrap_or_default();
                    match lang {
                        Lang::Zh => format!("{}（{g}）", name(p, lang)),
                        Lang::En => format!("{} ({g})", name(p, lang)),
                    }
                })
                .collect()
        };
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
        let (up, down) = (mover(&rising, &mut rec), mover(&falling, &mut rec));
        let sep = lang.pick("、", ", ");
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
        if !movers.is_empty() {
            paragraphs.push(match lang {
                Lang::Zh => format!("在占比1%以上的贸易伙伴中，{}。", movers.join("；")),
                Lang::En => format!(
                    "Among partners with at least 1% of the total, {}.",
                    movers.join("; ")
                ),
            });
        }
        let top: Vec<(String, f64)> = partners
            .table
            .rows
            .iter()
            .take(10)
            .filter_map(|p| Some((name(p, lang), p.ytd_yoy?)))
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
        sections.push(Section {
            id: "partners",
            heading: lang.pick("二、贸易伙伴", "2. Partners").into(),
            paragraphs,
            tables: vec![grid(&groups.table, lang), grid(&top10, lang)],
            charts: vec![chart],
        });
    }

    // Products: exports by product group.
    {
        let products = rec
            .record(compute(spec("trade", Some("product_group"), &["flow=export"], None)).await?);
        let mut parts = Vec::new();
        for code in [
            "electromechanical",
            "high_tech",
            "new_three",
            "labour_intensive",
        ] {
            if let Some(row) = products.row(code).cloned() {
                let (v, g) = rec.ytd_and_change(&products, &row);
                let share = rec
                    .take(&products, &row, "share", Kind::Percent)
                    .unwrap_or_default();
                parts.push(match lang {
                    Lang::Zh => format!("出口{}{v}，{g}，占出口总值的{share}", name(&row, lang)),
                    Lang::En => format!(
                        "{} {v}, {g} ({share} of exports)",
                        name(&row, lang).to_lowercase()
                    ),
                });
            }
        }
        let paragraph = match lang {
            Lang::Zh => format!("{}。", parts.join("；")),
            Lang::En => format!("Exports of {}.", parts.join("; ")),
        };
        let bars: Vec<(String, f64)> = products
            .table
            .rows
            .iter()
            .filter_map(|p| Some((name(p, lang), p.ytd_yoy?)))
            .collect();
        let chart = chart::growth_bars(
            lang.pick(
                "重点商品出口累计同比（%）",
                "Exports by product group, year-to-date growth (%)",
            ),
            &bars,
        )?;
        sections.push(Section {
            id: "products",
            heading: lang.pick("三、重点商品", "3. Products").into(),
            paragraphs: if parts.is_empty() {
                Vec::new()
            } else {
                vec![paragraph]
            },
            tables: vec![grid(&products.table, lang)],
            charts: vec![chart],
        });
    }

    // Cities and trade modes.
    {
        let cities = rec.record(compute(spec("trade", Some("city"), &[], None)).await?);
        let modes = rec.record(compute(spec("trade", Some("trade_mode"), &[], None)).await?);
        let mut paragraphs = Vec::new();
        let mut leaders: Vec<Figures> = cities.table.rows.iter().take(1).cloned().collect();
        if let Some(top) = cities.table.rows.iter().max_by(|a, b| {
            a.contribution
                .unwrap_or(f64::MIN)
                .total_cmp(&b.contribution.unwrap_or(f64::MIN))
        }) && !leaders.iter().any(|l| l.member == top.member)
        {
            leaders.push(top.clone());
        }
        for c in leaders {
            let (v, g) = rec.ytd_and_change(&cities, &c);
            let share = rec
                .take(&cities, &c, "share", Kind::Percent)
                .unwrap_or_default();
            let points = rec
                .take(&cities, &c, "contribution", Kind::Points)
                .unwrap_or_default();
            paragraphs.push(match lang {
                Lang::Zh => format!(
                    "{}进出口{v}，{g}，占全省{share}，拉动全省外贸增长{points}个百分点。",
                    name(&c, lang)
                ),
                Lang::En => format!(
                    "{}: {v}, {g}, {share} of the province, contributing {points} percentage points to its growth.",
                    name(&c, lang)
                ),
            });
        }
        if let Some(general) = modes.row("general").cloned() {
            let (v, g) = rec.ytd_and_change(&modes, &general);
            let share = rec
                .take(&modes, &general, "share", Kind::Percent)
                .unwrap_or_default();
            paragraphs.push(match lang {
                Lang::Zh => format!("一般贸易进出口{v}，{g}，占{share}。"),
                Lang::En => format!("General trade: {v}, {g}, {share} of the total."),
            });
        }
        sections.push(Section {
            id: "cities",
            heading: lang
                .pick("四、地市与贸易方式", "4. Cities and trade modes")
                .into(),
            paragraphs,
            tables: vec![grid(&cities.table, lang), grid(&modes.table, lang)],
            charts: Vec::new(),
        });
    }

    // The other four linkages.
    {
        let mut paragraphs = Vec::new();
        let mut summary = Vec::new();
        for (indicator, zh, en, count_zh, count_en) in [
            (
                "fdi_actual",
                "实际使用外资",
                "Actual use of foreign capital",
                "",
                "",
            ),
            (
                "fdi_projects",
                "新设外商投资项目",
                "New foreign-invested projects",
                "个",
                "projects",
            ),
            (
                "outsourcing_executed",
                "服务外包执行额",
                "Service outsourcing executed",
                "",
                "",
            ),
            (
                "cooperation",
                "对外经济合作完成额",
                "Outward economic cooperation",
                "",
                "",
            ),
            ("talent", "引进外国人才", "Foreign talent", "人次", "people"),
        ] {
            let table = match compute(spec(indicator, None, &[], None)).await {
                Ok(t) => rec.record(t),
                Err(Error::Engine(linkages_engine::Error::Empty(d))) => {
                    rec.notes.push(format!(
                        "{d}: {}",
                        lang.pick("暂无数据", "no data in the store")
                    ));
                    continue;
                }
                Err(e) => return Err(e),
            };
            let total = table.table.total.clone();
            let (v, g) = rec.ytd_and_change(&table, &total);
            let count = lang.pick(count_zh, count_en);
            paragraphs.push(match lang {
                Lang::Zh => format!("{span}，{zh}{v}{count}，同比{g}。"),
                Lang::En if count.is_empty() => format!("{en}: {v} in {span}, {g} year on year."),
                Lang::En => format!("{en}: {v} {count} in {span}, {g} year on year."),
            });
            let is_count = table.table.unit == Unit::Count;
            summary.push(vec![
                Cell::Text(lang.pick(zh, en).into()),
                Cell::Number(
                    total.ytd.map(|x| table_amount(x, table.table.unit)),
                    if is_count { 0 } else { 1 },
                ),
                Cell::Text(if is_count {
                    count.into()
                } else {
                    table_unit(table.table.unit, lang).into()
                }),
                Cell::Number(total.ytd_yoy, 1),
            ]);
        }
        sections.push(Section {
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
                header: [
                    lang.pick("指标", "Indicator"),
                    lang.pick("累计", "YTD"),
                    lang.pick("单位", "Unit"),
                    lang.pick("累计同比%", "YTD YoY %"),
                ]
                .map(String::from)
                .to_vec(),
                rows: summary,
                footer: Vec::new(),
            }],
            charts: Vec::new(),
        });
    }

    let synthetic = rec.queries.iter().any(|q| q.synthetic);
    if synthetic {
        rec.notes.push(linkages_demo::SYNTHETIC_NOTE.to_string());
    }
    let title = match lang {
        Lang::Zh => format!("广东“五外联动”月度简报（{span}）"),
        Lang::En => format!("Guangdong Five External Linkages: Monthly Brief, {span}"),
    };
    Ok(Brief {
        period: end.to_string(),
        lang,
        title,
        synthetic,
        sections,
        notes: rec.notes,
        figures: rec.figures,
        queries: rec.queries,
    })
}

impl Brief {
    /// The brief as Markdown (charts are left to the HTML and PDF forms).
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n\n", self.title);
        if self.synthetic {
            out.push_str(&format!("> **{}**\n\n", linkages_demo::SYNTHETIC_NOTE));
        }
        for s in &self.sections {
            out.push_str(&format!("## {}\n\n", s.heading));
            for p in &s.paragraphs {
                out.push_str(p);
                out.push_str("\n\n");
            }
            for t in &s.tables {
                out.push_str(&t.to_markdown());
                out.push('\n');
            }
        }
        if !self.notes.is_empty() {
            out.push_str(&format!(
                "## {}\n\n",
                self.lang.pick("数据说明", "Data notes")
            ));
            for n in &self.notes {
                out.push_str(&format!("- {n}\n"));
            }
        }
        out
    }

    /// The brief as one self-contained HTML page with SVG charts.
    pub fn to_html(&self) -> String {
        let lang = self.lang.pick("zh-CN", "en");
        let mut out = format!(
            "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
            escape_html(&self.title),
            STYLE,
            escape_html(&self.title)
        );
        if self.synthetic {
            out.push_str(&format!(
                "<p class=\"synthetic\">{}</p>\n",
                escape_html(linkages_demo::SYNTHETIC_NOTE)
            ));
        }
        for s in &self.sections {
            out.push_str(&format!(
                "<section id=\"{}\">\n<h2>{}</h2>\n",
                s.id,
                escape_html(&s.heading)
            ));
            for p in &s.paragraphs {
                out.push_str(&format!("<p>{}</p>\n", escape_html(p)));
            }
            for c in &s.charts {
                out.push_str(&format!("<figure>{c}</figure>\n"));
            }
            for t in &s.tables {
                out.push_str(&t.to_html());
            }
            out.push_str("</section>\n");
        }
        if !self.notes.is_empty() {
            out.push_str(&format!(
                "<h2>{}</h2>\n<ul>\n",
                self.lang.pick("数据说明", "Data notes")
            ));
            for n in &self.notes {
                out.push_str(&format!("<li>{}</li>\n", escape_html(n)));
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }

    /// The brief as an Excel workbook: one sheet per table, and the figures with their queries.
    pub fn to_xlsx(&self) -> Result<Vec<u8>, Error> {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let mut n = 0;
        for s in &self.sections {
            for t in &s.tables {
                n += 1;
                t.add_to_workbook(&mut workbook, &format!("{n} {}", s.id))?;
            }
        }
        let ws = workbook.add_worksheet();
        ws.set_name("figures")?;
        ws.write_row(
            0,
            0,
            [
                "id", "value", "text", "member", "figure", "dataset", "version", "sql",
            ],
        )?;
        for (i, f) in self.figures.iter().enumerate() {
            let r = i as u32 + 1;
            let q = &self.queries[f.query];
            ws.write_string(r, 0, &f.id)?;
            ws.write_number(r, 1, f.value)?;
            ws.write_string(r, 2, &f.text)?;
            ws.write_string(r, 3, &f.member)?;
            ws.write_string(r, 4, &f.figure)?;
            ws.write_string(r, 5, &q.dataset)?;
            ws.write_number(r, 6, f64::from(q.version))?;
            ws.write_string(r, 7, &q.sql)?;
        }
        Ok(workbook.save_to_buffer()?)
    }
}

const STYLE: &str = "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.6;color:#222}
h1{font-size:1.6rem}h2{font-size:1.25rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border:1px solid #ccc;padding:.2rem .5rem}th{background:#f3f5f8}td.num{text-align:right;font-variant-numeric:tabular-nums}
p.note{font-size:.8rem;color:#666;margin:.2rem 0}p.synthetic{background:#fff3cd;border:1px solid #e0c36a;padding:.5rem;font-weight:bold}
figure{margin:1rem 0}figure svg{max-width:100%;height:auto}
";

/// Where a Chromium-family browser is, for PDF output: `$LINKAGES_CHROMIUM`, else the usual
/// names on `PATH`.
fn chromium() -> Option<std::path::PathBuf> {
    if let Some(p) = std::env::var_os("LINKAGES_CHROMIUM") {
        return Some(p.into());
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            ["chromium", "chromium-browser", "google-chrome", "chrome"].map(|n| dir.join(n))
        })
        .find(|p| p.is_file())
}

impl Brief {
    /// The brief as PDF: its HTML form laid out and printed by headless Chromium's Blink and
    /// Skia (a real layout engine; CJK text needs a CJK font such as Noto CJK installed).
    pub fn to_pdf(&self) -> Result<Vec<u8>, Error> {
        let browser = chromium().ok_or_else(|| {
            Error::NoData(
                "PDF output needs Chromium (Debian: apt-get install chromium fonts-noto-cjk, or scripts/setup-browser); \
                 set LINKAGES_CHROMIUM to use another Chromium-family browser"
                    .into(),
            )
        })?;
        let dir = tempfile::tempdir().map_err(|e| Error::Pdf(e.to_string()))?;
        let html = dir.path().join("brief.html");
        let pdf = dir.path().join("brief.pdf");
        std::fs::write(&html, self.to_html()).map_err(|e| Error::Pdf(e.to_string()))?;
        let output = std::process::Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-pdf-header-footer",
            ])
            .arg(format!(
                "--user-data-dir={}",
                dir.path().join("profile").display()
            ))
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display()))
            .output()
            .map_err(|e| Error::Pdf(format!("cannot run {}: {e}", browser.display())))?;
        std::fs::read(&pdf).map_err(|e| {
            Error::Pdf(format!(
                "{} printed no PDF ({e}): {}",
                browser.display(),
                String::from_utf8_lossy(&output.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            ))
        })
    }
}

//! The brief on the demo data: it states the figures published in the sources, and every
//! number it records comes back when its recorded query is run again.

use linkages_core::{Period, SYNTHETIC_NOTE};
use linkages_engine::Session;
use linkages_report::brief::{Brief, Number};
use linkages_report::pdf::PdfOptions;
use linkages_report::{Lang, build};

async fn demo_session() -> Session {
    linkages_testkit::session(&linkages_testkit::demo_store()).await
}

fn figure<'a>(brief: &'a Brief, id: &str) -> &'a Number {
    brief
        .figures
        .iter()
        .find(|f| f.id.to_string() == id)
        .unwrap_or_else(|| panic!("the brief has no figure {id}"))
}

/// Runs every recorded query once and checks every figure against its row and column.
async fn recompute(session: &Session, brief: &Brief) {
    for (i, q) in brief.queries.iter().enumerate() {
        let answer = session.query(&q.sql).await.expect("recorded query runs");
        let rows = answer.rows().expect("values");
        for f in brief.figures.iter().filter(|f| f.query == i) {
            let column = answer
                .column(f.figure.code())
                .unwrap_or_else(|_| panic!("{}: no column {}", f.id, f.figure));
            let row = rows
                .iter()
                .find(|r| r[0].to_string() == f.member)
                .unwrap_or_else(|| panic!("{}: no row {}", f.id, f.member));
            let again = match &row[column] {
                linkages_core::Value::Float(x) => *x,
                linkages_core::Value::Int(x) => *x as f64,
                other => panic!("{}: {other:?} is not a number", f.id),
            };
            // Sums run in parallel, so the last bits may differ between runs.
            let tolerance = 1e-9 * f.value.abs().max(1.0);
            assert!(
                (again - f.value).abs() <= tolerance,
                "{}: recorded {} but the query gives {again}",
                f.id,
                f.value
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_brief_reproduces_the_published_figures_and_every_number_recomputes() {
    let session = demo_session().await;

    // Jan-Feb 2024: 1.35 trillion yuan, up 24.9% (PRODUCT.md).
    let zh = build(
        &session,
        Period {
            year: 2024,
            month: 2,
        },
        Lang::Zh,
    )
    .await
    .expect("brief");
    let ytd = figure(&zh, "trade.ytd");
    assert_eq!(ytd.text, "1.35万亿元");
    assert_eq!(figure(&zh, "trade.ytd_yoy").text, "增长24.9%");
    let headline = &zh.sections[0].paragraphs[0];
    assert!(
        headline.starts_with("2024年1-2月，广东货物贸易进出口1.35万亿元，同比增长24.9%。"),
        "{headline}"
    );
    assert!(zh.synthetic && zh.to_markdown().contains(SYNTHETIC_NOTE));
    recompute(&session, &zh).await;

    // Jan-Apr 2023: exports up 5.4%, ASEAN up 7.8%, the "new three" exports up 61%.
    let en = build(
        &session,
        Period {
            year: 2023,
            month: 4,
        },
        Lang::En,
    )
    .await
    .expect("brief");
    assert_eq!(figure(&en, "trade.flow.export.ytd_yoy").text, "up 5.4%");
    assert_eq!(
        figure(&en, "trade.partner_group.asean.ytd_yoy").text,
        "up 7.8%"
    );
    let new_three = figure(&en, "trade.product_group.new_three.ytd_yoy");
    assert_eq!(new_three.value.round(), 61.0);
    let partners = &en.sections[1].paragraphs[0];
    assert!(
        partners.starts_with("ASEAN was the largest trading partner"),
        "{partners}"
    );
    recompute(&session, &en).await;
    assert!(en.figures.len() > 60, "{} figures", en.figures.len());

    // The PDF is the HTML form printed by headless Chromium (installed by scripts/setup-browser).
    let pdf = linkages_report::pdf::print(&en.to_html(), &PdfOptions::default())
        .await
        .expect("pdf");
    assert!(
        pdf.starts_with(b"%PDF-") && pdf.len() > 20_000,
        "{} bytes",
        pdf.len()
    );

    // Every section of the HTML form has its text, and charts are inline SVG.
    let html = en.to_html();
    assert!(html.contains("<svg") && html.contains("synthetic") && html.contains("ASEAN"));
    insta::assert_snapshot!(
        "brief_2023_04_en_text",
        en.sections
            .iter()
            .flat_map(|s| std::iter::once(format!("## {}", s.heading)).chain(s.paragraphs.clone()))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Every number of the brief as a line of data, for review as a file.
#[derive(serde::Serialize)]
struct Reviewed {
    id: String,
    text: String,
    /// Rounded to four decimals: the last bits of parallel sums are not the brief's concern.
    value: String,
}

fn reviewed(brief: &Brief) -> Vec<Reviewed> {
    brief
        .figures
        .iter()
        .map(|f| Reviewed {
            id: f.id.to_string(),
            text: f.text.clone(),
            value: format!("{:.4}", f.value),
        })
        .collect()
}

/// The numbers of two months' briefs, snapshotted as data: a change to any figure shows as
/// a change to `snapshots/brief__figures_*.snap`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_figures_of_two_briefs_are_reviewed_as_files() {
    let session = demo_session().await;
    for (period, lang, name) in [
        (Period::new(2024, 2), Lang::Zh, "figures_2024_02_zh"),
        (Period::new(2023, 4), Lang::En, "figures_2023_04_en"),
    ] {
        let period = period.expect("month");
        let brief = build(&session, period, lang).await.expect("brief");
        insta::assert_json_snapshot!(name, reviewed(&brief));
    }
}

/// The sixth section: the targets against the calendar on the month's last day and the
/// month's signed projects, recounted here by SQL over the registry's events.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_brief_reports_the_measures_pace_and_the_months_projects() {
    let store = linkages_testkit::demo_store();
    let session = linkages_testkit::session(&store).await;
    let registry =
        linkages_registry::Registry::open(&store.root().join("registry.sqlite")).expect("registry");
    let period = Period::new(2024, 4).expect("period");
    let registered = linkages_report::Registered::read(&registry, period, None).expect("read");
    let brief = linkages_report::build_with(&session, period, Lang::Zh, None, registered)
        .await
        .expect("brief");
    let section = brief
        .sections
        .iter()
        .find(|s| s.id == "measures")
        .expect("the measures section");
    let text = section.paragraphs.join("\n");
    assert!(text.starts_with("截至2024-04-30，11项量化目标中"), "{text}");
    assert!(
        text.contains("外贸规模稳定在2022年水平以上：完成全年目标的"),
        "the annual trade target's pace: {text}"
    );
    let (month, ytd): (i64, i64) = registry
        .connection()
        .query_row(
            "SELECT count(DISTINCT CASE WHEN on_day BETWEEN '2024-04-01' AND '2024-04-30' THEN project_id END),
                    count(DISTINCT CASE WHEN on_day BETWEEN '2024-01-01' AND '2024-04-30' THEN project_id END)
             FROM project_events WHERE kind = 'moved' AND stage = 'signed'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("sql");
    assert!(month > 0, "the demo signs projects in April 2024");
    assert!(
        text.contains(&format!("本月新签约项目{month}个"))
            && text.contains(&format!("1-4月累计签约{ytd}个")),
        "{month} and {ytd} signed: {text}"
    );
    assert!(brief.notes.iter().any(|n| n == SYNTHETIC_NOTE));
}

/// A city's sixth section reports its own parts of the targets split among the cities,
/// each with its pace and status, and not the province's count of targets.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_citys_brief_reports_its_parts_of_the_targets() {
    let store = linkages_testkit::demo_store();
    let session = linkages_testkit::session(&store).await;
    let registry =
        linkages_registry::Registry::open(&store.root().join("registry.sqlite")).expect("registry");
    let period = Period::new(2024, 4).expect("period");
    let dongguan = linkages_core::classify::city("441900");
    let registered = linkages_report::Registered::read(&registry, period, dongguan).expect("read");
    let brief = linkages_report::build_with(&session, period, Lang::Zh, dongguan, registered)
        .await
        .expect("brief");
    let section = brief
        .sections
        .iter()
        .find(|s| s.id == "measures")
        .expect("the measures section");
    let text = section.paragraphs.join("\n");
    assert!(
        text.starts_with("截至2024-04-30，分解到本市的目标4项："),
        "{text}"
    );
    assert!(
        text.contains("外贸规模稳定在2022年水平以上（本市2024年目标1.32万亿元）：完成全年目标的"),
        "{text}"
    );
    assert!(!text.contains("项量化目标中"), "{text}");
}

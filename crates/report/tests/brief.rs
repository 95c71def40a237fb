//! The brief on the demo data: it states the figures published in the sources, and every
//! number it records comes back when its recorded query is run again.

use linkages_core::Period;
use linkages_demo::{DemoConfig, SYNTHETIC_NOTE};
use linkages_engine::format::to_values;
use linkages_engine::{AsOf, Session, Store, load_demo};
use linkages_report::brief::{Brief, Figure};
use linkages_report::{Lang, build};

async fn demo_session() -> (tempfile::TempDir, Session) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("store")).expect("store");
    for d in linkages_demo::datasets() {
        load_demo(
            &store,
            d,
            linkages_demo::generate(d, DemoConfig::default()),
            SYNTHETIC_NOTE.into(),
            false,
            |_| {},
        )
        .await
        .expect("demo");
    }
    let session = Session::open(&store, &AsOf::Latest).await.expect("session");
    (dir, session)
}

fn figure<'a>(brief: &'a Brief, id: &str) -> &'a Figure {
    brief
        .figures
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("the brief has no figure {id}"))
}

/// Runs every recorded query once and checks every figure against its row and column.
async fn recompute(session: &Session, brief: &Brief) {
    for (i, q) in brief.queries.iter().enumerate() {
        let (schema, batches) = session.query(&q.sql).await.expect("recorded query runs");
        let names: Vec<String> = schema.fields().iter().map(|f| f.name().clone()).collect();
        let rows = to_values(&batches).expect("values");
        for f in brief.figures.iter().filter(|f| f.query == i) {
            let column = names
                .iter()
                .position(|n| *n == f.figure)
                .unwrap_or_else(|| panic!("{}: no column {}", f.id, f.figure));
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
    let (_dir, session) = demo_session().await;

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
    let pdf = en.to_pdf().expect("pdf");
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

//! The indicator engine on a small hand-made fixture (`data/indicators_trade.csv`) whose
//! answers are computed by hand in `slt/indicators.slt`; and every figure recomputes from the
//! query it records.

mod common;

use std::path::PathBuf;

use linkages_core::access::Scope;
use linkages_core::indicator::Spec;
use linkages_core::{Figure, Figures, Lang};
use linkages_engine::indicators;
use linkages_engine::{AsOf, IngestOptions, NoProgress, Session, SessionOptions, Store};
use sqllogictest::{DBOutput, DefaultColumnType};

/// Runs `indicators INDICATOR PERIOD [by=…] [filter=NAME=VALUE]… [unit=…] [years=N] [jan_feb]`
/// (one row per member, the total first, figures rounded to 4 decimals, notes last),
/// `completeness INDICATOR PERIOD …` (one row per flag), `sql STATEMENT` and
/// `scope all|published|city CODE` (the caller's scope of the statements that follow).
struct Db {
    store: Store,
    session: Session,
}

impl Db {
    async fn open(store: &Store) -> Db {
        let session = Session::open(store, &AsOf::Latest).await.expect("session");
        Db {
            store: store.clone(),
            session,
        }
    }

    async fn rescope(&mut self, words: &[&str]) -> Result<(), linkages_engine::Error> {
        let scope = match words {
            ["all"] => Scope::All,
            ["published"] => Scope::Published,
            ["city", code] => Scope::City(
                linkages_core::classify::city(code)
                    .map(|c| c.code)
                    .expect("a city code"),
            ),
            _ => panic!("unknown scope {words:?}"),
        };
        let options = SessionOptions {
            scope,
            ..SessionOptions::default()
        };
        self.session = Session::open_with(&self.store, &AsOf::Latest, options).await?;
        Ok(())
    }
}

fn spec(words: &[&str]) -> Spec {
    let mut spec = Spec {
        indicator: words[0].to_string(),
        period: words[1].to_string(),
        ..Spec::default()
    };
    for w in &words[2..] {
        match w.split_once('=') {
            Some(("by", v)) => spec.by = Some(v.into()),
            Some(("filter", v)) => spec.filters.push(v.into()),
            Some(("unit", v)) => spec.unit = Some(v.into()),
            Some(("years", v)) => spec.years = Some(v.parse().expect("years")),
            None if *w == "jan_feb" => spec.jan_feb = true,
            _ => panic!("unknown word '{w}'"),
        }
    }
    spec
}

fn cell(x: Option<f64>) -> String {
    match x {
        None => "NULL".into(),
        Some(x) => {
            let s = format!("{:.4}", x);
            let s = s.trim_end_matches('0').trim_end_matches('.');
            if s == "-0" { "0".into() } else { s.to_string() }
        }
    }
}

fn row(f: &Figures) -> Vec<String> {
    let mut cells = vec![f.member.clone()];
    cells.extend(Figure::ALL.iter().map(|figure| cell(f.get(*figure))));
    let notes: Vec<String> = f.notes.iter().map(|n| n.text(Lang::En)).collect();
    cells.push(if notes.is_empty() {
        "-".into()
    } else {
        notes.join("; ").replace(' ', "_")
    });
    cells
}

#[async_trait::async_trait]
impl sqllogictest::AsyncDB for Db {
    type Error = linkages_engine::Error;
    type ColumnType = DefaultColumnType;

    async fn run(&mut self, line: &str) -> Result<DBOutput<DefaultColumnType>, Self::Error> {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words[0] {
            "scope" => {
                self.rescope(&words[1..]).await?;
                return Ok(DBOutput::StatementComplete(0));
            }
            "sql" => {
                let answer = self.session.query(line.trim_start()[3..].trim()).await?;
                let rows = answer.text_rows("NULL")?;
                return Ok(DBOutput::Rows {
                    types: vec![DefaultColumnType::Any; rows.first().map_or(1, Vec::len)],
                    rows,
                });
            }
            _ => {}
        }
        let request = spec(&words[1..])
            .resolve()
            .map_err(|e| linkages_engine::Error::Invalid(e.to_string()))?;
        let table = indicators::compute(&self.session, &request).await?;
        let rows: Vec<Vec<String>> = match words[0] {
            "indicators" => std::iter::once(&table.total)
                .chain(&table.rows)
                .map(row)
                .collect(),
            "completeness" => table
                .completeness
                .iter()
                .map(|c| vec![c.text(Lang::En).replace(' ', "_")])
                .collect(),
            other => panic!("unknown command '{other}'"),
        };
        Ok(DBOutput::Rows {
            types: vec![DefaultColumnType::Any; rows.first().map_or(1, Vec::len)],
            rows,
        })
    }

    async fn shutdown(&mut self) {}
}

async fn fixture_store() -> (tempfile::TempDir, Store) {
    let (dir, store) = common::store();
    let trade = linkages_core::dataset("trade").expect("trade");
    let report = linkages_engine::ingest(
        &store,
        trade,
        &[common::fixture("indicators_trade.csv")],
        &IngestOptions::default(),
        &NoProgress,
    )
    .await
    .expect("ingest");
    assert_eq!(report.rows_quarantined, 0);
    (dir, store)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn indicators_match_the_hand_computed_answers() {
    let (_dir, store) = fixture_store().await;
    run_slt(&store, "indicators.slt").await;
}

/// A city bureau's session reads its own city's rows and the city totals; a public one
/// withholds cells built from few rows (`slt/scopes.slt`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scopes_restrict_what_a_session_reads() {
    let (_dir, store) = fixture_store().await;
    run_slt(&store, "scopes.slt").await;
}

/// Runs a file of `slt/` over a store.
async fn run_slt(store: &Store, name: &str) {
    let store = store.clone();
    let mut runner = sqllogictest::Runner::new(move || {
        let store = store.clone();
        async move { Ok(Db::open(&store).await) }
    });
    runner.with_column_validator(|_, _| true);
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/slt")
        .join(name);
    runner
        .run_file_async(&file)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

/// Each indicator of outward cooperation and foreign talent sums one quantity (see
/// `slt/quantities.slt`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quantities_are_never_summed_across_kinds() {
    let (_dir, store) = common::store();
    for (dataset, file) in [
        ("cooperation", "quantities_cooperation.csv"),
        ("talent", "quantities_talent.csv"),
    ] {
        let report = linkages_testkit::ingest(&store, dataset, &[common::fixture(file)]).await;
        assert_eq!(report.rows_quarantined, 0, "{file}");
    }
    run_slt(&store, "quantities.slt").await;
}

/// Every figure is in the row of its member in the result of the query it records, and that
/// query reads a pinned version: it gives the same answer after the dataset changes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_figure_recomputes_from_its_recorded_query() {
    let (_dir, store) = fixture_store().await;
    let session = Session::open(&store, &AsOf::Latest).await.expect("session");
    let mut checked = 0;
    for by in ["partner", "partner_group", "product_group", "city", "hs2"] {
        let request = Spec {
            indicator: "trade".into(),
            period: "2024-02".into(),
            by: Some(by.into()),
            years: Some(2),
            ..Spec::default()
        }
        .resolve()
        .expect("request");
        let table = indicators::compute(&session, &request)
            .await
            .expect("compute");
        let provenance = table
            .provenance
            .as_ref()
            .expect("a breakdown records its query");
        assert!(provenance.sql.contains("trade_v1"), "{}", provenance.sql);
        // A later version must not change what the recorded query returns.
        let later = Session::open(&store, &AsOf::Latest).await.expect("session");
        let answer = later.query(&provenance.sql).await.expect("recorded query");
        let recomputed = answer.text_rows("").expect("display");
        assert_eq!(recomputed.len(), table.rows.len());
        for figures in &table.rows {
            let again = recomputed
                .iter()
                .find(|r| r[0] == figures.member)
                .unwrap_or_else(|| panic!("{by}: member {} not in the query", figures.member));
            // Columns are found by name, as the engine reads them.
            let column = |name: &str| {
                let i = answer.column(name).expect("column");
                again[i].parse::<f64>().ok()
            };
            for figure in Figure::ALL {
                assert_eq!(
                    figures.get(figure),
                    column(figure.code()),
                    "{by} {} {figure}",
                    figures.member
                );
                checked += 1;
            }
        }
        // The rollup the query read gives the figures the rows give.
        assert!(
            provenance.sql.contains("trade_v1_by_"),
            "{by} reads a rollup"
        );
        let rows_only = SessionOptions {
            rollups: false,
            ..SessionOptions::default()
        };
        let over_rows = Session::open_with(&store, &AsOf::Latest, rows_only)
            .await
            .expect("session");
        let rows_table = indicators::compute(&over_rows, &request)
            .await
            .expect("compute over the rows");
        let rows_sql = &rows_table.provenance.as_ref().expect("query").sql;
        assert!(!rows_sql.contains("trade_v1_by_"), "{rows_sql}");
        let answer = session.query(rows_sql).await.expect("query over the rows");
        assert_eq!(
            answer.text_rows("").expect("display"),
            recomputed,
            "{by}: rollup and rows differ"
        );
    }
    assert!(checked > 50, "checked {checked} figures");
}

/// A new version changes the figures of the latest session and not those of the old one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn figures_follow_the_version_read() {
    let (dir, store) = fixture_store().await;
    let revised = dir.path().join("revised.csv");
    std::fs::write(
        &revised,
        "period,flow,city,partner,product,trade_mode,enterprise_type,value_cny,value_usd\n\
         2024-02,export,440300,USA,851712,general,private,350,43.75\n",
    )
    .expect("write");
    let trade = linkages_core::dataset("trade").expect("trade");
    linkages_engine::ingest(
        &store,
        trade,
        &[revised],
        &IngestOptions::default(),
        &NoProgress,
    )
    .await
    .expect("ingest");
    let request = Spec {
        indicator: "trade".into(),
        period: "2024-02".into(),
        ..Spec::default()
    }
    .resolve()
    .expect("request");
    let ytd = |as_of: AsOf| {
        let store = &store;
        let request = &request;
        async move {
            let session = Session::open(store, &as_of).await.expect("session");
            let table = indicators::compute(&session, request)
                .await
                .expect("compute");
            (table.total.ytd, table.total_provenance.version)
        }
    };
    // February 2024 was replaced by one row of 350: 300 (January) + 350.
    assert_eq!(ytd(AsOf::Latest).await, (Some(650.0), 2));
    let first: AsOf = "trade=1".parse().expect("as-of");
    assert_eq!(ytd(first).await, (Some(700.0), 1));
}

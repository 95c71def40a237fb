//! The demo data, loaded into a store, reproduces the published figures: the checks are
//! the data-driven file `slt/calibration.slt`, run by sqllogictest against the SQL surface.

mod common;

use std::path::PathBuf;

use linkages_demo::DemoConfig;
use linkages_engine::{AsOf, Session};
use sqllogictest::{DBOutput, DefaultColumnType};

struct Db(Session);

#[async_trait::async_trait]
impl sqllogictest::AsyncDB for Db {
    type Error = linkages_engine::Error;
    type ColumnType = DefaultColumnType;

    async fn run(&mut self, sql: &str) -> Result<DBOutput<DefaultColumnType>, Self::Error> {
        let answer = self.0.query(sql).await?;
        Ok(DBOutput::Rows {
            types: vec![DefaultColumnType::Any; answer.columns().len()],
            rows: answer.text_rows("NULL")?,
        })
    }

    async fn shutdown(&mut self) {}
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_data_reproduces_the_published_figures() {
    let store = linkages_testkit::demo_store();
    let session = Session::open(&store, &AsOf::Latest).await.expect("session");
    assert!(session.synthetic(), "demo data is labelled synthetic");
    let mut runner = sqllogictest::Runner::new(move || {
        let session = session.clone();
        async move { Ok(Db(session)) }
    });
    runner.with_column_validator(|_, _| true);
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/slt/calibration.slt");
    runner
        .run_file_async(&file)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn demo_is_deterministic() {
    let d = linkages_core::dataset("investment").expect("investment");
    let a: Vec<_> = linkages_demo::generate(d, DemoConfig::default())
        .take(3)
        .collect();
    let b: Vec<_> = linkages_demo::generate(d, DemoConfig::default())
        .take(3)
        .collect();
    assert_eq!(a, b);
    let c: Vec<_> = linkages_demo::generate(d, DemoConfig { seed: 1, scale: 1 })
        .take(3)
        .collect();
    assert_ne!(a, c, "another seed gives other data");
}

#[test]
fn scale_multiplies_rows_but_not_totals() {
    let trade = linkages_core::dataset("trade").expect("trade");
    let total = |scale| {
        let batch = linkages_demo::generate(
            trade,
            DemoConfig {
                scale,
                ..Default::default()
            },
        )
        .next()
        .expect("a month");
        let value: f64 = match &batch.columns[9] {
            linkages_core::Cells::Float(v) => v.iter().flatten().sum(),
            other => panic!("value_cny is a float column, got {other:?}"),
        };
        (batch.len(), value)
    };
    let (rows1, value1) = total(1);
    let (rows3, value3) = total(3);
    assert_eq!(rows3, 3 * rows1);
    // Each row is rounded to whole yuan, so totals agree to within half a yuan per row.
    assert!(
        (value1 - value3).abs() <= 0.5 * rows3 as f64,
        "{value1} vs {value3}"
    );
}

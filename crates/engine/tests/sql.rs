//! The SQL surface is read-only and cannot reach the file system.

mod common;

use common::{fixture, rows, store};
use linkages_engine::{AsOf, Error, IngestOptions, NoProgress, Session, ingest};

#[tokio::test]
async fn writes_ddl_and_file_access_are_refused() {
    let (dir, store) = store();
    let d = linkages_core::dataset("trade").expect("trade");
    ingest(
        &store,
        d,
        &[fixture("trade.csv")],
        &IngestOptions::default(),
        &NoProgress,
    )
    .await
    .expect("ingest");
    let session = Session::open(&store, &AsOf::Latest).await.expect("session");
    let target = dir.path().join("leak.csv");
    let refused = [
        "CREATE EXTERNAL TABLE t STORED AS CSV LOCATION '/etc/passwd'".to_string(),
        format!("COPY (SELECT * FROM trade) TO '{}'", target.display()),
        "INSERT INTO trade SELECT * FROM trade".to_string(),
        "CREATE TABLE t AS SELECT 1".to_string(),
        "CREATE VIEW v AS SELECT 1".to_string(),
        "DROP TABLE trade".to_string(),
        "SET datafusion.execution.batch_size = 1".to_string(),
    ];
    for sql in &refused {
        let err = session.query(sql).await.expect_err(sql);
        assert!(matches!(err, Error::Refused(_)), "{sql}: {err:?}");
        assert!(err.to_string().contains("read-only"), "{err}");
    }
    assert!(!target.exists(), "COPY wrote nothing");
    // Files cannot be named as tables, and no table function reads files.
    for sql in [
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SELECT * FROM read_parquet('/tmp/x.parquet')",
    ] {
        let err = session.query(sql).await.expect_err(sql);
        assert!(matches!(err, Error::Query(_)), "{sql}: {err:?}");
    }
    // The table is intact and reads still work.
    assert_eq!(
        rows(&store, &AsOf::Latest, "SELECT count(*) FROM trade").await,
        [["4"]]
    );
}

#[tokio::test]
async fn reference_tables_and_group_functions_are_available() {
    let (_dir, store) = store();
    let got = rows(
        &store,
        &AsOf::Latest,
        "SELECT (SELECT count(*) FROM ref_cities) AS cities, (SELECT count(*) FROM ref_partner_groups WHERE group_code = 'asean') AS asean, \
         in_partner_group('VNM', 'asean'), in_product_group('850760', 'new_three'), in_product_group('850760', 'no_such_group')",
    )
    .await;
    assert_eq!(got, [["21", "10", "true", "true", "false"]]);
    // An empty dataset is an empty table, not an error.
    assert_eq!(
        rows(&store, &AsOf::Latest, "SELECT count(*) FROM talent").await,
        [["0"]]
    );
}

#[tokio::test]
async fn as_of_names_versions_or_times() {
    assert_eq!(
        "trade=3,talent=v2".parse::<AsOf>().expect("parse"),
        AsOf::Versions([("talent".into(), 2), ("trade".into(), 3)].into())
    );
    assert!(matches!("2024-05-01".parse::<AsOf>(), Ok(AsOf::Time(_))));
    assert!(matches!(
        "2024-05-01T08:00:00+08:00".parse::<AsOf>(),
        Ok(AsOf::Time(_))
    ));
    assert!(matches!(
        "tarde=1".parse::<AsOf>(),
        Err(Error::UnknownDataset(_))
    ));
    assert!(
        "3".parse::<AsOf>()
            .expect_err("bare number")
            .to_string()
            .contains("DATASET=VERSION")
    );
    let (_dir, store) = store();
    let err = Session::open(&store, &"trade=7".parse().expect("parse"))
        .await
        .err()
        .expect("no version 7");
    assert!(err.to_string().contains("no version 7"), "{err}");
}

/// The SQL surface is bounded in memory, time and rows, each with a message saying how to
/// raise the bound (cases in `data/sql_limits.csv`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_are_bounded_in_memory_time_and_rows() {
    use linkages_engine::SessionOptions;
    use linkages_engine::limits::{Limits, parse_duration, parse_size};
    let (_dir, store) = store();
    let (_, cases) = common::read_csv(&fixture("sql_limits.csv"));
    for case in cases {
        let options = SessionOptions {
            limits: Limits {
                memory: parse_size(&case[0]).expect("size"),
                time: parse_duration(&case[1]).expect("time"),
                rows: case[2].parse().expect("rows"),
            },
            ..SessionOptions::default()
        };
        let session = Session::open_with(&store, &AsOf::Latest, options)
            .await
            .expect("session");
        let outcome = session.query(&case[3]).await;
        match case[4].as_str() {
            "" => assert!(outcome.is_ok(), "{}: {:?}", case[3], outcome.err()),
            expected => {
                let e = outcome.expect_err(&case[3]);
                assert!(matches!(e, Error::Limit(_)), "{}: {e:?}", case[3]);
                assert!(e.to_string().contains(expected), "{}: {e}", case[3]);
            }
        }
    }
}

/// Only settings of how queries run may come from the environment.
#[test]
fn datafusion_settings_are_an_allow_list() {
    use linkages_engine::limits::settings_from;
    let ok = settings_from(
        [(
            "DATAFUSION_EXECUTION_TARGET_PARTITIONS".to_string(),
            "3".to_string(),
        )]
        .into_iter(),
    )
    .expect("allowed");
    assert_eq!(
        ok,
        [(
            "datafusion.execution.target_partitions".to_string(),
            "3".to_string()
        )]
    );
    for name in [
        "DATAFUSION_CATALOG_LOCATION",
        "DATAFUSION_CATALOG_FORMAT",
        "DATAFUSION_RUNTIME_TEMP_DIRECTORY",
    ] {
        let e =
            settings_from([(name.to_string(), "/tmp".to_string())].into_iter()).expect_err(name);
        assert!(e.to_string().contains("cannot be registered"), "{e}");
    }
    let ignored = settings_from([("PATH".to_string(), "/bin".to_string())].into_iter())
        .expect("others ignored");
    assert!(ignored.is_empty());
}

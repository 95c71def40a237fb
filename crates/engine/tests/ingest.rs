//! Ingestion: round trips through every file format, quarantine of malformed rows,
//! versions and carry-over, whole-file failures.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{fixture, read_csv, rows, same_value, store};
use linkages_core::DATASETS;
use linkages_engine::{AsOf, Error, IngestOptions, Mode, NoProgress, Store, ingest};

/// Ingests files with default options into `dataset`.
async fn ingest_files(
    store: &Store,
    dataset: &str,
    files: &[PathBuf],
) -> linkages_engine::Result<linkages_engine::IngestReport> {
    let d = linkages_core::dataset(dataset).expect("dataset");
    ingest(store, d, files, &IngestOptions::default(), &NoProgress).await
}

/// Asserts that the dataset's table holds exactly the fixture's rows, value for value.
async fn assert_holds_fixture(store: &Store, dataset: &str, fixture_path: &Path) {
    let (header, expected) = read_csv(fixture_path);
    let d = linkages_core::dataset(dataset).expect("dataset");
    let key = d.key.join(", ");
    let got = rows(
        store,
        &AsOf::Latest,
        &format!("SELECT {} FROM {dataset} ORDER BY {key}", header.join(", ")),
    )
    .await;
    let mut expected = expected;
    let key_idx: Vec<usize> = d
        .key
        .iter()
        .map(|k| header.iter().position(|h| h == k).expect("key column"))
        .collect();
    expected.sort_by_key(|r| key_idx.iter().map(|&i| r[i].clone()).collect::<Vec<_>>());
    assert_eq!(got.len(), expected.len(), "{dataset}: row count");
    for (g, e) in got.iter().zip(&expected) {
        for ((gv, ev), col) in g.iter().zip(e).zip(&header) {
            assert!(
                same_value(gv, ev),
                "{dataset}.{col}: stored {gv:?}, file had {ev:?}"
            );
        }
    }
}

#[tokio::test]
async fn every_dataset_round_trips_through_csv() {
    for d in DATASETS {
        let (_dir, store) = store();
        let file = fixture(&format!("{}.csv", d.name));
        let report = ingest_files(&store, d.name, std::slice::from_ref(&file))
            .await
            .expect("ingest");
        assert_eq!(report.version, Some(1));
        assert_eq!(
            report.rows_read, report.rows_stored,
            "{}: every fixture row is valid",
            d.name
        );
        assert_eq!(report.quarantine, None);
        assert_holds_fixture(&store, d.name, &file).await;
    }
}

/// Writes a CSV fixture as an Excel workbook: numeric-looking cells of numeric columns as
/// numbers, everything else as text (as a person would type it).
fn csv_to_xlsx(csv_path: &Path, out: &Path) {
    let (header, rows) = read_csv(csv_path);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h).expect("write");
    }
    let numeric = [
        "value_cny",
        "value_usd",
        "quantity",
        "projects",
        "contracted_cny",
        "contracted_usd",
        "actual_cny",
        "actual_usd",
        "executed_usd",
        "exports_driven_usd",
        "count",
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell.parse::<f64>() {
                Ok(x) if numeric.contains(&header[c as usize].as_str()) => {
                    sheet.write_number(r, c, x).map(|_| ())
                }
                _ if cell.is_empty() => Ok(()),
                _ => sheet.write_string(r, c, cell).map(|_| ()),
            }
            .expect("write");
        }
    }
    book.save(out).expect("save xlsx");
}

/// Writes a CSV fixture as Parquet with inferred column types (numbers as numbers).
fn csv_to_parquet(csv_path: &Path, out: &Path) {
    let file = fs::File::open(csv_path).expect("open");
    let (schema, _) = arrow::csv::reader::Format::default()
        .with_header(true)
        .infer_schema(file, None)
        .expect("infer");
    let schema = std::sync::Arc::new(schema);
    let reader = arrow::csv::ReaderBuilder::new(schema.clone())
        .with_header(true)
        .build(fs::File::open(csv_path).expect("open"))
        .expect("reader");
    let mut writer =
        parquet::arrow::ArrowWriter::try_new(fs::File::create(out).expect("create"), schema, None)
            .expect("writer");
    for batch in reader {
        writer.write(&batch.expect("batch")).expect("write");
    }
    writer.close().expect("close");
}

#[tokio::test]
async fn every_dataset_round_trips_through_xlsx_and_parquet() {
    for d in DATASETS {
        let csv = fixture(&format!("{}.csv", d.name));
        for ext in ["xlsx", "parquet"] {
            let (dir, store) = store();
            let file = dir.path().join(format!("{}.{ext}", d.name));
            if ext == "xlsx" {
                csv_to_xlsx(&csv, &file)
            } else {
                csv_to_parquet(&csv, &file)
            }
            let report = ingest_files(&store, d.name, std::slice::from_ref(&file))
                .await
                .expect("ingest");
            assert_eq!(
                (report.rows_read, report.rows_quarantined),
                (report.rows_stored, 0),
                "{} via {ext}",
                d.name
            );
            assert_holds_fixture(&store, d.name, &csv).await;
        }
    }
}

/// The quarantine report with the temporary directory removed from file paths.
fn quarantine_text(path: &Path, dir: &Path) -> String {
    fs::read_to_string(path)
        .expect("quarantine report")
        .replace(&format!("{}/", dir.display()), "")
}

#[tokio::test]
async fn malformed_csv_rows_are_quarantined_and_none_is_lost() {
    let (dir, store) = store();
    let file = dir.path().join("malformed_trade.csv");
    let mut bytes = fs::read(fixture("malformed_trade.csv")).expect("fixture");
    // 深圳 in GBK bytes inside a UTF-8 file: broken encoding.
    bytes.extend_from_slice(
        b"2024-04,export,\xc9\xee\xdb\xda,USA,851719,general,private,100,14,1,GBK bytes\n",
    );
    fs::write(&file, bytes).expect("write");

    let report = ingest_files(&store, "trade", std::slice::from_ref(&file))
        .await
        .expect("ingest");
    assert_eq!(report.rows_read, 12, "the blank line is not a row");
    assert_eq!(report.rows_stored, 2);
    assert_eq!(report.rows_quarantined, 10);
    assert_eq!(
        report.rows_read,
        report.rows_stored + report.rows_quarantined
    );
    assert_eq!(report.version, Some(1));
    assert_eq!(report.sources[0].ignored_columns, ["remark"]);
    let q = report.quarantine.expect("a quarantine report");
    insta::assert_snapshot!("malformed_csv_quarantine", quarantine_text(&q, dir.path()));

    let stored = rows(
        &store,
        &AsOf::Latest,
        "SELECT flow, city, partner, product, trade_mode, value_cny FROM trade ORDER BY flow",
    )
    .await;
    assert_eq!(
        stored,
        [
            ["export", "440300", "USA", "851713", "general", "100.0"],
            ["import", "440300", "USA", "851713", "general", "1000.0"]
        ]
    );
}

#[tokio::test]
async fn malformed_xlsx_rows_are_quarantined_and_none_is_lost() {
    let (dir, store) = store();
    let file = dir.path().join("malformed_trade.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let header = [
        "统计月份",
        "进出口",
        "城市",
        "国别",
        "商品编码",
        "贸易方式",
        "企业性质",
        "人民币",
        "美元",
        "数量",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("write");
    }
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 4, 15).expect("date");
    let fmt = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    // (period as text or None for a real date cell, city, HS code as text or number, value as text or number)
    enum Cell<'a> {
        T(&'a str),
        N(f64),
    }
    use Cell::{N, T};
    let rows: Vec<(Option<&str>, &str, Cell, Cell)> = vec![
        (None, "440300", T("851713"), N(100.0)), // a real Excel date cell: fine
        (Some("2024-04"), "440300", T("851712"), N(-5.0)), // negative value
        (Some("2024-04"), "440300", T("851714"), T("n/a")), // text in a number column
        (Some("2024-04"), "ÉîÛÚ", T("851715"), N(100.0)), // mojibake: GBK read as Latin-1
        (Some("2024-04"), "440300", N(10121.0), N(100.0)), // HS 010121 typed as a number lost its zero
        (Some("2024-04"), "440300", T("851713"), N(300.0)), // duplicate key of the first row
        (Some("2024-04"), "440100", T("851713"), N(200.0)), // fine
    ];
    for (i, (period, city, hs, value)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        match period {
            Some(p) => sheet.write_string(r, 0, *p).map(|_| ()),
            None => sheet
                .write_datetime_with_format(r, 0, &date, &fmt)
                .map(|_| ()),
        }
        .expect("write");
        for (c, v) in [
            (1, "export"),
            (2, *city),
            (3, "USA"),
            (5, "general"),
            (6, "private"),
        ] {
            sheet.write_string(r, c, v).expect("write");
        }
        for (c, cell) in [(4u16, hs), (7, value)] {
            match cell {
                T(s) => sheet.write_string(r, c, *s).map(|_| ()),
                N(x) => sheet.write_number(r, c, *x).map(|_| ()),
            }
            .expect("write");
        }
        sheet.write_number(r, 8, 14.0).expect("write");
    }
    book.save(&file).expect("save");

    let report = ingest_files(&store, "trade", std::slice::from_ref(&file))
        .await
        .expect("ingest");
    assert_eq!(
        (
            report.rows_read,
            report.rows_stored,
            report.rows_quarantined
        ),
        (7, 2, 5)
    );
    let q = report.quarantine.expect("a quarantine report");
    insta::assert_snapshot!("malformed_xlsx_quarantine", quarantine_text(&q, dir.path()));
}

#[tokio::test]
async fn gbk_files_are_read_with_the_encoding_option() {
    let (dir, store) = store();
    let file = dir.path().join("gbk.csv");
    let text = "月份,进出口,城市,国别,商品编码,贸易方式,企业性质,人民币,美元\n2024-04,出口,深圳,美国,851713,一般贸易,民营企业,100,14\n";
    let (bytes, _, _) = encoding_rs::GBK.encode(text);
    fs::write(&file, &bytes).expect("write");
    let d = linkages_core::dataset("trade").expect("trade");

    let err = ingest(
        &store,
        d,
        std::slice::from_ref(&file),
        &IngestOptions::default(),
        &NoProgress,
    )
    .await
    .expect_err("utf-8 header");
    assert!(err.to_string().contains("--encoding gbk"), "{err}");
    assert_eq!(
        store.versions(d).expect("versions"),
        Vec::<u32>::new(),
        "nothing committed"
    );

    let options = IngestOptions {
        encoding: linkages_engine::Encoding::Gbk,
        ..Default::default()
    };
    let report = ingest(&store, d, &[file], &options, &NoProgress)
        .await
        .expect("gbk ingest");
    assert_eq!(report.rows_stored, 1);
    assert_eq!(
        rows(&store, &AsOf::Latest, "SELECT city, partner FROM trade").await,
        [["440300", "USA"]]
    );
}

#[tokio::test]
async fn a_new_month_replaces_that_month_and_keeps_history() {
    let (dir, store) = store();
    ingest_files(&store, "trade", &[fixture("trade.csv")])
        .await
        .expect("v1");
    let april = dir.path().join("april.csv");
    fs::write(
        &april,
        "period,flow,city,partner,product,trade_mode,enterprise_type,value_cny,value_usd\n\
         2024-04,export,440300,USA,851713,general,private,700,98\n",
    )
    .expect("write");
    let report = ingest_files(&store, "trade", std::slice::from_ref(&april))
        .await
        .expect("v2");
    assert_eq!(
        (report.version, report.previous, report.rows_carried_over),
        (Some(2), Some(1), 2)
    );

    let by_period =
        "SELECT period, count(*), sum(value_cny) FROM trade GROUP BY period ORDER BY period";
    assert_eq!(
        rows(&store, &AsOf::Latest, by_period).await,
        [["2024-03", "2", "2230000.5"], ["2024-04", "1", "700.0"]]
    );
    // The first version stays readable, by name and with --as-of.
    let v1 = [
        ["2024-03", "2", "2230000.5"],
        ["2024-04", "2", "33000000.0"],
    ];
    assert_eq!(
        rows(
            &store,
            &AsOf::Latest,
            &by_period.replace("FROM trade", "FROM trade_v1")
        )
        .await,
        v1
    );
    assert_eq!(
        rows(&store, &"trade=1".parse().expect("as-of"), by_period).await,
        v1
    );

    let d = linkages_core::dataset("trade").expect("trade");
    let options = IngestOptions {
        mode: Mode::ReplaceAll,
        ..Default::default()
    };
    let report = ingest(&store, d, &[april], &options, &NoProgress)
        .await
        .expect("v3");
    assert_eq!((report.version, report.rows_carried_over), (Some(3), 0));
    assert_eq!(
        rows(&store, &AsOf::Latest, "SELECT count(*) FROM trade").await,
        [["1"]]
    );
    assert_eq!(store.versions(d).expect("versions"), [1, 2, 3]);
}

#[tokio::test]
async fn strict_mode_commits_nothing_when_a_row_is_rejected() {
    let (_dir, store) = store();
    let d = linkages_core::dataset("trade").expect("trade");
    let options = IngestOptions {
        strict: true,
        ..Default::default()
    };
    let report = ingest(
        &store,
        d,
        &[fixture("malformed_trade.csv")],
        &options,
        &NoProgress,
    )
    .await
    .expect("ingest");
    assert_eq!(report.version, None);
    assert!(
        report.quarantine.as_ref().is_some_and(|q| q.exists()),
        "the rejected rows are still reported"
    );
    assert!(store.versions(d).expect("versions").is_empty());
}

#[tokio::test]
async fn unusable_files_fail_whole_and_commit_nothing() {
    let (dir, store) = store();
    let d = linkages_core::dataset("trade").expect("trade");
    let garbage = dir.path().join("garbage.xlsx");
    fs::write(&garbage, b"this is not a zip archive").expect("write");
    let no_columns = dir.path().join("columns.csv");
    fs::write(&no_columns, "period,flow,value\n2024-04,export,1\n").expect("write");
    let empty = dir.path().join("empty.csv");
    fs::write(&empty, "").expect("write");
    let cases: [(PathBuf, &str); 5] = [
        (dir.path().join("missing.csv"), "cannot open"),
        (garbage, "not a readable workbook"),
        (
            no_columns,
            "missing required column(s) for dataset 'trade': city, partner, product",
        ),
        (empty, "the file is empty"),
        (
            dir.path().join("data.json"),
            "unsupported file type '.json'",
        ),
    ];
    for (path, message) in cases {
        // A valid file first: its rows must not be committed when a later file fails.
        let err = ingest(
            &store,
            d,
            &[fixture("trade.csv"), path.clone()],
            &IngestOptions::default(),
            &NoProgress,
        )
        .await
        .expect_err("must fail");
        let text = err.to_string();
        assert!(
            text.contains(message) && text.contains(&*path.to_string_lossy()),
            "{text}"
        );
        assert!(
            matches!(err, Error::Io { .. } | Error::File { .. }),
            "{err:?}"
        );
    }
    assert!(store.versions(d).expect("versions").is_empty());
    let quarantine = store.root().join("quarantine/trade");
    assert_eq!(
        fs::read_dir(quarantine).expect("dir").count(),
        0,
        "no partial quarantine report is left"
    );
}

//! The `linkages` binary end to end: exit codes, reports, and crash safety of ingest.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../engine/tests/data")
        .join(name)
}

/// Runs `linkages` with `LINKAGES_DATA` pointing at `data`.
fn linkages(data: &Path, args: &[&str]) -> Output {
    linkages_cmd(data, args).output().expect("run linkages")
}

fn linkages_cmd(data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_linkages"));
    cmd.args(args)
        .env("LINKAGES_DATA", data)
        .env_remove(linkages_engine::FAULT_ENV);
    cmd
}

/// Ingests a fixture into trade and checks it succeeded.
fn ingest_ok(data: &Path, name: &str) {
    let path = fixture(name);
    let out = linkages(
        data,
        &["ingest", "--dataset", "trade", path.to_str().expect("path")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn trade_count(data: &Path) -> String {
    let out = linkages(
        data,
        &["sql", "SELECT count(*) AS n FROM trade", "--format", "csv"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
}

fn staging_dirs(data: &Path) -> Vec<PathBuf> {
    fs::read_dir(data.join("datasets/trade"))
        .map(|d| {
            d.flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().contains(".staging-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn ingest_reports_every_row_and_fails_clearly() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path();
    let malformed = fixture("malformed_trade.csv");
    let out = linkages(
        data,
        &[
            "ingest",
            "--dataset",
            "trade",
            malformed.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("trade: version 1 committed"), "{stdout}");
    assert!(
        stdout.contains("total: 11 rows read = 2 stored + 9 quarantined"),
        "{stdout}"
    );
    assert!(
        stdout.contains("ignored columns (not stored): remark"),
        "{stdout}"
    );
    assert!(stdout.contains("quarantine report: "), "{stdout}");

    let json = linkages(
        data,
        &[
            "ingest",
            "--dataset",
            "trade",
            "--strict",
            "--format",
            "json",
            malformed.to_str().expect("path"),
        ],
    );
    assert!(!json.status.success(), "--strict with rejected rows fails");
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json report");
    assert_eq!(report["version"], serde_json::Value::Null);
    assert_eq!(report["rows_quarantined"], 9);
    assert!(text(&json.stderr).contains("nothing committed"));

    let missing = linkages(data, &["ingest", "--dataset", "trade", "no/such/file.csv"]);
    assert!(!missing.status.success());
    assert!(
        text(&missing.stderr).contains("cannot open no/such/file.csv"),
        "{}",
        text(&missing.stderr)
    );

    let unknown = linkages(
        data,
        &[
            "ingest",
            "--dataset",
            "tarde",
            malformed.to_str().expect("path"),
        ],
    );
    assert!(
        text(&unknown.stderr).contains("unknown dataset 'tarde'"),
        "{}",
        text(&unknown.stderr)
    );
    assert_eq!(
        trade_count(data),
        "n\n2\n",
        "failed ingests changed nothing"
    );
}

#[test]
fn sql_is_read_only_and_formats_results() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path();
    ingest_ok(data, "trade.csv");

    let q = "SELECT partner, value_usd FROM trade WHERE period = '2024-03' ORDER BY partner";
    let json = linkages(data, &["sql", q, "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json rows");
    assert_eq!(
        rows,
        serde_json::json!([{"partner": "KOR", "value_usd": 138000.0}, {"partner": "USA", "value_usd": 176000.0}])
    );
    let table = text(&linkages(data, &["sql", q]).stdout);
    assert!(table.contains("| KOR     | 138000.0  |"), "{table}");

    let refused = linkages(data, &["sql", "DROP TABLE trade"]);
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("read-only"),
        "{}",
        text(&refused.stderr)
    );
    let bad = linkages(data, &["sql", "SELECT nope FROM trade"]);
    assert!(!bad.status.success());
    assert!(text(&bad.stderr).contains("nope"), "{}", text(&bad.stderr));

    let versions = text(&linkages(data, &["versions", "--dataset", "trade"]).stdout);
    assert!(
        versions.starts_with("trade v1  ") && versions.contains("4 rows  ingest"),
        "{versions}"
    );
}

#[test]
fn a_crash_just_before_commit_leaves_the_previous_version() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path();
    ingest_ok(data, "trade.csv");
    let before = trade_count(data);

    // Everything of version 2 is written and synced; the process dies before publishing it.
    let crashed = linkages_cmd(
        data,
        &[
            "ingest",
            "--dataset",
            "trade",
            "--mode",
            "replace-all",
            fixture("malformed_trade.csv").to_str().expect("path"),
        ],
    )
    .env(linkages_engine::FAULT_ENV, "abort-before-commit")
    .output()
    .expect("run");
    assert!(!crashed.status.success(), "the process aborted");
    assert_eq!(
        staging_dirs(data).len(),
        1,
        "the unpublished version is left as a staging directory"
    );
    assert_eq!(trade_count(data), before, "readers still see version 1");

    // The next writer clears the debris and numbers its version 2.
    let next = linkages(
        data,
        &[
            "ingest",
            "--dataset",
            "trade",
            fixture("trade.csv").to_str().expect("path"),
        ],
    );
    assert!(
        text(&next.stdout).contains("version 2 committed"),
        "{}",
        text(&next.stdout)
    );
    assert!(staging_dirs(data).is_empty());
}

#[test]
fn a_process_killed_during_ingest_leaves_the_store_readable() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("store");
    ingest_ok(&data, "trade.csv");
    let before = trade_count(&data);

    // A file large enough that the ingest is still running when it is killed.
    let big = dir.path().join("big.csv");
    let mut csv = String::from(
        "period,flow,city,partner,product,trade_mode,enterprise_type,value_cny,value_usd\n",
    );
    for i in 0..300_000u32 {
        let product = format!("85{:04}", i % 10_000);
        let month = 1 + (i / 10_000) % 12;
        let partner = ["USA", "VNM", "JPN", "DEU", "HKG"][(i / 120_000) as usize % 5];
        csv.push_str(&format!(
            "2023-{month:02},export,440300,{partner},{product},general,private,{i},{i}\n"
        ));
    }
    fs::write(&big, csv).expect("write");
    let mut child = linkages_cmd(
        &data,
        &["ingest", "--dataset", "trade", big.to_str().expect("path")],
    )
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .expect("spawn");
    // Kill it once it has started writing the new version.
    let start = Instant::now();
    while staging_dirs(&data).is_empty() && start.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        child.try_wait().expect("wait").is_none(),
        "the ingest finished before it could be killed; use a larger file"
    );
    child.kill().expect("kill");
    child.wait().expect("wait");
    assert_eq!(trade_count(&data), before, "the store reads version 1");
    let versions = text(&linkages(&data, &["versions", "--dataset", "trade"]).stdout);
    assert_eq!(
        versions.lines().count(),
        1,
        "no half-written version is visible: {versions}"
    );
}

#[test]
fn opportunities_rank_what_guangdong_could_export_next() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path();
    assert!(linkages(data, &["demo"]).status.success());
    let none = linkages(data, &["opportunities", "--year", "2017"]);
    assert!(
        text(&none.stderr).contains("no world trade for 2017"),
        "{}",
        text(&none.stderr)
    );

    let world = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/world/world_exports_2017_hs07_4digit.csv");
    let ingest = linkages(
        data,
        &[
            "ingest",
            "--dataset",
            "world",
            "--set",
            "year=2017",
            world.to_str().expect("path"),
        ],
    );
    assert!(ingest.status.success(), "{}", text(&ingest.stderr));
    let network = dir.path().join("space.json");
    let out = linkages(
        data,
        &[
            "opportunities",
            "--region",
            "GD",
            "--year",
            "2017",
            "--top",
            "20",
            "--format",
            "json",
            "--network",
            network.to_str().expect("path"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("SYNTHETIC"),
        "demo data is labelled"
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(report["region"], "GD");
    let locations = report["locations"].as_u64().expect("locations");
    let rank = report["eci_rank"].as_u64().expect("rank");
    assert!(locations > 200 && (1..=locations).contains(&rank));
    let items = report["opportunities"].as_array().expect("list");
    assert_eq!(items.len(), 20);
    let scores: Vec<f64> = items
        .iter()
        .map(|o| o["score"].as_f64().expect("score"))
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "best first: {scores:?}"
    );
    for o in items {
        assert!(
            o["rca"].as_f64().expect("rca") < 1.0,
            "an opportunity is not yet competitive: {o}"
        );
        assert!((0.0..=1.0).contains(&o["density"].as_f64().expect("density")));
    }
    let space: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&network).expect("network")).expect("json");
    let nodes = space["nodes"].as_array().expect("nodes").len() as u64;
    assert_eq!(nodes, report["products"].as_u64().expect("products"));
    assert!(
        space["edges"].as_array().expect("edges").len() as u64 >= nodes - 1,
        "at least a spanning tree"
    );

    let city = linkages(
        data,
        &[
            "opportunities",
            "--region",
            "深圳",
            "--year",
            "2017",
            "--format",
            "json",
            "--top",
            "1",
        ],
    );
    let report: serde_json::Value = serde_json::from_slice(&city.stdout).expect("json");
    assert_eq!(report["region"], "Shenzhen");
}

#[test]
fn complexity_reads_any_table_and_refuses_bad_values() {
    let dir = tempfile::tempdir().expect("tmp");
    let table = dir.path().join("exports.csv");
    let mut csv = String::from("year,country,hs,exports\n");
    for (c, country) in ["AAA", "BBB", "CCC", "DDD"].iter().enumerate() {
        for p in 0..6 {
            let value = if p <= c + 1 { 100 + 10 * p + c } else { 1 };
            csv.push_str(&format!("2020,{country},010{p},{value}\n"));
        }
    }
    csv.push_str("2020,EEE,0100,\n"); // an empty value is no trade
    fs::write(&table, &csv).expect("write");
    let args = |format: &str, out: &Path| {
        vec![
            "complexity".to_string(),
            table.display().to_string(),
            "--location".into(),
            "country".into(),
            "--product".into(),
            "hs".into(),
            "--value".into(),
            "exports".into(),
            "--year".into(),
            "year".into(),
            "--format".into(),
            format.into(),
            "--output".into(),
            out.display().to_string(),
        ]
    };
    let run = |args: Vec<String>| {
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        linkages(dir.path(), &refs)
    };
    let out_csv = dir.path().join("out.csv");
    let ok = run(args("csv", &out_csv));
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    assert!(
        text(&ok.stderr).contains("1 rows without a value skipped"),
        "{}",
        text(&ok.stderr)
    );
    let written = fs::read_to_string(&out_csv).expect("csv");
    assert!(
        written.starts_with(
            "year,location,product,rca,mcp,diversity,ubiquity,eci,pci,density,coi,cog\n"
        )
    );
    assert_eq!(
        written.lines().count(),
        1 + 4 * 6,
        "one row per location and product"
    );
    assert!(
        written.contains("2020,AAA,0100,"),
        "codes keep their leading zeros"
    );

    let out_json = dir.path().join("out.json");
    assert!(run(args("json", &out_json)).status.success());
    let rows: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&out_json).expect("json")).expect("parse");
    assert_eq!(rows.as_array().expect("array").len(), 24);

    // Continuous presence writes M = RCA / (1 + RCA) in the mcp column.
    let mut continuous = args("csv", &out_csv);
    continuous.push("--continuous-presence".into());
    assert!(run(continuous).status.success());
    let written = fs::read_to_string(&out_csv).expect("csv");
    for row in written.lines().skip(1) {
        let cells: Vec<&str> = row.split(',').collect();
        let (rca, m): (f64, f64) = (
            cells[3].parse().expect("rca"),
            cells[4].parse().expect("mcp"),
        );
        assert!((m - rca / (1.0 + rca)).abs() < 1e-12, "{row}");
    }

    let out_parquet = dir.path().join("out.parquet");
    assert!(run(args("parquet", &out_parquet)).status.success());
    assert_eq!(&fs::read(&out_parquet).expect("parquet")[..4], b"PAR1");

    fs::write(&table, csv.replace("2020,BBB,0102,121", "2020,BBB,0102,-3")).expect("write");
    let bad = run(args("csv", &out_csv));
    assert!(!bad.status.success());
    assert!(
        text(&bad.stderr).contains("row 10") && text(&bad.stderr).contains("-3"),
        "{}",
        text(&bad.stderr)
    );
}

/// A table large enough (over 1 MiB) to be read in pieces on several threads.
fn large_exports() -> String {
    let mut csv = String::from("year,country,hs,exports\n");
    for c in 0..60 {
        for p in 0..1200 {
            // Deterministic, uneven values with some absent cells.
            let value = (c * 7919 + p * 104_729) % 1000;
            if value % 5 != 0 {
                csv.push_str(&format!("2020,C{c:02},{p:06},{value}\n"));
            }
        }
    }
    csv
}

#[test]
fn complexity_of_a_large_table_is_the_same_in_pieces_and_in_one_piece_in_csv_and_json() {
    let dir = tempfile::tempdir().expect("tmp");
    let run = |input: &Path, format: &str, out: &Path| {
        linkages(
            dir.path(),
            &[
                "complexity",
                input.to_str().expect("path"),
                "--location",
                "country",
                "--product",
                "hs",
                "--value",
                "exports",
                "--year",
                "year",
                "--format",
                format,
                "--output",
                out.to_str().expect("path"),
            ],
        )
    };
    let table = large_exports();
    assert!(table.len() > 1 << 20);
    let pieces = dir.path().join("pieces.csv");
    fs::write(&pieces, &table).expect("write");
    // A quoted field anywhere makes the whole file read in one piece (quotes may hide line
    // ends); "C00" quoted is the same label.
    let whole = dir.path().join("whole.csv");
    fs::write(&whole, table.replacen("2020,C00,", "2020,\"C00\",", 1)).expect("write");
    let (a, b, j) = (
        dir.path().join("a.csv"),
        dir.path().join("b.csv"),
        dir.path().join("a.json"),
    );
    for (input, format, out) in [
        (&pieces, "csv", &a),
        (&whole, "csv", &b),
        (&pieces, "json", &j),
    ] {
        let done = run(input, format, out);
        assert!(done.status.success(), "{}", text(&done.stderr));
    }
    let (a, b) = (
        fs::read_to_string(&a).expect("a"),
        fs::read_to_string(&b).expect("b"),
    );
    assert_eq!(a.lines().count(), 1 + 60 * 1200);
    assert!(a == b, "reading in pieces changed the result");

    // The CSV writer (parallel, cached figures) and the JSON writer agree on every number.
    let json: Vec<serde_json::Value> =
        serde_json::from_str(&fs::read_to_string(&j).expect("json")).expect("parse");
    let mut lines = a.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    assert_eq!(json.len(), 60 * 1200);
    for (line, object) in lines.zip(&json) {
        for (name, field) in header.iter().zip(line.split(',')) {
            let expected = &object[*name];
            match expected {
                serde_json::Value::String(s) => assert_eq!(field, s),
                serde_json::Value::Null => assert_eq!(field, "", "{name} in {line}"),
                number => {
                    // serde_json parses floats to within an ulp, not always exactly.
                    let (got, want) = (
                        field.parse::<f64>().expect("number"),
                        number.as_f64().expect("f64"),
                    );
                    assert!(
                        (got - want).abs() <= 1e-12 * want.abs().max(1.0),
                        "{name} in {line}"
                    );
                }
            }
        }
    }

    // A problem in a later piece is still reported with its row.
    let duplicate = format!("{table}2020,C00,000001,5\n");
    fs::write(&pieces, &duplicate).expect("write");
    let bad = run(&pieces, "csv", &dir.path().join("bad.csv"));
    assert!(!bad.status.success());
    let rows = duplicate.lines().count();
    assert!(
        text(&bad.stderr).contains(&format!("row {rows}"))
            && text(&bad.stderr).contains("more than once"),
        "{}",
        text(&bad.stderr)
    );
}

#[test]
fn indicators_come_in_every_format_and_bad_requests_say_why() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path();
    ingest_ok(data, "indicators_trade.csv");
    let base = [
        "indicators",
        "--dataset",
        "trade",
        "--period",
        "2024-02",
        "--by",
        "partner",
        "--years",
        "2",
    ];

    let out = linkages(data, &[&base[..], &["--lang", "zh"]].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(
        table.contains("越南") && table.contains("累计同比%"),
        "{table}"
    );

    // CSV keeps the engine's units and full precision: VNM 200 yuan, share 200/700.
    let out = linkages(data, &[&base[..], &["--format", "csv"]].concat());
    let csv = text(&out.stdout);
    let vnm = csv
        .lines()
        .find(|l| l.starts_with("VNM,"))
        .expect("VNM row");
    assert!(vnm.contains(",200,100,28.57142857142857,20,"), "{vnm}");

    let out = linkages(data, &[&base[..], &["--format", "json"]].concat());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["total"]["ytd"], 700.0);
    assert!(
        json["provenance"]["sql"]
            .as_str()
            .expect("sql")
            .contains("trade_v1")
    );

    // Excel needs a file; the workbook has the table and the queries.
    let out = linkages(data, &[&base[..], &["--format", "xlsx"]].concat());
    assert!(!out.status.success() && text(&out.stderr).contains("--output"));
    let xlsx = dir.path().join("partners.xlsx");
    let out = linkages(
        data,
        &[
            &base[..],
            &["--format", "xlsx", "--output", xlsx.to_str().expect("path")],
        ]
        .concat(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = fs::read(&xlsx).expect("xlsx");
    assert!(bytes.starts_with(b"PK"), "an xlsx file is a zip archive");

    for (args, message) in [
        (vec!["--by", "colour"], "is not a breakdown of trade"),
        (vec!["--filter", "partner=Atlantis"], "is not a country"),
        (vec!["--unit", "count"], "not published in count"),
        (vec!["--years", "0"], "years of average annual growth"),
    ] {
        let out = linkages(data, &[&base[..5], &args[..]].concat());
        assert!(!out.status.success());
        assert!(
            text(&out.stderr).contains(message),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    for (dataset, period, message) in [
        ("trade", "2024-13", "not a month"),
        ("talent", "2024-02", "no data yet"),
    ] {
        let out = linkages(
            data,
            &["indicators", "--dataset", dataset, "--period", period],
        );
        assert!(text(&out.stderr).contains(message), "{}", text(&out.stderr));
    }
}

#[test]
fn check_names_a_damaged_file_and_queries_go_on() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path();
    ingest_ok(data, "trade.csv");
    ingest_ok(data, "trade.csv");
    let out = linkages(data, &["check"]);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("trade v1: ok"));
    let file = data.join("datasets/trade/v000001/2024.parquet");
    let len = fs::metadata(&file).expect("file").len();
    fs::OpenOptions::new()
        .write(true)
        .open(&file)
        .expect("open")
        .set_len(len / 2)
        .expect("truncate");
    let out = linkages(data, &["check", "--dataset", "trade"]);
    assert!(!out.status.success());
    let report = text(&out.stdout);
    assert!(
        report.contains("trade v1: DAMAGED: 2024.parquet") && report.contains("trade v2: ok"),
        "{report}"
    );
    assert_eq!(
        trade_count(data),
        "n\n4\n",
        "the current version still answers"
    );
}

/// Trade of Guangzhou and Shenzhen, 1 to 3 in 2023, and January–March 2024.
fn two_cities_trade(dir: &Path) -> PathBuf {
    let mut csv = String::from(
        "period,flow,city,partner,product,trade_mode,enterprise_type,value_cny,value_usd\n",
    );
    for (year, months) in [(2023, 12), (2024, 3)] {
        for m in 1..=months {
            for (city, v) in [("440100", 100), ("440300", 300)] {
                csv += &format!(
                    "{year}-{m:02},export,{city},USA,851712,general,private,{v},{}\n",
                    v / 7
                );
            }
        }
    }
    let path = dir.join("two_cities.csv");
    fs::write(&path, csv).expect("write");
    path
}

#[test]
fn targets_split_among_the_cities_and_a_citys_board_shows_its_part() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path();
    let file = two_cities_trade(data);
    let out = linkages(
        data,
        &["ingest", "--dataset", "trade", file.to_str().expect("path")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let split = |args: &[&str]| {
        let mut all = vec!["targets", "split"];
        all.extend(args);
        linkages(data, &all)
    };
    let out = split(&[
        "trade-scale",
        "--year",
        "2024",
        "--shares-of",
        "trade",
        "--basis-year",
        "2023",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    assert!(
        printed.contains("440100 Guangzhou: 2075000000000 (25.0%)"),
        "{printed}"
    );
    let refusals = [
        (
            vec!["trade-scale", "--year", "2025", "--shares-of", "trade"],
            "is not complete",
        ),
        (
            vec!["fdi-growth", "--shares-of", "trade", "--basis-year", "2023"],
            "is a rate",
        ),
        (
            vec!["ecommerce-parks", "--city", "广州=3"],
            "name the document",
        ),
        (
            vec!["ecommerce-parks", "--city", "Atlantis=3", "--document", "d"],
            "not one of",
        ),
    ];
    for (args, reason) in refusals {
        let out = split(&args);
        assert!(!out.status.success(), "{args:?}");
        assert!(
            text(&out.stderr).contains(reason),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    let out = split(&[
        "overseas-warehouses",
        "--city",
        "广州=300",
        "--city",
        "深圳=200",
        "--document",
        "notice",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let record = [
        "targets",
        "record",
        "overseas-warehouses",
        "60",
        "--date",
        "2024-03-31",
        "--source",
        "bureau",
        "--city",
        "广州",
    ];
    assert!(linkages(data, &record).status.success());
    let out = linkages(
        data,
        &[
            "targets",
            "--city",
            "广州",
            "--on",
            "2024-03-31",
            "--lang",
            "zh",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let board = text(&out.stdout);
    assert!(
        board.starts_with("广州市“五外联动”目标分解与进展"),
        "{board}"
    );
    assert!(
        board.contains("300个") && board.contains("60个") && board.contains("完成目标的20.0%"),
        "{board}"
    );
    assert!(
        board.contains("2.08万亿元") && board.contains("分解到2个市"),
        "{board}"
    );
    assert!(!board.contains("深圳 "), "only Guangzhou's lines: {board}");
}

#[test]
fn adjust_and_project_say_why_a_history_cannot_be_used() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path();
    let file = two_cities_trade(data);
    let out = linkages(
        data,
        &["ingest", "--dataset", "trade", file.to_str().expect("path")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    for command in ["adjust", "project"] {
        let out = linkages(
            data,
            &[command, "--dataset", "trade", "--indicator", "trade"],
        );
        assert!(!out.status.success());
        assert!(
            text(&out.stderr).contains("15 months: at least 36 are needed"),
            "{}",
            text(&out.stderr)
        );
    }
    let out = linkages(
        data,
        &["adjust", "--dataset", "investment", "--indicator", "trade"],
    );
    assert!(
        text(&out.stderr).contains("indicator trade is of the trade dataset"),
        "{}",
        text(&out.stderr)
    );
    // By city: each member is tried on its own history and refused with its reason.
    let out = linkages(data, &["adjust", "--indicator", "trade", "--by", "city"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    assert!(
        printed.contains("Guangzhou: 15 months") && printed.contains("Shenzhen: 15 months"),
        "{printed}"
    );
}

/// A BACI-format world in which every market's imports of every product Guangdong sold in
/// 2022 are ten times Guangdong's exports and grow 20% to 2023: the world's growth is the
/// same everywhere, so the composition and distribution effects are 0 and the world demand
/// effect is 20% of Guangdong's 2022 exports.
fn uniform_world(data: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    let sql = "SELECT partner, substr(product, 1, 6) AS product, sum(value_usd) AS v FROM trade \
               WHERE flow = 'export' AND year = 2022 AND length(product) >= 6 AND partner <> 'CHN' GROUP BY 1, 2";
    let out = linkages(data, &["sql", sql, "--format", "csv"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let cells: Vec<(String, String, f64)> = text(&out.stdout)
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Some((
                f.first()?.to_string(),
                f.get(1)?.to_string(),
                f.get(2)?.parse().ok()?,
            ))
        })
        .collect();
    assert!(
        cells.len() > 100,
        "the demo's 2022 exports: {} cells",
        cells.len()
    );
    let mut partners: Vec<&str> = cells.iter().map(|c| c.0.as_str()).collect();
    partners.sort();
    partners.dedup();
    let mut countries =
        String::from("country_code,country_name,country_iso2,country_iso3\n156,China,CN,CHN\n");
    let mut rows = String::from("t,i,j,k,v,q\n");
    for (n, p) in partners.iter().enumerate() {
        countries += &format!("{},{p},,{p}\n", 200 + n);
    }
    for (year, growth) in [(2022, 1.0), (2023, 1.2)] {
        for (partner, product, v) in &cells {
            let j = 200 + partners.iter().position(|p| p == partner).expect("partner");
            rows += &format!(
                "{year},156,{j},{product},{:.6},NA\n",
                v * 10.0 * growth / 1000.0
            );
        }
    }
    let (c, d) = (
        dir.join("country_codes.csv"),
        dir.join("BACI_2022_2023.csv"),
    );
    fs::write(&c, countries).expect("write");
    fs::write(&d, rows).expect("write");
    (c, d)
}

#[test]
fn markets_and_potential_read_baci_files_and_decompose_guangdongs_growth() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = &dir.path().join("store");
    assert!(linkages(data, &["demo"]).status.success());
    // The demo's synthetic world spans the demo's years (2017–2024), not 1990.
    let none = linkages(data, &["markets", "--from", "1990", "--to", "1991"]);
    assert!(
        text(&none.stderr).contains("no bilateral world trade for 1990"),
        "{}",
        text(&none.stderr)
    );
    let (countries, file) = uniform_world(data, dir.path());
    let ingest = linkages(
        data,
        &[
            "ingest",
            "--dataset",
            "world_bilateral",
            "--baci-countries",
            countries.to_str().expect("path"),
            file.to_str().expect("path"),
        ],
    );
    assert!(ingest.status.success(), "{}", text(&ingest.stderr));
    assert!(
        text(&ingest.stderr).contains("values in thousands of US dollars"),
        "{}",
        text(&ingest.stderr)
    );

    let out = linkages(
        data,
        &[
            "markets", "--from", "2022", "--to", "2023", "--format", "json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let m: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let e = |k: &str| m["two_level"][k].as_f64().expect(k);
    let (before, after) = (e("before"), e("after"));
    let tolerance = 1e-9 * before;
    assert!((e("world_demand") - 0.2 * before).abs() < tolerance, "{m}");
    assert!(
        e("commodity_composition").abs() < tolerance && e("market_distribution").abs() < tolerance,
        "{m}"
    );
    let sum = e("world_demand")
        + e("commodity_composition")
        + e("market_distribution")
        + e("competitiveness");
    assert!((sum - (after - before)).abs() < tolerance, "{m}");
    assert_eq!(m["years"].as_array().map(Vec::len), Some(2));
    assert!(
        m["dependent_imports"]
            .as_array()
            .is_some_and(|d| !d.is_empty()),
        "{m}"
    );

    let out = linkages(
        data,
        &[
            "potential",
            "--year",
            "2022",
            "--top",
            "500",
            "--format",
            "json",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let markets = p["markets"].as_array().expect("markets");
    assert!(markets.len() > 10, "{p}");
    for line in markets {
        // No growth: a market's potentials sum to what Guangdong sells there.
        let (potential, actual) = (
            line["potential"].as_f64().expect("potential"),
            line["actual"].as_f64().expect("actual"),
        );
        assert!((potential - actual).abs() <= 1e-9 * actual, "{line}");
    }
}

#[test]
fn comtrade_files_ingest_their_exports_and_quarantine_the_other_rows_with_the_reason() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = &dir.path().join("store");
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../markets/tests/fixtures/comtrade_plus.txt");
    let args = ["ingest", "--dataset", "world_bilateral", "--comtrade"];
    let out = linkages(data, &[&args[..], &[file.to_str().expect("path")]].concat());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (said, report) = (text(&out.stderr), text(&out.stdout));
    assert!(said.contains("3 Comtrade export flows"), "{said}");
    assert!(said.contains("1 rows not read: an import flow"), "{said}");
    assert!(
        report.contains("9 rows read = 3 stored + 6 quarantined"),
        "{report}"
    );
    let sql =
        "SELECT exporter, importer, product, value_usd FROM world_bilateral ORDER BY value_usd";
    let out = linkages(data, &["sql", sql, "--format", "csv"]);
    assert_eq!(
        text(&out.stdout),
        "exporter,importer,product,value_usd\nCHN,KOR,030389,2500.5\nCHN,DEU,940540,20000.0\nCHN,USA,851712,60000.0\n"
    );
}

/// Without the `cluster` feature, the cluster's commands and `--cluster` say how to get them;
/// a malformed address is refused by every build.
#[test]
#[cfg(not(feature = "cluster"))]
fn a_build_without_the_cluster_feature_says_how_to_get_it() {
    let dir = tempfile::tempdir().expect("tmp");
    for args in [
        &["scheduler"][..],
        &["executor"][..],
        &["--cluster", "df://127.0.0.1:50050", "sql", "SELECT 1"][..],
    ] {
        let out = linkages(dir.path(), args);
        assert!(!out.status.success(), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains("--features cluster"), "{args:?}: {err}");
    }
    let out = linkages(dir.path(), &["--cluster", "http://x", "sql", "SELECT 1"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("expected df://HOST:PORT"),
        "{}",
        text(&out.stderr)
    );
}

//! Figures you can sign: files shaped as the department receives them, each a case in
//! `signable/*.case.json` (the dataset, the ingests in order, a query over the result) with
//! its expected outcome as a snapshot (`snapshots/signable__*.snap`): what was committed,
//! every file's lines, rows, titles and units, every quarantined row with its reason, and
//! the stored rows.

mod common;

use std::path::{Path, PathBuf};

use linkages_core::DecimalMark;
use linkages_engine::{AsOf, IngestOptions, NoProgress, Session, Store, Values};
use serde_json::{Value, json};

fn cases() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/signable")
}

/// A spreadsheet described as JSON (`{"rows": [[{"s": text} | {"n": number} | {"d": date} |
/// {"s": "#N/A", "error": true}]], "merge": ["A1:I1"]}`) written as an .xlsx file.
fn xlsx(spec_path: &Path, dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(spec_path).expect("spec");
    let spec: Value = serde_json::from_str(&text).expect("json");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in spec["rows"].as_array().expect("rows").iter().enumerate() {
        for (c, cell) in row.as_array().expect("cells").iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if let Some(n) = cell["n"].as_f64() {
                sheet.write_number(r, c, n).expect("number");
            } else if let Some(d) = cell["d"].as_str() {
                let d = rust_xlsxwriter::ExcelDateTime::parse_from_str(d).expect("date");
                sheet
                    .write_datetime_with_format(r, c, &d, &date)
                    .expect("date");
            } else if cell["error"].as_bool() == Some(true) {
                sheet
                    .write_formula(
                        r,
                        c,
                        rust_xlsxwriter::Formula::new("=NA()").set_result("#N/A"),
                    )
                    .expect("error");
            } else if let Some(s) = cell["s"].as_str() {
                sheet.write_string(r, c, s).expect("text");
            }
        }
    }
    for range in spec["merge"].as_array().into_iter().flatten() {
        let (first, last) = range
            .as_str()
            .and_then(|r| r.split_once(':'))
            .expect("range");
        let (r1, c1) = cell_ref(first);
        let (r2, c2) = cell_ref(last);
        let value = spec["rows"][r1 as usize][c1 as usize]["s"]
            .as_str()
            .unwrap_or("");
        sheet
            .merge_range(r1, c1, r2, c2, value, &rust_xlsxwriter::Format::new())
            .expect("merge");
    }
    // excel_numbers.xlsx.json → excel_numbers.xlsx
    let name = spec_path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("sheet.xlsx.json");
    let out = dir.join(name.trim_end_matches(".json"));
    book.save(&out).expect("save");
    out
}

/// `B3` → (row 2, column 1), zero-based.
fn cell_ref(a1: &str) -> (u32, u16) {
    let letters: String = a1.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let column = letters
        .bytes()
        .fold(0u16, |n, b| n * 26 + u16::from(b - b'A' + 1))
        - 1;
    let row: u32 = a1[letters.len()..].parse().expect("row");
    (row - 1, column)
}

/// The options of one ingest step.
fn options(step: &Value) -> IngestOptions {
    IngestOptions {
        decimal: if step["decimal_comma"].as_bool() == Some(true) {
            DecimalMark::Comma
        } else {
            DecimalMark::Point
        },
        values: if step["values"] == "ytd" {
            Values::Ytd
        } else {
            Values::Month
        },
        fixed: step["set"]
            .as_object()
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default(),
        ..IngestOptions::default()
    }
}

/// A quarantine report as rows of (file, row, column, value, reason).
fn quarantined(path: Option<&PathBuf>) -> Vec<Value> {
    let Some(path) = path else { return Vec::new() };
    let mut reader = csv::Reader::from_path(path).expect("report");
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            json!([
                r[1].to_string(),
                r[2].to_string(),
                r[3].to_string(),
                r[4].to_string()
            ])
        })
        .collect()
}

/// One ingest step: its report as data, or its error.
async fn ingest(store: &Store, dataset: &str, step: &Value, dir: &Path) -> Value {
    let files: Vec<PathBuf> = step["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let f = cases().join(f.as_str().expect("file"));
            if f.to_string_lossy().ends_with(".xlsx.json") {
                xlsx(&f, dir)
            } else {
                f
            }
        })
        .collect();
    let d = linkages_core::dataset(dataset).expect("dataset");
    match linkages_engine::ingest(store, d, &files, &options(step), &NoProgress).await {
        Err(e) => {
            json!({"error": e.to_string().replace(&*dir.to_string_lossy(), "<dir>").replace(&*cases().to_string_lossy(), "<cases>")})
        }
        Ok(r) => json!({
            "version": r.version,
            "rows": [r.rows_read, r.rows_stored, r.rows_quarantined],
            "carried_over": r.rows_carried_over,
            "combined": r.combined,
            "files": r.sources.iter().map(|s| json!({
                "lines": s.lines, "header_row": s.header_row, "titles": s.title_rows,
                "blank": s.blank_rows, "units": s.units.iter().map(|u| format!("{} {} 10^{}", u.header, u.column, u.exp10)).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
            "quarantined": quarantined(r.quarantine.as_ref()),
        }),
    }
}

async fn run(case: &Path) -> Value {
    let spec: Value =
        serde_json::from_str(&std::fs::read_to_string(case).expect("case")).expect("json");
    let dataset = spec["dataset"].as_str().expect("dataset");
    let (dir, store) = common::store();
    let mut steps = Vec::new();
    for step in spec["steps"].as_array().expect("steps") {
        if let Some(t) = step["truncate"].as_array() {
            let d = linkages_core::dataset(dataset).expect("dataset");
            let v = t[0].as_u64().expect("version") as u32;
            let file = store.version_dir(d, v).join(t[1].as_str().expect("file"));
            let len = std::fs::metadata(&file).expect("file").len();
            std::fs::OpenOptions::new()
                .write(true)
                .open(&file)
                .expect("open")
                .set_len(len / 2)
                .expect("truncate");
            steps.push(json!({"truncated": t}));
            continue;
        }
        steps.push(ingest(&store, dataset, step, dir.path()).await);
    }
    let mut out = json!({"steps": steps});
    if let Some(sql) = spec["query"].as_str() {
        let session = Session::open(&store, &AsOf::Latest).await.expect("session");
        out["rows"] = json!(
            session
                .query(sql)
                .await
                .expect("query")
                .text_rows("NULL")
                .expect("rows")
        );
    }
    if spec["check"].as_bool() == Some(true) {
        let d = linkages_core::dataset(dataset).expect("dataset");
        let checked: Vec<Value> = store
            .versions(d)
            .expect("versions")
            .into_iter()
            .map(|v| {
                json!([
                    v,
                    store
                        .check(d, v)
                        .expect("check")
                        .iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                ])
            })
            .collect();
        out["check"] = json!(checked);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_case_gives_its_expected_outcome() {
    let mut names: Vec<PathBuf> = std::fs::read_dir(cases())
        .expect("cases")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".case.json"))
        .collect();
    names.sort();
    assert!(names.len() >= 9, "{} cases", names.len());
    for case in names {
        let name = case
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .trim_end_matches(".case.json")
            .to_string();
        let outcome = run(&case).await;
        insta::assert_json_snapshot!(name, outcome);
    }
}

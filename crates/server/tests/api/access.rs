//! Who may call what, as data: `access/matrix.csv` lists every API endpoint and page with
//! the status each caller gets (admin, province, the city bureaus of Shenzhen 440300 and
//! Guangzhou 440100, the policy office, a browser that has not signed in — its session and
//! CSRF token are the public's — and no credentials; the others call with API tokens). The store is
//! the demo with the 2017 world trade and two canary rows of June 2016
//! (`access/canaries.csv`): one of Guangzhou (Antarctica, 7654321 yuan) and one of
//! Shenzhen (Bouvet Island, 3141592 yuan). A city bureau's answers must never carry the
//! other city's canary, and the published roles' answers never a canary's value (the
//! `rows` column is `-` for the code lists, which name every country for everyone).

use std::io::Cursor;
use std::path::Path;

use axum::http::StatusCode;
use calamine::{Reader, Xlsx};

use super::{Auth, browser, call_with};

/// The callers of the matrix, in its column order.
const CALLERS: [&str; 7] = [
    "admin",
    "province",
    "city_440300",
    "city_440100",
    "policy",
    "public",
    "none",
];

/// What must not appear in an answer to a caller.
fn forbidden(caller: &str) -> &'static [&'static str] {
    const GUANGZHOU: &[&str] = &["Antarctica", "南极洲", "7654321", "1098765"];
    const SHENZHEN: &[&str] = &["Bouvet", "布韦岛", "3141592", "271828"];
    const VALUES: &[&str] = &["7654321", "1098765", "3141592", "271828"];
    match caller {
        "city_440300" => GUANGZHOU,
        "city_440100" => SHENZHEN,
        "policy" | "public" | "none" => VALUES,
        _ => &[],
    }
}

/// The demo store with the world trade, the canaries and one account per caller; the
/// application, each caller's credentials and the ids the matrix names by placeholder.
async fn world() -> (
    tempfile::TempDir,
    axum::Router,
    Vec<Auth>,
    [(String, String); 2],
) {
    let (dir, store) = linkages_testkit::store();
    linkages_testkit::load_demo(&store).await;
    linkages_testkit::ingest_world(&store).await;
    let canaries = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api/access/canaries.csv");
    let report = linkages_testkit::ingest(&store, "trade", &[canaries]).await;
    assert_eq!((report.rows_stored, report.rows_quarantined), (2, 0));
    let guangzhou = canary_projects(store.root());
    // The matrix's first note (the admin's) is the one after the demo's.
    let registry =
        linkages_registry::Registry::open(&store.root().join("registry.sqlite")).expect("registry");
    let first_note = registry.notes(None).expect("notes").len() as i64 + 1;
    drop(registry);
    let mut tokens: Vec<Auth> = CALLERS[..5]
        .iter()
        .map(|caller| {
            let (role, city) = match caller.split_once('_') {
                Some((role, city)) => (role, Some(city)),
                None => (*caller, None),
            };
            Auth::Token(linkages_testkit::account(store.root(), caller, role, city))
        })
        .collect();
    let state = linkages_server::AppState::open(store.root(), Default::default()).expect("state");
    let app = linkages_server::router(state).await.expect("router");
    tokens.push(browser(&app).await);
    tokens.push(Auth::None);
    let places = [
        ("{guangzhou_project}".to_string(), guangzhou.to_string()),
        ("{first_note}".to_string(), first_note.to_string()),
    ];
    (dir, app, tokens, places)
}

/// One investment project in Guangzhou and one in Shenzhen beside the demo's, named after
/// their city's canary; the Guangzhou one's id (`{guangzhou_project}` in the matrix).
fn canary_projects(root: &Path) -> i64 {
    use linkages_core::pipeline::{Amounts, NewProject, Stage};
    let mut registry =
        linkages_registry::Registry::open(&root.join("registry.sqlite")).expect("registry");
    let mut guangzhou = 0;
    for (name, city) in [
        ("Antarctica canary plant", "440100"),
        ("Bouvet canary plant", "440300"),
    ] {
        let new = NewProject {
            name: name.into(),
            investor: format!("{name} investor"),
            country: "DEU".into(),
            industry: "C".into(),
            cluster: None,
            city: city.into(),
            top_leader: false,
            landmark: false,
            planned_start: None,
            stage: Some(Stage::Signed),
            on: "2024-01-15".parse().expect("day"),
            event: Some("canary fair".into()),
            amounts: Amounts::default(),
        };
        let entered = linkages_registry::projects::Entered {
            by: "test",
            at: "2024-01-15T00:00:00Z",
            evidence: "canary",
        };
        let id = registry.add_project(&new, &entered).expect("canary").id();
        if city == "440100" {
            guangzhou = id;
        }
    }
    guangzhou
}

/// An answer as text: a workbook's cells, anything else as UTF-8.
fn text(content_type: &str, body: &[u8]) -> String {
    if !content_type.contains("spreadsheetml") {
        return String::from_utf8_lossy(body).into_owned();
    }
    let mut book = Xlsx::new(Cursor::new(body.to_vec())).expect("a workbook");
    let mut cells = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("a sheet");
        cells.extend(range.cells().map(|(_, _, c)| c.to_string()));
    }
    cells.join("\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_caller_gets_what_its_role_allows_and_no_other_citys_rows() {
    let (_dir, app, tokens, places) = world().await;
    // The check can see a canary: the province's own breakdown shows both.
    let uri = "/api/v1/indicators?indicator=trade&period=2016-06&by=partner&format=csv";
    let province = call_with(&app, &tokens[1], "GET", uri, None).await.text();
    assert!(
        province.contains("Antarctica") && province.contains("Bouvet"),
        "{province}"
    );
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/api/access/matrix.csv");
    let mut reader = csv::Reader::from_path(&path).expect("matrix");
    assert_eq!(reader.headers().expect("header").len(), 4 + CALLERS.len());
    let mut failures = Vec::new();
    let mut cases = 0;
    for row in reader.records() {
        let row = row.expect("a row");
        let uri = places
            .iter()
            .fold(row[1].to_string(), |uri, (from, to)| uri.replace(from, to));
        let (method, uri) = (&row[0], uri.as_str());
        let body = Some(&row[2]).filter(|b| !b.is_empty());
        let rows = &row[3] == "yes";
        for (i, caller) in CALLERS.iter().enumerate() {
            cases += 1;
            let expected: u16 = row[4 + i].parse().expect("a status");
            let answer = call_with(&app, &tokens[i], method, uri, body).await;
            let status = answer.status;
            let answer = text(&answer.content_type, &answer.body);
            if status != StatusCode::from_u16(expected).expect("status") {
                let start: String = answer.chars().take(200).collect();
                failures.push(format!(
                    "{method} {uri} as {caller}: {status}, expected {expected}: {start}"
                ));
            }
            if rows
                && status.is_success()
                && let Some(m) = forbidden(caller).iter().find(|m| answer.contains(*m))
            {
                failures.push(format!(
                    "{method} {uri} as {caller}: the answer carries '{m}'"
                ));
            }
        }
    }
    assert!(cases > 300, "{cases} cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

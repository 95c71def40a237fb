//! Bad input: 400 with a message, unknown things 404, never a 500. The cases are data:
//! `refusals/requests.csv` (uri, status, a part of the message) and `refusals/records.csv`
//! (target, body, status, a part of the message).

use axum::http::StatusCode;

use super::targets::GOOD;
use super::{call_as, fixture, get_json};

/// The rows of a refusals file, header skipped.
fn cases(name: &str) -> Vec<csv::StringRecord> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/api/refusals")
        .join(name);
    csv::Reader::from_path(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .records()
        .map(|r| r.expect("a case"))
        .collect()
}

fn status(raw: &str) -> StatusCode {
    StatusCode::from_u16(raw.parse().expect("a status code")).expect("a status")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_are_refused_with_a_reason() {
    let f = fixture().await;
    let cases = cases("requests.csv");
    assert!(cases.len() > 25);
    for case in &cases {
        let (uri, expected, message) = (&case[0], status(&case[1]), &case[2]);
        let (status, body) = get_json(&f.app, uri).await;
        assert_eq!(status, expected, "{uri}: {body}");
        let error = body["error"].as_str().unwrap_or_default();
        assert!(
            error.contains(message),
            "{uri}: '{error}' lacks '{message}'"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_records_are_refused_with_a_reason() {
    let f = fixture().await;
    for case in cases("records.csv") {
        let (target, body, expected, message) = (&case[0], &case[1], status(&case[2]), &case[3]);
        let body = if body == "GOOD" { GOOD } else { body };
        let (status, _, text) = call_as(
            &f.app,
            Some(&f.policy),
            "POST",
            &format!("/api/v1/targets/{target}/records"),
            Some(body),
        )
        .await;
        assert_eq!(status, expected, "{target} {body}: {text}");
        assert!(text.contains(message), "{target} {body}: {text}");
    }
}

//! The ways in that must stay shut: a forged or expired session cookie, a disabled user, a
//! write without its session's CSRF token, another site's `Host`, a token of the wrong role,
//! a flood of sign-ins; and the audit log, which must hold every write.

use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use linkages_registry::Registry;
use linkages_registry::audit::AuditFilter;
use tower::ServiceExt;

use super::targets::GOOD;
use super::{Auth, Fixture, call_with, fixture, fixture_with, sign_in};

const RECORDS: &str = "/api/v1/targets/overseas-warehouses/records";

fn registry(f: &Fixture) -> Registry {
    Registry::open(&f.root.join("registry.sqlite")).expect("registry")
}

/// The role the application sees the caller in.
async fn role(f: &Fixture, auth: &Auth) -> String {
    let me = call_with(&f.app, auth, "GET", "/api/v1/me", None)
        .await
        .text();
    let me: serde_json::Value = serde_json::from_str(&me).expect("json");
    me["role"].as_str().unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_session_cookie_is_the_public() {
    let f = fixture().await;
    let forged = Auth::Browser {
        cookie: "linkages_session=AAAAAAAAAAAAAAAAAAAAAA".into(),
        csrf: "x".into(),
    };
    assert_eq!(role(&f, &forged).await, "public");
    let answer = call_with(&f.app, &forged, "POST", RECORDS, Some(GOOD)).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_session_expires() {
    let options = linkages_server::ServeOptions {
        // Long enough for the sign-in and one request on a busy machine.
        idle: Duration::from_secs(3),
        ..Default::default()
    };
    let f = fixture_with(options).await;
    let analyst = sign_in(&f.app, "analyst").await;
    assert_eq!(role(&f, &analyst).await, "province");
    tokio::time::sleep(Duration::from_millis(4500)).await;
    assert_eq!(role(&f, &analyst).await, "public");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_user_is_signed_out_and_its_tokens_stop() {
    let f = fixture().await;
    let session = sign_in(&f.app, "analyst").await;
    let token = Auth::Token(f.analyst.clone());
    let sql = "/api/v1/sql?q=SELECT%201";
    assert_eq!(
        call_with(&f.app, &token, "GET", sql, None).await.status,
        StatusCode::OK
    );
    registry(&f).disable_user("analyst").expect("disable");
    assert_eq!(role(&f, &session).await, "public");
    let answer = call_with(&f.app, &token, "GET", sql, None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_from_a_session_needs_its_csrf_token() {
    let f = fixture().await;
    let Auth::Browser { cookie, csrf } = sign_in(&f.app, "policy").await else {
        unreachable!()
    };
    for wrong in ["", "not-the-token", &format!("{csrf}x")] {
        let auth = Auth::Browser {
            cookie: cookie.clone(),
            csrf: wrong.to_string(),
        };
        let answer = call_with(&f.app, &auth, "POST", RECORDS, Some(GOOD)).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "'{wrong}'");
        assert!(
            answer.text().contains("reload the page"),
            "{}",
            answer.text()
        );
        let form =
            format!("target=overseas-warehouses&value=1&date=2024-05-31&source=s&csrf={wrong}");
        let answer = call_with(&f.app, &auth, "POST", "/targets/record", Some(&form)).await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "form '{wrong}'");
    }
    let right = Auth::Browser { cookie, csrf };
    let answer = call_with(&f.app, &right, "POST", RECORDS, Some(GOOD)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_sites_host_is_refused() {
    let f = fixture().await;
    for host in [
        "evil.example",
        "evil.example:8080",
        "127.0.0.1.evil.example",
    ] {
        let request = Request::get("/api/v1/overview")
            .header("host", host)
            .header("authorization", format!("Bearer {}", f.analyst))
            .body(Body::empty())
            .expect("request");
        let response = f.app.clone().oneshot(request).await.expect("response");
        assert_eq!(response.status(), StatusCode::MISDIRECTED_REQUEST, "{host}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_does_only_what_its_role_may() {
    let f = fixture().await;
    let analyst = Auth::Token(f.analyst.clone());
    let policy = Auth::Token(f.policy.clone());
    let answer = call_with(&f.app, &analyst, "POST", RECORDS, Some(GOOD)).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text());
    let answer = call_with(&f.app, &policy, "GET", "/api/v1/sql?q=SELECT%201", None).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text());
    let answer = call_with(&f.app, &policy, "GET", "/api/v1/users", None).await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN, "{}", answer.text());
    let forged = Auth::Token(format!("{}0", f.policy));
    let answer = call_with(&f.app, &forged, "GET", "/api/v1/overview", None).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_of_sign_ins_is_slowed_down() {
    let options = linkages_server::ServeOptions {
        logins_per_minute: 3,
        ..Default::default()
    };
    let f = fixture_with(options).await;
    let browser = super::browser(&f.app).await;
    let Auth::Browser { csrf, .. } = &browser else {
        unreachable!()
    };
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let form = format!("name=analyst&password=wrong&csrf={csrf}");
        let answer = call_with(&f.app, &browser, "POST", "/login", Some(&form)).await;
        statuses.push(answer.status.as_u16());
        if answer.status == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(answer.headers["retry-after"], "60");
        }
    }
    assert_eq!(statuses, [401, 401, 401, 429, 429]);
    // The right password does not get through the limit either.
    let password = linkages_testkit::PASSWORD.replace(' ', "+");
    let form = format!("name=analyst&password={password}&csrf={csrf}");
    let answer = call_with(&f.app, &browser, "POST", "/login", Some(&form)).await;
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_write_and_sign_in_is_audited() {
    let f = fixture().await;
    let policy = Auth::Token(f.policy.clone());
    let analyst = Auth::Token(f.analyst.clone());
    call_with(&f.app, &policy, "POST", RECORDS, Some(GOOD)).await;
    call_with(&f.app, &analyst, "POST", RECORDS, Some(GOOD)).await;
    call_with(&f.app, &analyst, "GET", "/api/v1/sql?q=SELECT%2042", None).await;
    call_with(&f.app, &Auth::None, "POST", RECORDS, Some(GOOD)).await;
    let browser = sign_in(&f.app, "policy").await;
    let form = "target=overseas-warehouses&value=3&date=2024-06-30&source=form";
    let Auth::Browser { csrf, .. } = &browser else {
        unreachable!()
    };
    let form = format!("{form}&csrf={csrf}");
    let answer = call_with(&f.app, &browser, "POST", "/targets/record", Some(&form)).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.text());
    let log = registry(&f)
        .audit_log(&AuditFilter::default())
        .expect("audit");
    let lines: Vec<String> = log
        .iter()
        .rev()
        .map(|e| {
            let user = e.user.as_deref().unwrap_or("-");
            format!("{user} {} {} {}: {}", e.role, e.action, e.object, e.outcome)
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

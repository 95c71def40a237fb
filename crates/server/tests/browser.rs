//! The dashboard in a real browser: the demo data (and the 2017 world trade of
//! ../shared/data, for the opportunities) served in-process, and the scripts of `web/e2e`
//! driving Debian's Chromium through playwright-core (both installed by `scripts/test`).
//! `dashboard.mjs` reads every page as the public; `roles.mjs` signs in as a city bureau,
//! the policy office and the admin. With `LINKAGES_SCREENSHOTS=DIR` the public pages are
//! also saved as PNG files.

use std::process::Command;

/// A store with the demo and the world trade of 2017.
async fn store() -> (tempfile::TempDir, linkages_engine::Store) {
    let (dir, store) = linkages_testkit::store();
    linkages_testkit::load_demo(&store).await;
    linkages_testkit::ingest_world(&store).await;
    (dir, store)
}

/// Runs a script of `web/e2e` with these arguments; its report if every check passed.
async fn run(script: &str, args: Vec<String>) {
    let web = linkages_testkit::root().join("web");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).exists()
            && web.join("node_modules/playwright-core").exists(),
        "Chromium or playwright-core is missing: run scripts/setup-browser and scripts/setup-web"
    );
    let mut node = Command::new("node");
    node.current_dir(&web)
        .arg(format!("e2e/{script}"))
        .args(args)
        .env("CHROMIUM", &chromium);
    let out = tokio::task::spawn_blocking(move || node.output())
        .await
        .expect("join")
        .expect("run node");
    let report = String::from_utf8_lossy(&out.stdout);
    println!("{report}");
    assert!(
        out.status.success(),
        "browser checks failed:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(report.contains("all browser checks passed"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_works_in_headless_chromium() {
    let (_dir, store) = store().await;
    let addr = linkages_testkit::serve(store.root()).await;
    let mut args = vec![format!("http://{addr}")];
    args.extend(std::env::var("LINKAGES_SCREENSHOTS"));
    run("dashboard.mjs", args).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_bureau_and_the_policy_office_work_in_their_roles() {
    let (_dir, store) = store().await;
    for (name, role, city) in [
        ("shenzhen", "city", Some("440300")),
        ("policy", "policy", None),
        ("admin", "admin", None),
    ] {
        linkages_testkit::account(store.root(), name, role, city);
    }
    let addr = linkages_testkit::serve(store.root()).await;
    let args = vec![format!("http://{addr}"), linkages_testkit::PASSWORD.into()];
    run("roles.mjs", args).await;
}

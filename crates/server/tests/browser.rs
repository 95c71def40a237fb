//! The dashboard in a real browser: the demo data (and the 2017 world trade of
//! ../shared/data, for the opportunities) served in-process, and `web/e2e/dashboard.mjs`
//! driving Debian's Chromium through playwright-core (both installed by `scripts/test`).
//! With `LINKAGES_SCREENSHOTS=DIR` the pages are also saved as PNG files.

use std::process::Command;

use linkages_engine::IngestOptions;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_works_in_headless_chromium() {
    let web = linkages_testkit::root().join("web");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        std::path::Path::new(&chromium).exists()
            && web.join("node_modules/playwright-core").exists(),
        "Chromium or playwright-core is missing: run scripts/setup-browser and scripts/setup-web"
    );
    let (_dir, store) = linkages_testkit::store();
    linkages_testkit::load_demo(&store).await;
    let world = linkages_testkit::shared("data/world/world_exports_2017_hs07_4digit.csv");
    let options = IngestOptions {
        fixed: vec![("year".into(), "2017".into())],
        ..IngestOptions::default()
    };
    linkages_testkit::ingest_with(&store, "world", &[world], &options).await;
    let addr = linkages_testkit::serve(store.root()).await;

    let mut node = Command::new("node");
    node.current_dir(&web)
        .arg("e2e/dashboard.mjs")
        .arg(format!("http://{addr}"))
        .env("CHROMIUM", &chromium);
    if let Ok(shots) = std::env::var("LINKAGES_SCREENSHOTS") {
        node.arg(shots);
    }
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

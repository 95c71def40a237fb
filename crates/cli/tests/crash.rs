//! The crash matrix: `linkages ingest` and `linkages demo` killed (SIGKILL) at random points,
//! and a write that runs out of room. After each, the store opens, every dataset's current
//! version is the one before or the new one — complete, never a mix — and a version's
//! quarantine report is its own. `LINKAGES_KILLS=50` runs fifty kills of each (by hand; CI
//! runs a handful); `LINKAGES_KILL_SEED` picks other kill points.

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn linkages(data: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_linkages"));
    cmd.args(args)
        .env("LINKAGES_DATA", data)
        .env_remove(linkages_engine::FAULT_ENV)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn output(data: &Path, args: &[&str]) -> Output {
    linkages(data, args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("run")
}

/// Rows of a dataset's current version, and the version, as the store answers now.
fn state(data: &Path, dataset: &str) -> (u64, String) {
    let sql = format!("SELECT count(*) AS n FROM {dataset}");
    let out = output(data, &["sql", &sql, "--format", "csv"]);
    assert!(
        out.status.success(),
        "the store must open: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = String::from_utf8_lossy(&out.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.parse().ok())
        .expect("a count");
    let versions = output(data, &["versions", "--dataset", dataset]);
    let last = String::from_utf8_lossy(&versions.stdout)
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_string();
    (rows, last)
}

/// A trade file of `months × 600` rows, one in every 97 of them bad.
fn trade_file(path: &Path, months: u32) -> (u64, u64) {
    let mut csv = String::from(
        "period,flow,city,partner,product,trade_mode,enterprise_type,value_cny,value_usd\n",
    );
    let (mut good, mut bad) = (0, 0);
    for m in 1..=months {
        for i in 0..600u32 {
            let partner = ["USA", "VNM", "JPN", "DEU", "HKG", "KOR"][(i % 6) as usize];
            let product = format!("85{:04}", i / 6);
            if (m * 600 + i) % 97 == 0 {
                csv.push_str(&format!(
                    "2023-{m:02},export,440300,{partner},{product},general,private,-1,1\n"
                ));
                bad += 1;
            } else {
                csv.push_str(&format!(
                    "2023-{m:02},export,440300,{partner},{product},general,private,{i},{i}\n"
                ));
                good += 1;
            }
        }
    }
    fs::write(path, csv).expect("write");
    (good, bad)
}

/// A small deterministic random sequence (xorshift), for kill points.
struct Points(u64);

impl Points {
    fn next(&mut self, below: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        below.mul_f64((self.0 % 10_000) as f64 / 10_000.0)
    }
}

fn kills() -> usize {
    std::env::var("LINKAGES_KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(3)
}

fn points() -> Points {
    Points(
        std::env::var("LINKAGES_KILL_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x9E37_79B9_7F4A_7C15),
    )
}

/// Runs `args`, killing it after `after`; true when it was killed before finishing.
fn kill_after(data: &Path, args: &[&str], after: Duration) -> bool {
    let mut child = linkages(data, args).spawn().expect("spawn");
    let start = Instant::now();
    while start.elapsed() < after {
        if child.try_wait().expect("wait").is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let killed = child.try_wait().expect("wait").is_none();
    let _ = child.kill();
    let _ = child.wait();
    killed
}

#[test]
fn an_ingest_killed_anywhere_leaves_the_previous_version_or_the_new_one() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("store");
    let input = dir.path().join("trade.csv");
    let (good, bad) = trade_file(&input, 6);
    let args = [
        "ingest",
        "--dataset",
        "trade",
        "--mode",
        "replace-all",
        input.to_str().expect("path"),
    ];
    // Runs to measure (the fastest: the first is slowed by a cold cache): kill points fall
    // anywhere from the start to past its end.
    let full = (0..3)
        .map(|_| {
            let started = Instant::now();
            assert!(linkages(&data, &args).status().expect("run").success());
            started.elapsed()
        })
        .min()
        .expect("a run");
    let (mut points, mut killed) = (points(), 0);
    for _ in 0..kills() {
        let (rows_before, version_before) = state(&data, "trade");
        let was_killed = kill_after(&data, &args, points.next(full.mul_f64(1.2)));
        killed += usize::from(was_killed);
        let (rows, version) = state(&data, "trade");
        assert_eq!(
            rows, good,
            "every version holds the whole input: {rows} rows"
        );
        let next: u32 = version_before
            .trim_start_matches('v')
            .parse::<u32>()
            .expect("v")
            + 1;
        assert!(
            version == version_before || version == format!("v{next}"),
            "{version_before} → {version}"
        );
        if version != version_before {
            // The new version's quarantine report is its own: one line per bad row.
            let report = data.join(format!("datasets/trade/v{next:06}/quarantine.csv"));
            let lines = fs::read_to_string(&report).expect("report").lines().count() as u64;
            assert_eq!(lines, bad + 1, "{}", report.display());
        }
        assert_eq!(rows_before, good);
    }
    eprintln!(
        "ingest: {} runs, {killed} killed before they finished",
        kills()
    );
}

#[test]
fn a_demo_killed_anywhere_leaves_every_dataset_before_or_after() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("store");
    let started = Instant::now();
    assert!(linkages(&data, &["demo"]).status().expect("run").success());
    let full = started.elapsed();
    let datasets = [
        "trade",
        "investment",
        "outsourcing",
        "cooperation",
        "talent",
    ];
    let complete: Vec<u64> = datasets.iter().map(|d| state(&data, d).0).collect();
    let (mut points, mut killed) = (points(), 0);
    for _ in 0..kills() {
        killed += usize::from(kill_after(&data, &["demo"], points.next(full.mul_f64(1.1))));
        for (d, rows) in datasets.iter().zip(&complete) {
            // The demo is deterministic: a version is complete or it is not there.
            assert_eq!(state(&data, d).0, *rows, "{d}");
        }
    }
    eprintln!(
        "demo: {} runs, {killed} killed before they finished",
        kills()
    );
}

#[test]
fn a_write_that_runs_out_of_room_leaves_the_previous_version_and_says_so() {
    let dir = tempfile::tempdir().expect("tmp");
    let data = dir.path().join("store");
    let small = dir.path().join("small.csv");
    trade_file(&small, 1);
    assert!(
        linkages(
            &data,
            &[
                "ingest",
                "--dataset",
                "trade",
                small.to_str().expect("path")
            ]
        )
        .status()
        .expect("run")
        .success()
    );
    let before = state(&data, "trade");
    let big = dir.path().join("big.csv");
    trade_file(&big, 12);
    // Files may not grow past 8 KiB: the Parquet files of the new version cannot be written
    // (SIGXFSZ ignored, so the write fails with "File too large" instead of killing).
    let script = format!(
        "trap '' XFSZ; ulimit -f 8; exec '{}' ingest --dataset trade --mode replace-all '{}'",
        env!("CARGO_BIN_EXE_linkages"),
        big.display()
    );
    let out = Command::new("bash")
        .args(["-c", &script])
        .env("LINKAGES_DATA", &data)
        .output()
        .expect("bash");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{stderr}");
    assert!(
        stderr.contains("too large") || stderr.contains("No space"),
        "{stderr}"
    );
    assert_eq!(
        state(&data, "trade"),
        before,
        "the previous version is intact"
    );
}

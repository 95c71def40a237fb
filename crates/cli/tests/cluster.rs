//! The same answers on a Ballista cluster (a build with `--features cluster`): a scheduler
//! and two executors (`linkages scheduler`, `linkages executor`) on loopback ports over the
//! demo store; the brief, twenty indicator queries and the calibration checks run through
//! the cluster and by the embedded engine, and their answers compared.
#![cfg(feature = "cluster")]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use linkages_core::indicator::Spec;
use linkages_core::{Lang, Period};
use linkages_engine::{AsOf, Session, SessionOptions, Store, indicators};
use sqllogictest::{DBOutput, DefaultColumnType};

/// A scheduler and two executors, stopped when dropped.
struct Cluster {
    address: linkages_engine::Cluster,
    children: Vec<Child>,
    work: tempfile::TempDir,
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A loopback port free at the time of asking.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("address").port()
}

fn wait_for(port: u16, what: &str, child: &mut Child) {
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited with {status}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "{what} did not listen on {port}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn linkages(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_linkages"))
        .args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("start linkages")
}

fn start() -> Cluster {
    let work = tempfile::tempdir().expect("work dir");
    let port = free_port();
    let bind = format!("127.0.0.1:{port}");
    let mut scheduler = linkages(&["scheduler", "--bind", &bind]);
    wait_for(port, "the scheduler", &mut scheduler);
    let address: linkages_engine::Cluster = format!("df://{bind}").parse().expect("address");
    let mut children = vec![scheduler];
    for i in 0..2 {
        let (flight, grpc) = (free_port(), free_port());
        let dir = work.path().join(format!("executor{i}"));
        std::fs::create_dir_all(&dir).expect("executor's dir");
        let mut executor = linkages(&[
            "executor",
            "--scheduler",
            &address.to_string(),
            "--port",
            &flight.to_string(),
            "--grpc-port",
            &grpc.to_string(),
            "--work-dir",
            dir.to_str().expect("path"),
            "--concurrent-tasks",
            "2",
        ]);
        wait_for(flight, "an executor", &mut executor);
        children.push(executor);
    }
    Cluster {
        address,
        children,
        work,
    }
}

async fn sessions(store: &Store, cluster: &Cluster) -> (Session, Session) {
    let embedded = Session::open(store, &AsOf::Latest).await.expect("session");
    // A job the cluster cannot finish fails the test in minutes, not at the default limit.
    let limits = linkages_engine::limits::Limits {
        time: Duration::from_secs(120),
        ..Default::default()
    };
    let options = SessionOptions {
        cluster: Some(cluster.address.clone()),
        limits,
        ..SessionOptions::default()
    };
    let remote = Session::open_with(store, &AsOf::Latest, options)
        .await
        .expect("cluster session");
    (embedded, remote)
}

/// Twenty requests across the five linkages: totals, every kind of breakdown (codes, HS
/// levels, partner and product groups, cities), filters, units, January–February.
const REQUESTS: [&str; 20] = [
    "trade 2023-04",
    "trade 2023-04 by=partner",
    "trade 2023-04 by=partner_group",
    "trade 2023-04 by=product_group",
    "trade 2023-04 by=hs2",
    "trade 2023-04 by=hs4",
    "trade 2023-04 by=city",
    "trade 2023-04 by=flow",
    "trade 2023-04 by=partner filter=flow=export",
    "trade 2023-04 by=partner filter=city=深圳",
    "trade 2024-02 by=city jan_feb",
    "trade 2023-12 by=city unit=usd years=3",
    "trade 2023-04 by=product_group filter=product_group=new_three",
    "fdi_actual 2023-04 by=city",
    "fdi_projects 2023-04 by=city",
    "outsourcing_executed 2023-04 by=city",
    "odi 2023-06",
    "zone_output 2023-06",
    "work_permits 2023-04 by=city",
    "rd_institutions 2023-04",
];

fn spec(words: &str) -> Spec {
    let mut parts = words.split(' ');
    let mut spec = Spec {
        indicator: parts.next().expect("indicator").into(),
        period: parts.next().expect("period").into(),
        ..Spec::default()
    };
    for w in parts {
        match w.split_once('=') {
            Some(("by", v)) => spec.by = Some(v.into()),
            Some(("filter", v)) => spec.filters.push(v.into()),
            Some(("unit", v)) => spec.unit = Some(v.into()),
            Some(("years", v)) => spec.years = Some(v.parse().expect("years")),
            _ if w == "jan_feb" => spec.jan_feb = true,
            _ => panic!("unknown word '{w}'"),
        }
    }
    spec
}

/// The calibration checks (`engine/tests/slt/calibration.slt`) against a session.
struct Db(Session);

#[async_trait::async_trait]
impl sqllogictest::AsyncDB for Db {
    type Error = linkages_engine::Error;
    type ColumnType = DefaultColumnType;

    async fn run(&mut self, sql: &str) -> Result<DBOutput<DefaultColumnType>, Self::Error> {
        let answer = self.0.query(sql).await?;
        Ok(DBOutput::Rows {
            types: vec![DefaultColumnType::Any; answer.columns().len()],
            rows: answer.text_rows("NULL")?,
        })
    }

    async fn shutdown(&mut self) {}
}

/// Whether an executor wrote shuffle files: proof that it ran tasks.
fn ran_tasks(dir: &Path) -> bool {
    fn files(dir: &Path) -> usize {
        std::fs::read_dir(dir).map_or(0, |entries| {
            entries
                .flatten()
                .map(|e| match e.path().is_dir() {
                    true => files(&e.path()),
                    false => 1,
                })
                .sum()
        })
    }
    files(dir) > 0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cluster_gives_the_embedded_engines_answers() {
    let store = linkages_testkit::demo_store();
    let cluster = start();
    let (embedded, remote) = sessions(&store, &cluster).await;

    let checked = remote.clone();
    let mut runner = sqllogictest::Runner::new(move || {
        let session = checked.clone();
        async move { Ok(Db(session)) }
    });
    runner.with_column_validator(|_, _| true);
    let calibration =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../engine/tests/slt/calibration.slt");
    runner
        .run_file_async(&calibration)
        .await
        .unwrap_or_else(|e| panic!("calibration on the cluster: {e}"));

    for words in REQUESTS {
        let request = spec(words).resolve().expect("a request");
        let here = indicators::compute(&embedded, &request).await.expect(words);
        let there = indicators::compute(&remote, &request)
            .await
            .unwrap_or_else(|e| panic!("{words} on the cluster: {e}"));
        assert!(
            !here.rows.is_empty() || request.by.is_none(),
            "{words}: no rows"
        );
        assert_eq!(here.total, there.total, "{words}: total");
        assert_eq!(here.rows, there.rows, "{words}: rows");
        assert_eq!(
            here.completeness, there.completeness,
            "{words}: completeness"
        );
    }

    let period = Period::new(2023, 4).expect("a month");
    let here = linkages_report::build(&embedded, period, Lang::En)
        .await
        .expect("brief");
    let there = linkages_report::build(&remote, period, Lang::En)
        .await
        .expect("brief on the cluster");
    assert_eq!(here.sections, there.sections, "the brief's text and tables");
    assert_eq!(here.figures, there.figures, "the brief's numbers");
    assert_eq!(here.notes, there.notes);
    assert_eq!(here.queries.len(), there.queries.len());

    // A process's numbering of codes is refused on a cluster, saying why (it is planned
    // here, so this costs the cluster nothing).
    let numbered = remote
        .query("SELECT code_key(partner) FROM trade LIMIT 1")
        .await;
    assert!(
        matches!(&numbered, Err(linkages_engine::Error::Refused(m)) if m.contains("not available on a cluster")),
        "{:?}",
        numbered.map(|_| ())
    );

    for i in 0..2 {
        let dir = cluster.work.path().join(format!("executor{i}"));
        assert!(ran_tasks(&dir), "executor {i} ran no task");
    }
}

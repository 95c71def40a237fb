//! The chunked, multi-threaded CSV reader gives exactly the version the row-by-row reader
//! gives: the same report (rows read, stored, quarantined, blank, lines), the same
//! quarantine report, the same rows — on files built to break chunking (quoted line ends at
//! every chunk edge, CRLF, a byte-order mark, a last line without a line end, duplicate keys
//! in different chunks, a stray quote, GBK text, a file smaller than one chunk).

mod common;

use std::path::{Path, PathBuf};

use common::rows;
use linkages_engine::{
    AsOf, Chunking, Encoding, IngestOptions, IngestReport, NoProgress, Store, ingest,
};

const HEADER: &str =
    "period,flow,city,partner,product,trade_mode,enterprise_type,value_cny,value_usd,quantity";

/// Rows of every kind: valid, quoted, refused, duplicate, blank, spanning lines.
fn lines() -> Vec<String> {
    let mut lines = vec![HEADER.to_string()];
    let partners = [
        "USA",
        "\"KOR\"",
        "VNM",
        "HKG",
        "\"J\"\"PN\"",
        "\"DE\nU\"",
        "XXX",
        "美国",
    ];
    for i in 0..120 {
        let partner = partners[i % partners.len()];
        let month = 1 + i % 12;
        let product = ["851713", "8471", "\"854231\"", "85"][i % 4];
        let mode = [
            "general",
            "processing_imported",
            "cross_border_ecommerce",
            "market_procurement",
            "other",
        ][i / 24];
        let value = if i % 17 == 0 {
            "-5".to_string()
        } else {
            format!("{}.5", 1000 + i)
        };
        lines.push(format!(
            "2024-{month:02},export,440300,{partner},{product},{mode},private,{value},{},{}",
            100 + i,
            i % 3
        ));
        if i % 23 == 0 {
            lines.push(String::new()); // a blank line
            lines.push(" ,,,,,,,,,".into()); // and one of blank fields
        }
    }
    // The same key as the first row, far from it: a duplicate in another chunk.
    lines.push("2024-02,export,440300,KOR,8471,general,private,1,1,1".into());
    lines.push("2024-02,export,440300,\"USA,9,9,9".into()); // a stray quote at the end
    lines
}

/// The test file: the rows with a line end, optionally CRLF, a BOM, GBK, a last line end.
fn write(dir: &Path, crlf: bool, bom: bool, gbk: bool, last_newline: bool) -> PathBuf {
    let end = if crlf { "\r\n" } else { "\n" };
    let mut text = lines().join(end);
    if last_newline {
        text.push_str(end);
    }
    let mut bytes = if gbk {
        encoding_rs::GBK.encode(&text).0.into_owned()
    } else {
        text.into_bytes()
    };
    if bom && !gbk {
        bytes.splice(0..0, *b"\xEF\xBB\xBF");
    }
    let path = dir.join(format!("trade-{crlf}-{bom}-{gbk}-{last_newline}.csv"));
    std::fs::write(&path, bytes).expect("write");
    path
}

/// What a version is: its report (the quarantine's place aside), the quarantine report's
/// text, and every row, sorted (an order-independent content).
async fn version(
    file: &Path,
    encoding: Encoding,
    chunking: Option<Chunking>,
) -> (IngestReport, String, Vec<Vec<String>>) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(dir.path()).expect("store");
    let options = IngestOptions {
        encoding,
        chunking,
        ..IngestOptions::default()
    };
    let trade = linkages_core::dataset("trade").expect("trade");
    let mut report = ingest(&store, trade, &[file.to_path_buf()], &options, &NoProgress)
        .await
        .expect("ingest");
    let quarantine = report
        .quarantine
        .take()
        .map(|p| std::fs::read_to_string(p).expect("quarantine"))
        .unwrap_or_default();
    let all = "period, flow, city, partner, product, trade_mode, enterprise_type, value_cny, value_usd, quantity";
    let stored = rows(
        &store,
        &AsOf::Latest,
        &format!("SELECT {all} FROM trade ORDER BY {all}"),
    )
    .await;
    (report, quarantine, stored)
}

#[tokio::test]
async fn chunks_and_threads_change_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (crlf, bom, gbk, last_newline) in [
        (false, false, false, true),
        (true, true, false, false),
        (false, true, false, false),
        (true, false, true, true),
    ] {
        let file = write(dir.path(), crlf, bom, gbk, last_newline);
        let encoding = if gbk { Encoding::Gbk } else { Encoding::Utf8 };
        let expected = version(&file, encoding, None).await;
        assert!(
            expected.0.rows_quarantined > 10 && expected.0.rows_stored > 50,
            "{:?}",
            expected.0
        );
        assert!(
            expected.1.contains("quoted field spans lines"),
            "{}",
            expected.1
        );
        assert!(expected.1.contains("duplicate key"), "{}", expected.1);
        let sizes = (1..=8).chain((60..=160).step_by(7)).chain([500, 4 << 20]);
        for (i, chunk_bytes) in sizes.enumerate() {
            let chunking = Chunking {
                threads: 1 + i % 3,
                chunk_bytes,
            };
            let got = version(&file, encoding, Some(chunking)).await;
            assert_eq!(got, expected, "{} with {chunking:?}", file.display());
        }
    }
}

#[tokio::test]
async fn a_quote_left_open_for_64_mib_stops_the_ingest_and_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("stray.csv");
    let mut text = format!("{HEADER}\n2024-01,export,440300,\"USA,8471,general,private,1,1,1\n");
    text.push_str(&"1,2,3,4,5,6,7,8,9,10\n".repeat(3_300_000)); // 69 MB, all inside the quote
    std::fs::write(&path, text).expect("write");
    let store_dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(store_dir.path()).expect("store");
    let trade = linkages_core::dataset("trade").expect("trade");
    for threads in [1, 2] {
        let options = IngestOptions {
            chunking: Some(Chunking {
                threads,
                chunk_bytes: 1 << 20,
            }),
            ..IngestOptions::default()
        };
        let err = ingest(
            &store,
            trade,
            std::slice::from_ref(&path),
            &options,
            &NoProgress,
        )
        .await
        .expect_err("refused");
        assert!(err.to_string().contains("more than 64 MiB"), "{err}");
    }
    assert_eq!(
        store.current(trade).expect("current"),
        None,
        "nothing committed"
    );
}

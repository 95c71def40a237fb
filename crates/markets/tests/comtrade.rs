//! UN Comtrade's bulk files (`fixtures/comtrade_legacy.csv`, the legacy comma layout, and
//! `fixtures/comtrade_plus.txt`, Comtrade Plus's tab-separated one, holding the same nine
//! rows) rewritten as `world_bilateral` rows, against the expected files.

use std::path::PathBuf;

use linkages_markets::comtrade;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn open(name: &str) -> std::fs::File {
    std::fs::File::open(fixture(name)).expect("fixture")
}

/// Both of Comtrade's layouts are rewritten line for line: exports as flows, every other
/// row with its reason in the year cell (`fixtures/comtrade_*expected.csv`).
#[test]
fn comtrade_bulk_files_become_flows_and_reasons_line_for_line() {
    for (input, expected) in [
        ("comtrade_legacy.csv", "comtrade_expected.csv"),
        ("comtrade_plus.txt", "comtrade_plus_expected.csv"),
    ] {
        let mut out = Vec::new();
        let carried = comtrade::to_csv(open(input), input, &mut out).expect("rewritten");
        let want = std::fs::read_to_string(fixture(expected)).expect("expected");
        assert_eq!(String::from_utf8(out).expect("utf-8"), want, "{input}");
        assert_eq!(carried.flows, 3, "{input}");
        let not_flows: u64 = carried.not_flows.iter().map(|(_, n)| n).sum();
        assert_eq!((carried.not_flows.len(), not_flows), (5, 6), "{input}");
    }
}

#[test]
fn a_monthly_comtrade_file_is_refused() {
    let data = b"freqCode,refYear,flowCode,reporterISO,partnerISO,cmdCode,primaryValue\nM,2021,X,CHN,USA,851712,5\n";
    let err = comtrade::to_csv(&data[..], "m.csv", Vec::new()).expect_err("refused");
    assert!(
        err.to_string()
            .starts_with("m.csv, line 2, column 'freqCode'"),
        "{err}"
    );
}

//! Any CSV file, however broken, is accounted for: rows read = stored + quarantined, and
//! every physical line is the header, a row, a blank line, or a line inside a quoted field
//! of a quarantined row (whose reason names its lines). Generated files mix good rows, bad
//! rows, quoted fields with commas, quotes and line ends, stray quotes, blank lines, CRLF,
//! a byte-order mark and a missing last line end.

mod common;

use proptest::prelude::*;

/// One line of a generated file.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u32..40, 0u32..3).prop_map(|(i, c)| {
            let origin = ["USA", "DEU", "JPN"][c as usize];
            format!("2024-{:02},440300,{origin},work_permit,{i},fine", 1 + i % 12)
        }),
        1 => Just("2024-13,440300,USA,work_permit,1,bad month".to_string()),
        1 => Just("2024-05,110100,USA,work_permit,1,not a Guangdong city".to_string()),
        1 => Just("2024-05,440300,USA,work_permit,-3,negative".to_string()),
        1 => Just("2024-05,440300,USA,work_permit,1".to_string()),
        1 => Just(String::new()),
        1 => Just("   ".to_string()),
        1 => "[a-z ,]{0,12}".prop_map(|t| format!("2024-06,440300,DEU,work_permit,2,\"{t}\"")),
        1 => "[a-z]{0,6}".prop_map(|t| format!("2024-06,440300,JPN,work_permit,2,\"say \"\"{t}\"\"\"")),
        1 => "[a-z]{0,6}".prop_map(|t| format!("2024-07,440300,USA,work_permit,2,\"{t}\nmore\"")),
        1 => Just("2024-08,440300,USA,work_permit,2,\"stray".to_string()),
        1 => Just("\"".to_string()),
    ]
}

/// A whole file: header, lines, a line end, a BOM and a last line end or not.
fn file() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(line(), 0..30),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(lines, crlf, bom, last_newline)| {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = String::from("period,city,origin,category,count,remark");
            for l in lines {
                text.push_str(end);
                text.push_str(&l.replace('\n', end));
            }
            if last_newline {
                text.push_str(end);
            }
            let mut bytes = if bom {
                b"\xEF\xBB\xBF".to_vec()
            } else {
                Vec::new()
            };
            bytes.extend_from_slice(text.as_bytes());
            bytes
        })
}

/// The lines of a file, counted independently of the reader.
fn lines_of(bytes: &[u8]) -> u64 {
    let newlines = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
    newlines + u64::from(!bytes.is_empty() && !bytes.ends_with(b"\n"))
}

/// The extra lines of quarantined rows that span lines, from their reasons.
fn spanned(report: Option<&std::path::PathBuf>) -> u64 {
    let Some(path) = report else { return 0 };
    let mut reader = csv::Reader::from_path(path).expect("report");
    reader
        .records()
        .flatten()
        .filter_map(|r| {
            let (from, to) = r[4]
                .strip_prefix("quoted field spans lines ")?
                .split_once('–')?;
            Some(to.parse::<u64>().ok()? - from.parse::<u64>().ok()?)
        })
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_row_and_every_line_is_accounted_for(bytes in file()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        let (dir, store) = common::store();
        let path = dir.path().join("talent.csv");
        std::fs::write(&path, &bytes).expect("write");
        let report = runtime.block_on(linkages_testkit::ingest(&store, "talent", &[path]));
        let s = &report.sources[0];
        prop_assert_eq!(s.rows_read, s.rows_stored + s.rows_quarantined);
        prop_assert_eq!(s.lines, Some(lines_of(&bytes)));
        let extra = spanned(report.quarantine.as_ref());
        prop_assert_eq!(lines_of(&bytes), 1 + s.rows_read + s.blank_rows + extra);
    }
}

//! The reference lists written into the project agree with the public reference data in
//! `../shared/data` (read by tests only; the product does not depend on it).

use std::path::PathBuf;

use linkages_core::classify::{CITIES, COUNTRIES, HS_CHAPTERS};

fn shared(path: &str) -> PathBuf {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data")
        .join(path);
    assert!(
        p.exists(),
        "reference data {} not found: the tests expect ../shared beside the repository",
        p.display()
    );
    p
}

#[test]
fn cities_match_gbt_2260() {
    let mut reader = csv::Reader::from_path(shared("geo/china-cities-gbt2260.csv")).expect("csv");
    let guangdong: Vec<(String, String)> = reader
        .records()
        .map(|r| r.expect("record"))
        .filter(|r| &r[2] == "44")
        .map(|r| {
            (
                format!("{}00", &r[0]),
                r[1].trim_end_matches('市').to_string(),
            )
        })
        .collect();
    let ours: Vec<(String, String)> = CITIES
        .iter()
        .map(|c| (c.code.to_string(), c.name_zh.to_string()))
        .collect();
    assert_eq!(ours, guangdong);
}

#[test]
fn countries_match_the_comtrade_partner_list() {
    let text = std::fs::read_to_string(shared("classifications/country-codes.json")).expect("json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("parse");
    let comtrade: std::collections::HashMap<u16, String> = json["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| {
            Some((
                r["id"].as_str()?.parse().ok()?,
                r["text"].as_str()?.to_string(),
            ))
        })
        .collect();
    // Every partner of our list that Comtrade reports under the same numeric code has a
    // recognisably equal name (first word) unless it is a known rename, and nearly all of
    // ours are there.
    let mut matched = 0;
    let mut renamed = Vec::new();
    for c in COUNTRIES {
        if let Some(name) = comtrade.get(&c.numeric) {
            matched += 1;
            let first = |s: &str| {
                s.split([' ', ',', '(', '.'])
                    .next()
                    .unwrap_or_default()
                    .to_lowercase()
            };
            if first(name) != first(c.name_en) && !name.to_lowercase().contains(&first(c.name_en)) {
                renamed.push(format!("{} ({} / {name})", c.alpha3, c.name_en));
            }
        }
    }
    let renamed_codes: Vec<&str> = renamed.iter().map(|r| &r[..3]).collect();
    assert_eq!(
        renamed_codes, KNOWN_RENAMES,
        "names that differ: {renamed:#?}"
    );
    assert!(
        matched >= 200,
        "only {matched} of {} codes found in the Comtrade list",
        COUNTRIES.len()
    );
}

/// Entries Comtrade lists under an older or abbreviated English name (Swaziland, Faeroe Isds,
/// TFYR of Macedonia, N. Mariana Isds, Saint Maarten, Syria, Turkey).
const KNOWN_RENAMES: &[&str] = &["SWZ", "FRO", "MKD", "MNP", "SXM", "SYR", "TUR"];

#[test]
fn hs_chapters_match_the_harmonized_system() {
    let mut reader = csv::Reader::from_path(shared("classifications/hs92_atlas.csv")).expect("csv");
    let headers = reader.headers().expect("header").clone();
    let code = headers
        .iter()
        .position(|h| h == "code")
        .expect("code column");
    let level = headers
        .iter()
        .position(|h| h == "level")
        .expect("level column");
    let mut chapters: Vec<String> = reader
        .records()
        .map(|r| r.expect("record"))
        .filter(|r| &r[level] == "2digit")
        .map(|r| r[code].to_string())
        .filter(|c| c.len() == 2 && c.as_str() <= "97")
        .collect();
    chapters.sort();
    chapters.dedup();
    let ours: Vec<&str> = HS_CHAPTERS.iter().map(|c| c.code).collect();
    assert_eq!(ours, chapters);
}

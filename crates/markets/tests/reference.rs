//! Agreement with an independent implementation: `bench/markets/reference.py` (pandas,
//! written from the papers) computes the concentration figures and both forms of the
//! constant market share decomposition from the same BACI-format files; every figure agrees
//! to 1e-9 (relative). The files are a seeded synthetic world of 40 exporters × 40
//! importers × 300 products over two years, in BACI's layout (thousands of dollars,
//! numeric country codes, leading zeros of product codes dropped, `NA` quantities).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use linkages_markets::cms::{Level, decompose};
use linkages_markets::concentration::concentration;
use linkages_markets::{World, baci};
use rand::{Rng, SeedableRng};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Writes the country table and the data file; returns the numeric code of exporter 0.
fn write_world(dir: &Path) -> (PathBuf, PathBuf) {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(16);
    let mut countries = String::from("country_code,country_name,country_iso2,country_iso3\n");
    for c in 0..40 {
        let name: String = [b'A' + (c / 26) as u8, b'A' + (c % 26) as u8, b'X']
            .iter()
            .map(|b| *b as char)
            .collect();
        writeln!(countries, "{},Country {c},{},{name}", 4 + c * 7, &name[..2]).expect("write");
    }
    let mut data = String::from("t,i,j,k,v,q\n");
    for t in [2019, 2023] {
        for i in 0..40 {
            for j in (0..40).filter(|j| *j != i) {
                for k in 0..300u32 {
                    if rng.random_bool(0.3) {
                        let v: f64 = rng.random_range(0.001..5_000.0);
                        // Odd products have five digits: BACI's dropped leading zero.
                        let code = if k % 2 == 0 {
                            100_000 + k * 3
                        } else {
                            10_000 + k * 3
                        };
                        let q = if k % 3 == 0 {
                            "NA".to_string()
                        } else {
                            format!("{:.3}", v / 7.0)
                        };
                        writeln!(data, "{t},{},{},{code},{v:.3},{q}", 4 + i * 7, 4 + j * 7)
                            .expect("write");
                    }
                }
            }
        }
    }
    let (c, d) = (dir.join("countries.csv"), dir.join("data.csv"));
    std::fs::write(&c, countries).expect("write");
    std::fs::write(&d, data).expect("write");
    (d, c)
}

fn close(got: f64, want: &serde_json::Value, what: &str) {
    let want = want.as_f64().expect(what);
    assert!(
        (got - want).abs() <= 1e-9 * want.abs().max(1.0),
        "{what}: {got} (Linkages) != {want} (pandas)"
    );
}

#[test]
fn concentration_and_cms_agree_with_pandas_on_a_baci_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (data, countries) = write_world(dir.path());
    let open = |p: &Path| std::fs::File::open(p).expect("open");
    let table = baci::Countries::read(open(&countries), "countries.csv").expect("countries");
    let mut world = World::default();
    baci::read(open(&data), "data.csv", &table, 6, &mut world).expect("read");
    let python = root().join(".venv/bin/python");
    assert!(
        python.exists(),
        "run ./scripts/setup-python (./scripts/test does)"
    );
    let out = Command::new(python)
        .arg(root().join("bench/markets/reference.py"))
        .args([&data, &countries])
        .args(["AAX", "2019", "2023"])
        .output()
        .expect("python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reference: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let exporter = world.countries.get("AAX").expect("AAX");
    let exports = |y| world.exports_of(y, exporter).expect("year");
    for y in [2019, 2023] {
        let r = &reference["years"][y.to_string()];
        for (by, values) in [
            ("by_partner", exports(y).by_partner()),
            ("by_product", exports(y).by_product()),
        ] {
            let c = concentration(values.into_values(), 0.0);
            close(c.members as f64, &r[by]["members"], "members");
            close(c.hhi, &r[by]["hhi"], &format!("{y} HHI {by}"));
            close(c.top5, &r[by]["top5"], &format!("{y} top-5 share {by}"));
        }
    }
    let cms = |level| {
        decompose(
            &exports(2019),
            &exports(2023),
            &world.imports(2019).expect("2019"),
            &world.imports(2023).expect("2023"),
            level,
        )
        .expect("decomposition")
    };
    let (two, one) = (cms(Level::Two), cms(Level::One));
    let r = &reference["cms"];
    close(two.change(), &r["change"], "change");
    close(two.world_demand, &r["world_demand"], "world demand effect");
    close(
        two.commodity_composition,
        &r["commodity_composition"],
        "commodity composition effect",
    );
    close(
        two.market_distribution,
        &r["market_distribution"],
        "market distribution effect",
    );
    close(
        two.competitiveness,
        &r["competitiveness"],
        "competitiveness effect",
    );
    close(
        one.competitiveness,
        &r["one_level_competitiveness"],
        "one-level competitiveness effect",
    );
}

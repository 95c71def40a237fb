//! Every method on a 3 × 3 × 2 world (three exporters, three markets, two products, two
//! years) in BACI's own format (`fixtures/world.csv`, thousands of dollars, numeric country
//! codes, a product code with its leading zero dropped), against the answers worked by hand
//! in `fixtures/answers.csv` (its `working` column shows each one's arithmetic).

use std::path::PathBuf;

use linkages_markets::cms::{Level, decompose};
use linkages_markets::concentration::{changes, concentration, dependence};
use linkages_markets::potential::{Demand, Potentials, potential};
use linkages_markets::{World, baci};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn world() -> World {
    let open = |n| std::fs::File::open(fixture(n)).expect("fixture");
    let countries =
        baci::Countries::read(open("countries.csv"), "countries.csv").expect("countries");
    let mut world = World::default();
    let read = baci::read(open("world.csv"), "world.csv", &countries, 6, &mut world).expect("read");
    assert_eq!(read.rows, 34);
    world
}

/// One row of `answers.csv`.
#[derive(Debug, serde::Deserialize)]
struct Answer {
    figure: String,
    exporter: String,
    year: i32,
    year2: Option<i32>,
    key: String,
    parameter: Option<f64>,
    expected: f64,
}

struct Case<'a> {
    world: &'a World,
    a: &'a Answer,
}

impl Case<'_> {
    fn country(&self, code: &str) -> u32 {
        self.world.countries.get(code).expect("country")
    }

    fn product(&self, code: &str) -> u32 {
        self.world.products.get(code).expect("product")
    }

    fn exports(&self, year: i32) -> linkages_markets::Basket {
        self.world
            .exports_of(year, self.country(&self.a.exporter))
            .expect("year")
    }

    fn concentration(&self) -> f64 {
        let exports = self.exports(self.a.year);
        let threshold = self.a.parameter.unwrap_or(0.0);
        let by_partner = || concentration(exports.by_partner().into_values(), threshold);
        let by_product = || concentration(exports.by_product().into_values(), threshold);
        match self.a.figure.as_str() {
            "hhi_by_partner" => by_partner().hhi,
            "hhi_by_product" => by_product().hhi,
            "top5_by_partner" => by_partner().top5,
            "markets" => by_partner().members as f64,
            "products" => by_product().members as f64,
            other => panic!("unknown figure {other}"),
        }
    }

    fn dependence(&self) -> f64 {
        let imports = self
            .world
            .imports_of(self.a.year, self.country(&self.a.exporter))
            .expect("year");
        let all = dependence(&imports, self.a.parameter.unwrap_or(0.0));
        let d = all
            .iter()
            .find(|d| d.product == self.product(&self.a.key))
            .expect("product");
        match self.a.figure.as_str() {
            "dependence_hhi" => d.suppliers.hhi,
            "dependence_top_share" => d.top_share,
            _ => d.suppliers.members as f64,
        }
    }

    fn cms(&self) -> f64 {
        let (y0, y1) = (self.a.year, self.a.year2.expect("second year"));
        let level = if self.a.figure.starts_with("cms1") {
            Level::One
        } else {
            Level::Two
        };
        let world = |y| self.world.imports(y).expect("year");
        let d = decompose(
            &self.exports(y0),
            &self.exports(y1),
            &world(y0),
            &world(y1),
            level,
        )
        .expect("decomposition");
        let sum =
            d.world_demand + d.commodity_composition + d.market_distribution + d.competitiveness;
        assert!(
            (sum - d.change()).abs() <= 1e-9 * d.change().abs(),
            "effects sum to the change"
        );
        match &self.a.figure[5..] {
            "change" => d.change(),
            "world_demand" => d.world_demand,
            "commodity_composition" => d.commodity_composition,
            "market_distribution" => d.market_distribution,
            "competitiveness" => d.competitiveness,
            other => panic!("unknown effect {other}"),
        }
    }

    fn potentials(&self) -> Potentials {
        let y = self.a.year;
        let mut demand = Demand {
            years: 1.0,
            ..Demand::default()
        };
        if let Some(g) = self.a.parameter {
            demand.growth.insert(self.country("USA"), g);
        }
        potential(
            &self.exports(y),
            &self.world.supply(y).expect("year"),
            &self.world.imports(y).expect("year"),
            &demand,
        )
    }

    fn potential(&self) -> f64 {
        let all = self.potentials();
        let mut key = self.a.key.split(' ');
        let first = key.next().expect("key");
        let cell = |market: &str| {
            let (p, m) = (self.product(first), self.country(market));
            all.cells
                .iter()
                .find(|c| c.product == p && c.market == m)
                .expect("cell")
        };
        let total = |id: u32, products: bool| {
            let totals = all.totals(|c| Some(if products { c.product } else { c.market }));
            totals
                .iter()
                .find(|t| t.group == id)
                .expect("group")
                .unrealized()
        };
        let any = |f: &dyn Fn(&&linkages_markets::potential::Potential) -> bool| {
            *all.cells.iter().find(f).expect("cell")
        };
        match self.a.figure.as_str() {
            "supply" => any(&|c| c.product == self.product(first)).supply,
            "ease" => any(&|c| c.market == self.country(first)).ease,
            "potential" | "potential_grown" => cell(key.next().expect("market")).potential,
            "unrealized" => cell(key.next().expect("market")).unrealized(),
            "unrealized_by_product" => total(self.product(first), true),
            "unrealized_by_market" => total(self.country(first), false),
            other => panic!("unknown figure {other}"),
        }
    }

    fn answer(&self) -> f64 {
        match self.a.figure.as_str() {
            f if f.starts_with("cms") => self.cms(),
            f if f.starts_with("dependence") => self.dependence(),
            "supply"
            | "ease"
            | "potential"
            | "potential_grown"
            | "unrealized"
            | "unrealized_by_product"
            | "unrealized_by_market" => self.potential(),
            _ => self.concentration(),
        }
    }
}

#[test]
fn every_method_gives_the_answers_worked_by_hand() {
    let world = world();
    let mut reader = csv::Reader::from_path(fixture("answers.csv")).expect("answers");
    let mut checked = 0;
    for row in reader.deserialize() {
        let a: Answer = row.expect("answer row");
        let got = Case {
            world: &world,
            a: &a,
        }
        .answer();
        let tolerance = 1e-9 * a.expected.abs().max(1.0);
        assert!(
            (got - a.expected).abs() <= tolerance,
            "{} {} {} {}: {got} != {}",
            a.figure,
            a.exporter,
            a.year,
            a.key,
            a.expected
        );
        checked += 1;
    }
    assert_eq!(checked, 46);
}

#[test]
fn markets_won_and_lost_between_two_years() {
    let world = world();
    let chn = world.countries.get("CHN").expect("CHN");
    let by_partner = |y| world.exports_of(y, chn).expect("year").by_partner();
    let names = |ids: Vec<u32>| {
        ids.iter()
            .map(|i| world.countries.name(*i))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let forward = changes(&by_partner(2020), &by_partner(2021), 25_000.0);
    assert_eq!(
        (names(forward.new), names(forward.lost)),
        ("IND".into(), String::new())
    );
    let back = changes(&by_partner(2021), &by_partner(2020), 25_000.0);
    assert_eq!(
        (names(back.new), names(back.lost)),
        (String::new(), "IND".into())
    );
}

#[test]
fn a_baci_cell_that_is_not_a_number_is_refused_where_it_is() {
    let countries = baci::Countries::read(
        &b"country_code,country_iso3\n156,CHN\n842,USA\n"[..],
        "c.csv",
    )
    .expect("countries");
    let data = b"t,i,j,k,v,q\n2021,156,842,851712,1.5,NA\n2021,156,842,851712,x,NA\n";
    let err =
        baci::read(&data[..], "w.csv", &countries, 6, &mut World::default()).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "w.csv, line 3, column 'v': not a number (value 'x')"
    );
    let data = b"t,i,j,k,v,q\n2021,156,4,851712,1.5,NA\n";
    let err =
        baci::read(&data[..], "w.csv", &countries, 6, &mut World::default()).expect_err("refused");
    assert_eq!(
        err.to_string(),
        "w.csv, line 2, column 'j': not in the country table (value '4')"
    );
}

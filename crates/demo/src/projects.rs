//! A synthetic investment project pipeline calibrated to the sources (2023-06 briefing):
//! 1,370 intentional projects reached through investment promotion events, more than 250
//! projects of US$100 million or more (implemented: started or in production, their actual
//! foreign investment above US$80 billion in all), and the BASF and ExxonMobil projects of
//! about US$10 billion each as landmarks. The rows are what a promotion office's list holds
//! (one row per project and stage), about 150 projects signed again at a second event, so
//! that loading them exercises the rule that a project counts once.

use chrono::{Days, NaiveDate};
use linkages_core::classify::{CITIES, STRATEGIC_CLUSTERS};
use linkages_core::pipeline::{Amounts, NewProject, Stage};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::rng::stream;

/// Intentional projects in the sources ("reached a total of 1,370 intentional projects").
pub const INTENTIONAL: usize = 1370;
/// Projects of at least US$100 million generated (the sources: "more than 250").
pub const LARGE: usize = 262;
/// Projects signed again at a second event.
pub const SIGNED_TWICE: usize = 150;

/// Promotion events named in the sources.
const EVENTS: [&str; 5] = [
    "粤港澳大湾区全球招商大会",
    "珠三角与粤东西北经贸合作招商会",
    "投资中国年·广东专场",
    "中东定向招商活动",
    "日韩定向招商活动",
];

/// Source countries and their weights (Hong Kong first, as in Guangdong's FDI).
const SOURCES: [(&str, f64); 12] = [
    ("HKG", 0.55),
    ("SGP", 0.07),
    ("JPN", 0.06),
    ("KOR", 0.05),
    ("USA", 0.05),
    ("DEU", 0.04),
    ("TWN", 0.04),
    ("MAC", 0.03),
    ("GBR", 0.03),
    ("FRA", 0.02),
    ("VGB", 0.04),
    ("SAU", 0.02),
];

/// Industry sections and weights (manufacturing first).
const INDUSTRIES: [(&str, f64); 8] = [
    ("C", 0.55),
    ("I", 0.10),
    ("M", 0.08),
    ("L", 0.08),
    ("F", 0.06),
    ("G", 0.05),
    ("K", 0.04),
    ("D", 0.04),
];

/// Cities' shares of projects (the Pearl River Delta first).
const CITY_WEIGHTS: [(&str, f64); 12] = [
    ("440300", 0.20),
    ("440100", 0.18),
    ("440600", 0.09),
    ("441900", 0.09),
    ("441300", 0.07),
    ("440400", 0.07),
    ("442000", 0.05),
    ("440700", 0.05),
    ("441200", 0.04),
    ("440800", 0.04),
    ("440500", 0.03),
    ("", 0.09),
];

fn pick<'a>(rng: &mut ChaCha8Rng, weights: &[(&'a str, f64)]) -> &'a str {
    let total: f64 = weights.iter().map(|w| w.1).sum();
    let mut x = rng.random::<f64>() * total;
    for (code, w) in weights {
        if x < *w {
            return code;
        }
        x -= w;
    }
    weights[weights.len() - 1].0
}

fn city(rng: &mut ChaCha8Rng) -> String {
    match pick(rng, &CITY_WEIGHTS) {
        "" => CITIES[rng.random_range(0..CITIES.len())].code.to_string(),
        code => code.to_string(),
    }
}

fn day(from: NaiveDate, days: u64) -> NaiveDate {
    from.checked_add_days(Days::new(days)).unwrap_or(from)
}

/// The stage a project has reached, and whether it is large: large projects are
/// implemented (started or in production), as the sources count them.
fn stage(rng: &mut ChaCha8Rng, large: bool) -> Stage {
    let x = rng.random::<f64>();
    match (large, x) {
        (true, x) if x < 0.5 => Stage::Started,
        (true, _) => Stage::Producing,
        (_, x) if x < 0.30 => Stage::Promoted,
        (_, x) if x < 0.55 => Stage::Negotiating,
        (_, x) if x < 0.75 => Stage::Signed,
        (_, x) if x < 0.88 => Stage::Started,
        _ => Stage::Producing,
    }
}

/// The last day of the demo pipeline (the demo's statistics end with 2024).
pub const END: NaiveDate = match NaiveDate::from_ymd_opt(2024, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The rows of one project: one per stage reached by [`END`], the first at its promotion
/// event.
fn rows_of(base: NewProject, reached: Stage, rng: &mut ChaCha8Rng, size: f64) -> Vec<NewProject> {
    let mut out = Vec::new();
    let mut on = base.on;
    for s in Stage::ALL.into_iter().filter(|s| *s <= reached) {
        if on > END {
            break;
        }
        let mut row = NewProject {
            stage: Some(s),
            on,
            event: None,
            amounts: Amounts::default(),
            ..base.clone()
        };
        match s {
            Stage::Promoted => {
                row.event = base.event.clone();
                row.amounts.planned_usd = Some(size);
            }
            Stage::Signed => {
                row.amounts.contracted_usd =
                    Some((size * (0.8 + 0.4 * rng.random::<f64>())).round())
            }
            Stage::Started | Stage::Producing => {
                let share = if s == Stage::Started { 0.35 } else { 0.85 };
                row.amounts.actual_usd =
                    Some((size * share * (0.8 + 0.2 * rng.random::<f64>())).round());
            }
            Stage::Negotiating => {}
        }
        out.push(row);
        on = day(on, rng.random_range(60..300));
    }
    out
}

fn landmarks() -> Vec<(NewProject, Stage, f64)> {
    let at = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
    let project = |name: &str, investor: &str, country: &str, city: &str, on| NewProject {
        name: name.into(),
        investor: investor.into(),
        country: country.into(),
        industry: "C".into(),
        cluster: Some("green_petrochemicals".into()),
        city: city.into(),
        top_leader: true,
        landmark: true,
        planned_start: Some(at(2020, 1, 1)),
        stage: None,
        on,
        event: Some(EVENTS[0].into()),
        amounts: Amounts::default(),
    };
    vec![
        (
            project(
                "巴斯夫（广东）一体化基地",
                "巴斯夫",
                "DEU",
                "440800",
                at(2019, 1, 10),
            ),
            Stage::Producing,
            1.25e10,
        ),
        (
            project(
                "埃克森美孚惠州化工综合体",
                "埃克森美孚",
                "USA",
                "441300",
                at(2019, 2, 20),
            ),
            Stage::Producing,
            1.25e10,
        ),
    ]
}

/// The demo's project rows, in the order a promotion office would have entered them (by
/// day): every project's stages, and the second signings.
pub fn projects(seed: u64) -> Vec<NewProject> {
    let mut rng = stream(seed, "projects");
    let first = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or(NaiveDate::MIN);
    let mut rows: Vec<NewProject> = Vec::new();
    let (mut large, mut twice) = (2, 0);
    for (p, s, size) in landmarks() {
        rows.extend(rows_of(p, s, &mut rng, size));
    }
    for n in 0..INTENTIONAL - 2 {
        let is_large = large < LARGE && n % 5 == 0;
        large += usize::from(is_large);
        let industry = pick(&mut rng, &INDUSTRIES).to_string();
        let cluster = match industry.as_str() {
            "C" => Some(STRATEGIC_CLUSTERS[rng.random_range(0..10)].0.to_string()),
            "I" => Some("software_it_services".into()),
            _ => None,
        };
        let base = NewProject {
            name: format!("合成项目{:04}", n + 1),
            investor: format!("合成投资方{:04}", n + 1),
            country: pick(&mut rng, &SOURCES).into(),
            industry,
            cluster,
            city: city(&mut rng),
            top_leader: rng.random::<f64>() < 0.15,
            landmark: false,
            planned_start: None,
            stage: None,
            // Large projects are the implemented ones of the sources' five years: begun early.
            on: day(
                first,
                rng.random_range(0..if is_large { 700 } else { 2100 }),
            ),
            event: Some(EVENTS[rng.random_range(0..EVENTS.len())].into()),
            amounts: Amounts::default(),
        };
        let size = if is_large {
            (1.0e8 * (1.25 + 16.0 * rng.random::<f64>().powi(3))).round()
        } else {
            (1.0e6 * (1.0 + 60.0 * rng.random::<f64>().powi(2))).round()
        };
        let reached = stage(&mut rng, is_large);
        let mut project_rows = rows_of(base, reached, &mut rng, size);
        if let Some(signed) = project_rows
            .iter()
            .position(|r| r.stage == Some(Stage::Signed))
        {
            let start = day(project_rows[signed].on, rng.random_range(90..270));
            project_rows
                .iter_mut()
                .for_each(|r| r.planned_start = Some(start));
            let again_on = day(project_rows[signed].on, 20);
            if twice < SIGNED_TWICE && n % 3 == 0 && again_on <= END {
                twice += 1;
                let mut again = project_rows[signed].clone();
                again.on = again_on;
                again.event = Some(EVENTS[twice % EVENTS.len()].into());
                again.amounts = Amounts::default();
                project_rows.push(again);
            }
        }
        rows.extend(project_rows);
    }
    rows.sort_by_key(|r| r.on);
    rows
}

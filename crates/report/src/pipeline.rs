//! The investment project pipeline as investment promotion reads it: the headline figures
//! (`linkages_core::pipeline::kpis`: funnel, 履约率, 开工率, 资金到位率, projects over US$100
//! million), the projects by city, source country, industry and cluster, how long projects
//! have waited in their stage, and the list itself; and the import of a promotion office's
//! project list (`linkages projects import`), bad rows quarantined.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use linkages_core::classify::{self, STRATEGIC_CLUSTERS, codes};
use linkages_core::pipeline::{self, Columns, Kpis, Problem, Project, STUCK_DAYS, Stage};
use linkages_core::{Lang, SYNTHETIC_NOTE};
use linkages_registry::Registry;
use linkages_registry::projects::{Entered, ImportReport, ImportRow};

use crate::Error;
use crate::table::{Cell, Grid};

/// Which projects to show; every part optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// One city (GB/T 2260).
    pub city: Option<&'static str>,
    /// One source country (ISO alpha-3).
    pub country: Option<&'static str>,
    /// One industry section.
    pub industry: Option<&'static str>,
    /// One strategic cluster.
    pub cluster: Option<&'static str>,
    /// Projects now at this stage.
    pub stage: Option<Stage>,
    /// Only projects of at least US$100 million.
    pub large: bool,
}

impl Filter {
    fn keeps(&self, p: &Project) -> bool {
        self.city.is_none_or(|c| p.city == c)
            && self.country.is_none_or(|c| p.country == c)
            && self.industry.is_none_or(|c| p.industry == c)
            && self.cluster.is_none_or(|c| p.cluster.as_deref() == Some(c))
            && self.stage.is_none_or(|s| p.state.stage == Some(s))
            && (!self.large || p.is_large())
    }
}

/// The projects of one member of a breakdown (a city, a country, …).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Group {
    /// The member's code.
    pub code: String,
    /// Its Chinese name.
    pub name_zh: String,
    /// Its English name.
    pub name_en: String,
    /// Projects of this member, each once.
    pub projects: usize,
    /// Projects signed or later.
    pub signed: usize,
    /// Contracted investment, US$, of the projects stating it.
    pub contracted_usd: f64,
    /// Actual investment in place, US$.
    pub actual_usd: f64,
}

/// How long the projects of one stage have waited in it: counts by 0–90, 91–180, 181–365
/// and more than 365 days.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Ageing {
    /// The stage the projects wait in.
    pub stage: Stage,
    /// Projects in each age band.
    pub bands: [usize; 4],
}

/// A project waiting longer than [`STUCK_DAYS`] in its stage.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Stuck {
    /// The project's id.
    pub id: i64,
    /// The project's name.
    pub name: String,
    /// The project's city (GB/T 2260).
    pub city: String,
    /// The stage it waits in.
    pub stage: Stage,
    /// Days in it.
    pub days: i64,
}

/// The pipeline on a day, filtered.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Pipeline {
    /// The day of judgement.
    pub today: NaiveDate,
    /// The headline figures.
    pub kpis: Kpis,
    /// The projects of each city, most first.
    pub by_city: Vec<Group>,
    /// The projects of each source country, most first.
    pub by_country: Vec<Group>,
    /// The projects of each industry section, most first.
    pub by_industry: Vec<Group>,
    /// By strategic cluster (projects in none are left out).
    pub by_cluster: Vec<Group>,
    /// Age bands of the stages before production.
    pub ageing: Vec<Ageing>,
    /// Projects stuck, longest waiting first.
    pub stuck: Vec<Stuck>,
    /// The projects, largest first.
    pub projects: Vec<Project>,
    /// Whether any project is synthetic (demo data).
    pub synthetic: bool,
}

/// A breakdown of the pipeline: which code of a project it groups by, and the names of
/// its codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Breakdown {
    City,
    Country,
    Industry,
    Cluster,
}

impl Breakdown {
    fn code(self, p: &Project) -> Option<&str> {
        match self {
            Breakdown::City => Some(&p.city),
            Breakdown::Country => Some(&p.country),
            Breakdown::Industry => Some(&p.industry),
            Breakdown::Cluster => p.cluster.as_deref(),
        }
    }

    /// A code's Chinese and English names (the code itself when no list names it).
    fn names(self, code: &str) -> (String, String) {
        let pair = |zh: &str, en: &str| (zh.to_string(), en.to_string());
        match self {
            Breakdown::City => classify::city(code).map(|c| pair(c.name_zh, c.name_en)),
            Breakdown::Country => classify::country(code).map(|c| pair(c.name_zh, c.name_en)),
            Breakdown::Industry => {
                codes::lookup(codes::INDUSTRIES, code).map(|c| pair(c.name_zh, c.name_en))
            }
            Breakdown::Cluster => STRATEGIC_CLUSTERS
                .iter()
                .find(|c| c.0 == code)
                .map(|c| pair(c.2, c.1)),
        }
        .unwrap_or_else(|| (code.to_string(), code.to_string()))
    }
}

fn group_by(projects: &[Project], by: Breakdown) -> Vec<Group> {
    let mut groups: BTreeMap<&str, Group> = BTreeMap::new();
    for p in projects {
        let Some(code) = by.code(p) else { continue };
        let g = groups.entry(code).or_insert_with(|| {
            let (name_zh, name_en) = by.names(code);
            Group {
                code: code.into(),
                name_zh,
                name_en,
                projects: 0,
                signed: 0,
                contracted_usd: 0.0,
                actual_usd: 0.0,
            }
        });
        g.projects += 1;
        g.signed += usize::from(p.state.has_reached(Stage::Signed));
        g.contracted_usd += p.state.amounts.contracted_usd.unwrap_or(0.0);
        g.actual_usd += p.state.amounts.actual_usd.unwrap_or(0.0);
    }
    let mut out: Vec<Group> = groups.into_values().collect();
    out.sort_by(|a, b| b.projects.cmp(&a.projects).then(a.code.cmp(&b.code)));
    out
}

fn ageing(projects: &[Project], today: NaiveDate) -> Vec<Ageing> {
    Stage::ALL[..4]
        .iter()
        .map(|&stage| {
            let mut bands = [0; 4];
            for p in projects.iter().filter(|p| p.state.stage == Some(stage)) {
                let days = pipeline::age(p, today).unwrap_or(0);
                bands[match days {
                    ..=90 => 0,
                    91..=180 => 1,
                    181..=365 => 2,
                    _ => 3,
                }] += 1;
            }
            Ageing { stage, bands }
        })
        .collect()
}

/// The projects stuck on `today`, longest waiting first.
fn stuck(projects: &[Project], today: NaiveDate) -> Vec<Stuck> {
    let mut stuck: Vec<Stuck> = projects
        .iter()
        .filter(|p| pipeline::is_stuck(p, today))
        .filter_map(|p| {
            Some(Stuck {
                id: p.id,
                name: p.name.clone(),
                city: p.city.clone(),
                stage: p.state.stage?,
                days: pipeline::age(p, today)?,
            })
        })
        .collect();
    stuck.sort_by(|a, b| b.days.cmp(&a.days).then(a.id.cmp(&b.id)));
    stuck
}

/// The pipeline of `projects` (as the registry folds them) on `today`, filtered.
pub fn build(
    projects: Vec<Project>,
    synthetic: bool,
    filter: &Filter,
    today: NaiveDate,
) -> Pipeline {
    let mut kept: Vec<Project> = projects.into_iter().filter(|p| filter.keeps(p)).collect();
    let board = Pipeline {
        today,
        kpis: pipeline::kpis(&kept, today),
        by_city: group_by(&kept, Breakdown::City),
        by_country: group_by(&kept, Breakdown::Country),
        by_industry: group_by(&kept, Breakdown::Industry),
        by_cluster: group_by(&kept, Breakdown::Cluster),
        ageing: ageing(&kept, today),
        stuck: stuck(&kept, today),
        projects: Vec::new(),
        synthetic,
    };
    kept.sort_by(|a, b| {
        let size = |p: &Project| p.state.amounts.size_usd().unwrap_or(0.0);
        size(b).total_cmp(&size(a)).then(a.id.cmp(&b.id))
    });
    Pipeline {
        projects: kept,
        ..board
    }
}

/// Reads the registry's projects (a city bureau's own only) for [`build`].
pub fn read(registry: &Registry, city: Option<&str>) -> Result<(Vec<Project>, bool), Error> {
    Ok((registry.projects(city)?, registry.projects_synthetic()?))
}

fn usd(v: Option<f64>) -> Cell {
    Cell::Number(v.map(|v| v / 1e4), 0)
}

const HEADER: [(&str, &str); 9] = [
    ("编号", "Id"),
    ("项目", "Project"),
    ("投资方", "Investor"),
    ("来源地", "Source"),
    ("地市", "City"),
    ("阶段", "Stage"),
    ("阶段起始", "In stage since"),
    ("合同投资(万美元)", "Contracted (US$10k)"),
    ("实际到资(万美元)", "Actual (US$10k)"),
];

impl Pipeline {
    /// The projects as a table, with the headline figures under it.
    pub fn grid(&self, lang: Lang) -> Grid {
        let rows = self
            .projects
            .iter()
            .map(|p| {
                let (city_zh, city_en) = Breakdown::City.names(&p.city);
                vec![
                    Cell::Text(p.id.to_string()),
                    Cell::Text(p.name.clone()),
                    Cell::Text(p.investor.clone()),
                    Cell::Text(p.country.clone()),
                    Cell::Text(lang.pick(&city_zh, &city_en).to_string()),
                    Cell::Text(p.state.stage.map(|s| s.name(lang)).unwrap_or("–").into()),
                    Cell::Text(p.state.since.map(|d| d.to_string()).unwrap_or_default()),
                    usd(p.state.amounts.contracted_usd),
                    usd(p.state.amounts.actual_usd),
                ]
            })
            .collect();
        let mut footer = vec![self.summary(lang)];
        if self.synthetic {
            footer.push(SYNTHETIC_NOTE.into());
        }
        Grid {
            title: lang
                .pick("招商引资项目库", "Investment project pipeline")
                .into(),
            header: HEADER
                .iter()
                .map(|h| lang.pick(h.0, h.1).to_string())
                .collect(),
            rows,
            footer,
        }
    }

    /// The headline figures in one sentence.
    pub fn summary(&self, lang: Lang) -> String {
        let k = &self.kpis;
        let pct = |v: Option<f64>| v.map_or("–".to_string(), |v| format!("{v:.1}%"));
        let [_, _, signed, started, producing] = k.funnel;
        match lang {
            Lang::Zh => format!(
                "项目{}个，其中签约{signed}个、开工{started}个、投产{producing}个；履约率{}，开工率{}，资金到位率{}；亿美元以上项目{}个；在同一阶段超过{STUCK_DAYS}天的项目{}个。",
                k.projects,
                pct(k.fulfilment_pct),
                pct(k.start_pct),
                pct(k.funds_pct),
                k.large,
                k.stuck
            ),
            Lang::En => format!(
                "{} projects: {signed} signed, {started} started, {producing} in production; fulfilment rate {}, start rate {}, funds in place {}; {} of US$100 million or more; {} in the same stage for over {STUCK_DAYS} days.",
                k.projects,
                pct(k.fulfilment_pct),
                pct(k.start_pct),
                pct(k.funds_pct),
                k.large,
                k.stuck
            ),
        }
    }
}

/// Imports a promotion office's project list: the header found among the first rows, each
/// row read, and the rows added (or recorded as events of the project they repeat) or
/// quarantined with column, value and reason, in one transaction of the registry.
pub fn import(
    registry: &mut Registry,
    path: &Path,
    sheet: Option<&str>,
    encoding: linkages_engine::Encoding,
    entered: &Entered,
) -> Result<ImportReport, Error> {
    let read = linkages_engine::read_rows(path, encoding, sheet)?;
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().to_string())
        .unwrap_or_default();
    let (mut columns, mut rows) = (None, Vec::new());
    for row in read.rows {
        let (cells, broken) = match row.cells {
            Ok(cells) => (cells, None),
            Err((problem, lossy)) => (lossy, Some(problem)),
        };
        let raw = cells
            .iter()
            .map(|c| c.display())
            .collect::<Vec<_>>()
            .join("\t");
        if broken.is_none() && cells.iter().all(linkages_core::Cell::is_blank) {
            continue;
        }
        let Some(cols) = &columns else {
            let text: Vec<String> = cells
                .iter()
                .map(|c| c.display().trim().to_string())
                .collect();
            columns = Columns::find(&text)
                .map_err(|e| Error::Invalid(format!("{file}, row {}: {e}", row.row)))?;
            continue;
        };
        let project = match broken {
            Some(p) => Err(Problem {
                column: p.column,
                value: p.value,
                reason: p.reason,
            }),
            None => cols.read(&cells),
        };
        rows.push(ImportRow {
            row: row.row,
            raw,
            project,
        });
    }
    if columns.is_none() {
        return Err(Error::Invalid(format!(
            "{file}: no header row naming the project columns (项目名称, 投资方, 来源地, 行业, 地市, 日期)"
        )));
    }
    Ok(registry.import_projects(&file, &read.sha256, rows, entered)?)
}

/// Loads the demo's synthetic pipeline (`linkages_demo::projects`) into a registry that
/// holds no project yet (`None` when it holds some: demo rows never mix with real ones).
pub fn load_demo(registry: &mut Registry, seed: u64) -> Result<Option<ImportReport>, Error> {
    if !registry.projects(None)?.is_empty() {
        return Ok(None);
    }
    let at = chrono::Utc::now().to_rfc3339();
    let evidence = format!("synthetic (linkages demo, seed {seed})");
    let entered = Entered {
        by: pipeline::DEMO_ENTERED_BY,
        at: &at,
        evidence: &evidence,
    };
    let rows = linkages_demo::projects::projects(seed)
        .into_iter()
        .enumerate()
        .map(|(i, p)| ImportRow {
            row: i as u64 + 1,
            raw: String::new(),
            project: Ok(p),
        })
        .collect();
    Ok(Some(registry.import_projects(
        "linkages demo",
        "",
        rows,
        &entered,
    )?))
}

/// How much of a city's official actual use of foreign capital (实际使用外资, US$) in a
/// year the pipeline's projects explain: the actual investment the projects reported in
/// that year (their cumulative actual investment at the year's end less that at the end of
/// the year before) beside the investment dataset's figure.
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Explained {
    /// The city (GB/T 2260), or `total`.
    pub city: String,
    /// Its Chinese name.
    pub name_zh: String,
    /// Its English name.
    pub name_en: String,
    /// Actual investment the pipeline's projects reported in the year, US$.
    pub pipeline_usd: f64,
    /// The official actual use of foreign capital of the year (to its latest month), US$.
    pub official_usd: Option<f64>,
    /// Pipeline over official, %.
    pub share_pct: Option<f64>,
}

/// The projects (a city's own, if given) at the end of `year` and at the end of the year
/// before, for [`against_statistics`].
pub fn read_year(
    registry: &Registry,
    city: Option<&str>,
    year: i32,
) -> Result<(Vec<Project>, Vec<Project>), Error> {
    let end = |y| NaiveDate::from_ymd_opt(y, 12, 31);
    Ok((
        registry.projects_as_of(city, end(year))?,
        registry.projects_as_of(city, end(year - 1))?,
    ))
}

/// The pipeline against the statistics, by city and in total, for a year, with the query
/// of the official figures (see [`Explained`]); `projects` as [`read_year`] gives them.
pub async fn against_statistics(
    session: &linkages_engine::Session,
    projects: (Vec<Project>, Vec<Project>),
    year: i32,
) -> Result<(Vec<Explained>, linkages_core::Provenance), Error> {
    use linkages_core::indicator::{self, Dimension, Request};
    let fdi = indicator::find("fdi_actual")?;
    let latest = linkages_engine::indicators::latest_period(session, fdi.dataset)
        .await?
        .ok_or_else(|| Error::NoData("no investment data".into()))?;
    let period = if latest.year > year {
        linkages_core::Period { year, month: 12 }
    } else {
        latest
    };
    let mut request = Request::total(fdi, period);
    request.unit = linkages_core::Unit::Usd;
    request.by = Some(Dimension::parse(fdi.dataset, "city")?);
    let table = linkages_engine::indicators::compute(session, &request).await?;
    let (end, start) = projects;
    let before: std::collections::HashMap<i64, f64> = start
        .iter()
        .map(|p| (p.id, p.state.amounts.actual_usd.unwrap_or(0.0)))
        .collect();
    let mut by_city: BTreeMap<String, f64> = BTreeMap::new();
    for p in &end {
        let gain =
            p.state.amounts.actual_usd.unwrap_or(0.0) - before.get(&p.id).copied().unwrap_or(0.0);
        *by_city.entry(p.city.clone()).or_default() += gain.max(0.0);
    }
    let row = |city: &str, pipeline_usd: f64, official: Option<f64>| {
        let (name_zh, name_en) = if city == "total" {
            ("全省".into(), "Province".into())
        } else {
            Breakdown::City.names(city)
        };
        Explained {
            city: city.into(),
            name_zh,
            name_en,
            pipeline_usd,
            official_usd: official,
            share_pct: official
                .filter(|o| *o > 0.0)
                .map(|o| pipeline_usd / o * 100.0),
        }
    };
    let mut out: Vec<Explained> = table
        .rows
        .iter()
        .map(|r| {
            row(
                &r.member,
                by_city.get(&r.member).copied().unwrap_or(0.0),
                r.ytd,
            )
        })
        .collect();
    out.sort_by(|a, b| {
        b.pipeline_usd
            .total_cmp(&a.pipeline_usd)
            .then(a.city.cmp(&b.city))
    });
    out.insert(0, row("total", by_city.values().sum(), table.total.ytd));
    Ok((out, table.total_provenance))
}

/// [`against_statistics`] as a table.
pub fn explained_grid(rows: &[Explained], year: i32, lang: Lang) -> Grid {
    let header = [
        ("地市", "City"),
        ("项目实际到资(万美元)", "Projects, actual (US$10k)"),
        ("实际使用外资(万美元)", "Actual FDI (US$10k)"),
        ("项目占比%", "Projects' share %"),
    ];
    Grid {
        title: format!("{} {year}", lang.pick("招商项目与利用外资统计", "The pipeline against the FDI statistics")),
        header: header.iter().map(|h| lang.pick(h.0, h.1).to_string()).collect(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(lang.pick(&r.name_zh, &r.name_en).into()),
                    usd(Some(r.pipeline_usd)),
                    usd(r.official_usd),
                    Cell::Number(r.share_pct, 1),
                ]
            })
            .collect(),
        footer: vec![lang
            .pick(
                "项目实际到资为项目库中当年新增的实际到资；实际使用外资来自利用外资数据集。",
                "Projects' actual investment is what the pipeline's projects added in the year; actual FDI is the investment dataset's.",
            )
            .into()],
    }
}

//! A promotion office's project list as it keeps it: one row per project and stage, Chinese
//! or English headers, amounts with their unit in the header (`合同外资(万美元)`). A header
//! naming an amount without a unit is refused (the unit would be a guess); a row with a
//! bad cell is refused with its column and value, for the caller to quarantine.

use chrono::NaiveDate;

use super::{Amounts, NewProject};
use crate::classify::{self, codes};
use crate::validate::{Cell, Currency, DecimalMark, Reading, number, split_unit};

/// A column of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Investor,
    Country,
    Industry,
    Cluster,
    City,
    Stage,
    Date,
    Event,
    Planned,
    Contracted,
    Actual,
    TopLeader,
    Landmark,
    PlannedStart,
}

/// Each field's header spellings (compared case-insensitively, a unit removed) and whether
/// every file must have it.
const FIELDS: &[(Field, &[&str], bool)] = &[
    (Field::Name, &["name", "project", "项目名称", "项目"], true),
    (
        Field::Investor,
        &["investor", "投资方", "投资者", "投资企业", "外商"],
        true,
    ),
    (
        Field::Country,
        &[
            "country",
            "source",
            "来源地",
            "国别",
            "投资来源地",
            "国家(地区)",
            "国家（地区）",
        ],
        true,
    ),
    (
        Field::Industry,
        &["industry", "行业", "所属行业", "行业门类"],
        true,
    ),
    (Field::Cluster, &["cluster", "产业集群", "集群"], false),
    (
        Field::City,
        &["city", "地市", "城市", "所在地市", "落户地市"],
        true,
    ),
    (
        Field::Stage,
        &["stage", "阶段", "项目阶段", "进展阶段"],
        false,
    ),
    (
        Field::Date,
        &["date", "on", "日期", "时间", "阶段日期"],
        true,
    ),
    (
        Field::Event,
        &["event", "活动", "签约活动", "推介活动"],
        false,
    ),
    (
        Field::Planned,
        &["planned", "计划投资", "计划投资额", "投资总额"],
        false,
    ),
    (
        Field::Contracted,
        &[
            "contracted",
            "合同投资",
            "合同外资",
            "合同投资额",
            "签约金额",
        ],
        false,
    ),
    (
        Field::Actual,
        &["actual", "实际到资", "实际投资", "到资"],
        false,
    ),
    (
        Field::TopLeader,
        &["top_leader", "一把手", "一把手工程"],
        false,
    ),
    (
        Field::Landmark,
        &["landmark", "标志性项目", "标志性"],
        false,
    ),
    (
        Field::PlannedStart,
        &["planned_start", "计划开工", "计划开工日期"],
        false,
    ),
];

/// One column found in the header: the field, its cell index and, for amounts, the
/// currency and scale its header gives.
#[derive(Debug, Clone, PartialEq)]
struct Found {
    field: Field,
    index: usize,
    header: String,
    currency: Option<Currency>,
    exp10: i32,
}

/// The columns of a project list, found in its header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    found: Vec<Found>,
    /// Header cells that name no field (reported, not read).
    pub ignored: Vec<String>,
}

/// Why a row is refused: the header of the cell, its value and the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The column's header.
    pub column: String,
    /// The cell as written.
    pub value: String,
    /// What is wrong.
    pub reason: String,
}

fn field_of(name: &str) -> Option<Field> {
    let n = name.trim();
    FIELDS
        .iter()
        .find(|(_, names, _)| names.iter().any(|a| a.eq_ignore_ascii_case(n)))
        .map(|f| f.0)
}

/// An amount header's field and currency: `planned_usd`, `合同外资(万美元)`.
fn amount_header(name: &str) -> Option<(Field, Option<Currency>)> {
    for (suffix, currency) in [("_usd", Currency::Usd), ("_cny", Currency::Cny)] {
        if let Some(base) = name.strip_suffix(suffix) {
            return field_of(base).map(|f| (f, Some(currency)));
        }
    }
    field_of(name).map(|f| (f, None))
}

impl Columns {
    /// Finds the fields in a header row; `Err` names what is missing or ambiguous. A row
    /// that names no required field at all is `Ok(None)` (a title above the header).
    pub fn find(header: &[String]) -> Result<Option<Columns>, String> {
        let (mut found, mut ignored) = (Vec::<Found>::new(), Vec::new());
        for (index, h) in header.iter().enumerate() {
            let (name, unit) = split_unit(h);
            let Some((field, mut currency)) = amount_header(&name) else {
                ignored.push(h.clone());
                continue;
            };
            let amount = matches!(field, Field::Planned | Field::Contracted | Field::Actual);
            let exp10 = unit.map_or(0, |u| u.exp10);
            if amount {
                currency = match (currency, unit.map(|u| u.currency)) {
                    (Some(c), Some(u)) if c != u => {
                        return Err(format!("header '{h}' names two currencies"));
                    }
                    (c, u) => c.or(u),
                };
                if currency.is_none() {
                    return Err(format!(
                        "header '{h}' gives no unit; write it as {name}(万美元), {name}(万元) or {name}_usd"
                    ));
                }
            }
            if let Some(prev) = found
                .iter()
                .find(|f| f.field == field && f.currency == currency)
            {
                return Err(format!(
                    "headers '{}' and '{h}' name the same column",
                    prev.header
                ));
            }
            found.push(Found {
                field,
                index,
                header: h.clone(),
                currency,
                exp10,
            });
        }
        let missing: Vec<&str> = FIELDS
            .iter()
            .filter(|(f, _, required)| *required && !found.iter().any(|x| x.field == *f))
            .map(|(_, names, _)| names[0])
            .collect();
        if missing.len() == FIELDS.iter().filter(|f| f.2).count() {
            return Ok(None);
        }
        if !missing.is_empty() {
            return Err(format!(
                "the header lacks {}; found: {}",
                missing.join(", "),
                header.join(", ")
            ));
        }
        Ok(Some(Columns { found, ignored }))
    }

    /// Reads one row into a project, or says which cell is wrong.
    pub fn read(&self, cells: &[Cell]) -> Result<NewProject, Problem> {
        let mut p = NewProject {
            name: String::new(),
            investor: String::new(),
            country: String::new(),
            industry: String::new(),
            cluster: None,
            city: String::new(),
            top_leader: false,
            landmark: false,
            planned_start: None,
            stage: None,
            on: NaiveDate::MIN,
            event: None,
            amounts: Amounts::default(),
        };
        for f in &self.found {
            let cell = cells.get(f.index).unwrap_or(&Cell::Empty);
            let problem = |reason: String| Problem {
                column: f.header.clone(),
                value: cell.display(),
                reason,
            };
            read_cell(&mut p, f, cell).map_err(problem)?;
        }
        Ok(p)
    }
}

fn text(cell: &Cell) -> String {
    cell.display().trim().to_string()
}

fn required(cell: &Cell) -> Result<String, String> {
    let t = text(cell);
    if t.is_empty() {
        Err("missing value".into())
    } else {
        Ok(t)
    }
}

fn day(cell: &Cell) -> Result<NaiveDate, String> {
    if let Cell::Date(d) = cell {
        return Ok(*d);
    }
    let t = text(cell);
    ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(&t, f).ok())
        .ok_or_else(|| format!("'{t}' is not a date; write YYYY-MM-DD"))
}

fn flag(cell: &Cell) -> Result<bool, String> {
    match cell {
        Cell::Bool(b) => Ok(*b),
        Cell::Int(1) => Ok(true),
        Cell::Int(0) | Cell::Empty => Ok(false),
        _ => match text(cell).to_lowercase().as_str() {
            "" | "否" | "no" | "n" | "0" | "false" => Ok(false),
            "是" | "yes" | "y" | "1" | "true" | "√" => Ok(true),
            t => Err(format!("'{t}' is not yes/no (是/否)")),
        },
    }
}

fn amount(p: &mut NewProject, f: &Found, cell: &Cell) -> Result<(), String> {
    if cell.is_blank() {
        return Ok(());
    }
    let v = number(
        cell,
        Reading {
            mark: DecimalMark::Point,
            exp10: f.exp10,
        },
    )?;
    if v < 0.0 {
        return Err("negative amount".into());
    }
    let a = &mut p.amounts;
    let slot = match (f.field, f.currency) {
        (Field::Planned, Some(Currency::Usd)) => &mut a.planned_usd,
        (Field::Contracted, Some(Currency::Usd)) => &mut a.contracted_usd,
        (Field::Actual, Some(Currency::Usd)) => &mut a.actual_usd,
        (Field::Planned, _) => &mut a.planned_cny,
        (Field::Contracted, _) => &mut a.contracted_cny,
        _ => &mut a.actual_cny,
    };
    *slot = Some(v);
    Ok(())
}

fn read_cell(p: &mut NewProject, f: &Found, cell: &Cell) -> Result<(), String> {
    let unknown = |list: &str| format!("'{}' is not a {list}", text(cell));
    match f.field {
        Field::Name => p.name = required(cell)?,
        Field::Investor => p.investor = required(cell)?,
        Field::Country => {
            p.country = classify::country(&required(cell)?)
                .ok_or_else(|| unknown("country (ISO 3166-1 code or name)"))?
                .alpha3
                .to_string()
        }
        Field::Industry => {
            p.industry = codes::lookup(codes::INDUSTRIES, &required(cell)?)
                .ok_or_else(|| unknown("GB/T 4754 industry section (A-T or its name)"))?
                .code
                .to_string()
        }
        Field::Cluster if cell.is_blank() => {}
        Field::Cluster => {
            p.cluster = Some(
                classify::strategic_cluster(&text(cell))
                    .ok_or_else(|| unknown("strategic cluster"))?
                    .to_string(),
            )
        }
        Field::City => {
            p.city = classify::city(&required(cell)?)
                .ok_or_else(|| unknown("Guangdong city (GB/T 2260 code or name)"))?
                .code
                .to_string()
        }
        Field::Stage if cell.is_blank() => {}
        Field::Stage => {
            p.stage = Some(
                text(cell)
                    .parse()
                    .map_err(|e: super::StageError| e.to_string())?,
            )
        }
        Field::Date => p.on = day(cell)?,
        Field::Event => p.event = Some(text(cell)).filter(|e| !e.is_empty()),
        Field::Planned | Field::Contracted | Field::Actual => amount(p, f, cell)?,
        Field::TopLeader => p.top_leader = flag(cell)?,
        Field::Landmark => p.landmark = flag(cell)?,
        Field::PlannedStart if cell.is_blank() => {}
        Field::PlannedStart => p.planned_start = Some(day(cell)?),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Stage;

    fn header(h: &[&str]) -> Result<Option<Columns>, String> {
        Columns::find(&h.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    fn cells(c: &[&str]) -> Vec<Cell> {
        c.iter().map(|s| Cell::Text(s.to_string())).collect()
    }

    #[test]
    fn chinese_headers_with_units_are_read_exactly() {
        let cols = header(&[
            "项目名称",
            "投资方",
            "来源地",
            "行业",
            "地市",
            "阶段",
            "日期",
            "合同外资(万美元)",
        ])
        .expect("header")
        .expect("a header");
        let p = cols
            .read(&cells(&[
                "一体化基地",
                "巴斯夫",
                "德国",
                "制造业",
                "湛江市",
                "签约",
                "2024-03-01",
                "1234.56",
            ]))
            .expect("row");
        assert_eq!(
            (p.country.as_str(), p.industry.as_str(), p.city.as_str()),
            ("DEU", "C", "440800")
        );
        assert_eq!(p.stage, Some(Stage::Signed));
        assert_eq!(p.amounts.contracted_usd, Some(12_345_600.0));
    }

    #[test]
    fn an_amount_without_its_unit_and_a_title_row_are_told_apart() {
        assert!(header(&["2024年招商项目表"]).expect("title").is_none());
        let e = header(&[
            "项目名称",
            "投资方",
            "来源地",
            "行业",
            "地市",
            "日期",
            "合同外资",
        ])
        .expect_err("no unit");
        assert!(e.contains("gives no unit"), "{e}");
    }

    #[test]
    fn a_bad_cell_is_named() {
        let cols = header(&["name", "investor", "country", "industry", "city", "date"])
            .expect("header")
            .expect("a header");
        let e = cols
            .read(&cells(&["P", "I", "Atlantis", "C", "440300", "2024-01-01"]))
            .expect_err("country");
        assert_eq!(
            (e.column.as_str(), e.value.as_str()),
            ("country", "Atlantis")
        );
    }
}

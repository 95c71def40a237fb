//! The reference lists as programs read them (`linkages reference LIST`, the API's
//! `/reference/{list}`): every code Linkages accepts, with its names, and the figures with
//! their labels, so that the dashboard labels figures from the same list as the tables.

use linkages_core::classify::{self, Code, codes};
use linkages_core::indicator::{INDICATORS, dimension_names};
use linkages_core::{Figure, Lang};
use serde_json::{Value, json};

/// The names of the lists.
pub const LISTS: [&str; 16] = [
    "countries",
    "cities",
    "hs_chapters",
    "partner_groups",
    "product_groups",
    "strategic_clusters",
    "indicators",
    "figures",
    "flows",
    "trade_modes",
    "enterprise_types",
    "industries",
    "outsourcing_categories",
    "shores",
    "cooperation_kinds",
    "talent_categories",
];

fn small(list: &[Code]) -> Vec<Value> {
    list.iter()
        .map(|c| json!({"code": c.code, "name_en": c.name_en, "name_zh": c.name_zh}))
        .collect()
}

/// A reference list by name, `None` for a name that is none of [`LISTS`].
pub fn list(name: &str) -> Option<Vec<Value>> {
    Some(match name {
        "countries" => classify::COUNTRIES
            .iter()
            .map(|c| json!({"code": c.alpha3, "alpha2": c.alpha2, "numeric": c.numeric, "name_en": c.name_en, "name_zh": c.name_zh}))
            .collect(),
        "cities" => classify::CITIES
            .iter()
            .map(|c| json!({"code": c.code, "name_en": c.name_en, "name_zh": c.name_zh}))
            .collect(),
        "hs_chapters" => classify::HS_CHAPTERS
            .iter()
            .map(|c| json!({"code": c.code, "name_en": c.name_en, "name_zh": c.name_zh}))
            .collect(),
        "partner_groups" => classify::PARTNER_GROUPS
            .iter()
            .map(|g| json!({"code": g.code, "name_en": g.name_en, "name_zh": g.name_zh, "members": g.members}))
            .collect(),
        "product_groups" => classify::PRODUCT_GROUPS
            .iter()
            .map(|g| json!({"code": g.code, "name_en": g.name_en, "name_zh": g.name_zh, "export_cluster": g.is_export_cluster, "include": g.include, "exclude": g.exclude, "source": g.source}))
            .collect(),
        "strategic_clusters" => classify::STRATEGIC_CLUSTERS
            .iter()
            .map(|(code, en, zh)| json!({"code": code, "name_en": en, "name_zh": zh}))
            .collect(),
        "indicators" => INDICATORS
            .iter()
            .map(|i| json!({"code": i.code, "dataset": i.dataset.name, "name_en": i.name_en, "name_zh": i.name_zh,
                "units": i.columns.iter().map(|c| c.0).collect::<Vec<_>>(),
                "breakdowns": dimension_names(i.dataset)}))
            .collect(),
        "figures" => Figure::ALL
            .iter()
            .map(|f| json!({"code": f.code(), "name_en": f.label(Lang::En), "name_zh": f.label(Lang::Zh)}))
            .collect(),
        "flows" => small(codes::FLOWS),
        "trade_modes" => small(codes::TRADE_MODES),
        "enterprise_types" => small(codes::ENTERPRISE_TYPES),
        "industries" => small(codes::INDUSTRIES),
        "outsourcing_categories" => small(codes::OUTSOURCING_CATEGORIES),
        "shores" => small(codes::SHORES),
        "cooperation_kinds" => small(codes::COOPERATION_KINDS),
        "talent_categories" => small(codes::TALENT_CATEGORIES),
        _ => return None,
    })
}

//! The small code lists of the five linkages: flows, trade modes, enterprise types,
//! industries, outsourcing categories, offshore/onshore, outward cooperation kinds and
//! talent categories. Each entry has a canonical code (stored), English and Chinese names,
//! and the aliases that real files use (Chinese labels, customs codes).

/// One entry of a small code list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    /// Canonical code as stored, e.g. `general`.
    pub code: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Chinese name.
    pub name_zh: &'static str,
    /// Other spellings accepted on input (compared case-insensitively).
    pub aliases: &'static [&'static str],
}

const fn code(
    code: &'static str,
    name_en: &'static str,
    name_zh: &'static str,
    aliases: &'static [&'static str],
) -> Code {
    Code {
        code,
        name_en,
        name_zh,
        aliases,
    }
}

/// Direction of trade, as in customs statistics (进口/出口).
pub static FLOWS: &[Code] = &[
    code("export", "Exports", "出口", &["exports", "e", "x", "出口"]),
    code("import", "Imports", "进口", &["imports", "i", "m", "进口"]),
];

/// Trade modes as grouped in China's customs statistics. Aliases include the customs
/// supervision-mode codes (监管方式代码, GACC) that map to each group; codes not listed
/// belong to `other`.
pub static TRADE_MODES: &[Code] = &[
    code(
        "general",
        "General trade",
        "一般贸易",
        &["general trade", "0110", "一般贸易"],
    ),
    code(
        "processing_imported",
        "Processing with imported materials",
        "进料加工贸易",
        &[
            "processing with imported materials",
            "0615",
            "0715",
            "进料加工",
            "进料加工贸易",
        ],
    ),
    code(
        "processing_supplied",
        "Processing with supplied materials",
        "来料加工装配贸易",
        &[
            "processing with supplied materials",
            "0214",
            "来料加工",
            "来料加工装配贸易",
        ],
    ),
    code(
        "bonded_logistics",
        "Bonded logistics",
        "保税物流",
        &[
            "bonded logistics",
            "1233",
            "1234",
            "5034",
            "6033",
            "保税物流",
            "海关特殊监管区域物流货物",
        ],
    ),
    code(
        "cross_border_ecommerce",
        "Cross-border e-commerce",
        "跨境电子商务",
        &[
            "cross-border e-commerce",
            "9610",
            "9710",
            "9810",
            "1210",
            "1239",
            "跨境电商",
            "跨境电子商务",
        ],
    ),
    code(
        "market_procurement",
        "Market procurement",
        "市场采购",
        &["market procurement", "1039", "市场采购", "市场采购贸易"],
    ),
    code(
        "other",
        "Other trade modes",
        "其他贸易方式",
        &["others", "其他", "其他贸易"],
    ),
];

/// Enterprise types (企业性质) as in customs statistics.
pub static ENTERPRISE_TYPES: &[Code] = &[
    code(
        "state_owned",
        "State-owned enterprises",
        "国有企业",
        &["soe", "state owned", "国有", "国有企业"],
    ),
    code(
        "foreign_invested",
        "Foreign-invested enterprises",
        "外商投资企业",
        &[
            "fie",
            "foreign invested",
            "外资",
            "外资企业",
            "外商投资企业",
        ],
    ),
    code(
        "private",
        "Private enterprises",
        "民营企业",
        &["private enterprises", "民营", "民营企业", "私营企业"],
    ),
    code(
        "other",
        "Other enterprises",
        "其他企业",
        &["others", "其他"],
    ),
];

/// Industry sections of GB/T 4754-2017 (国民经济行业分类), used for foreign investment.
pub static INDUSTRIES: &[Code] = &[
    code(
        "A",
        "Agriculture, forestry, animal husbandry and fishery",
        "农、林、牧、渔业",
        &[],
    ),
    code("B", "Mining", "采矿业", &[]),
    code("C", "Manufacturing", "制造业", &["manufacturing", "制造业"]),
    code(
        "D",
        "Electricity, heat, gas and water",
        "电力、热力、燃气及水生产和供应业",
        &[],
    ),
    code("E", "Construction", "建筑业", &[]),
    code("F", "Wholesale and retail trade", "批发和零售业", &[]),
    code(
        "G",
        "Transport, storage and post",
        "交通运输、仓储和邮政业",
        &[],
    ),
    code("H", "Accommodation and catering", "住宿和餐饮业", &[]),
    code(
        "I",
        "Information transmission, software and IT services",
        "信息传输、软件和信息技术服务业",
        &[],
    ),
    code("J", "Finance", "金融业", &[]),
    code("K", "Real estate", "房地产业", &[]),
    code(
        "L",
        "Leasing and business services",
        "租赁和商务服务业",
        &[],
    ),
    code(
        "M",
        "Scientific research and technical services",
        "科学研究和技术服务业",
        &[],
    ),
    code(
        "N",
        "Water, environment and public facilities management",
        "水利、环境和公共设施管理业",
        &[],
    ),
    code(
        "O",
        "Resident, repair and other services",
        "居民服务、修理和其他服务业",
        &[],
    ),
    code("P", "Education", "教育", &[]),
    code("Q", "Health and social work", "卫生和社会工作", &[]),
    code(
        "R",
        "Culture, sports and entertainment",
        "文化、体育和娱乐业",
        &[],
    ),
    code(
        "S",
        "Public administration and social organisations",
        "公共管理、社会保障和社会组织",
        &[],
    ),
    code("T", "International organisations", "国际组织", &[]),
];

/// Service outsourcing categories (MOFCOM service outsourcing statistics).
pub static OUTSOURCING_CATEGORIES: &[Code] = &[
    code(
        "ITO",
        "Information technology outsourcing",
        "信息技术外包",
        &["信息技术外包"],
    ),
    code(
        "BPO",
        "Business process outsourcing",
        "业务流程外包",
        &["业务流程外包"],
    ),
    code(
        "KPO",
        "Knowledge process outsourcing",
        "知识流程外包",
        &["知识流程外包"],
    ),
];

/// Offshore (for foreign clients) or onshore (domestic clients) outsourcing.
pub static SHORES: &[Code] = &[
    code("offshore", "Offshore", "离岸", &["离岸", "离岸外包"]),
    code("onshore", "Onshore", "在岸", &["在岸", "在岸外包"]),
];

/// Kinds of outward economic cooperation (对外经济合作).
pub static COOPERATION_KINDS: &[Code] = &[
    code(
        "outward_investment",
        "Outward direct investment",
        "对外直接投资",
        &["odi", "outward investment", "对外投资", "对外直接投资"],
    ),
    code(
        "overseas_projects",
        "Overseas contracted projects",
        "对外承包工程",
        &["overseas projects", "contracted projects", "对外承包工程"],
    ),
    code(
        "cooperation_zones",
        "Overseas economic and trade cooperation zones",
        "境外经贸合作区",
        &[
            "cooperation zones",
            "overseas cooperation zones",
            "境外经贸合作区",
        ],
    ),
];

/// Categories of foreign talent (外智) statistics.
pub static TALENT_CATEGORIES: &[Code] = &[
    code(
        "work_permit",
        "Foreigner's work permits",
        "外国人来华工作许可",
        &["work permits", "工作许可", "外国人来华工作许可"],
    ),
    code(
        "high_level_talent",
        "High-level talent recognitions",
        "高层次人才认定",
        &["high-level talent", "高层次人才", "高层次人才认定"],
    ),
    code(
        "rd_institution",
        "Foreign-funded R&D institutions",
        "外资研发机构",
        &["r&d institutions", "外资研发机构", "研发机构"],
    ),
];

/// Looks a raw value up in a small code list: the canonical code, either name or an alias,
/// compared case-insensitively after trimming.
pub fn lookup(list: &'static [Code], raw: &str) -> Option<&'static Code> {
    let raw = raw.trim();
    list.iter().find(|c| {
        c.code.eq_ignore_ascii_case(raw)
            || c.name_en.eq_ignore_ascii_case(raw)
            || c.name_zh == raw
            || c.aliases.iter().any(|a| a.eq_ignore_ascii_case(raw))
    })
}

//! Partner groups and product groups used in China's trade statistics.
//!
//! Partner groups are lists of ISO alpha-3 codes; product groups are HS prefix rules.
//! Where an official list is defined at a finer level than HS 4/6 digits (the high-tech
//! catalogue is defined at 8/10 digits), the rule here is an approximation at HS 4/6
//! digits, and says so.

/// A named group of partners (countries and territories).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartnerGroup {
    /// Canonical code, e.g. `asean`.
    pub code: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Chinese name.
    pub name_zh: &'static str,
    /// Where the membership list comes from.
    pub source: &'static str,
    /// Members as ISO 3166-1 alpha-3 codes.
    pub members: &'static [&'static str],
}

const ASEAN: &[&str] = &[
    "BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM",
];

/// The partner groups of Guangdong's trade statistics.
pub static PARTNER_GROUPS: &[PartnerGroup] = &[
    PartnerGroup {
        code: "asean",
        name_en: "ASEAN",
        name_zh: "东盟",
        source: "ASEAN member states (asean.org), ten members since 1999",
        members: ASEAN,
    },
    PartnerGroup {
        code: "eu",
        name_en: "European Union",
        name_zh: "欧盟",
        source: "EU member states since 1 February 2020 (EU27), applied to all periods as in \
                 China's customs statistics from 2020",
        members: &[
            "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC",
            "HUN", "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK",
            "SVN", "ESP", "SWE",
        ],
    },
    PartnerGroup {
        code: "rcep",
        name_en: "RCEP partners",
        name_zh: "RCEP成员",
        source: "Regional Comprehensive Economic Partnership signatories other than China: \
                 ASEAN, Japan, Korea, Australia, New Zealand",
        members: &[
            "BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", "JPN", "KOR",
            "AUS", "NZL",
        ],
    },
    PartnerGroup {
        code: "belt_and_road",
        name_en: "Belt and Road countries",
        name_zh: "“一带一路”沿线国家",
        source: "the 65 countries along the Belt and Road used in China's official statistics \
                 (一带一路沿线国家): Mongolia, ASEAN, West Asia 18, South Asia 8, Central Asia 5, \
                 CIS 7, Central and Eastern Europe 16",
        members: &[
            "MNG", // East Asia
            "BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM", // ASEAN
            "IRN", "IRQ", "TUR", "SYR", "JOR", "LBN", "ISR", "PSE", "SAU", "YEM", "OMN", "ARE",
            "QAT", "KWT", "BHR", "GRC", "CYP", "EGY", // West Asia and North Africa
            "IND", "PAK", "BGD", "AFG", "NPL", "BTN", "LKA", "MDV", // South Asia
            "KAZ", "UZB", "TKM", "KGZ", "TJK", // Central Asia
            "RUS", "UKR", "BLR", "GEO", "AZE", "ARM", "MDA", // CIS
            "POL", "LTU", "EST", "LVA", "CZE", "SVK", "HUN", "SVN", "HRV", "BIH", "MNE", "SRB",
            "ALB", "ROU", "BGR", "MKD", // Central and Eastern Europe
        ],
    },
    PartnerGroup {
        code: "middle_east",
        name_en: "Middle East",
        name_zh: "中东",
        source: "West Asia and Egypt as grouped in MOFCOM country guides: GCC, Iran, Iraq, \
                 Israel, Jordan, Lebanon, Syria, Palestine, Yemen, Türkiye, Egypt",
        members: &[
            "SAU", "ARE", "QAT", "KWT", "BHR", "OMN", "YEM", "IRN", "IRQ", "ISR", "JOR", "LBN",
            "SYR", "PSE", "TUR", "EGY",
        ],
    },
    PartnerGroup {
        code: "africa",
        name_en: "Africa",
        name_zh: "非洲",
        source: "the 54 African states of the African Union and UN M49 region Africa, plus Western Sahara",
        members: &[
            "DZA", "AGO", "BEN", "BWA", "BFA", "BDI", "CPV", "CMR", "CAF", "TCD", "COM", "COG",
            "COD", "CIV", "DJI", "EGY", "GNQ", "ERI", "SWZ", "ETH", "GAB", "GMB", "GHA", "GIN",
            "GNB", "KEN", "LSO", "LBR", "LBY", "MDG", "MWI", "MLI", "MRT", "MUS", "MAR", "MOZ",
            "NAM", "NER", "NGA", "RWA", "STP", "SEN", "SYC", "SLE", "SOM", "ZAF", "SSD", "SDN",
            "TZA", "TGO", "TUN", "UGA", "ZMB", "ZWE", "ESH",
        ],
    },
    PartnerGroup {
        code: "latin_america",
        name_en: "Latin America",
        name_zh: "拉丁美洲",
        source: "the 33 member states of CELAC (Latin America and the Caribbean)",
        members: &[
            "ARG", "BOL", "BRA", "CHL", "COL", "ECU", "GUY", "PRY", "PER", "SUR", "URY", "VEN",
            "BLZ", "CRI", "SLV", "GTM", "HND", "MEX", "NIC", "PAN", "ATG", "BHS", "BRB", "CUB",
            "DMA", "DOM", "GRD", "HTI", "JAM", "KNA", "LCA", "VCT", "TTO",
        ],
    },
    PartnerGroup {
        code: "hk_macao_taiwan",
        name_en: "Hong Kong, Macao and Taiwan",
        name_zh: "港澳台",
        source: "Hong Kong SAR, Macao SAR and Taiwan region, reported separately in China's statistics",
        members: &["HKG", "MAC", "TWN"],
    },
];

/// A named group of products, defined by HS code prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProductGroup {
    /// Canonical code, e.g. `high_tech`.
    pub code: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Chinese name.
    pub name_zh: &'static str,
    /// Whether it is one of the four export clusters of the 2024 "Five External Linkages"
    /// opinions (electronic information, modern light industry and textiles, smart home
    /// appliances, new energy storage).
    pub is_export_cluster: bool,
    /// Where the definition comes from, and how it is approximated.
    pub source: &'static str,
    /// A product belongs when its HS code starts with one of these prefixes…
    pub include: &'static [&'static str],
    /// …and with none of these.
    pub exclude: &'static [&'static str],
}

impl ProductGroup {
    /// Whether an HS code (digits only) belongs to the group. A code shorter than the rule
    /// that would decide it (e.g. chapter `85` against prefix `8517`) does not belong.
    pub fn contains(&self, hs: &str) -> bool {
        self.include.iter().any(|p| hs.starts_with(p))
            && !self.exclude.iter().any(|p| hs.starts_with(p))
    }
}

/// Photovoltaic cells and modules (HS 2022): reported with the "new three", not as high-tech,
/// so that the two groups do not double count in a brief.
const PV: &[&str] = &["854142", "854143"];

/// The product groups of Guangdong's trade statistics.
pub static PRODUCT_GROUPS: &[ProductGroup] = &[
    ProductGroup {
        code: "high_tech",
        name_en: "High-tech products",
        name_zh: "高新技术产品",
        is_export_cluster: false,
        source: "MOFCOM/GACC catalogue of high-tech products (高新技术产品目录), defined at 8/10 \
                 digits; approximated here at HS 4/6 digits: computers and telecoms, integrated \
                 circuits and semiconductors, optoelectronics, life sciences, aerospace, \
                 precision instruments, semiconductor equipment and robots",
        include: &[
            "8471", "847330", "8517", "8525", "8526", "8541", "8542", "8486", "847950", "9013",
            "9018", "9022", "9027", "9030", "9031", "8802", "8806", "8807", "3002",
        ],
        exclude: PV,
    },
    ProductGroup {
        code: "electromechanical",
        name_en: "Electromechanical products",
        name_zh: "机电产品",
        is_export_cluster: false,
        source: "GACC electromechanical products, approximated by HS chapters 84-91 \
                 (machinery, electrical equipment, transport equipment, instruments, clocks)",
        include: &["84", "85", "86", "87", "88", "89", "90", "91"],
        exclude: &[],
    },
    ProductGroup {
        code: "new_three",
        name_en: "The \"new three\" (electric vehicles, lithium batteries, solar cells)",
        name_zh: "“新三样”产品",
        is_export_cluster: false,
        source: "GACC: electric passenger vehicles (HS 870380 battery electric, 870360/870370 \
                 plug-in hybrid), lithium-ion batteries (850760), photovoltaic cells and modules \
                 (854142, 854143)",
        include: &["870380", "870360", "870370", "850760", "854142", "854143"],
        exclude: &[],
    },
    ProductGroup {
        code: "labour_intensive",
        name_en: "Labour-intensive products",
        name_zh: "劳动密集型产品",
        is_export_cluster: false,
        source: "GACC labour-intensive products: textiles and garments (HS 50-63), bags and \
                 cases (42), footwear (64), furniture and bedding (9401, 9403, 9404), toys (95), \
                 plastic articles (3926)",
        include: &[
            "42", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61", "62",
            "63", "64", "9401", "9403", "9404", "95", "3926",
        ],
        exclude: &[],
    },
    ProductGroup {
        code: "electronic_information",
        name_en: "Electronic information",
        name_zh: "电子信息",
        is_export_cluster: true,
        source: "export cluster named in the 2024 opinions (Article on trillion-yuan export \
                 clusters); HS: computers, phones, audio-visual, components, semiconductors",
        include: &[
            "8471", "8473", "8517", "8518", "8519", "8521", "8523", "8525", "8528", "8529", "8532",
            "8533", "8534", "8541", "8542",
        ],
        exclude: PV,
    },
    ProductGroup {
        code: "light_industry_textiles",
        name_en: "Modern light industry and textiles",
        name_zh: "现代轻工纺织",
        is_export_cluster: true,
        source: "export cluster named in the 2024 opinions; HS: textiles and garments, \
                 footwear, headgear, leather goods, furniture, toys, cosmetics, plastic and \
                 ceramic household articles, imitation jewellery",
        include: &[
            "33", "3924", "3926", "42", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59",
            "60", "61", "62", "63", "64", "65", "66", "67", "69", "7117", "9401", "9403", "9404",
            "95", "96",
        ],
        exclude: &[],
    },
    ProductGroup {
        code: "smart_home_appliances",
        name_en: "Smart home appliances",
        name_zh: "智能家电",
        is_export_cluster: true,
        source: "export cluster named in the 2024 opinions; HS: air conditioners, \
                 refrigerators, dishwashers, washing machines, vacuum cleaners, domestic \
                 electromechanical appliances, shavers, electric heating and cooking appliances",
        include: &[
            "8415", "8418", "842211", "8450", "8508", "8509", "8510", "8516",
        ],
        exclude: &[],
    },
    ProductGroup {
        code: "new_energy_storage",
        name_en: "New energy storage",
        name_zh: "新型储能",
        is_export_cluster: true,
        source: "export cluster named in the 2024 opinions; HS: accumulators (8507), \
                 photovoltaic cells and modules (854142, 854143), static converters and \
                 inverters (850440), generating sets (8502)",
        include: &["8507", "854142", "854143", "850440", "8502"],
        exclude: &[],
    },
];

/// Guangdong's 20 strategic industrial clusters (十大战略性支柱产业集群 and
/// 十大战略性新兴产业集群), from the provincial government's 2020 opinions on cultivating
/// strategic industrial clusters, restated in the 2025 modern industrial system conference.
pub static STRATEGIC_CLUSTERS: &[(&str, &str, &str)] = &[
    (
        "electronic_information",
        "New-generation electronic information",
        "新一代电子信息",
    ),
    ("green_petrochemicals", "Green petrochemicals", "绿色石化"),
    ("smart_home_appliances", "Smart home appliances", "智能家电"),
    ("automobiles", "Automobiles", "汽车"),
    ("advanced_materials", "Advanced materials", "先进材料"),
    (
        "light_industry_textiles",
        "Modern light industry and textiles",
        "现代轻工纺织",
    ),
    (
        "software_it_services",
        "Software and information services",
        "软件与信息服务",
    ),
    (
        "uhd_video_display",
        "Ultra-high-definition video and display",
        "超高清视频显示",
    ),
    (
        "biomedicine_health",
        "Biomedicine and health",
        "生物医药与健康",
    ),
    (
        "modern_agriculture_food",
        "Modern agriculture and food",
        "现代农业与食品",
    ),
    (
        "semiconductors_ic",
        "Semiconductors and integrated circuits",
        "半导体与集成电路",
    ),
    (
        "high_end_equipment",
        "High-end equipment manufacturing",
        "高端装备制造",
    ),
    ("intelligent_robots", "Intelligent robots", "智能机器人"),
    (
        "blockchain_quantum",
        "Blockchain and quantum information",
        "区块链与量子信息",
    ),
    ("frontier_materials", "Frontier new materials", "前沿新材料"),
    ("new_energy", "New energy", "新能源"),
    (
        "laser_additive",
        "Laser and additive manufacturing",
        "激光与增材制造",
    ),
    ("digital_creative", "Digital creativity", "数字创意"),
    (
        "safety_environment",
        "Safety, emergency and environmental protection",
        "安全应急与环保",
    ),
    (
        "precision_instruments",
        "Precision instruments and equipment",
        "精密仪器设备",
    ),
];

/// Looks a partner group up by its code.
pub fn partner_group(code: &str) -> Option<&'static PartnerGroup> {
    PARTNER_GROUPS.iter().find(|g| g.code == code)
}

/// Looks a product group up by its code.
pub fn product_group(code: &str) -> Option<&'static ProductGroup> {
    PRODUCT_GROUPS.iter().find(|g| g.code == code)
}

#[cfg(test)]
mod rule_tests {
    /// Rollups keep six-digit product codes: every rule must decide on six digits or fewer.
    #[test]
    fn product_group_rules_need_at_most_six_digits() {
        for g in super::PRODUCT_GROUPS {
            for rule in g.include.iter().chain(g.exclude) {
                assert!(rule.len() <= 6, "{}: rule {rule}", g.code);
            }
        }
    }
}

//! The five linkages and their datasets: typed schemas, keys and the column names (with
//! the Chinese headers real files carry) that ingestion accepts.

use crate::classify::CodeList;

/// One of the Five External Linkages (五外联动).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Linkage {
    /// 外贸 foreign trade.
    Trade,
    /// 外资 foreign investment.
    Investment,
    /// 外包 service outsourcing.
    Outsourcing,
    /// 外经 outward economic cooperation.
    Cooperation,
    /// 外智 foreign talent.
    Talent,
}

impl Linkage {
    /// All five, in the order the sources list them.
    pub const ALL: [Linkage; 5] = [
        Linkage::Trade,
        Linkage::Investment,
        Linkage::Outsourcing,
        Linkage::Cooperation,
        Linkage::Talent,
    ];

    /// Canonical code.
    pub fn code(self) -> &'static str {
        match self {
            Linkage::Trade => "trade",
            Linkage::Investment => "investment",
            Linkage::Outsourcing => "outsourcing",
            Linkage::Cooperation => "cooperation",
            Linkage::Talent => "talent",
        }
    }

    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Linkage::Trade => "Foreign trade",
            Linkage::Investment => "Foreign investment",
            Linkage::Outsourcing => "Service outsourcing",
            Linkage::Cooperation => "Outward economic cooperation",
            Linkage::Talent => "Foreign talent",
        }
    }

    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            Linkage::Trade => "外贸",
            Linkage::Investment => "外资",
            Linkage::Outsourcing => "外包",
            Linkage::Cooperation => "外经",
            Linkage::Talent => "外智",
        }
    }

    /// The name in the reader's language.
    pub fn name(self, lang: crate::Lang) -> &'static str {
        lang.pick(self.name_zh(), self.name_en())
    }
}

/// A code that names none of the five linkages.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a linkage; use trade, investment, outsourcing, cooperation or talent")]
pub struct LinkageError(pub String);

impl std::str::FromStr for Linkage {
    type Err = LinkageError;

    /// Reads a linkage's code (`trade`, `investment`, …).
    fn from_str(raw: &str) -> Result<Linkage, LinkageError> {
        Linkage::ALL
            .into_iter()
            .find(|k| k.code() == raw.trim())
            .ok_or_else(|| LinkageError(raw.to_string()))
    }
}

/// What a column holds, which decides how raw cells are parsed and checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// A month; stored as `period` (text `YYYY-MM`) with derived `year` and `month` integers.
    Period,
    /// A calendar year, for annual datasets; stored as the integer `year`.
    Year,
    /// A code from a reference list, stored normalised.
    Code(CodeList),
    /// A non-negative amount of money (yuan or US dollars, not 亿元).
    Amount,
    /// A non-negative physical quantity.
    Quantity,
    /// A non-negative whole number.
    Count,
}

/// One column of a dataset as users supply it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// Canonical name, as stored and queried.
    pub name: &'static str,
    /// What it holds.
    pub kind: ColumnKind,
    /// Whether every row must have a value.
    pub required: bool,
    /// Other header spellings accepted on input (case-insensitive), Chinese ones included.
    pub aliases: &'static [&'static str],
    /// One line of documentation, with the unit.
    pub doc: &'static str,
}

/// The physical type of a stored column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredType {
    /// UTF-8 text.
    Text,
    /// 32-bit integer.
    Int32,
    /// 64-bit integer.
    Int64,
    /// 64-bit float.
    Float64,
}

/// A column as stored in Parquet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredColumn {
    /// Column name.
    pub name: &'static str,
    /// Physical type.
    pub ty: StoredType,
    /// Whether nulls are allowed.
    pub nullable: bool,
}

/// A dataset: one table of statistics with a typed schema and a unique key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dataset {
    /// Name used on the command line, in SQL and in the API.
    pub name: &'static str,
    /// The linkage it measures.
    pub linkage: Linkage,
    /// English title.
    pub title_en: &'static str,
    /// Chinese title.
    pub title_zh: &'static str,
    /// Columns as supplied, in order.
    pub columns: &'static [Column],
    /// Columns whose values identify a row; two rows with the same key are duplicates.
    pub key: &'static [&'static str],
    /// Aggregates kept beside each version, smallest first (see [`Rollup`]).
    pub rollups: &'static [Rollup],
    /// Columns whose codes are different quantities (outward investment and project
    /// turnover; people and institutions): rows of different codes are never summed, so
    /// every indicator of the dataset fixes each of these columns to one code.
    pub quantity_columns: &'static [&'static str],
}

/// An aggregate of a dataset kept beside each version: its amounts and counts summed by
/// `keys`. Queries that need no other column read it instead of the rows: the brief reads
/// thousands of rows instead of a hundred million.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rollup {
    /// Name; the table is `<dataset>_v<N>_<name>`.
    pub name: &'static str,
    /// Grouping columns. `product6` is the product code cut to six digits (HS subheading),
    /// enough for HS chapters, headings and every product group rule.
    pub keys: &'static [&'static str],
}

/// The six-digit product key of rollups.
pub const PRODUCT6: &str = "product6";

const fn col(
    name: &'static str,
    kind: ColumnKind,
    required: bool,
    aliases: &'static [&'static str],
    doc: &'static str,
) -> Column {
    Column {
        name,
        kind,
        required,
        aliases,
        doc,
    }
}

use ColumnKind::*;

const PERIOD: Column = col(
    "period",
    Period,
    true,
    &["month", "月份", "时间", "统计月份"],
    "statistical month, YYYY-MM",
);
const CITY: Column = col(
    "city",
    Code(CodeList::City),
    true,
    &["city_code", "城市", "地市", "地区"],
    "Guangdong city, GB/T 2260 code",
);

/// Foreign trade by month, flow, city, partner, product, trade mode and enterprise type.
pub static TRADE: Dataset = Dataset {
    name: "trade",
    linkage: Linkage::Trade,
    title_en: "Foreign trade",
    title_zh: "货物进出口",
    columns: &[
        PERIOD,
        col(
            "flow",
            Code(CodeList::Flow),
            true,
            &["进出口", "direction", "贸易流向"],
            "export or import",
        ),
        CITY,
        col(
            "partner",
            Code(CodeList::Country),
            true,
            &["country", "国别", "国家", "国别地区", "贸易伙伴"],
            "partner country, ISO 3166-1 alpha-3",
        ),
        col(
            "product",
            Code(CodeList::Hs),
            true,
            &["hs", "hs_code", "商品编码", "税号"],
            "HS code, 2 to 8 digits",
        ),
        col(
            "trade_mode",
            Code(CodeList::TradeMode),
            true,
            &["mode", "贸易方式"],
            "trade mode group",
        ),
        col(
            "enterprise_type",
            Code(CodeList::EnterpriseType),
            true,
            &["企业性质", "企业类型"],
            "enterprise type",
        ),
        col(
            "value_cny",
            Amount,
            true,
            &["人民币", "金额_人民币", "人民币金额", "value_rmb"],
            "value in yuan",
        ),
        col(
            "value_usd",
            Amount,
            true,
            &["美元", "金额_美元", "美元金额"],
            "value in US dollars",
        ),
        col(
            "quantity",
            Quantity,
            false,
            &["数量"],
            "quantity in the legal unit of the product",
        ),
    ],
    key: &[
        "period",
        "flow",
        "city",
        "partner",
        "product",
        "trade_mode",
        "enterprise_type",
    ],
    rollups: &[
        Rollup {
            name: "by_partner",
            keys: &["period", "year", "month", "flow", "partner"],
        },
        Rollup {
            name: "by_product",
            keys: &["period", "year", "month", "flow", PRODUCT6],
        },
        Rollup {
            name: "by_city",
            keys: &[
                "period",
                "year",
                "month",
                "flow",
                "city",
                "trade_mode",
                "enterprise_type",
            ],
        },
    ],
    quantity_columns: &[],
};

/// Foreign direct investment by month, city, source country and industry.
pub static INVESTMENT: Dataset = Dataset {
    name: "investment",
    linkage: Linkage::Investment,
    title_en: "Foreign investment",
    title_zh: "利用外资",
    columns: &[
        PERIOD,
        CITY,
        col(
            "source",
            Code(CodeList::Country),
            true,
            &["source_country", "来源地", "国别", "投资来源地"],
            "investor's country, ISO 3166-1 alpha-3",
        ),
        col(
            "industry",
            Code(CodeList::Industry),
            true,
            &["行业", "行业门类"],
            "GB/T 4754 section",
        ),
        col(
            "projects",
            Count,
            true,
            &["项目数", "新设项目数", "new_projects"],
            "number of newly established projects",
        ),
        col(
            "contracted_cny",
            Amount,
            true,
            &["合同外资_人民币", "合同外资金额"],
            "contracted foreign capital, yuan",
        ),
        col(
            "contracted_usd",
            Amount,
            true,
            &["合同外资_美元"],
            "contracted foreign capital, US dollars",
        ),
        col(
            "actual_cny",
            Amount,
            true,
            &["实际使用外资_人民币", "实际使用外资金额", "实际使用外资"],
            "actual use of foreign capital, yuan",
        ),
        col(
            "actual_usd",
            Amount,
            true,
            &["实际使用外资_美元"],
            "actual use of foreign capital, US dollars",
        ),
    ],
    key: &["period", "city", "source", "industry"],
    rollups: &[],
    quantity_columns: &[],
};

/// Service outsourcing by month, city, client country, category and shore.
pub static OUTSOURCING: Dataset = Dataset {
    name: "outsourcing",
    linkage: Linkage::Outsourcing,
    title_en: "Service outsourcing",
    title_zh: "服务外包",
    columns: &[
        PERIOD,
        CITY,
        col(
            "client",
            Code(CodeList::Country),
            true,
            &["client_country", "发包国", "发包国别", "国别"],
            "client's country (CHN for onshore), ISO 3166-1 alpha-3",
        ),
        col(
            "category",
            Code(CodeList::OutsourcingCategory),
            true,
            &["类别", "业务类别"],
            "ITO, BPO or KPO",
        ),
        col(
            "shore",
            Code(CodeList::Shore),
            true,
            &["离岸在岸", "offshore_onshore"],
            "offshore or onshore",
        ),
        col(
            "contracted_usd",
            Amount,
            true,
            &["合同金额", "合同执行额_美元"],
            "contracted value, US dollars",
        ),
        col(
            "executed_usd",
            Amount,
            true,
            &["执行金额", "执行额"],
            "executed value, US dollars",
        ),
    ],
    key: &["period", "city", "client", "category", "shore"],
    rollups: &[],
    quantity_columns: &[],
};

/// Outward economic cooperation by month, city, destination and kind.
pub static COOPERATION: Dataset = Dataset {
    name: "cooperation",
    linkage: Linkage::Cooperation,
    title_en: "Outward economic cooperation",
    title_zh: "对外经济合作",
    columns: &[
        PERIOD,
        CITY,
        col(
            "destination",
            Code(CodeList::Country),
            true,
            &["目的地", "国别", "东道国"],
            "host country, ISO 3166-1 alpha-3",
        ),
        col(
            "kind",
            Code(CodeList::CooperationKind),
            true,
            &["类型", "业务类型"],
            "outward investment, overseas projects or cooperation zones",
        ),
        col(
            "value_usd",
            Amount,
            true,
            &["金额", "金额_美元"],
            "investment, turnover or zone output, US dollars",
        ),
        col(
            "exports_driven_usd",
            Amount,
            true,
            &["带动出口", "带动出口_美元"],
            "goods exports driven, US dollars",
        ),
    ],
    key: &["period", "city", "destination", "kind"],
    rollups: &[],
    quantity_columns: &["kind"],
};

/// Foreign talent by month, city, origin and category.
pub static TALENT: Dataset = Dataset {
    name: "talent",
    linkage: Linkage::Talent,
    title_en: "Foreign talent",
    title_zh: "引进外智",
    columns: &[
        PERIOD,
        CITY,
        col(
            "origin",
            Code(CodeList::Country),
            true,
            &["来源国", "国籍", "国别"],
            "country of origin, ISO 3166-1 alpha-3",
        ),
        col(
            "category",
            Code(CodeList::TalentCategory),
            true,
            &["类别"],
            "work permits, high-level talent or R&D institutions",
        ),
        col(
            "count",
            Count,
            true,
            &["人数", "数量", "number"],
            "number of permits, recognitions or institutions",
        ),
    ],
    key: &["period", "city", "origin", "category"],
    rollups: &[],
    quantity_columns: &["category"],
};

/// World exports by year, reporter and product (e.g. from UN Comtrade or CEPII BACI): the
/// reference matrix that economic complexity and opportunities are computed on.
pub static WORLD: Dataset = Dataset {
    name: "world",
    linkage: Linkage::Trade,
    title_en: "World exports",
    title_zh: "世界出口",
    columns: &[
        col("year", Year, true, &["年份", "time"], "calendar year"),
        col(
            "reporter",
            Code(CodeList::Country),
            true,
            &["reporter_iso", "country", "exporter", "报告国"],
            "exporting country, ISO 3166-1 alpha-3",
        ),
        col(
            "product",
            Code(CodeList::Hs),
            true,
            &["product_code", "hs", "hs4", "商品编码"],
            "HS code",
        ),
        col(
            "value_usd",
            Amount,
            true,
            &["export_value_usd", "value", "export_value", "出口额"],
            "exports, US dollars",
        ),
    ],
    key: &["year", "reporter", "product"],
    rollups: &[],
    quantity_columns: &[],
};

/// World trade by year, exporter, importer and product (CEPII BACI, UN Comtrade): the
/// bilateral table markets, export growth and export potential are computed on. BACI's own
/// files are read by `linkages ingest --baci-countries` (numeric codes through BACI's
/// country table, values in 千美元).
pub static WORLD_BILATERAL: Dataset = Dataset {
    name: "world_bilateral",
    linkage: Linkage::Trade,
    title_en: "World trade by partner",
    title_zh: "世界双边贸易",
    columns: &[
        col("year", Year, true, &["年份", "t"], "calendar year"),
        col(
            "exporter",
            Code(CodeList::Country),
            true,
            &["exporter_iso", "出口国"],
            "exporting country, ISO 3166-1 alpha-3",
        ),
        col(
            "importer",
            Code(CodeList::Country),
            true,
            &["importer_iso", "进口国"],
            "importing country, ISO 3166-1 alpha-3",
        ),
        col(
            "product",
            Code(CodeList::Hs),
            true,
            &["hs6", "product_code", "商品编码"],
            "HS code (six digits in BACI)",
        ),
        col(
            "value_usd",
            Amount,
            true,
            &["value", "trade_value_usd", "贸易额"],
            "value, US dollars",
        ),
        col(
            "quantity",
            Quantity,
            false,
            &["数量"],
            "quantity, metric tons in BACI",
        ),
    ],
    key: &["year", "exporter", "importer", "product"],
    rollups: &[],
    quantity_columns: &[],
};

/// Every dataset Linkages knows.
pub static DATASETS: [&Dataset; 7] = [
    &TRADE,
    &INVESTMENT,
    &OUTSOURCING,
    &COOPERATION,
    &TALENT,
    &WORLD,
    &WORLD_BILATERAL,
];

/// Looks a dataset up by name.
pub fn dataset(name: &str) -> Option<&'static Dataset> {
    DATASETS.iter().copied().find(|d| d.name == name)
}

impl Dataset {
    /// The columns rollups sum: amounts and counts (not quantities, which only add up
    /// within one product).
    pub fn measures(&self) -> impl Iterator<Item = &'static Column> {
        self.columns
            .iter()
            .filter(|c| matches!(c.kind, ColumnKind::Amount | ColumnKind::Count))
    }

    /// The columns as stored: a period column becomes `period`, `year` and `month`.
    pub fn stored_columns(&self) -> Vec<StoredColumn> {
        let mut out = Vec::new();
        for c in self.columns {
            let nullable = !c.required;
            match c.kind {
                Period => {
                    out.push(StoredColumn {
                        name: c.name,
                        ty: StoredType::Text,
                        nullable,
                    });
                    out.push(StoredColumn {
                        name: "year",
                        ty: StoredType::Int32,
                        nullable,
                    });
                    out.push(StoredColumn {
                        name: "month",
                        ty: StoredType::Int32,
                        nullable,
                    });
                }
                Year => out.push(StoredColumn {
                    name: c.name,
                    ty: StoredType::Int32,
                    nullable,
                }),
                Code(_) => out.push(StoredColumn {
                    name: c.name,
                    ty: StoredType::Text,
                    nullable,
                }),
                Amount | Quantity => out.push(StoredColumn {
                    name: c.name,
                    ty: StoredType::Float64,
                    nullable,
                }),
                Count => out.push(StoredColumn {
                    name: c.name,
                    ty: StoredType::Int64,
                    nullable,
                }),
            }
        }
        out
    }

    /// The column that identifies a statistical period: `period` for monthly datasets,
    /// `year` for annual ones. An ingest replaces the periods it contains.
    pub fn period_column(&self) -> &'static str {
        if self.columns.iter().any(|c| c.kind == Period) {
            "period"
        } else {
            "year"
        }
    }

    /// Finds a column by canonical name.
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

//! Reference classifications: where every code Linkages accepts comes from, and how raw
//! spellings are normalised to the canonical code that is stored.

pub mod cities;
pub mod codes;
pub mod countries;
pub mod groups;
pub mod hs;

use std::collections::HashMap;
use std::sync::LazyLock;

pub use cities::{CITIES, City, Region};
pub use codes::Code;
pub use countries::{COUNTRIES, Country};
pub use groups::{PARTNER_GROUPS, PRODUCT_GROUPS, PartnerGroup, ProductGroup, STRATEGIC_CLUSTERS};
pub use hs::{HS_CHAPTERS, HsChapter};

/// The code lists a dataset column can be checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeList {
    /// Export or import.
    Flow,
    /// One of Guangdong's 21 cities (GB/T 2260).
    City,
    /// A country or territory (ISO 3166-1).
    Country,
    /// An HS product code of 2, 4, 6 or 8 digits.
    Hs,
    /// A customs trade mode group.
    TradeMode,
    /// An enterprise type.
    EnterpriseType,
    /// A GB/T 4754 industry section.
    Industry,
    /// ITO, BPO or KPO.
    OutsourcingCategory,
    /// Offshore or onshore.
    Shore,
    /// A kind of outward economic cooperation.
    CooperationKind,
    /// A category of foreign talent.
    TalentCategory,
}

impl CodeList {
    /// Human name of the list, used in error messages.
    pub fn name(self) -> &'static str {
        match self {
            CodeList::Flow => "flow (export/import)",
            CodeList::City => "Guangdong city (GB/T 2260)",
            CodeList::Country => "country (ISO 3166-1)",
            CodeList::Hs => "HS product code (2, 4, 6 or 8 digits)",
            CodeList::TradeMode => "trade mode",
            CodeList::EnterpriseType => "enterprise type",
            CodeList::Industry => "industry section (GB/T 4754 A-T)",
            CodeList::OutsourcingCategory => "outsourcing category (ITO/BPO/KPO)",
            CodeList::Shore => "offshore/onshore",
            CodeList::CooperationKind => "outward cooperation kind",
            CodeList::TalentCategory => "talent category",
        }
    }

    /// The entries of a small code list; `None` for cities, countries and HS codes, which
    /// have lists of their own.
    pub fn small(self) -> Option<&'static [Code]> {
        match self {
            CodeList::Flow => Some(codes::FLOWS),
            CodeList::TradeMode => Some(codes::TRADE_MODES),
            CodeList::EnterpriseType => Some(codes::ENTERPRISE_TYPES),
            CodeList::Industry => Some(codes::INDUSTRIES),
            CodeList::OutsourcingCategory => Some(codes::OUTSOURCING_CATEGORIES),
            CodeList::Shore => Some(codes::SHORES),
            CodeList::CooperationKind => Some(codes::COOPERATION_KINDS),
            CodeList::TalentCategory => Some(codes::TALENT_CATEGORIES),
            CodeList::City | CodeList::Country | CodeList::Hs => None,
        }
    }

    /// Normalises a raw value to the canonical code, or `None` when it is not in the list.
    pub fn normalise(self, raw: &str) -> Option<String> {
        if let Some(list) = self.small() {
            return codes::lookup(list, raw).map(|c| c.code.to_string());
        }
        match self {
            CodeList::City => city(raw).map(|c| c.code.to_string()),
            CodeList::Country => country(raw).map(|c| c.alpha3.to_string()),
            _ => normalise_hs(raw),
        }
    }
}

static COUNTRY_INDEX: LazyLock<HashMap<String, &'static Country>> = LazyLock::new(|| {
    let mut index = HashMap::new();
    for c in COUNTRIES {
        index.insert(c.alpha2.to_string(), c);
        index.insert(c.alpha3.to_string(), c);
        index.insert(c.numeric.to_string(), c);
        index.insert(format!("{:03}", c.numeric), c);
        index.insert(c.name_en.to_uppercase(), c);
        index.insert(c.name_zh.to_string(), c);
        // Hong Kong, Macao and Taiwan as Chinese statistics write them in tables (香港, not
        // 中国香港, in the source column of investment tables).
        if let Some(short) = c.name_zh.strip_prefix("中国") {
            index.insert(short.to_string(), c);
        }
    }
    index
});

/// Finds a country by alpha-2, alpha-3, numeric code, English or Chinese name.
pub fn country(raw: &str) -> Option<&'static Country> {
    COUNTRY_INDEX.get(&raw.trim().to_uppercase()).copied()
}

/// Finds a Guangdong city by six-digit or four-digit GB/T 2260 code, or by name
/// (English, or Chinese with or without 市).
pub fn city(raw: &str) -> Option<&'static City> {
    let raw = raw.trim();
    let zh = raw.strip_suffix('市').unwrap_or(raw);
    CITIES.iter().find(|c| {
        c.code == raw
            || (raw.len() == 4 && c.code.starts_with(raw) && c.code.ends_with("00"))
            || c.name_zh == zh
            || c.name_en.eq_ignore_ascii_case(raw)
    })
}

/// Normalises an HS code: dots and spaces removed (`8517.12` → `851712`), 2, 4, 6 or 8
/// digits, in a valid chapter.
pub fn normalise_hs(raw: &str) -> Option<String> {
    let digits: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | ' '))
        .collect();
    if !matches!(digits.len(), 2 | 4 | 6 | 8) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    hs_chapter(&digits[..2])?;
    Some(digits)
}

/// Finds an HS chapter by its two-digit code.
pub fn hs_chapter(code: &str) -> Option<&'static HsChapter> {
    HS_CHAPTERS.iter().find(|c| c.code == code)
}

/// The partner groups a country (alpha-3) belongs to.
pub fn groups_of_partner(alpha3: &str) -> impl Iterator<Item = &'static PartnerGroup> + '_ {
    PARTNER_GROUPS
        .iter()
        .filter(move |g| g.members.contains(&alpha3))
}

/// The product groups an HS code belongs to.
pub fn groups_of_product(hs: &str) -> impl Iterator<Item = &'static ProductGroup> + '_ {
    PRODUCT_GROUPS.iter().filter(move |g| g.contains(hs))
}

/// A strategic cluster's code from its code, English or Chinese name.
pub fn strategic_cluster(raw: &str) -> Option<&'static str> {
    let raw = raw.trim();
    STRATEGIC_CLUSTERS
        .iter()
        .find(|(code, en, zh)| {
            code.eq_ignore_ascii_case(raw) || en.eq_ignore_ascii_case(raw) || *zh == raw
        })
        .map(|c| c.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// An HS code written with dots and spaces normalises to its digits, whatever the
        /// spelling; a normalised code is digits of an even length from 2 to 8, in a real
        /// chapter; normalising is idempotent.
        #[test]
        fn hs_codes_normalise_to_their_digits(chapter in 1u32..=97, rest in "[0-9]{0,6}", dot in 0usize..7) {
            let digits = format!("{chapter:02}{rest}");
            let mut written = digits.clone();
            if dot < written.len() && dot > 0 {
                written.insert(dot, '.');
            }
            match CodeList::Hs.normalise(&format!(" {written} ")) {
                Some(code) => {
                    prop_assert_eq!(&code, &digits);
                    prop_assert!(code.len() % 2 == 0 && (2..=8).contains(&code.len()));
                    prop_assert!(hs_chapter(&code[..2]).is_some());
                    prop_assert_eq!(CodeList::Hs.normalise(&code), Some(code.clone()));
                }
                None => prop_assert!(digits.len() % 2 == 1 || digits.len() > 8 || hs_chapter(&digits[..2]).is_none()),
            }
        }

        /// Any text normalises to a canonical code of its list or to nothing, never panics.
        #[test]
        fn any_text_normalises_or_is_refused(raw in "\\PC{0,12}") {
            for list in [CodeList::Hs, CodeList::City, CodeList::Country, CodeList::TradeMode] {
                if let Some(code) = list.normalise(&raw) {
                    prop_assert_eq!(list.normalise(&code), Some(code.clone()));
                }
            }
        }
    }

    #[test]
    fn codes_normalise_from_common_spellings() {
        assert_eq!(CodeList::Country.normalise("cn").as_deref(), Some("CHN"));
        assert_eq!(CodeList::Country.normalise("156").as_deref(), Some("CHN"));
        assert_eq!(CodeList::Country.normalise("美国").as_deref(), Some("USA"));
        assert_eq!(
            CodeList::Country.normalise("viet nam").as_deref(),
            Some("VNM")
        );
        assert_eq!(CodeList::City.normalise("4403").as_deref(), Some("440300"));
        assert_eq!(
            CodeList::City.normalise("深圳市").as_deref(),
            Some("440300")
        );
        assert_eq!(
            CodeList::City.normalise("dongguan").as_deref(),
            Some("441900")
        );
        assert_eq!(CodeList::City.normalise("110100"), None);
        assert_eq!(CodeList::Hs.normalise("8517.12").as_deref(), Some("851712"));
        assert_eq!(
            CodeList::Hs.normalise("7701"),
            None,
            "chapter 77 is reserved"
        );
        assert_eq!(CodeList::Hs.normalise("851"), None);
        assert_eq!(
            CodeList::TradeMode.normalise("0615").as_deref(),
            Some("processing_imported")
        );
        assert_eq!(
            CodeList::TradeMode.normalise("跨境电商").as_deref(),
            Some("cross_border_ecommerce")
        );
        assert_eq!(CodeList::Flow.normalise("出口").as_deref(), Some("export"));
    }

    #[test]
    fn reference_lists_are_consistent() {
        assert_eq!(CITIES.len(), 21);
        assert_eq!(HS_CHAPTERS.len(), 96);
        let mut seen = std::collections::HashSet::new();
        for c in COUNTRIES {
            assert!(seen.insert(c.alpha3), "duplicate {}", c.alpha3);
            assert!(seen.insert(c.alpha2), "duplicate {}", c.alpha2);
        }
        for g in PARTNER_GROUPS {
            for m in g.members {
                assert!(
                    country(m).is_some(),
                    "{} member {m} is not an ISO code",
                    g.code
                );
            }
        }
        assert_eq!(
            groups::partner_group("belt_and_road").map(|g| g.members.len()),
            Some(65)
        );
        assert_eq!(
            groups::partner_group("eu").map(|g| g.members.len()),
            Some(27)
        );
        assert_eq!(STRATEGIC_CLUSTERS.len(), 20);
        assert_eq!(
            PRODUCT_GROUPS
                .iter()
                .filter(|g| g.is_export_cluster)
                .count(),
            4
        );
        for g in PRODUCT_GROUPS {
            for p in g.include.iter().chain(g.exclude) {
                assert!(
                    normalise_hs(p).is_some(),
                    "{} rule {p} is not an HS code",
                    g.code
                );
            }
        }
    }

    #[test]
    fn product_groups_follow_prefix_rules() {
        let names = |hs| groups_of_product(hs).map(|g| g.code).collect::<Vec<_>>();
        assert_eq!(
            names("854143"),
            ["electromechanical", "new_three", "new_energy_storage"]
        );
        assert_eq!(
            names("85423100"),
            ["high_tech", "electromechanical", "electronic_information"]
        );
        assert_eq!(
            names("85"),
            ["electromechanical"],
            "a chapter matches chapter rules only"
        );
    }
}

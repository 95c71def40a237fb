//! The languages people read Linkages in. Every page, brief and table exists in Chinese and
//! English; programs name the language with a code (`zh`, `en`).

use std::fmt;
use std::str::FromStr;

/// The language of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Simplified Chinese, the default of every view.
    #[default]
    Zh,
    /// English.
    En,
}

/// A language code that is neither Chinese nor English.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a language; use zh or en")]
pub struct LangError(pub String);

impl Lang {
    /// The code as written on the command line, in URLs and in file names (`zh`, `en`).
    pub fn code(self) -> &'static str {
        self.pick("zh", "en")
    }

    /// Picks the text of this language from a Chinese and an English one.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The language tag of an HTML document (`zh-CN`, `en`).
    pub fn html_tag(self) -> &'static str {
        self.pick("zh-CN", "en")
    }
}

impl FromStr for Lang {
    type Err = LangError;

    /// Accepts `zh` (also `cn`, `zh-cn`, `中文`) and `en` (also `english`), in any case.
    fn from_str(raw: &str) -> Result<Lang, LangError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "zh" | "cn" | "zh-cn" | "中文" => Ok(Lang::Zh),
            "en" | "english" => Ok(Lang::En),
            _ => Err(LangError(raw.to_string())),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for Lang {
    /// The same spellings as [`Lang::from_str`], so the API and the command line agree.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Lang, D::Error> {
        let raw = String::deserialize(d)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_aliases_are_read() {
        for lang in [Lang::Zh, Lang::En] {
            assert_eq!(lang.code().parse::<Lang>(), Ok(lang));
        }
        assert_eq!("中文".parse::<Lang>(), Ok(Lang::Zh));
        assert_eq!(" English ".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
    }
}

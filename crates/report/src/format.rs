//! The file formats of briefs and tables, with their names on the command line and in the
//! API (`?format=xlsx`), their extensions and content types. One parser for both.

use std::fmt;
use std::str::FromStr;

/// A format name that is not one of a command's formats.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{given}' is not a format here; use {known}")]
pub struct FormatError {
    /// What was asked.
    pub given: String,
    /// The formats that exist.
    pub known: &'static str,
}

/// Defines a format enum from its variants, codes, content types and whether it is binary.
macro_rules! formats {
    ($(#[$doc:meta])* $name:ident, $known:literal {
        $($(#[$vdoc:meta])* $variant:ident = $code:literal, $content:literal, $binary:literal;)+
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, utoipa::ToSchema)]
        #[schema(rename_all = "lowercase")]
        pub enum $name {
            #[default]
            $($(#[$vdoc])* $variant,)+
        }

        impl $name {
            /// The name on the command line and in the API, also the file extension.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }

            /// The HTTP content type.
            pub fn content_type(self) -> &'static str {
                match self { $($name::$variant => $content,)+ }
            }

            /// Whether the format is binary (written to a file, never to a terminal).
            pub fn is_binary(self) -> bool {
                match self { $($name::$variant => $binary,)+ }
            }
        }

        impl FromStr for $name {
            type Err = FormatError;

            fn from_str(raw: &str) -> Result<$name, FormatError> {
                match raw.trim() {
                    $($code => Ok($name::$variant),)+
                    _ => Err(FormatError { given: raw.into(), known: $known }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

formats! {
    /// A format of the monthly brief.
    BriefFormat, "md, html, json, xlsx or pdf" {
        /// Markdown (the default of the command line).
        Md = "md", "text/markdown; charset=utf-8", false;
        /// One HTML page with SVG charts.
        Html = "html", "text/html; charset=utf-8", false;
        /// Every section, number and query as JSON (the API's default).
        Json = "json", "application/json", false;
        /// An Excel workbook: the tables and the figures with their queries.
        Xlsx = "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true;
        /// The HTML page printed to PDF.
        Pdf = "pdf", "application/pdf", true;
    }
}

formats! {
    /// A format of a table of figures (indicators, the scoreboard, the overview).
    TableFormat, "table, csv, json or xlsx" {
        /// Aligned text for a terminal.
        Table = "table", "text/plain; charset=utf-8", false;
        /// CSV for programs, numbers at full precision.
        Csv = "csv", "text/csv; charset=utf-8", false;
        /// JSON, with every figure's provenance.
        Json = "json", "application/json", false;
        /// An Excel workbook.
        Xlsx = "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", true;
    }
}

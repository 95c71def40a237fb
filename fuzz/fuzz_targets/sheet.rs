//! Any bytes as an Excel or OpenDocument workbook: refused whole, or read row by row.
#![no_main]

use libfuzzer_sys::fuzz_target;
use linkages_engine::Encoding;
use linkages_engine::fuzz::read;

fuzz_target!(|bytes: &[u8]| {
    read(bytes, "xlsx", Encoding::Utf8);
    read(bytes, "xls", Encoding::Utf8);
    read(bytes, "ods", Encoding::Utf8);
});

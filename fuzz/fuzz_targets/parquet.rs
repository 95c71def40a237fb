//! Any bytes as a Parquet file: refused whole, or read row by row by the columns' types.
#![no_main]

use libfuzzer_sys::fuzz_target;
use linkages_engine::Encoding;
use linkages_engine::fuzz::read;

fuzz_target!(|bytes: &[u8]| {
    read(bytes, "parquet", Encoding::Utf8);
});

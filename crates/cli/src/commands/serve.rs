//! `linkages serve`: the API and the dashboard.

use std::process::ExitCode;

use anyhow::Result;
use linkages_demo::DemoConfig;
use linkages_server::ServeOptions;

use super::Env;
use crate::args::ServeArgs;

/// Serves until stopped; with `--demo`, loads the demo data first into an empty store.
pub async fn run(env: &Env, a: ServeArgs) -> Result<ExitCode> {
    if a.demo && env.store.current(&linkages_core::dataset::TRADE)?.is_none() {
        super::demo::load(&env.store, DemoConfig::default(), false).await?;
    }
    let options = ServeOptions {
        session: env.session.clone(),
        pdf: env.pdf.clone(),
    };
    linkages_server::serve(env.root.clone(), a.addr, options).await?;
    Ok(ExitCode::SUCCESS)
}

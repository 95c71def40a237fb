//! `linkages serve`: the API and the dashboard.

use std::process::ExitCode;

use anyhow::Result;
use linkages_demo::DemoConfig;
use linkages_server::{ServeOptions, Tls};

use super::Env;
use crate::args::ServeArgs;

/// Serves until stopped; with `--demo`, loads the demo data, world and registry first
/// into an empty store.
/// Without accounts it serves loopback only and prints a one-time admin login URL.
pub async fn run(env: &Env, a: ServeArgs) -> Result<ExitCode> {
    if a.demo && env.store.current(&linkages_core::dataset::TRADE)?.is_none() {
        super::demo::load_all(env, DemoConfig::default(), false).await?;
    }
    let options = ServeOptions {
        session: env.session.clone(),
        pdf: env.pdf.clone(),
        hosts: a.allow_hosts,
        ..ServeOptions::default()
    };
    let tls = a
        .tls_cert
        .zip(a.tls_key)
        .map(|(cert, key)| Tls { cert, key });
    linkages_server::serve(env.root.clone(), a.addr, options, tls).await?;
    Ok(ExitCode::SUCCESS)
}

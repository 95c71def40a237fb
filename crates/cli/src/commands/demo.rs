//! `linkages demo`: the calibrated synthetic data of every linkage.

use std::process::ExitCode;

use anyhow::Result;
use linkages_core::SYNTHETIC_NOTE;
use linkages_demo::DemoConfig;
use linkages_engine::Store;

use super::Env;
use crate::args::DemoArgs;
use crate::progress::bar;

/// Generates and stores the demo data.
pub async fn run(env: &Env, a: DemoArgs) -> Result<ExitCode> {
    let config = DemoConfig {
        seed: a.seed,
        scale: a.scale,
    };
    load_all(env, config, a.force).await?;
    println!("store: {}", env.root.display());
    Ok(ExitCode::SUCCESS)
}

/// Every linkage's demo data, the synthetic bilateral world built on it, and the demo
/// registry (projects, progress, notes, city splits, each where the registry has none).
pub async fn load_all(env: &Env, config: DemoConfig, force: bool) -> Result<()> {
    load(&env.store, config, force).await?;
    let today = chrono::Local::now().date_naive();
    let session = env.session(&crate::args::Reading { as_of: None }).await?;
    let (version, rows) =
        linkages_report::markets::load_demo_world(&env.store, &session, config.seed, force).await?;
    println!(
        "world_bilateral: version {version}, {rows} rows (synthetic, built on the demo's trade)"
    );
    let r = linkages_report::load_demo_registry(&mut env.registry()?, &session, config.seed, today)
        .await?;
    match r.projects {
        None => println!(
            "projects: the registry holds projects already; the demo pipeline is not loaded"
        ),
        Some(p) => println!(
            "projects: {} synthetic projects from {} rows ({} rows of a project already held: its later stages, second signings)",
            p.added, p.rows_read, p.merged
        ),
    }
    match r.records {
        0 => println!("targets: the registry holds progress records already; none added"),
        n => println!("targets: {n} synthetic progress records of the countable targets"),
    }
    println!("measures: {} synthetic progress notes", r.notes);
    match r.splits {
        0 => println!("cities: the registry holds city splits already; none added"),
        n => println!("cities: {n} targets split among the cities (synthetic progress by city)"),
    }
    Ok(())
}

/// Generates and stores the demo data of every linkage, one new version each.
async fn load(store: &Store, config: DemoConfig, force: bool) -> Result<()> {
    let note = format!(
        "{SYNTHETIC_NOTE} (seed {}, scale {})",
        config.seed, config.scale
    );
    for d in linkages_demo::datasets() {
        let bar = bar(
            linkages_demo::expected_rows(d, config),
            &format!("demo {}", d.name),
        );
        let mut rows = 0;
        let version = linkages_engine::load_demo(
            store,
            d,
            linkages_demo::generate(d, config),
            note.clone(),
            force,
            |n| {
                rows += n;
                bar.inc(n);
            },
        )
        .await?;
        bar.finish_and_clear();
        println!("{}: version {version}, {rows} rows (synthetic)", d.name);
    }
    println!("{SYNTHETIC_NOTE}");
    Ok(())
}

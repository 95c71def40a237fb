//! One function per subcommand, each calling the same engine or report function as the
//! API endpoint of its name. Settings from the environment are read here, once.

mod brief;
mod cluster;
mod complexity;
mod demo;
mod indicators;
mod ingest;
mod markets;
mod measures;
mod opportunities;
mod outlook;
mod overview;
mod projects;
mod reference;
mod serve;
mod sql;
mod targets;
mod users;
mod versions;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use linkages_engine::{AsOf, Fault, Session, SessionOptions, Store};
use linkages_report::pdf::PdfOptions;

use crate::args::{Cli, Command, Reading};

/// What every command that reads the store is given.
pub struct Env {
    /// The store's directory.
    pub root: PathBuf,
    /// The store at `root` (with the fault crash tests inject, if any).
    pub store: Store,
    /// How sessions plan queries (`LINKAGES_ROLLUPS=off` for benchmarks of ad-hoc scans).
    pub session: SessionOptions,
    /// How briefs are printed to PDF (`LINKAGES_CHROMIUM`).
    pub pdf: PdfOptions,
}

impl Env {
    /// Opens the store and reads the environment's settings.
    fn open(data: Option<PathBuf>, cluster: Option<linkages_engine::Cluster>) -> Result<Env> {
        let root = data_dir(data);
        let store = Store::open(&root)?.with_fault(Fault::from_env());
        let session = SessionOptions {
            rollups: std::env::var("LINKAGES_ROLLUPS").as_deref() != Ok("off"),
            settings: linkages_engine::limits::settings_from(std::env::vars())?,
            cluster,
            ..SessionOptions::default()
        };
        let pdf = PdfOptions {
            chromium: std::env::var_os("LINKAGES_CHROMIUM").map(PathBuf::from),
            ..PdfOptions::default()
        };
        Ok(Env {
            root,
            store,
            session,
            pdf,
        })
    }

    /// A session over the versions `reading` asks for.
    pub async fn session(&self, reading: &Reading) -> Result<Session> {
        self.session_with(reading, self.session.clone()).await
    }

    /// A session with other options (the bounds `sql` is given).
    pub async fn session_with(
        &self,
        reading: &Reading,
        options: SessionOptions,
    ) -> Result<Session> {
        let as_of: AsOf = reading
            .as_of
            .as_deref()
            .map(str::parse)
            .transpose()?
            .unwrap_or_default();
        Ok(Session::open_with(&self.store, &as_of, options).await?)
    }

    /// The registry of measures and targets beside the store.
    pub fn registry(&self) -> Result<linkages_registry::Registry> {
        Ok(linkages_registry::Registry::open(
            &self.root.join("registry.sqlite"),
        )?)
    }
}

/// Runs a command line.
pub async fn run(cli: Cli) -> Result<ExitCode> {
    // These read a table given on the command line or serve a cluster, not the store.
    match cli.command {
        Command::Complexity(args) => return complexity::run(args),
        Command::Scheduler(args) => return cluster::scheduler(args).await,
        Command::Executor(args) => return cluster::executor(args).await,
        _ => {}
    }
    let env = Env::open(cli.data, cli.cluster)?;
    match cli.command {
        Command::Complexity(_) | Command::Scheduler(_) | Command::Executor(_) => {
            unreachable!("run above: they need no store")
        }
        Command::Ingest(a) => ingest::run(&env, a).await,
        Command::Demo(a) => demo::run(&env, a).await,
        Command::Sql(a) => sql::run(&env, a).await,
        Command::Opportunities(a) => opportunities::run(&env, a).await,
        Command::Markets(a) => markets::run(&env, a).await,
        Command::Potential(a) => markets::potential(&env, a).await,
        Command::NewProducts(a) => markets::new_products(&env, a).await,
        Command::Indicators(a) => indicators::run(&env, a).await,
        Command::Series(a) => indicators::series(&env, a).await,
        Command::Adjust(a) => outlook::adjust(&env, a).await,
        Command::Project(a) => outlook::project(&env, a).await,
        Command::Overview(a) => overview::run(&env, a).await,
        Command::Brief(a) => brief::run(&env, a).await,
        Command::Targets(a) => targets::run(&env, a).await,
        Command::Projects(a) => projects::run(&env, a).await,
        Command::Measures(a) => measures::run(&env, a),
        Command::Serve(a) => serve::run(&env, a).await,
        Command::Versions(a) => versions::run(&env, a),
        Command::Check(a) => versions::check(&env, a),
        Command::Reference(a) => reference::run(a),
        Command::Users(a) => users::run(&env, a),
        Command::Audit(a) => users::audit_log(&env, a),
    }
}

fn data_dir(given: Option<PathBuf>) -> PathBuf {
    given
        .or_else(|| std::env::var_os("XDG_DATA_HOME").map(|d| PathBuf::from(d).join("linkages")))
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/linkages"))
        })
        .unwrap_or_else(|| PathBuf::from("linkages-data"))
}

/// Writes output to a file, or to standard output unless it is binary.
pub fn emit(bytes: &[u8], output: Option<&Path>, binary: bool) -> Result<()> {
    use std::io::Write;
    match output {
        Some(path) => {
            std::fs::write(path, bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
        None if binary => anyhow::bail!("this format is binary: give --output FILE"),
        None => std::io::stdout().write_all(bytes)?,
    }
    Ok(())
}

/// A dataset by name, or an error listing the known ones.
pub fn dataset(name: &str) -> Result<&'static linkages_core::Dataset> {
    linkages_core::dataset(name)
        .ok_or_else(|| linkages_engine::Error::UnknownDataset(name.into()).into())
}

/// Says on standard error that the output comes from synthetic data.
pub fn note_synthetic(session: &Session) {
    if session.synthetic() {
        eprintln!("note: {}", linkages_core::SYNTHETIC_NOTE);
    }
}

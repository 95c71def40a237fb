//! `linkages`: the command line of the Linkages observatory. A thin adapter: it parses
//! arguments, reports progress and renders results; the work is done by the engine.

mod complexity;
mod opportunities;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use linkages_complexity::{PciNormalisation, ProximityKind};
use linkages_core::{DATASETS, Dataset};
use linkages_demo::{DemoConfig, MAX_SCALE, SYNTHETIC_NOTE};
use linkages_engine::format::{self, Format};
use linkages_engine::{AsOf, Encoding, IngestOptions, Mode, Session, Store};
use linkages_report as report;

/// Linkages — the open-economy observatory of Guangdong's Five External Linkages.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The store directory. Default: $LINKAGES_DATA, else $XDG_DATA_HOME/linkages, else
    /// ~/.local/share/linkages.
    #[arg(long, global = true, env = "LINKAGES_DATA")]
    data: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate files and store them as a new version of a dataset; rejected rows go to a
    /// quarantine report.
    Ingest {
        /// Dataset: trade, investment, outsourcing, cooperation or talent.
        #[arg(long)]
        dataset: String,
        /// CSV/TSV, Excel (xlsx, xls, ods) or Parquet files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// replace-periods: the files' months replace the same months and other months are
        /// kept; replace-all: the files are the whole dataset.
        #[arg(long, value_enum, default_value_t = ModeArg::ReplacePeriods)]
        mode: ModeArg,
        /// Text encoding of CSV files.
        #[arg(long, value_enum, default_value_t = EncodingArg::Utf8)]
        encoding: EncodingArg,
        /// Worksheet of Excel files (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Commit nothing if any row is rejected.
        #[arg(long)]
        strict: bool,
        /// A column the files lack, with the value of every row: `--set year=2017`.
        #[arg(long = "set", value_name = "COLUMN=VALUE", value_parser = parse_assignment)]
        fixed: Vec<(String, String)>,
        /// Report format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// Generate the deterministic, calibrated SYNTHETIC demo data for all five linkages.
    Demo {
        /// Multiplies the number of trade rows (1 gives about 1 million) without changing totals.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_SCALE)))]
        scale: u32,
        /// Random seed.
        #[arg(long, default_value_t = DemoConfig::default().seed)]
        seed: u64,
        /// Write even over a dataset whose current version is real data (it stays in the history).
        #[arg(long)]
        force: bool,
    },
    /// Run a read-only SQL query over the store.
    Sql {
        /// The query: SELECT, WITH, EXPLAIN or SHOW.
        query: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Read older versions: DATASET=N[,DATASET=N…], a date (YYYY-MM-DD) or an RFC 3339 time.
        #[arg(long)]
        as_of: Option<String>,
    },
    /// Economic complexity (RCA, ECI, PCI, proximity, density, COI, COG) of any location ×
    /// product CSV table, one year at a time, with the conventions of ecomplexity 0.5.3.
    Complexity {
        /// The CSV table.
        file: PathBuf,
        /// Column of locations (countries, regions).
        #[arg(long)]
        location: String,
        /// Column of products.
        #[arg(long)]
        product: String,
        /// Column of values (exports); empty cells are no trade.
        #[arg(long)]
        value: String,
        /// Column of years; without it the whole table is one year.
        #[arg(long)]
        year: Option<String>,
        /// Output format: one row per year, location and product (parquet needs --output).
        #[arg(long, value_enum, default_value_t = TableFormat::Csv)]
        format: TableFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
        /// RCA threshold of presence.
        #[arg(long, default_value_t = 1.0)]
        threshold: f64,
        /// Presence only where RCA > threshold (default: >=).
        #[arg(long)]
        strict: bool,
        /// Continuous proximity (correlation of RCA) instead of co-presence.
        #[arg(long)]
        continuous: bool,
        /// Normalise PCI with its own mean and deviation instead of ECI's.
        #[arg(long)]
        pci_own: bool,
        /// Proximity of a product to itself (1 or 0).
        #[arg(long, default_value_t = 1.0)]
        proximity_diagonal: f64,
    },
    /// Rank the products a region could move into next (density, PCI, COG), with the region
    /// put into the store's world trade matrix as a location of its own.
    Opportunities {
        /// GD for Guangdong, or a city (GB/T 2260 code or name).
        #[arg(long, default_value = "GD")]
        region: String,
        /// Year of the world and regional trade.
        #[arg(long)]
        year: i32,
        /// The region's country in the world table, whose exports exclude the region's.
        #[arg(long, default_value = "CHN")]
        parent: String,
        /// How many opportunities to list.
        #[arg(long, default_value_t = 30)]
        top: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// Also write the product space (nodes and edges) as JSON to this file.
        #[arg(long)]
        network: Option<PathBuf>,
    },
    /// Official figures of an indicator for a month: month value, year to date, year-on-year,
    /// month-on-month, share, contribution, average annual growth and rank, for the total of
    /// a slice and each member of a breakdown.
    Indicators {
        /// Indicator (trade, fdi_actual, fdi_contracted, fdi_projects, outsourcing_executed,
        /// outsourcing_contracted, cooperation, cooperation_exports_driven, talent) or a
        /// dataset name for its headline indicator.
        #[arg(long, visible_alias = "indicator")]
        dataset: String,
        /// The month, YYYY-MM.
        #[arg(long)]
        period: String,
        /// Breakdown: a code column (city, partner, product, trade_mode, …), partner_group,
        /// product_group, hs2 or hs4.
        #[arg(long)]
        by: Option<String>,
        /// Restrict the slice: NAME=VALUE (flow=export, city=深圳, partner_group=asean, …); repeatable.
        #[arg(long = "filter", value_name = "NAME=VALUE")]
        filters: Vec<String>,
        /// cny, usd or count (default: the indicator's first).
        #[arg(long)]
        unit: Option<String>,
        /// Report January and February as one period.
        #[arg(long)]
        jan_feb: bool,
        /// Years of the average annual growth.
        #[arg(long, default_value_t = 5)]
        years: u32,
        /// Output format (xlsx needs --output).
        #[arg(long, value_enum, default_value_t = IndicatorFormat::Table)]
        format: IndicatorFormat,
        /// Language of names and headers in table and xlsx.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Read older versions (see `sql --as-of`).
        #[arg(long)]
        as_of: Option<String>,
    },
    /// The monthly brief of the five linkages, in Chinese or English.
    Brief {
        /// The month, YYYY-MM (January and February are reported together).
        #[arg(long)]
        period: String,
        /// Language: zh or en.
        #[arg(long, default_value = "zh")]
        lang: String,
        /// Output format (xlsx needs --output).
        #[arg(long, value_enum, default_value_t = BriefFormat::Md)]
        format: BriefFormat,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Read older versions (see `sql --as-of`).
        #[arg(long)]
        as_of: Option<String>,
    },
    /// The scoreboard of measures and targets: progress, pace, projection and status.
    #[command(args_conflicts_with_subcommands = true)]
    Targets {
        #[command(subcommand)]
        action: Option<TargetAction>,
        /// Only the targets of one linkage (trade, investment, outsourcing, cooperation, talent).
        #[arg(long)]
        linkage: Option<String>,
        /// Output format (xlsx needs --output).
        #[arg(long, value_enum, default_value_t = IndicatorFormat::Table)]
        format: IndicatorFormat,
        /// Language of the table: zh or en.
        #[arg(long, default_value = "en")]
        lang: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Judge on this day instead of today (YYYY-MM-DD).
        #[arg(long)]
        on: Option<String>,
    },
    /// Serve the REST API and the web dashboard.
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Load the synthetic demo data first if the store has no trade data.
        #[arg(long)]
        demo: bool,
    },
    /// List the versions of each dataset, oldest first.
    Versions {
        /// Only this dataset.
        #[arg(long)]
        dataset: Option<String>,
    },
}

#[derive(Subcommand)]
enum TargetAction {
    /// Record the progress of a countable target (kept forever; correct with --corrects).
    #[command(allow_negative_numbers = true)]
    Record {
        /// Target id (see `linkages targets`).
        target: String,
        /// The value reached (cumulative: warehouses built so far, not this month's).
        value: f64,
        /// The date the value describes, YYYY-MM-DD (not after today).
        #[arg(long)]
        date: String,
        /// Where the value comes from.
        #[arg(long)]
        source: String,
        /// The unit the value is in; refused unless it is the target's.
        #[arg(long)]
        unit: Option<String>,
        /// The id of a wrong record this one corrects.
        #[arg(long)]
        corrects: Option<i64>,
        /// A note.
        #[arg(long)]
        note: Option<String>,
        /// Who enters it (default: $USER).
        #[arg(long = "entered-by", env = "USER", default_value = "unknown")]
        entered_by: String,
    },
    /// Every progress record of a target, corrected ones included.
    History {
        /// Target id.
        target: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ModeArg {
    ReplacePeriods,
    ReplaceAll,
}

#[derive(Clone, Copy, ValueEnum)]
enum EncodingArg {
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    #[value(alias = "gb18030")]
    Gbk,
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum TableFormat {
    Csv,
    Json,
    Parquet,
}

#[derive(Clone, Copy, ValueEnum)]
enum IndicatorFormat {
    Table,
    Csv,
    Json,
    Xlsx,
}

#[derive(Clone, Copy, ValueEnum)]
enum BriefFormat {
    Md,
    Html,
    Json,
    Xlsx,
    Pdf,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Table,
    Csv,
    Json,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn parse_assignment(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("'{s}': expected COLUMN=VALUE"))
}

fn data_dir(given: Option<PathBuf>) -> PathBuf {
    given
        .or_else(|| std::env::var_os("XDG_DATA_HOME").map(|d| PathBuf::from(d).join("linkages")))
        .or_else(|| {
            std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share/linkages"))
        })
        .unwrap_or_else(|| PathBuf::from("linkages-data"))
}

fn dataset(name: &str) -> Result<&'static Dataset> {
    linkages_core::dataset(name)
        .ok_or_else(|| linkages_engine::Error::UnknownDataset(name.into()).into())
}

async fn run(cli: Cli) -> Result<ExitCode> {
    if let Command::Complexity {
        file,
        location,
        product,
        value,
        year,
        format,
        output,
        threshold,
        strict,
        continuous,
        pci_own,
        proximity_diagonal,
    } = cli.command
    {
        let options = linkages_complexity::Options {
            threshold,
            strict,
            pci: if pci_own {
                PciNormalisation::Own
            } else {
                PciNormalisation::EciMoments
            },
            proximity: if continuous {
                ProximityKind::Continuous
            } else {
                ProximityKind::Discrete
            },
            proximity_diagonal,
        };
        let columns = complexity::Columns {
            location,
            product,
            value,
            year,
        };
        let format = match format {
            TableFormat::Csv => complexity::Output::Csv,
            TableFormat::Json => complexity::Output::Json,
            TableFormat::Parquet => complexity::Output::Parquet,
        };
        complexity::run(&file, &columns, &options, format, output)?;
        return Ok(ExitCode::SUCCESS);
    }
    let root = data_dir(cli.data);
    let store = Store::open(&root)?;
    match cli.command {
        Command::Complexity { .. } => unreachable!("handled above: it needs no store"),
        Command::Ingest {
            dataset: name,
            files,
            mode,
            encoding,
            sheet,
            strict,
            fixed,
            format,
        } => {
            let options = IngestOptions {
                mode: match mode {
                    ModeArg::ReplacePeriods => Mode::ReplacePeriods,
                    ModeArg::ReplaceAll => Mode::ReplaceAll,
                },
                encoding: match encoding {
                    EncodingArg::Utf8 => Encoding::Utf8,
                    EncodingArg::Gbk => Encoding::Gbk,
                },
                sheet,
                strict,
                fixed,
            };
            let progress = BarProgress::new();
            let report =
                linkages_engine::ingest(&store, dataset(&name)?, &files, &options, &progress)
                    .await?;
            progress.bar.finish_and_clear();
            match format {
                ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
                ReportFormat::Text => print_report(&report),
            }
            if report.version.is_none() {
                eprintln!(
                    "error: nothing committed: {}",
                    if report.rows_stored == 0 {
                        "no valid rows"
                    } else {
                        "--strict and some rows were rejected"
                    }
                );
                return Ok(ExitCode::FAILURE);
            }
        }
        Command::Demo { scale, seed, force } => {
            load_demo_data(&store, DemoConfig { seed, scale }, force).await?;
            println!("store: {}", root.display());
        }
        Command::Sql {
            query,
            format: out,
            as_of,
        } => {
            let session = Session::open(&store, &parse_as_of(as_of.as_deref())?).await?;
            let (schema, batches) = session.query(&query).await?;
            let fmt = match out {
                OutputFormat::Table => Format::Table,
                OutputFormat::Csv => Format::Csv,
                OutputFormat::Json => Format::Json,
            };
            print!("{}", format::render(&schema, &batches, fmt)?);
            if fmt == Format::Table {
                println!();
            }
            if session.synthetic() {
                // In a table the label is part of the output; machine formats keep stdout clean.
                if fmt == Format::Table {
                    println!("{SYNTHETIC_NOTE}");
                } else {
                    eprintln!("note: {SYNTHETIC_NOTE}");
                }
            }
        }
        Command::Opportunities {
            region,
            year,
            parent,
            top,
            format,
            network,
        } => {
            let session = Session::open(&store, &AsOf::Latest).await?;
            let request = report::opportunities::Request {
                region,
                year,
                parent: parent.to_uppercase(),
                top,
            };
            opportunities::run(
                &session,
                &request,
                matches!(format, ReportFormat::Json),
                network.as_deref(),
            )
            .await?;
            if session.synthetic() {
                eprintln!("note: {SYNTHETIC_NOTE}");
            }
        }
        Command::Indicators {
            dataset,
            period,
            by,
            filters,
            unit,
            jan_feb,
            years,
            format,
            lang,
            output,
            as_of,
        } => {
            let spec = linkages_core::indicator::Spec {
                indicator: dataset,
                period,
                by,
                filters,
                unit,
                jan_feb,
                years: Some(years),
            };
            let request = spec.resolve()?;
            let session = Session::open(&store, &parse_as_of(as_of.as_deref())?).await?;
            let table = linkages_engine::indicators::compute(&session, &request).await?;
            let lang = parse_lang(&lang)?;
            let bytes = match format {
                IndicatorFormat::Table => report::table::indicator_grid(&table, lang)
                    .to_text()
                    .into_bytes(),
                IndicatorFormat::Csv => report::table::indicator_csv(&table).into_bytes(),
                IndicatorFormat::Json => {
                    (serde_json::to_string_pretty(&table)? + "\n").into_bytes()
                }
                IndicatorFormat::Xlsx => report::table::indicator_xlsx(&table, lang)?,
            };
            emit(
                &bytes,
                output.as_deref(),
                matches!(format, IndicatorFormat::Xlsx),
            )?;
            if session.synthetic() && !matches!(format, IndicatorFormat::Table) {
                eprintln!("note: {SYNTHETIC_NOTE}");
            }
        }
        Command::Brief {
            period,
            lang,
            format,
            output,
            as_of,
        } => {
            let period: linkages_core::Period = period.parse()?;
            let session = Session::open(&store, &parse_as_of(as_of.as_deref())?).await?;
            let brief = report::build(&session, period, parse_lang(&lang)?).await?;
            let bytes = match format {
                BriefFormat::Md => brief.to_markdown().into_bytes(),
                BriefFormat::Html => brief.to_html().into_bytes(),
                BriefFormat::Json => (serde_json::to_string_pretty(&brief)? + "\n").into_bytes(),
                BriefFormat::Xlsx => brief.to_xlsx()?,
                BriefFormat::Pdf => brief.to_pdf()?,
            };
            emit(
                &bytes,
                output.as_deref(),
                matches!(format, BriefFormat::Xlsx | BriefFormat::Pdf),
            )?;
        }
        Command::Targets {
            action,
            linkage,
            format,
            lang,
            output,
            on,
        } => {
            let mut registry = linkages_registry::Registry::open(&root.join("registry.sqlite"))?;
            let today = match on {
                Some(d) => chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                    .with_context(|| format!("--on '{d}': expected YYYY-MM-DD"))?,
                None => chrono::Local::now().date_naive(),
            };
            match action {
                Some(TargetAction::Record {
                    target,
                    value,
                    date,
                    source,
                    unit,
                    corrects,
                    note,
                    entered_by,
                }) => {
                    let as_of = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                        .with_context(|| format!("--date '{date}': expected YYYY-MM-DD"))?;
                    let record = registry.record(
                        &linkages_registry::NewRecord {
                            target_id: target,
                            value,
                            as_of,
                            source,
                            entered_by,
                            unit,
                            corrects,
                            note,
                        },
                        chrono::Local::now().date_naive(),
                        &chrono::Utc::now().to_rfc3339(),
                    )?;
                    println!(
                        "recorded #{}: {} = {} on {} ({}, entered by {})",
                        record.id,
                        record.target_id,
                        record.value,
                        record.as_of,
                        record.source,
                        record.entered_by
                    );
                }
                Some(TargetAction::History { target }) => {
                    for r in registry.history(&target)? {
                        println!(
                            "#{} {} {} source: {}; entered by {} at {}{}{}",
                            r.id,
                            r.as_of,
                            r.value,
                            r.source,
                            r.entered_by,
                            r.entered_at,
                            r.corrects
                                .map(|c| format!("; corrects #{c}"))
                                .unwrap_or_default(),
                            if r.superseded { "; SUPERSEDED" } else { "" }
                        );
                    }
                }
                None => {
                    let only = linkage
                        .map(|l| {
                            linkages_core::Linkage::ALL
                                .into_iter()
                                .find(|k| k.code() == l)
                                .with_context(|| format!("'{l}' is not a linkage; use trade, investment, outsourcing, cooperation or talent"))
                        })
                        .transpose()?;
                    let session = Session::open(&store, &AsOf::Latest).await?;
                    let targets = report::scoreboard::read(&registry, only)?;
                    let board = report::scoreboard::build(&session, targets, today).await?;
                    let lang = parse_lang(&lang)?;
                    let bytes = match format {
                        IndicatorFormat::Table => board.grid(lang).to_text().into_bytes(),
                        IndicatorFormat::Json => {
                            (serde_json::to_string_pretty(&board)? + "\n").into_bytes()
                        }
                        IndicatorFormat::Csv => board.grid(lang).to_csv().into_bytes(),
                        IndicatorFormat::Xlsx => {
                            let mut workbook = rust_xlsxwriter::Workbook::new();
                            board.grid(lang).add_to_workbook(&mut workbook, "targets")?;
                            workbook.save_to_buffer()?
                        }
                    };
                    emit(
                        &bytes,
                        output.as_deref(),
                        matches!(format, IndicatorFormat::Xlsx),
                    )?;
                }
            }
        }
        Command::Serve { addr, demo } => {
            if demo && store.current(&linkages_core::dataset::TRADE)?.is_none() {
                load_demo_data(&store, DemoConfig::default(), false).await?;
            }
            linkages_server::serve(root.clone(), addr).await?;
        }
        Command::Versions { dataset: only } => {
            let selected: Vec<&'static Dataset> = match only {
                Some(name) => vec![dataset(&name)?],
                None => DATASETS.to_vec(),
            };
            for d in selected {
                let versions = store.versions(d)?;
                if versions.is_empty() {
                    println!("{}: no versions", d.name);
                }
                for v in versions {
                    let info = store
                        .info(d, v)
                        .with_context(|| format!("reading {} version {v}", d.name))?;
                    println!(
                        "{} v{v}  {}  {} rows  {}{}",
                        d.name,
                        info.created_at.format("%Y-%m-%d %H:%M:%S UTC"),
                        info.rows,
                        info.origin,
                        if info.synthetic { "  SYNTHETIC" } else { "" }
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Generates and stores the demo data of every linkage.
async fn load_demo_data(store: &Store, config: DemoConfig, force: bool) -> Result<()> {
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

fn parse_as_of(raw: Option<&str>) -> Result<AsOf> {
    Ok(raw.map(str::parse).transpose()?.unwrap_or_default())
}

fn parse_lang(raw: &str) -> Result<report::Lang> {
    report::Lang::parse(raw).with_context(|| format!("'{raw}' is not a language; use zh or en"))
}

/// Writes output to a file, or to standard output unless it is binary.
fn emit(bytes: &[u8], output: Option<&Path>, binary: bool) -> Result<()> {
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

fn print_report(report: &linkages_engine::IngestReport) {
    match report.version {
        Some(v) => println!(
            "{}: version {v} committed{}",
            report.dataset,
            report
                .previous
                .map(|p| format!(" (previous: {p})"))
                .unwrap_or_default()
        ),
        None => println!("{}: nothing committed", report.dataset),
    }
    for s in &report.sources {
        println!(
            "  {}: {} rows read = {} stored + {} quarantined",
            s.path.display(),
            s.rows_read,
            s.rows_stored,
            s.rows_quarantined
        );
        if !s.ignored_columns.is_empty() {
            println!(
                "    ignored columns (not stored): {}",
                s.ignored_columns.join(", ")
            );
        }
    }
    println!(
        "  total: {} rows read = {} stored + {} quarantined",
        report.rows_read, report.rows_stored, report.rows_quarantined
    );
    if report.rows_carried_over > 0 {
        println!(
            "  {} rows of other periods kept from version {}",
            report.rows_carried_over,
            report.previous.unwrap_or(0)
        );
    }
    if let Some(q) = &report.quarantine {
        println!("  quarantine report: {}", q.display());
    }
}

fn bar(total: u64, message: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) =
        ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message.to_string());
    bar
}

/// Progress of an ingest on a terminal progress bar, one file at a time.
struct BarProgress {
    bar: ProgressBar,
}

impl BarProgress {
    fn new() -> BarProgress {
        BarProgress { bar: bar(0, "") }
    }
}

impl linkages_engine::Progress for BarProgress {
    fn start_file(&self, path: &Path, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(0);
        self.bar.set_message(path.display().to_string());
    }

    fn advance(&self, position: u64) {
        self.bar.set_position(position);
    }
}

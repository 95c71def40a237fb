//! The command line's arguments (clap). Values are parsed straight into the domain's types
//! (`Lang`, `Period`, formats, `Linkage`) by the same parsers the API uses.

use std::fmt::Display;
use std::path::PathBuf;
use std::str::FromStr;

use clap::{Args, Parser, Subcommand, ValueEnum};
use linkages_core::access::Role;
use linkages_core::classify::City;
use linkages_core::pipeline::Stage;
use linkages_core::target::Judgement;
use linkages_core::{Lang, Linkage, Period};
use linkages_demo::{DemoConfig, MAX_SCALE};
use linkages_engine::format::Format;
use linkages_report::{BriefFormat, TableFormat};

/// Linkages — the open-economy observatory of Guangdong's Five External Linkages.
#[derive(Parser)]
#[command(version, about)]
pub struct Cli {
    /// The store directory. Default: $LINKAGES_DATA, else $XDG_DATA_HOME/linkages, else
    /// ~/.local/share/linkages.
    #[arg(long, global = true, env = "LINKAGES_DATA")]
    pub data: Option<PathBuf>,
    /// Run the queries on a Ballista cluster (its scheduler, df://HOST:PORT) instead of the
    /// embedded engine; the store must be at the same path on every executor. Needs a build
    /// with `--features cluster`.
    #[arg(long, global = true, env = "LINKAGES_CLUSTER", value_parser = parse::<linkages_engine::Cluster>)]
    pub cluster: Option<linkages_engine::Cluster>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands, each run by the function of its name in `commands`.
#[derive(Subcommand)]
pub enum Command {
    /// Validate files and store them as a new version of a dataset; rejected rows go to a
    /// quarantine report.
    Ingest(IngestArgs),
    /// Generate the deterministic, calibrated SYNTHETIC demo data for all five linkages.
    Demo(DemoArgs),
    /// Run a read-only SQL query over the store.
    Sql(SqlArgs),
    /// Economic complexity (RCA, ECI, PCI, proximity, density, COI, COG) of any location ×
    /// product CSV table, one year at a time, with the conventions of ecomplexity 0.5.3.
    Complexity(ComplexityArgs),
    /// Rank the products a region could move into next (density, PCI, COG), with the region
    /// put into the store's world trade matrix as a location of its own.
    Opportunities(OpportunitiesArgs),
    /// How concentrated a region's exports are by market and product each year, the markets
    /// won and lost, the constant market share decomposition of its growth against the
    /// store's bilateral world trade, and its imports that depend on one supplier.
    Markets(MarketsArgs),
    /// A region's export potential by product and market (ITC's method: supply × demand ×
    /// ease of trade) and the unrealized potential, by cell, product, market and cluster.
    Potential(PotentialArgs),
    /// Products new to a region over a window of at least six years (the Atlas's rule: RCA
    /// below 0.5 in each of the first three years, at least 1 in each of the last three),
    /// with their PCI, from the store's bilateral world trade.
    NewProducts(NewProductsArgs),
    /// Official figures of an indicator for a month: month value, year to date, year-on-year,
    /// month-on-month, share, contribution, average annual growth and rank, for the total of
    /// a slice and each member of a breakdown.
    Indicators(IndicatorsArgs),
    /// The monthly values of an indicator's slice, this year and last, through a month.
    Series(SeriesArgs),
    /// An indicator's slice adjusted for its season and the Spring Festival: the adjusted
    /// series, trend, seasonal, holiday and irregular components, month by month.
    Adjust(OutlookArgs),
    /// An indicator's slice projected twelve months ahead with 80% and 95% ranges, the
    /// year's total, and the backtest of the model against the seasonal-naive forecast.
    Project(OutlookArgs),
    /// The five linkages for a month: each headline indicator's figures.
    Overview(OverviewArgs),
    /// The monthly brief of the five linkages, in Chinese or English.
    Brief(BriefArgs),
    /// The scoreboard of measures and targets: progress, pace, projection and status.
    #[command(args_conflicts_with_subcommands = true)]
    Targets(TargetsArgs),
    /// Every measure by part of the opinions, with its judgement from reviewed progress
    /// notes; write a note or review one.
    #[command(args_conflicts_with_subcommands = true)]
    Measures(MeasuresArgs),
    /// The investment project pipeline: list (with the funnel, 履约率, 开工率, 资金到位率),
    /// add, move through 推介 → 洽谈 → 签约 → 开工 → 投产, merge duplicates, import lists.
    #[command(args_conflicts_with_subcommands = true)]
    Projects(ProjectsArgs),
    /// Serve the REST API and the web dashboard.
    Serve(ServeArgs),
    /// List the versions of each dataset, oldest first.
    Versions(VersionsArgs),
    /// Verify every file of every version against its recorded SHA-256; name damaged files.
    Check(VersionsArgs),
    /// Print a reference list (countries, cities, hs_chapters, partner_groups, figures, …) as JSON.
    Reference(ReferenceArgs),
    /// Accounts of the server: add, list and disable users, issue API tokens.
    Users(UsersArgs),
    /// The audit log of the server and the command line: logins, token uses, writes and
    /// SQL statements, the latest first.
    Audit(AuditArgs),
    /// Run a Ballista scheduler that knows Linkages' functions (a build with
    /// `--features cluster`); executors register with it, `--cluster` sends queries to it.
    Scheduler(SchedulerArgs),
    /// Run a Ballista executor registered with a scheduler (a build with `--features cluster`).
    Executor(ExecutorArgs),
}

/// `linkages scheduler`.
#[derive(Args)]
pub struct SchedulerArgs {
    /// Address the scheduler's gRPC service listens on.
    #[arg(long, default_value = "127.0.0.1:50050")]
    pub bind: std::net::SocketAddr,
}

/// `linkages executor`.
#[derive(Args)]
pub struct ExecutorArgs {
    /// The scheduler to register with.
    #[arg(long, default_value = "df://127.0.0.1:50050", value_parser = parse::<linkages_engine::Cluster>)]
    pub scheduler: linkages_engine::Cluster,
    /// Host the executor binds and tells the scheduler.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Port of its Arrow Flight service (shuffle data).
    #[arg(long, default_value_t = 50051)]
    pub port: u16,
    /// Port of its gRPC service (tasks).
    #[arg(long, default_value_t = 50052)]
    pub grpc_port: u16,
    /// Directory for shuffle files (default: a temporary directory).
    #[arg(long)]
    pub work_dir: Option<PathBuf>,
    /// Tasks run at once (default: one per core).
    #[arg(long, default_value_t = 0)]
    pub concurrent_tasks: usize,
}

/// Parses a value with its type's `FromStr` (for generic arguments).
fn parse<F: FromStr>(raw: &str) -> Result<F, String>
where
    F::Err: Display,
{
    raw.parse().map_err(|e: F::Err| e.to_string())
}

/// Reads one of Guangdong's 21 cities by code or name.
fn parse_city(raw: &str) -> Result<&'static City, String> {
    linkages_core::classify::city(raw).ok_or_else(|| {
        format!("'{raw}' is not one of Guangdong's 21 cities (e.g. 4403, 440300 or 深圳)")
    })
}

/// Reads `CITY=VALUE`: a city by code or name and a number.
fn parse_city_value(raw: &str) -> Result<(&'static City, f64), String> {
    let (city, value) = raw
        .split_once('=')
        .ok_or_else(|| format!("'{raw}': expected CITY=VALUE"))?;
    let value: f64 = value
        .trim()
        .parse()
        .map_err(|_| format!("'{value}' is not a number (in '{raw}')"))?;
    Ok((parse_city(city.trim())?, value))
}

/// Reads a country by ISO code or name, to its alpha-3 code.
fn parse_country(raw: &str) -> Result<&'static str, String> {
    linkages_core::classify::country(raw)
        .map(|c| c.alpha3)
        .ok_or_else(|| format!("'{raw}' is not a country (ISO 3166-1 code or name)"))
}

/// Reads a GB/T 4754 industry section by letter or name.
fn parse_industry(raw: &str) -> Result<&'static str, String> {
    use linkages_core::classify::codes;
    codes::lookup(codes::INDUSTRIES, raw)
        .map(|c| c.code)
        .ok_or_else(|| format!("'{raw}' is not a GB/T 4754 industry section (A-T or its name)"))
}

/// Reads a strategic cluster by code or name.
fn parse_cluster(raw: &str) -> Result<&'static str, String> {
    linkages_core::classify::strategic_cluster(raw).ok_or_else(|| {
        format!("'{raw}' is not a strategic cluster (see `linkages reference strategic_clusters`)")
    })
}

/// Where and how a command writes its result: a format and an optional file.
#[derive(Args)]
pub struct Output<F>
where
    F: FromStr + Display + Default + Clone + Send + Sync + 'static,
    F::Err: Display,
{
    /// Output format (binary formats need --output).
    #[arg(long, default_value_t, value_parser = parse::<F>)]
    pub format: F,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
}

/// How the command reads the store: older versions on request.
#[derive(Args)]
pub struct Reading {
    /// Read older versions: DATASET=N[,DATASET=N…], a date (YYYY-MM-DD) or an RFC 3339 time.
    #[arg(long)]
    pub as_of: Option<String>,
}

/// `linkages ingest`.
#[derive(Args)]
pub struct IngestArgs {
    /// Dataset: trade, investment, outsourcing, cooperation, talent, world or
    /// world_bilateral.
    #[arg(long)]
    pub dataset: String,
    /// CSV/TSV, Excel (xlsx, xls, ods) or Parquet files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// replace-periods: the files' months replace the same months and other months are
    /// kept; replace-all: the files are the whole dataset.
    #[arg(long, value_enum, default_value_t = ModeArg::ReplacePeriods)]
    pub mode: ModeArg,
    /// Text encoding of CSV files.
    #[arg(long, value_enum, default_value_t = EncodingArg::Utf8)]
    pub encoding: EncodingArg,
    /// Worksheet of Excel files (default: the first).
    #[arg(long)]
    pub sheet: Option<String>,
    /// Commit nothing if any row is rejected.
    #[arg(long)]
    pub strict: bool,
    /// A column the files lack, with the value of every row: `--set year=2017`.
    #[arg(long = "set", value_name = "COLUMN=VALUE", value_parser = parse_assignment)]
    pub fixed: Vec<(String, String)>,
    /// Numbers written with a decimal comma (1.234,56); without it 1,5 is refused.
    #[arg(long)]
    pub decimal_comma: bool,
    /// month: each row is the month's value; ytd: values are cumulative from January
    /// (累计), differenced into months.
    #[arg(long, value_enum, default_value_t = ValuesArg::Month)]
    pub values: ValuesArg,
    /// Threads that check the rows of a CSV file (default: one per core); 0 reads the file
    /// row by row on one thread.
    #[arg(long)]
    pub threads: Option<usize>,
    /// The files are CEPII BACI's data files (`t,i,j,k,v,q`, values in thousands of
    /// dollars) and this is BACI's country table (for `--dataset world_bilateral`).
    #[arg(long, value_name = "COUNTRY_CODES.csv", conflicts_with = "comtrade")]
    pub baci_countries: Option<PathBuf>,
    /// The files are UN Comtrade's annual bulk files (legacy or Comtrade Plus layout,
    /// values in US dollars), for `--dataset world_bilateral`: exports are read as flows,
    /// every other row is quarantined with the reason.
    #[arg(long)]
    pub comtrade: bool,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// `linkages demo`.
#[derive(Args)]
pub struct DemoArgs {
    /// Multiplies the number of trade rows (1 gives about 1 million) without changing totals.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_SCALE)))]
    pub scale: u32,
    /// Random seed.
    #[arg(long, default_value_t = DemoConfig::default().seed)]
    pub seed: u64,
    /// Write even over a dataset whose current version is real data (it stays in the history).
    #[arg(long)]
    pub force: bool,
}

/// `linkages sql`.
#[derive(Args)]
pub struct SqlArgs {
    /// The query: SELECT, WITH, EXPLAIN or SHOW.
    pub query: String,
    /// Output format: table, csv or json.
    #[arg(long, default_value = "table")]
    pub format: Format,
    /// Which versions to read.
    #[command(flatten)]
    pub reading: Reading,
    /// Memory the query may use (spilling to disk where it can), e.g. 512MiB or 8GiB.
    #[arg(long, default_value = "4GiB", value_parser = linkages_engine::limits::parse_size)]
    pub max_memory: usize,
    /// Time the query may run, e.g. 90s or 10m.
    #[arg(long, default_value = "10m", value_parser = linkages_engine::limits::parse_duration)]
    pub timeout: std::time::Duration,
    /// Rows the answer may have.
    #[arg(long, default_value_t = 5_000_000)]
    pub max_rows: usize,
}

/// `linkages complexity`.
#[derive(Args)]
pub struct ComplexityArgs {
    /// The CSV table.
    pub file: PathBuf,
    /// Column of locations (countries, regions).
    #[arg(long)]
    pub location: String,
    /// Column of products.
    #[arg(long)]
    pub product: String,
    /// Column of values (exports); empty cells are no trade.
    #[arg(long)]
    pub value: String,
    /// Column of years; without it the whole table is one year.
    #[arg(long)]
    pub year: Option<String>,
    /// Output format: one row per year, location and product (parquet needs --output).
    #[arg(long, value_enum, default_value_t = CellFormat::Csv)]
    pub format: CellFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// RCA threshold of presence.
    #[arg(long, default_value_t = 1.0)]
    pub threshold: f64,
    /// Presence only where RCA > threshold (default: >=).
    #[arg(long)]
    pub strict: bool,
    /// Continuous proximity (correlation of RCA) instead of co-presence.
    #[arg(long)]
    pub continuous: bool,
    /// Normalise PCI with its own mean and deviation instead of ECI's.
    #[arg(long)]
    pub pci_own: bool,
    /// Proximity of a product to itself (1 or 0).
    #[arg(long, default_value_t = 1.0)]
    pub proximity_diagonal: f64,
    /// Continuous presence M = RCA / (1 + RCA) (the Atlas's 2026 option) instead of 0/1.
    #[arg(long)]
    pub continuous_presence: bool,
}

/// `linkages opportunities`.
#[derive(Args)]
pub struct OpportunitiesArgs {
    /// GD for Guangdong, or a city (GB/T 2260 code or name).
    #[arg(long, default_value = "GD")]
    pub region: String,
    /// Year of the world and regional trade.
    #[arg(long)]
    pub year: i32,
    /// The region's country in the world table, whose exports exclude the region's.
    #[arg(long, default_value = "CHN")]
    pub parent: String,
    /// How many opportunities to list.
    #[arg(long, default_value_t = 30)]
    pub top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Also write the product space (nodes and edges) as JSON to this file.
    #[arg(long)]
    pub network: Option<PathBuf>,
}

/// `linkages markets`.
#[derive(Args)]
pub struct MarketsArgs {
    /// GD for Guangdong, or a city (GB/T 2260 code or name).
    #[arg(long, default_value = "GD")]
    pub region: String,
    /// The first year.
    #[arg(long)]
    pub from: i32,
    /// The last year.
    #[arg(long)]
    pub to: i32,
    /// Exports (US dollars) above which a market or product is counted.
    #[arg(long, default_value_t = 0.0)]
    pub threshold: f64,
    /// Product digits: 2, 4 or 6.
    #[arg(long, default_value_t = 6)]
    pub digits: usize,
    /// How many dependent imports to list.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// Confine the analysis to a product group or cluster (its code, e.g. `high_tech`).
    #[arg(long)]
    pub group: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// `linkages new-products`.
#[derive(Args)]
pub struct NewProductsArgs {
    /// GD for Guangdong, or a city (GB/T 2260 code or name).
    #[arg(long, default_value = "GD")]
    pub region: String,
    /// The window's first year.
    #[arg(long)]
    pub from: i32,
    /// The window's last year (at least five after the first).
    #[arg(long)]
    pub to: i32,
    /// Product digits: 2, 4 or 6.
    #[arg(long, default_value_t = 4)]
    pub digits: usize,
    /// How many new products to list.
    #[arg(long, default_value_t = 50)]
    pub top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// `linkages potential`.
#[derive(Args)]
pub struct PotentialArgs {
    /// GD for Guangdong, or a city (GB/T 2260 code or name).
    #[arg(long, default_value = "GD")]
    pub region: String,
    /// The year observed.
    #[arg(long)]
    pub year: i32,
    /// GDP growth a year of every market (0.03 = 3%).
    #[arg(long, default_value_t = 0.0)]
    pub growth: f64,
    /// Years the markets' demand is projected ahead.
    #[arg(long, default_value_t = 0.0)]
    pub years: f64,
    /// Product digits: 2, 4 or 6.
    #[arg(long, default_value_t = 6)]
    pub digits: usize,
    /// How many lines of each table.
    #[arg(long, default_value_t = 20)]
    pub top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

/// `linkages indicators`.
#[derive(Args)]
pub struct IndicatorsArgs {
    /// Indicator (trade, fdi_actual, fdi_contracted, fdi_projects, outsourcing_executed,
    /// outsourcing_contracted, cooperation, cooperation_exports_driven, talent) or a
    /// dataset name for its headline indicator.
    #[arg(long, visible_alias = "indicator")]
    pub dataset: String,
    /// The month, YYYY-MM.
    #[arg(long)]
    pub period: String,
    /// Breakdown: a code column (city, partner, product, trade_mode, …), partner_group,
    /// product_group, hs2 or hs4.
    #[arg(long)]
    pub by: Option<String>,
    /// The slice and its unit.
    #[command(flatten)]
    pub slice: Slice,
    /// Report January and February as one period.
    #[arg(long)]
    pub jan_feb: bool,
    /// Years of the average annual growth.
    #[arg(long, default_value_t = 5)]
    pub years: u32,
    /// Language of names and headers in table and xlsx: zh or en.
    #[arg(long, default_value = "en")]
    pub lang: Lang,
    /// Format and file of the result.
    #[command(flatten)]
    pub output: Output<TableFormat>,
    /// Which versions to read.
    #[command(flatten)]
    pub reading: Reading,
}

/// The slice of a dataset a command computes on, and the unit.
#[derive(Args)]
pub struct Slice {
    /// Restrict the slice: NAME=VALUE (flow=export, city=深圳, partner_group=asean, …); repeatable.
    #[arg(long = "filter", value_name = "NAME=VALUE")]
    pub filters: Vec<String>,
    /// cny, usd or count (default: the indicator's first).
    #[arg(long)]
    pub unit: Option<String>,
}

/// `linkages series`.
#[derive(Args)]
pub struct SeriesArgs {
    /// Indicator code, or a dataset name for its headline indicator.
    #[arg(long, visible_alias = "dataset")]
    pub indicator: String,
    /// The last month, YYYY-MM (default: the latest month of trade).
    #[arg(long)]
    pub period: Option<Period>,
    /// The slice and its unit.
    #[command(flatten)]
    pub slice: Slice,
    /// Which versions to read.
    #[command(flatten)]
    pub reading: Reading,
}

/// `linkages adjust` and `linkages project`.
#[derive(Args)]
pub struct OutlookArgs {
    /// Indicator code, or a dataset name for its headline indicator.
    #[arg(long)]
    pub indicator: String,
    /// The dataset the indicator belongs to (checked when given).
    #[arg(long)]
    pub dataset: Option<String>,
    /// `adjust` only: adjust each member of a breakdown (city, partner, …; the largest 25
    /// of the month) instead of the total.
    #[arg(long)]
    pub by: Option<String>,
    /// The last month read, YYYY-MM (default: the dataset's latest).
    #[arg(long)]
    pub period: Option<Period>,
    /// The slice and its unit.
    #[command(flatten)]
    pub slice: Slice,
    /// Days of the Spring Festival window before the festival.
    #[arg(long, default_value_t = 7)]
    pub before: u32,
    /// Days of the window after the festival.
    #[arg(long, default_value_t = 14)]
    pub after: u32,
    /// Language of the table: zh or en.
    #[arg(long, default_value = "en")]
    pub lang: Lang,
    /// Format and file of the result.
    #[command(flatten)]
    pub output: Output<TableFormat>,
    /// Which versions to read.
    #[command(flatten)]
    pub reading: Reading,
}

/// `linkages overview`.
#[derive(Args)]
pub struct OverviewArgs {
    /// The month, YYYY-MM (default: the latest month of trade).
    #[arg(long)]
    pub period: Option<Period>,
    /// Language of the table: zh or en.
    #[arg(long, default_value = "en")]
    pub lang: Lang,
    /// Format and file of the result.
    #[command(flatten)]
    pub output: Output<TableFormat>,
    /// Which versions to read.
    #[command(flatten)]
    pub reading: Reading,
}

/// `linkages brief`.
#[derive(Args)]
pub struct BriefArgs {
    /// The month, YYYY-MM (January and February are reported together).
    #[arg(long)]
    pub period: Period,
    /// Language: zh or en.
    #[arg(long, default_value = "zh")]
    pub lang: Lang,
    /// A city's brief instead of the province's (code, 4403 or 440300, or name, 深圳).
    #[arg(long, value_parser = parse_city)]
    pub city: Option<&'static City>,
    /// Format and file of the brief.
    #[command(flatten)]
    pub output: Output<BriefFormat>,
    /// Which versions to read.
    #[command(flatten)]
    pub reading: Reading,
}

/// `linkages targets`.
#[derive(Args)]
pub struct TargetsArgs {
    /// Record or list progress instead of printing the scoreboard.
    #[command(subcommand)]
    pub action: Option<TargetAction>,
    /// Only the targets of one linkage (trade, investment, outsourcing, cooperation, talent).
    #[arg(long)]
    pub linkage: Option<Linkage>,
    /// Language of the table: zh or en.
    #[arg(long, default_value = "en")]
    pub lang: Lang,
    /// Format and file of the result.
    #[command(flatten)]
    pub output: Output<TableFormat>,
    /// Judge on this day instead of today (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub on: Option<chrono::NaiveDate>,
    /// The targets split among the cities, each city against its part, instead of the
    /// province's scoreboard.
    #[arg(long)]
    pub cities: bool,
    /// One city's board (code or name): its part of every split target, its progress,
    /// pace and status.
    #[arg(long, value_parser = parse_city, conflicts_with = "cities")]
    pub city: Option<&'static City>,
}

/// What `linkages targets` does besides printing the scoreboard.
#[derive(Subcommand)]
pub enum TargetAction {
    /// Record the progress of a countable target (kept forever; correct with --corrects).
    #[command(allow_negative_numbers = true)]
    Record(RecordArgs),
    /// Every progress record of a target, corrected ones included.
    History {
        /// Target id.
        target: String,
    },
    /// Split a target among the cities: by values a document gives (--city CITY=VALUE …)
    /// or by the cities' shares (--shares-of trade, --shares-of records). Kept forever; a
    /// later split of the same target and year is the one in force.
    Split(SplitArgs),
}

/// `linkages targets split`.
#[derive(Args)]
pub struct SplitArgs {
    /// Target id (see `linkages targets`).
    pub target: String,
    /// The year split, for a target judged year by year (the annual trade scale).
    #[arg(long)]
    pub year: Option<i32>,
    /// A city's value in the target's unit, CITY=VALUE (code or name), repeated.
    #[arg(long = "city", value_parser = parse_city_value, required_unless_present = "shares_of")]
    pub values: Vec<(&'static City, f64)>,
    /// The document that assigns the cities' values given with --city.
    #[arg(long, requires = "values")]
    pub document: Option<String>,
    /// Split by the cities' shares of an indicator's full year (e.g. `trade`, `exports`)
    /// or of their own progress records at a year's end (`records`).
    #[arg(long, conflicts_with = "values")]
    pub shares_of: Option<String>,
    /// The year of the shares (default: the year before the one split, or before today).
    #[arg(long, requires = "shares_of")]
    pub basis_year: Option<i32>,
    /// Who enters it (default: $USER).
    #[arg(long = "entered-by", env = "USER", default_value = "unknown")]
    pub entered_by: String,
}

/// `linkages targets record`.
#[derive(Args)]
pub struct RecordArgs {
    /// Target id (see `linkages targets`).
    pub target: String,
    /// The value reached (cumulative: warehouses built so far, not this month's).
    pub value: f64,
    /// The date the value describes, YYYY-MM-DD (not after today).
    #[arg(long, value_parser = parse_day)]
    pub date: chrono::NaiveDate,
    /// Where the value comes from.
    #[arg(long)]
    pub source: String,
    /// The unit the value is in; refused unless it is the target's.
    #[arg(long)]
    pub unit: Option<String>,
    /// The id of a wrong record this one corrects.
    #[arg(long)]
    pub corrects: Option<i64>,
    /// A note kept with the record.
    #[arg(long)]
    pub note: Option<String>,
    /// The city the value is of (code or name); without it, the province's own value.
    #[arg(long, value_parser = parse_city)]
    pub city: Option<&'static City>,
    /// Who enters it (default: $USER).
    #[arg(long = "entered-by", env = "USER", default_value = "unknown")]
    pub entered_by: String,
}

/// `linkages measures`: every measure, or a note or a review.
#[derive(Args)]
pub struct MeasuresArgs {
    /// A note or a review instead of the list.
    #[command(subcommand)]
    pub action: Option<MeasureAction>,
    /// Language of the table: zh or en.
    #[arg(long, default_value = "en")]
    pub lang: Lang,
    /// Format and file of the result.
    #[command(flatten)]
    pub output: Output<TableFormat>,
}

/// What `linkages measures` writes.
#[derive(Subcommand)]
pub enum MeasureAction {
    /// A dated progress note of a measure, with a judgement and its source.
    Note {
        /// The measure's id (see `linkages measures`).
        measure: String,
        /// not_started, under_way, done or stalled (or 未启动, 推进中, 已完成, 停滞).
        #[arg(long, value_parser = parse::<Judgement>)]
        judgement: Judgement,
        /// The day it describes (YYYY-MM-DD, not after today).
        #[arg(long, value_parser = parse_day)]
        date: chrono::NaiveDate,
        /// What was done.
        #[arg(long)]
        text: String,
        /// The document it rests on.
        #[arg(long)]
        source: String,
        /// The note it corrects.
        #[arg(long)]
        corrects: Option<i64>,
    },
    /// Review a note: accept it (it counts) or return it; never one's own.
    Review {
        /// The note's id.
        id: i64,
        /// Return the note instead of accepting it.
        #[arg(long = "return")]
        returned: bool,
        /// A comment kept with the review.
        #[arg(long)]
        comment: Option<String>,
    },
}

/// `linkages projects`: the pipeline, or a change to it.
#[derive(Args)]
pub struct ProjectsArgs {
    /// A change instead of the list.
    #[command(subcommand)]
    pub action: Option<ProjectAction>,
    /// Which projects to list.
    #[command(flatten)]
    pub filter: ProjectFilterArgs,
    /// Language of the table: zh or en.
    #[arg(long, default_value = "en")]
    pub lang: Lang,
    /// Format and file of the result.
    #[command(flatten)]
    pub output: Output<TableFormat>,
    /// Judge ages and rates on this day instead of today (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub on: Option<chrono::NaiveDate>,
    /// Instead of the list: the projects' actual investment of this year by city beside
    /// the official actual use of foreign capital.
    #[arg(long, value_name = "YEAR")]
    pub against_statistics: Option<i32>,
}

/// Which projects `linkages projects` lists.
#[derive(Args, Default)]
pub struct ProjectFilterArgs {
    /// One city (code or name).
    #[arg(long, value_parser = parse_city)]
    pub city: Option<&'static City>,
    /// One source country (ISO code or name).
    #[arg(long, value_parser = parse_country)]
    pub country: Option<&'static str>,
    /// One industry section (GB/T 4754 letter or name).
    #[arg(long, value_parser = parse_industry)]
    pub industry: Option<&'static str>,
    /// One strategic cluster (code, English or Chinese name).
    #[arg(long, value_parser = parse_cluster)]
    pub cluster: Option<&'static str>,
    /// Projects now at this stage.
    #[arg(long, value_parser = parse::<Stage>)]
    pub stage: Option<Stage>,
    /// Only projects of US$100 million or more.
    #[arg(long)]
    pub large: bool,
}

/// What `linkages projects` changes.
#[derive(Subcommand)]
pub enum ProjectAction {
    /// Add a project (or, if the same investor, name and city is held, record it as
    /// seen again).
    Add(ProjectAddArgs),
    /// Move a project to a stage (backwards only with --correction).
    Move {
        /// The project's id.
        id: i64,
        /// The stage reached: promoted/推介, negotiating/洽谈, signed/签约, started/开工,
        /// producing/投产.
        #[arg(value_parser = parse::<Stage>)]
        stage: Stage,
        /// The day it was reached (YYYY-MM-DD).
        #[arg(long, value_parser = parse_day)]
        date: chrono::NaiveDate,
        /// The document the move rests on.
        #[arg(long)]
        evidence: String,
        /// Set the stage back: the earlier move was wrong.
        #[arg(long)]
        correction: bool,
    },
    /// Merge a duplicate the key missed into another project (both are kept).
    Merge {
        /// The duplicate.
        from: i64,
        /// The project it repeats.
        into: i64,
        /// Why they are the same project.
        #[arg(long)]
        evidence: String,
    },
    /// Import a promotion office's project list (CSV or Excel, Chinese headers accepted);
    /// bad rows are quarantined with their reason.
    Import {
        /// The file.
        file: PathBuf,
        /// The sheet of a workbook (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Text encoding of a CSV file.
        #[arg(long, value_enum, default_value_t = EncodingArg::Utf8)]
        encoding: EncodingArg,
        /// Where the list comes from (kept as each row's evidence).
        #[arg(long)]
        evidence: String,
    },
}

/// `linkages projects add`.
#[derive(Args)]
pub struct ProjectAddArgs {
    /// The project's name.
    #[arg(long)]
    pub name: String,
    /// The investing company, as its contract names it.
    #[arg(long)]
    pub investor: String,
    /// Source country (ISO code or name).
    #[arg(long, value_parser = parse_country)]
    pub country: &'static str,
    /// Industry section (GB/T 4754 letter or name).
    #[arg(long, value_parser = parse_industry)]
    pub industry: &'static str,
    /// Strategic cluster.
    #[arg(long, value_parser = parse_cluster)]
    pub cluster: Option<&'static str>,
    /// City (code or name).
    #[arg(long, value_parser = parse_city)]
    pub city: &'static City,
    /// The stage reached.
    #[arg(long, value_parser = parse::<Stage>)]
    pub stage: Option<Stage>,
    /// The day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub date: chrono::NaiveDate,
    /// The event it was presented or signed at.
    #[arg(long)]
    pub event: Option<String>,
    /// Planned investment, US$.
    #[arg(long)]
    pub planned_usd: Option<f64>,
    /// Contracted investment, US$.
    #[arg(long)]
    pub contracted_usd: Option<f64>,
    /// Actual investment in place, US$.
    #[arg(long)]
    pub actual_usd: Option<f64>,
    /// Planned start of construction (YYYY-MM-DD).
    #[arg(long, value_parser = parse_day)]
    pub planned_start: Option<chrono::NaiveDate>,
    /// Signed under the "top leader" project.
    #[arg(long)]
    pub top_leader: bool,
    /// A landmark project.
    #[arg(long)]
    pub landmark: bool,
    /// The document it rests on.
    #[arg(long)]
    pub evidence: String,
}

/// `linkages serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: std::net::SocketAddr,
    /// Load the synthetic demo data first if the store has no trade data.
    #[arg(long)]
    pub demo: bool,
    /// A host name the bureaus reach the server by (repeat for each); loopback names are
    /// always allowed. Requests naming any other host are refused (DNS rebinding).
    #[arg(long = "allow-host")]
    pub allow_hosts: Vec<String>,
    /// TLS certificate chain (PEM); with --tls-key, the server speaks HTTPS only.
    #[arg(long, requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// TLS private key (PEM).
    #[arg(long, requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

/// `linkages users`.
#[derive(Args)]
pub struct UsersArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: UserAction,
}

/// What `linkages users` does.
#[derive(Subcommand)]
pub enum UserAction {
    /// Add a user; the password is read from the first line of standard input.
    Add {
        /// Login name (letters, digits, '.', '_', '-').
        name: String,
        /// admin, province, city or policy.
        #[arg(long, value_parser = parse::<Role>)]
        role: Role,
        /// The city of a city bureau (code, 4403 or 440300, or name, 深圳).
        #[arg(long)]
        city: Option<String>,
    },
    /// List the users.
    List,
    /// Disable a user: no more sign-ins, sessions or tokens (users are never deleted).
    Disable {
        /// Login name.
        name: String,
    },
    /// Issue an API token for a user (shown once; send it as `Authorization: Bearer …`).
    Token {
        /// Login name.
        name: String,
        /// What the token is for.
        #[arg(long, default_value = "script")]
        label: String,
        /// Last day it is valid (YYYY-MM-DD; default: until the user is disabled).
        #[arg(long)]
        expires: Option<chrono::NaiveDate>,
    },
}

/// `linkages audit`.
#[derive(Args)]
pub struct AuditArgs {
    /// Only this user's entries.
    #[arg(long)]
    pub user: Option<String>,
    /// Only entries from this day on (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<chrono::NaiveDate>,
    /// At most this many entries.
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
}

/// `linkages versions`.
#[derive(Args)]
pub struct VersionsArgs {
    /// Only this dataset.
    #[arg(long)]
    pub dataset: Option<String>,
}

/// `linkages reference`.
#[derive(Args)]
pub struct ReferenceArgs {
    /// The list: countries, cities, hs_chapters, partner_groups, product_groups,
    /// strategic_clusters, indicators, figures, flows, trade_modes, …
    pub list: String,
}

/// How ingest combines files with the current version.
#[derive(Clone, Copy, ValueEnum)]
pub enum ModeArg {
    /// The files' periods replace the same periods; others are kept.
    ReplacePeriods,
    /// The files are the whole dataset.
    ReplaceAll,
}

/// What the values of an ingested file are.
#[derive(Clone, Copy, ValueEnum)]
pub enum ValuesArg {
    /// Each month's own value (当月).
    Month,
    /// Cumulative from January (累计).
    Ytd,
}

/// The text encoding of CSV files.
#[derive(Clone, Copy, ValueEnum)]
pub enum EncodingArg {
    /// UTF-8 (a byte-order mark is skipped).
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GBK / GB18030.
    #[value(alias = "gb18030")]
    Gbk,
}

impl From<EncodingArg> for linkages_engine::Encoding {
    fn from(e: EncodingArg) -> Self {
        match e {
            EncodingArg::Utf8 => linkages_engine::Encoding::Utf8,
            EncodingArg::Gbk => linkages_engine::Encoding::Gbk,
        }
    }
}

/// A report for people or for programs.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Lines of text.
    Text,
    /// JSON.
    Json,
}

/// The formats of `linkages complexity`'s one row per cell.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CellFormat {
    /// CSV with a header row.
    Csv,
    /// A JSON array of objects.
    Json,
    /// A Parquet file (needs --output).
    Parquet,
}

fn parse_assignment(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .filter(|(k, _)| !k.is_empty())
        .ok_or_else(|| format!("'{s}': expected COLUMN=VALUE"))
}

fn parse_day(raw: &str) -> Result<chrono::NaiveDate, String> {
    linkages_core::parse_day(raw).map_err(|e| e.to_string())
}

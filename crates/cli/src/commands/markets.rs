//! `linkages markets`, `linkages potential` and `linkages new-products`: print
//! `linkages_report::markets`' and `linkages_report::new_products`' analyses.

use std::process::ExitCode;

use anyhow::Result;
use linkages_report::markets::{self, Line, Markets, PotentialRequest, Potentials, Request};
use linkages_report::new_products::{self, NewProducts};

use super::{Env, note_synthetic};
use crate::args::{MarketsArgs, NewProductsArgs, PotentialArgs, Reading, ReportFormat};

/// Concentration, markets won and lost, the CMS decomposition and dependent imports.
pub async fn run(env: &Env, a: MarketsArgs) -> Result<ExitCode> {
    let session = env.session(&Reading { as_of: None }).await?;
    let request = Request::new(&a.region, a.from, a.to, a.threshold, a.digits, a.top)?
        .in_group(a.group.as_deref())?;
    let m = markets::build(&session, &request).await?;
    match a.format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&m)?),
        ReportFormat::Text => print!("{}", text(&m)),
    }
    note_synthetic(&session);
    Ok(ExitCode::SUCCESS)
}

/// Export potential and the unrealized potential.
pub async fn potential(env: &Env, a: PotentialArgs) -> Result<ExitCode> {
    let session = env.session(&Reading { as_of: None }).await?;
    let request = PotentialRequest::new(&a.region, a.year, a.growth, a.years, a.digits, a.top)?;
    let p = markets::potentials(&session, &request).await?;
    match a.format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&p)?),
        ReportFormat::Text => print!("{}", potential_text(&p)),
    }
    if p.capped > 0 {
        eprintln!(
            "note: in {} products the region reports more exports than the world table; its supply share was capped at 1",
            p.capped
        );
    }
    note_synthetic(&session);
    Ok(ExitCode::SUCCESS)
}

/// The products new to a region over a window, with their PCI.
pub async fn new_products(env: &Env, a: NewProductsArgs) -> Result<ExitCode> {
    let session = env.session(&Reading { as_of: None }).await?;
    let request = Request::new(&a.region, a.from, a.to, 0.0, a.digits, a.top)?;
    let n = new_products::build(&session, &request).await?;
    match a.format {
        ReportFormat::Json => println!("{}", serde_json::to_string_pretty(&n)?),
        ReportFormat::Text => print!("{}", new_products_text(&n)),
    }
    note_synthetic(&session);
    Ok(ExitCode::SUCCESS)
}

fn new_products_text(n: &NewProducts) -> String {
    let mut out = format!(
        "{} {}–{}: {} of {} products new (RCA < 0.5 in the first three years, ≥ 1 in the last three)\n",
        n.region, n.from, n.to, n.count, n.products
    );
    out += "product   exports (US$ million)   PCI     RCA by year\n";
    for p in &n.new {
        let pci = p.pci.map_or("-".to_string(), |v| format!("{v:.2}"));
        let rca: Vec<String> = p.rca.iter().map(|r| format!("{r:.2}")).collect();
        out += &format!(
            "{:<9} {:>21.1}   {:>5}   {}\n",
            p.product,
            p.exports / 1e6,
            pci,
            rca.join(" ")
        );
    }
    out
}

fn text(m: &Markets) -> String {
    let group = m
        .group
        .as_ref()
        .map_or(String::new(), |g| format!(" ({g})"));
    let mut out = format!(
        "{}{group} {}–{}: exports by year (US$ million)\n",
        m.region, m.from, m.to
    );
    out += "year      exports  markets  HHI    top-5  products  HHI    top-5  suppliers  HHI\n";
    for y in &m.years {
        out += &format!(
            "{}  {:>11.1}  {:>7}  {:.3}  {:.3}  {:>8}  {:.3}  {:.3}  {:>9}  {:.3}\n",
            y.year,
            y.exports / 1e6,
            y.markets.members,
            y.markets.hhi,
            y.markets.top5,
            y.products.members,
            y.products.hhi,
            y.products.top5,
            y.suppliers.members,
            y.suppliers.hhi
        );
    }
    out += &format!("new markets: {}\n", list(&m.new_markets));
    out += &format!("lost markets: {}\n", list(&m.lost_markets));
    let e = &m.two_level;
    out += &format!(
        "change {:.1}: world demand {:.1}, commodity composition {:.1}, market distribution {:.1}, competitiveness {:.1} (US$ million; Leamer & Stern)\n",
        (e.after - e.before) / 1e6,
        e.world_demand / 1e6,
        e.commodity_composition / 1e6,
        e.market_distribution / 1e6,
        e.competitiveness / 1e6
    );
    out += "imports most dependent on one supplier:\n";
    for d in &m.dependent_imports {
        out += &format!(
            "  {:<8} {:>10.1}  {} {:.0}%  suppliers {}  HHI {:.3}\n",
            d.product,
            d.value / 1e6,
            d.top_supplier,
            d.top_share * 100.0,
            d.suppliers,
            d.hhi
        );
    }
    out
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names.join(" ")
    }
}

fn potential_text(p: &Potentials) -> String {
    let mut out = format!("{} {}: export potential (US$ million)\n", p.region, p.year);
    for (title, lines) in [
        ("product × market", &p.cells),
        ("product", &p.products),
        ("market", &p.markets),
        ("cluster / group", &p.groups),
    ] {
        out += &format!(
            "{title:<26} {:>10} {:>10} {:>11}\n",
            "potential", "actual", "unrealized"
        );
        out += &lines.iter().map(line).collect::<String>();
    }
    out
}

fn line(l: &Line) -> String {
    format!(
        "  {:<24} {:>10.2} {:>10.2} {:>11.2}\n",
        l.name,
        l.potential / 1e6,
        l.actual / 1e6,
        l.unrealized / 1e6
    )
}

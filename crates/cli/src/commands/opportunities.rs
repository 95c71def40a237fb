//! `linkages opportunities`: prints the ranking of `linkages_report::opportunities`.

use std::process::ExitCode;

use anyhow::{Context, Result};
use linkages_report::opportunities::{self, Opportunities, Request};

use super::{Env, note_synthetic};
use crate::args::{OpportunitiesArgs, ReportFormat};

/// Ranks, prints (text or JSON) and optionally writes the product space.
pub async fn run(env: &Env, a: OpportunitiesArgs) -> Result<ExitCode> {
    let session = env.session(&crate::args::Reading { as_of: None }).await?;
    let request = Request::new(&a.region, a.year, &a.parent, a.top)?;
    let o = opportunities::build(&session, &request).await?;
    match a.format {
        ReportFormat::Json => {
            let mut value = serde_json::to_value(&o)?;
            // The network is written to its own file when asked, not printed.
            if let Some(map) = value.as_object_mut() {
                map.remove("nodes");
                map.remove("edges");
            }
            println!("{}", serde_json::to_string_pretty(&value)?);
        }
        ReportFormat::Text => print!("{}", text(&o)),
    }
    if o.clamped > 0 {
        eprintln!(
            "note: in {} products {} reports more exports than {}; {}'s value was set to 0 there",
            o.clamped, o.region, request.parent, request.parent
        );
    }
    if let Some(path) = a.network {
        let doc = serde_json::json!({"region": o.region, "year": o.year, "nodes": o.nodes, "edges": o.edges});
        std::fs::write(&path, serde_json::to_string(&doc)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!(
            "product space: {} nodes, {} edges written to {}",
            o.nodes.len(),
            o.edges.len(),
            path.display()
        );
    }
    note_synthetic(&session);
    Ok(ExitCode::SUCCESS)
}

/// The ranking as aligned text.
fn text(o: &Opportunities) -> String {
    let mut out = format!(
        "{} {}: ECI {:.3}, rank {} of {} locations; {} products, {} not yet competitive\n",
        o.region, o.year, o.eci, o.eci_rank, o.locations, o.products, o.not_competitive
    );
    out += &format!(
        "{:>4}  {:<8} {:>6} {:>7} {:>6} {:>6} {:>6}  groups / chapter\n",
        "#", "product", "rca", "density", "pci", "cog", "score"
    );
    for (i, item) in o.opportunities.iter().enumerate() {
        out += &format!(
            "{:>4}  {:<8} {:>6.2} {:>7.3} {:>6.2} {:>6.2} {:>6.2}  {} / {}\n",
            i + 1,
            item.product,
            item.rca,
            item.density,
            item.pci,
            item.cog,
            item.score,
            item.groups.join(" "),
            item.chapter_en
        );
    }
    out
}

//! `linkages opportunities`: where a region (Guangdong, or one of its cities) could go next,
//! from the store's world trade and the region's own exports.

use anyhow::{Context, Result, bail};
use linkages_complexity::{Options, compute, network, opportunities, with_region};
use linkages_core::Value;
use linkages_core::classify::{city, groups_of_product, hs_chapter};
use linkages_engine::Session;
use linkages_engine::format::to_values;

/// What to rank, and how to show it.
pub struct Request {
    pub region: String,
    pub year: i32,
    pub parent: String,
    pub top: usize,
    pub json: bool,
    pub network: Option<std::path::PathBuf>,
}

fn number(v: &Value) -> f64 {
    match v {
        Value::Float(f) => *f,
        Value::Int(i) => *i as f64,
        _ => 0.0,
    }
}

/// Runs the ranking and prints it.
pub async fn run(session: &Session, request: &Request) -> Result<()> {
    let year = request.year;
    let world = to_values(
        &session
            .query(&format!("SELECT reporter, product, sum(value_usd) FROM world WHERE year = {year} GROUP BY reporter, product"))
            .await?
            .1,
    )?;
    if world.is_empty() {
        bail!(
            "no world trade for {year} in the store: ingest a world export table first, e.g. \
             `linkages ingest --dataset world --set year={year} FILE.csv`"
        );
    }
    let digits = world
        .iter()
        .map(|r| r[1].to_string().len())
        .max()
        .unwrap_or(4);
    // The region: the whole province (GD), or one city by GB/T 2260 code or name.
    let (filter, label) = match request.region.to_uppercase().as_str() {
        "GD" | "GUANGDONG" | "广东" => (String::new(), "GD".to_string()),
        _ => {
            let c = city(&request.region).with_context(|| {
                format!(
                    "unknown region '{}': use GD for Guangdong or a city code or name",
                    request.region
                )
            })?;
            (format!(" AND city = '{}'", c.code), c.name_en.to_string())
        }
    };
    let regional = to_values(
        &session
            .query(&format!(
                "SELECT substr(product, 1, {digits}) AS p, sum(value_usd) FROM trade \
                 WHERE flow = 'export' AND year = {year} AND length(product) >= {digits}{filter} GROUP BY p"
            ))
            .await?
            .1,
    )?;
    if regional.is_empty() {
        bail!(
            "no exports of {} in {year} in the trade dataset",
            request.region
        );
    }
    let world: Vec<(String, String, f64)> = world
        .iter()
        .map(|r| (r[0].to_string(), r[1].to_string(), number(&r[2])))
        .collect();
    let regional: Vec<(String, f64)> = regional
        .iter()
        .map(|r| (r[0].to_string(), number(&r[1])))
        .collect();
    let (matrix, clamped) = with_region(&world, &label, &regional, &request.parent)?;
    let result = compute(&matrix, &Options::default())?;
    let ranked =
        opportunities(&result, &label).context("the region has no exports left after cleaning")?;
    let c = result
        .locations
        .iter()
        .position(|l| *l == label)
        .context("region missing")?;
    let eci = result.eci[c];
    let rank = result.eci.iter().filter(|e| **e > eci).count() + 1;
    let groups = |p: &str| {
        groups_of_product(p)
            .map(|g| g.code)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let chapter = |p: &str| hs_chapter(&p[..2.min(p.len())]).map_or("", |c| c.name_en);
    if request.json {
        let items: Vec<serde_json::Value> = ranked
            .iter()
            .take(request.top)
            .map(|o| {
                serde_json::json!({"product": o.product, "chapter": chapter(&o.product), "groups": groups(&o.product),
                    "rca": o.rca, "density": o.density, "pci": o.pci, "cog": o.cog, "score": o.score})
            })
            .collect();
        let out = serde_json::json!({"region": label, "year": year, "eci": eci, "eci_rank": rank,
            "locations": result.locations.len(), "products": result.products.len(), "opportunities": items});
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "{label} {year}: ECI {eci:.3}, rank {rank} of {} locations; {} products, {} not yet competitive",
            result.locations.len(),
            result.products.len(),
            ranked.len()
        );
        println!(
            "{:>4}  {:<8} {:>6} {:>7} {:>6} {:>6} {:>6}  groups / chapter",
            "#", "product", "rca", "density", "pci", "cog", "score"
        );
        for (i, o) in ranked.iter().take(request.top).enumerate() {
            println!(
                "{:>4}  {:<8} {:>6.2} {:>7.3} {:>6.2} {:>6.2} {:>6.2}  {} / {}",
                i + 1,
                o.product,
                o.rca,
                o.density,
                o.pci,
                o.cog,
                o.score,
                groups(&o.product),
                chapter(&o.product)
            );
        }
    }
    if clamped > 0 {
        eprintln!(
            "note: in {clamped} products {label} reports more exports than {}; {}'s value was set to 0 there",
            request.parent, request.parent
        );
    }
    if let Some(path) = &request.network {
        let net = network(&result, 0.55);
        let nodes: Vec<serde_json::Value> = net
            .nodes
            .iter()
            .enumerate()
            .map(|(p, code)| {
                serde_json::json!({"id": code, "pci": result.pci[p], "groups": groups(code), "present": result.mcp[(c, p)] == 1.0})
            })
            .collect();
        let edges: Vec<serde_json::Value> = net
            .edges
            .iter()
            .map(|(a, b, w)| serde_json::json!({"source": net.nodes[*a], "target": net.nodes[*b], "proximity": w}))
            .collect();
        let doc =
            serde_json::json!({"region": label, "year": year, "nodes": nodes, "edges": edges});
        std::fs::write(path, serde_json::to_string(&doc)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!(
            "product space: {} nodes, {} edges written to {}",
            net.nodes.len(),
            net.edges.len(),
            path.display()
        );
    }
    Ok(())
}

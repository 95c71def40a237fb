//! Tidy checks, in the manner of rust-analyzer's `tidy.rs`: the code map of ARCHITECTURE.md
//! agrees with `cargo metadata`, only the engine depends on DataFusion, Arrow and Parquet,
//! every public item has a doc comment that says more than its name, and no function
//! outside tests is longer than 80 lines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use linkages_testkit::root;

/// The workspace's packages: directory (`crates/core`) → (name, normal dependencies).
fn packages() -> BTreeMap<String, (String, BTreeSet<String>)> {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .expect("cargo metadata");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).expect("metadata json");
    let root = root().canonicalize().expect("root");
    let mut packages = BTreeMap::new();
    for p in meta["packages"].as_array().expect("packages") {
        let manifest = PathBuf::from(p["manifest_path"].as_str().expect("manifest"));
        let dir = manifest
            .parent()
            .expect("dir")
            .strip_prefix(&root)
            .expect("inside");
        let deps = p["dependencies"]
            .as_array()
            .expect("dependencies")
            .iter()
            .filter(|d| d["kind"].is_null())
            .map(|d| d["name"].as_str().expect("name").to_string())
            .collect();
        let name = p["name"].as_str().expect("name").to_string();
        packages.insert(dir.display().to_string(), (name, deps));
    }
    packages
}

/// The code map's rows: directory → (package name, the names in "depends on").
fn code_map() -> BTreeMap<String, (String, BTreeSet<String>)> {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).expect("ARCHITECTURE.md");
    let mut rows = BTreeMap::new();
    for line in text.lines().filter(|l| l.starts_with("| `crates/")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let ticked = |cell: &str| -> Vec<String> {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(String::from)
                .collect()
        };
        let first = ticked(cells[1]);
        let deps = cells[cells.len() - 2]
            .split(',')
            .map(|d| d.trim().trim_matches('`').to_string())
            .filter(|d| !d.is_empty() && d != "everything above")
            .collect();
        rows.insert(first[0].clone(), (first[1].clone(), deps));
    }
    rows
}

/// A dependency as the code map names it: our crates without `linkages-`.
fn short(dep: &str) -> String {
    dep.strip_prefix("linkages-").unwrap_or(dep).to_string()
}

#[test]
fn the_code_map_is_the_workspace() {
    let (packages, map) = (packages(), code_map());
    assert_eq!(
        packages.keys().collect::<Vec<_>>(),
        map.keys().collect::<Vec<_>>(),
        "ARCHITECTURE.md's code map lists other crates than the workspace has"
    );
    let ours: BTreeSet<String> = packages.values().map(|(n, _)| n.clone()).collect();
    for (dir, (name, deps)) in &packages {
        let (map_name, map_deps) = &map[dir];
        assert_eq!(name, map_name, "{dir}: the code map names another package");
        let internal: BTreeSet<String> = deps
            .iter()
            .filter(|d| ours.contains(*d))
            .map(|d| short(d))
            .collect();
        let listed: BTreeSet<String> = map_deps
            .iter()
            .filter(|d| ours.contains(&format!("linkages-{d}")))
            .cloned()
            .collect();
        if dir != "crates/cli" {
            assert_eq!(
                internal, listed,
                "{dir}: the code map's internal dependencies are wrong"
            );
        }
        for d in map_deps
            .iter()
            .filter(|d| !ours.contains(&format!("linkages-{d}")))
        {
            assert!(
                deps.contains(d),
                "{dir}: the code map says it depends on {d}; it does not"
            );
        }
    }
}

#[test]
fn only_the_engine_depends_on_datafusion_arrow_and_parquet() {
    for (dir, (name, deps)) in packages() {
        for heavy in ["datafusion", "arrow", "parquet", "ballista"] {
            assert!(
                dir == "crates/engine" || !deps.contains(heavy),
                "{name} depends on {heavy}: heavy dependencies stay in linkages-engine"
            );
        }
    }
}

/// Every `.rs` file under the crates' `src` directories.
fn sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join("crates"))
        .expect("crates")
        .flatten()
        .map(|e| e.path().join("src"))
        .collect();
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The lines of a file outside `#[cfg(test)]` modules, with their numbers.
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).expect("source");
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() == "#[cfg(test)]" {
            let indent = indent(lines.get(i + 1).unwrap_or(&""));
            if lines
                .get(i + 1)
                .is_some_and(|l| l.trim_start().starts_with("mod "))
            {
                let close = format!("{}}}", " ".repeat(indent));
                while i < lines.len() && lines[i] != close {
                    i += 1;
                }
                i += 1;
                continue;
            }
        }
        out.push((i + 1, lines[i].to_string()));
        i += 1;
    }
    out
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The words of a name (`ytd_yoy`, `IndicatorTable`) or of a text, lower case.
fn words(text: &str) -> BTreeSet<String> {
    let mut spaced = String::new();
    for (i, c) in text.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            spaced.push(' ');
        }
        spaced.push(if c.is_alphanumeric() { c } else { ' ' });
    }
    const EMPTY: [&str; 14] = [
        "the", "a", "an", "of", "its", "to", "in", "for", "and", "or", "is", "this", "by", "with",
    ];
    spaced
        .to_lowercase()
        .split_whitespace()
        .filter(|w| !EMPTY.contains(w))
        .map(String::from)
        .collect()
}

/// The name a line declares, when it declares a public item.
fn public_item(line: &str) -> Option<String> {
    let rest = line.trim_start().strip_prefix("pub ")?;
    let rest = rest.strip_prefix("async ").unwrap_or(rest);
    let rest = [
        "fn ", "struct ", "enum ", "trait ", "const ", "static ", "type ", "mod ",
    ]
    .iter()
    .find_map(|k| rest.strip_prefix(k))
    .unwrap_or(rest);
    let name: String = rest
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty() && !rest.starts_with("use ")).then_some(name)
}

#[test]
fn every_public_item_has_a_doc_comment_that_says_more_than_its_name() {
    let mut problems = Vec::new();
    for path in sources() {
        let lines = code_lines(&path);
        for (k, (number, line)) in lines.iter().enumerate() {
            let Some(name) = public_item(line) else {
                continue;
            };
            if line.contains("pub use ") || line.contains('$') {
                continue;
            }
            let mut doc = Vec::new();
            let mut in_attribute = false;
            for (_, above) in lines[..k].iter().rev() {
                let t = above.trim();
                // Attributes between the doc and the item, some over several lines.
                if in_attribute {
                    in_attribute = !t.starts_with("#[");
                } else if let Some(d) = t.strip_prefix("///") {
                    doc.push(d.to_string());
                } else if t.ends_with(")]") && !t.starts_with("#[") {
                    in_attribute = true;
                } else if !t.starts_with("#[") {
                    break;
                }
            }
            let said = words(&doc.join(" "));
            let at = format!(
                "{}:{number} {name}",
                path.strip_prefix(root()).unwrap_or(&path).display()
            );
            if name == "mod" || line.trim_start().starts_with("pub mod ") {
                continue; // modules are documented by their own `//!`
            }
            if doc.is_empty() {
                problems.push(format!("{at}: no doc comment"));
            } else if said.is_subset(&words(&name)) {
                problems.push(format!("{at}: the doc comment only repeats the name"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Functions allowed to be long, with the reason.
const LONG_FUNCTIONS: &[(&str, &str)] = &[];

#[test]
fn no_function_outside_tests_is_longer_than_80_lines() {
    let mut long = Vec::new();
    for path in sources() {
        let lines = code_lines(&path);
        for (k, (number, line)) in lines.iter().enumerate() {
            let t = line.trim_start();
            let signature = [
                "fn ",
                "pub fn ",
                "pub(crate) fn ",
                "async fn ",
                "pub async fn ",
                "pub(crate) async fn ",
                "const fn ",
                "pub const fn ",
            ]
            .iter()
            .any(|p| t.starts_with(p));
            if !signature || line.trim_end().ends_with(';') {
                continue;
            }
            let close = format!("{}}}", " ".repeat(indent(line)));
            let Some(end) = lines[k..].iter().find(|(_, l)| *l == close) else {
                continue;
            };
            let length = end.0 - number + 1;
            let name: String = t
                .split("fn ")
                .nth(1)
                .unwrap_or("")
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let file = path
                .strip_prefix(root())
                .unwrap_or(&path)
                .display()
                .to_string();
            if length > 80
                && !LONG_FUNCTIONS
                    .iter()
                    .any(|(f, _)| *f == format!("{file}::{name}"))
            {
                long.push(format!("{file}:{number} {name}: {length} lines"));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over 80 lines:\n{}",
        long.join("\n")
    );
}

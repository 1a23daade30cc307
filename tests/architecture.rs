//! The layers are kept by the crates' manifests: the core (knowledge, search, replies, commands)
//! cannot use serenity, tokio, HTTP or a database because nothing in its dependency tree
//! provides them, and the insights stores know nothing of Discord. These tests read the
//! resolved dependency graph (`cargo metadata`), so a dependency added to the wrong manifest,
//! directly or through another crate, fails here before review.

use std::collections::{BTreeSet, HashMap};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

/// Crates that do I/O or speak a transport: never in the core's tree.
const NOT_IN_CORE: &[&str] = &[
    "serenity",
    "tokio",
    "axum",
    "hyper",
    "reqwest",
    "tungstenite",
    "rusqlite",
    "postgres",
    "tokio-postgres",
    "ed25519-dalek",
    "notify",
];
/// Discord and HTTP crates: never direct dependencies of the insights stores.
const NOT_IN_INSIGHTS: &[&str] = &["serenity", "axum", "hyper", "reqwest", "tungstenite", "ed25519-dalek"];

/// The workspace's resolved graph for this machine's platform, read once.
fn metadata() -> &'static Value {
    static METADATA: OnceLock<Value> = OnceLock::new();
    METADATA.get_or_init(|| {
        let rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned()))
            .arg("-vV")
            .output()
            .expect("rustc runs");
        let version = String::from_utf8_lossy(&rustc.stdout).into_owned();
        let host = version.lines().find_map(|l| l.strip_prefix("host: ")).expect("rustc names its host").trim();
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let out = Command::new(cargo)
            .args(["metadata", "--format-version", "1", "--offline", "--filter-platform", host, "--manifest-path"])
            .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
            .output()
            .expect("cargo runs");
        assert!(out.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("cargo metadata prints JSON")
    })
}

/// Package name → (id, names of its normal, non-dev dependencies as resolved).
fn graph(meta: &Value) -> (HashMap<String, String>, HashMap<String, Vec<String>>) {
    let name_of: HashMap<String, String> = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| (p["id"].as_str().unwrap().to_owned(), p["name"].as_str().unwrap().to_owned()))
        .collect();
    let ids: HashMap<String, String> = name_of.iter().map(|(id, name)| (name.clone(), id.clone())).collect();
    let mut deps = HashMap::new();
    for node in meta["resolve"]["nodes"].as_array().expect("a resolved graph") {
        let normal: Vec<String> = node["deps"]
            .as_array()
            .expect("deps")
            .iter()
            .filter(|d| d["dep_kinds"].as_array().unwrap().iter().any(|k| k["kind"].is_null()))
            .map(|d| d["pkg"].as_str().unwrap().to_owned())
            .collect();
        deps.insert(node["id"].as_str().unwrap().to_owned(), normal);
    }
    let named = deps
        .into_iter()
        .map(|(id, ds)| (name_of[&id].clone(), ds.iter().map(|d| name_of[d].clone()).collect()))
        .collect::<HashMap<String, Vec<String>>>();
    (ids, named)
}

fn tree(deps: &HashMap<String, Vec<String>>, root: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![root.to_owned()];
    while let Some(name) = todo.pop() {
        for dep in deps.get(&name).into_iter().flatten() {
            if seen.insert(dep.clone()) {
                todo.push(dep.clone());
            }
        }
    }
    seen
}

#[test]
fn the_core_depends_on_no_transport_runtime_or_database_crate() {
    let (ids, deps) = graph(metadata());
    assert!(ids.contains_key("career-bot-core"), "the core crate is a workspace member");
    let core = tree(&deps, "career-bot-core");
    assert!(core.contains("serde_yaml") && core.contains("strsim"), "the core's tree was read: {core:?}");
    let found: Vec<&&str> = NOT_IN_CORE.iter().filter(|name| core.contains(**name)).collect();
    assert!(found.is_empty(), "the core's dependency tree holds {found:?}; move that code to a front end");
}

#[test]
fn the_insights_stores_do_not_depend_on_discord_or_http() {
    let (_, deps) = graph(metadata());
    let direct = &deps["career-bot-insights"];
    assert!(direct.iter().any(|d| d == "career-bot-core"), "insights builds on the core: {direct:?}");
    let found: Vec<&&str> = NOT_IN_INSIGHTS.iter().filter(|name| direct.iter().any(|d| d == **name)).collect();
    assert!(found.is_empty(), "career-bot-insights depends on {found:?}");
}

#[test]
fn the_core_does_not_depend_on_the_front_ends_or_the_stores() {
    let (_, deps) = graph(metadata());
    let core = tree(&deps, "career-bot-core");
    assert!(!core.contains("career-bot") && !core.contains("career-bot-insights"), "{core:?}");
}

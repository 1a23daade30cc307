//! The core (knowledge, search, replies, commands) knows nothing of serenity, tokio or HTTP:
//! front ends convert at the edge.

use std::path::Path;

const CORE: &[&str] =
    &["src/knowledge", "src/search", "src/reply", "src/commands", "src/eval", "src/bot.rs", "src/lib.rs"];
const FORBIDDEN: &[&str] = &["serenity", "tokio", "axum", "hyper", "reqwest", "tungstenite"];

fn rust_files(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        for entry in std::fs::read_dir(path).expect("readable source directory") {
            rust_files(&entry.expect("directory entry").path(), out);
        }
    } else if path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_owned());
    }
}

#[test]
fn the_core_imports_no_transport_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in CORE {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(files.len() > 20, "the core's files were found");
    let mut offenders = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable source file");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if FORBIDDEN.iter().any(|name| code.contains(&format!("{name}::")) || code.contains(&format!("use {name}")))
            {
                offenders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "transport crates used in the core:\n{}", offenders.join("\n"));
}

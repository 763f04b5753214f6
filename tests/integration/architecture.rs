//! The structure holds: no module uses a layer above its own (the map in `src/lib.rs`), and
//! handlers render Markdown only off the async workers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layer map from `src/lib.rs`: module name → rank (the bottom line is 0).
fn layers() -> BTreeMap<String, usize> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let block: Vec<&str> = lib
        .lines()
        .map(|l| l.trim_start_matches("//!").trim())
        .skip_while(|l| *l != "```text")
        .skip(1)
        .take_while(|l| *l != "```")
        .collect();
    assert!(!block.is_empty(), "src/lib.rs has no ```text layer map");
    let mut ranks = BTreeMap::new();
    for (depth, line) in block.iter().enumerate() {
        for module in line.split_whitespace() {
            ranks.insert(module.to_owned(), block.len() - 1 - depth);
        }
    }
    ranks
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to (`src/routes/topic/show.rs` → `routes`).
fn top_module(file: &Path) -> String {
    let relative = file.strip_prefix(src()).unwrap();
    let first = relative.components().next().unwrap().as_os_str();
    first.to_string_lossy().trim_end_matches(".rs").to_owned()
}

/// The top-level modules a piece of source names through `crate::`, with line numbers.
/// Comments are skipped: prose may mention any module.
fn crate_references(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (number, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                // `use crate::{a, b::c, d::{e, f}}`: the names at the group's top level.
                let mut depth = 0;
                let mut name = String::new();
                let mut names = Vec::new();
                let mut at_start = true;
                for c in group.chars() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => break,
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            at_start = true;
                            continue;
                        }
                        _ => {}
                    }
                    if depth == 0 && at_start && (c.is_alphanumeric() || c == '_') {
                        name.push(c);
                    } else if !name.is_empty() {
                        names.push(std::mem::take(&mut name));
                        at_start = false;
                    }
                }
                if !name.is_empty() {
                    names.push(name);
                }
                found.extend(names.into_iter().map(|n| (number + 1, n)));
            } else {
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push((number + 1, name));
                }
            }
            rest = after;
        }
    }
    found
}

/// Every use of a layer at or above the user's own, as `file:line: a uses b`.
fn violations(files: &[(String, String, String)], ranks: &BTreeMap<String, usize>) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, module, source) in files {
        let Some(&own) = ranks.get(module) else {
            problems.push(format!(
                "{name}: module `{module}` is not in the layer map in src/lib.rs; add it to the line where it belongs"
            ));
            continue;
        };
        for (line, used) in crate_references(source) {
            if used == *module {
                continue;
            }
            match ranks.get(&used) {
                Some(&rank) if rank < own => {}
                Some(_) => problems.push(format!(
                    "{name}:{line}: `{module}` uses `{used}`, which is not below it in src/lib.rs"
                )),
                None => problems.push(format!(
                    "{name}:{line}: `{module}` uses `{used}`, which is not in the layer map"
                )),
            }
        }
    }
    problems
}

#[test]
fn no_module_uses_a_layer_above_its_own() {
    let ranks = layers();
    let mut paths = Vec::new();
    rust_files(&src(), &mut paths);
    let files: Vec<(String, String, String)> = paths
        .iter()
        // The crate root files are above every layer: main.rs parses, lib.rs lists modules.
        .filter(|p| *p != &src().join("lib.rs") && *p != &src().join("main.rs"))
        .map(|p| {
            (
                p.strip_prefix(src()).unwrap().display().to_string(),
                top_module(p),
                std::fs::read_to_string(p).unwrap(),
            )
        })
        .collect();
    assert!(files.len() > 50, "found {} source files", files.len());
    // `#[macro_export]` macros live at the crate root (`crate::with_conn!`); they belong to
    // the layer of the file that defines them.
    let mut ranks = ranks;
    for (_, module, source) in &files {
        for line in source.lines() {
            if let Some(rest) = line.trim().strip_prefix("macro_rules! ") {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let rank = ranks[module];
                ranks.insert(name, rank);
            }
        }
    }
    let problems = violations(&files, &ranks);
    assert!(
        problems.is_empty(),
        "layering broken:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_layer_check_catches_an_upward_use() {
    let ranks = layers();
    let file = |module: &str, source: &str| {
        (
            format!("{module}/x.rs"),
            module.to_owned(),
            source.to_owned(),
        )
    };
    let upward = [
        file("routes", "use crate::web::serve;"),
        file("services", "use crate::{models::post::Post, routes::Form};"),
        file("models", "let x = crate::services::run(conn, f);"),
        file("views", "use crate::api::json_time;"),
    ];
    for case in &upward {
        assert_eq!(
            violations(std::slice::from_ref(case), &ranks).len(),
            1,
            "{case:?} should be caught"
        );
    }
    let fine = [
        file(
            "routes",
            "use crate::{services::{self, Tx}, views::layout::PageContext};",
        ),
        file(
            "models",
            "// crate::web is only mentioned\nuse crate::db::AnyConnection;",
        ),
        file("web", "$crate::routes::configure"),
    ];
    for case in &fine {
        assert_eq!(
            violations(std::slice::from_ref(case), &ranks),
            Vec::<String>::new()
        );
    }
}

#[test]
fn handlers_render_markdown_only_on_the_blocking_pool() {
    // `routes::respond::{preview, cook}` run the renderer on the blocking pool; a handler
    // calling it directly would render on an async worker (and stall every request on it).
    let mut paths = Vec::new();
    rust_files(&src().join("routes"), &mut paths);
    rust_files(&src().join("web"), &mut paths);
    for path in paths {
        if path.ends_with("routes/respond.rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for needle in ["markdown::render", "markdown::cook", "markdown::{"] {
            assert!(
                !source.contains(needle),
                "{} renders Markdown itself ({needle}); use routes::respond::preview or cook",
                path.display()
            );
        }
    }
}

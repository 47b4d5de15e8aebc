//! The floors of DESIGN.md, checked: a module may use only modules on its own floor or
//! below. Each source file's `crate::` paths are read and placed on a floor by their first
//! segments; an arrow up fails the test, naming the file and the path.

use std::path::Path;

/// Module path prefixes, top floor first. The longest matching prefix wins.
const FLOORS: &[(&str, &[&str])] = &[
    ("shell", &["main", "cli", "commands", "connect", "stats", "stats_line", "export", "scripting"]),
    ("console", &["console", "app::run", "app::terminal", "app::editor", "app"]),
    ("ui", &["ui"]),
    ("state", &["app::state", "app::action", "app::keymap"]),
    ("config", &["config"]),
    ("worker", &["worker"]),
    ("store", &["cache", "drafts", "history"]),
    ("desk", &["desk"]),
    ("api", &["api"]),
    ("support", &["support", "calendar", "logging"]),
];

/// Beside the stack: the simulator uses only wire types and support.
const SIM_MAY_USE: &[&str] = &["sim", "api", "support", "calendar"];

fn floor_of(module: &str) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None;
    for (floor, (_, prefixes)) in FLOORS.iter().enumerate() {
        for prefix in *prefixes {
            let hit = module == *prefix || module.starts_with(&format!("{prefix}::"));
            if hit && best.is_none_or(|(len, _)| prefix.len() > len) {
                best = Some((prefix.len(), floor));
            }
        }
    }
    best.map(|(_, floor)| floor)
}

/// `src/app/state/sync/mod.rs` → `app::state::sync`.
fn module_of(path: &Path, src: &Path) -> String {
    let rel = path.strip_prefix(src).unwrap().with_extension("");
    let parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let parts: Vec<&str> = parts.iter().map(String::as_str).filter(|p| *p != "mod" && *p != "lib").collect();
    parts.join("::")
}

/// Every `crate::a::b` path in a file (in `use` lines and in code), outside comments.
fn crate_paths(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        // A trailing `// comment` is not code (a URL's `//` has no space after it).
        let mut rest = line.split_once("// ").map_or(line, |(code, _)| code);
        while let Some(at) = rest.find("crate::") {
            let tail = &rest[at + "crate::".len()..];
            let path: String = tail.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            found.push(path.trim_end_matches(':').to_string());
            rest = &tail[path.len().min(tail.len())..];
        }
    }
    found
}

/// Every `.rs` file under `dir` (the shape test reads the same list).
pub fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn no_arrow_points_up() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let mut up = Vec::new();
    for path in &all {
        let module = module_of(path, &src);
        let text = std::fs::read_to_string(path).unwrap();
        for used in crate_paths(&text) {
            if module.starts_with("sim") {
                if !SIM_MAY_USE.iter().any(|m| used == *m || used.starts_with(&format!("{m}::"))) {
                    up.push(format!("{}: the simulator uses crate::{used}", path.display()));
                }
                continue;
            }
            let (Some(from), Some(to)) = (floor_of(&module), floor_of(&used)) else { continue };
            if to < from {
                up.push(format!("{}: {} uses crate::{used} ({})", path.display(), FLOORS[from].0, FLOORS[to].0));
            }
        }
    }
    assert!(up.is_empty(), "arrows up the floors:\n{}", up.join("\n"));
}

#[test]
fn every_module_has_a_floor() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let homeless: Vec<String> = all
        .iter()
        .map(|p| module_of(p, &src))
        .filter(|m| !m.is_empty() && !m.starts_with("sim") && floor_of(m).is_none())
        .collect();
    assert!(homeless.is_empty(), "modules on no floor: {homeless:?}");
}

#[test]
fn the_checker_sees_an_arrow_up() {
    let used = crate_paths("use crate::ui::markup::Span; // crate::app::run\nlet x = crate::desk::Ticket::default();");
    assert_eq!(used, ["ui::markup::Span", "desk::Ticket::default"]);
    let (api, ui) = (floor_of("api::http").unwrap(), floor_of(&used[0]).unwrap());
    assert!(ui < api, "ui sits above api, so api using it is an arrow up");
    assert_eq!(floor_of("app::state::sync"), floor_of("app::keymap"), "the longest prefix wins");
}

//! The floors of DESIGN.md, checked: a module may use only modules on its own floor or
//! below. Each source file's `crate::` paths are read and placed on a floor by their first
//! segments; an arrow up fails the test, naming the file and the path.

use std::path::Path;

/// Module path prefixes, top floor first. The longest matching prefix wins.
const FLOORS: &[(&str, &[&str])] = &[
    ("shell", &["main", "cli", "commands", "connect", "stats", "export"]),
    ("console", &["console", "app::run", "app::terminal", "app::editor", "app"]),
    ("ui", &["ui"]),
    ("state", &["app::state", "app::action", "app::keymap"]),
    ("config", &["config"]),
    ("worker", &["worker"]),
    ("store", &["cache", "drafts"]),
    ("desk", &["desk"]),
    ("api", &["api"]),
    ("support", &["support", "calendar", "logging"]),
];

/// Beside the stack: the simulator uses only wire types and support.
const SIM_MAY_USE: &[&str] = &["sim", "api", "support", "calendar"];

/// Up-arrows that stand today, each to be removed (issue 13); the list may only shrink.
const KNOWN: &[(&str, &str)] = &[("config", "app::keymap"), ("config", "cli"), ("support", "api::unthread")];

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
    for line in text.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            let tail = &rest[at + "crate::".len()..];
            let path: String = tail.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            found.push(path.trim_end_matches(':').to_string());
            rest = &tail[path.len().min(tail.len())..];
        }
    }
    found
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
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
    let mut still_known = std::collections::BTreeSet::new();
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
            let known = KNOWN.iter().find(|(f, u)| FLOORS[from].0 == *f && used.starts_with(u));
            if let Some(k) = known.filter(|_| to < from) {
                still_known.insert(*k);
            }
            if to < from && known.is_none() {
                up.push(format!("{}: {} uses crate::{used} ({})", path.display(), FLOORS[from].0, FLOORS[to].0));
            }
        }
    }
    assert!(up.is_empty(), "arrows up the floors:\n{}", up.join("\n"));
    let gone: Vec<_> = KNOWN.iter().filter(|k| !still_known.contains(k)).collect();
    assert!(gone.is_empty(), "these known up-arrows are gone: take them off the list: {gone:?}");
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

//! The floors of DESIGN.md, checked from the folders: every source file sits in a folder
//! that is a floor (only `main.rs` and `lib.rs` are loose), a file may use only its own
//! floor and the floors below, and no two folders use each other in a circle. Each file's
//! `crate::` paths are read and resolved to the folder that holds the module they name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The floors, top first: each is a folder under `src/`.
const FLOORS: &[&str] =
    &["shell", "console", "ui", "state", "config", "command", "worker", "store", "desk", "api", "support"];

/// Beside the stack: the simulator uses only wire types and support.
const SIM_MAY_USE: &[&str] = &["sim", "api", "support"];

/// The folders (as module paths: `state::sync`) under `src/`.
fn folders(src: &Path) -> BTreeSet<String> {
    let mut all = Vec::new();
    files(src, &mut all);
    all.iter()
        .filter_map(|p| p.parent()?.strip_prefix(src).ok().map(Path::to_path_buf))
        .filter(|rel| !rel.as_os_str().is_empty())
        .map(|rel| rel.iter().map(|s| s.to_string_lossy().into_owned()).collect::<Vec<_>>().join("::"))
        .collect()
}

/// The folder a module path lives in: the longest folder it starts with (`state::sync::steps`
/// → `state::sync`; `desk::Ticket` → `desk`).
fn folder_of<'a>(module: &str, folders: &'a BTreeSet<String>) -> Option<&'a str> {
    folders
        .iter()
        .filter(|f| module == f.as_str() || module.starts_with(&format!("{f}::")))
        .max_by_key(|f| f.len())
        .map(String::as_str)
}

fn floor_of(folder: &str) -> Option<usize> {
    let top = folder.split("::").next()?;
    FLOORS.iter().position(|f| *f == top)
}

/// The folder a file sits in, as a module path (`src/state/sync/steps.rs` → `state::sync`).
fn folder_of_file(path: &Path, src: &Path) -> String {
    let rel = path.parent().unwrap().strip_prefix(src).unwrap();
    rel.iter().map(|p| p.to_string_lossy().into_owned()).collect::<Vec<_>>().join("::")
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
pub fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Which folder uses which (`from → to`), each edge with a file that shows it.
type Uses = BTreeMap<(String, String), String>;

/// The uses between folders, and the arrows up found on the way.
fn read_house(src: &Path) -> (Uses, Vec<String>) {
    let folders = folders(src);
    let mut all = Vec::new();
    files(src, &mut all);
    let (mut uses, mut up) = (Uses::new(), Vec::new());
    for path in &all {
        let from = folder_of_file(path, src);
        if from.is_empty() {
            continue; // main.rs and lib.rs: the crate's root declares every floor
        }
        for used in crate_paths(&std::fs::read_to_string(path).unwrap()) {
            let Some(to) = folder_of(&used, &folders) else { continue };
            if let Some(arrow) = arrow_up(&from, to) {
                up.push(format!("{}: {arrow} (crate::{used})", path.display()));
            }
            uses.entry((from.clone(), to.to_string())).or_insert_with(|| path.display().to_string());
        }
    }
    (uses, up)
}

/// Why `from` may not use `to`, if it may not.
fn arrow_up(from: &str, to: &str) -> Option<String> {
    if from.starts_with("sim") {
        let top = to.split("::").next().unwrap();
        return (!SIM_MAY_USE.contains(&top)).then(|| format!("the simulator uses {to}"));
    }
    let (a, b) = (floor_of(from)?, floor_of(to)?);
    (b < a).then(|| format!("{} uses {} (an arrow up)", FLOORS[a], FLOORS[b]))
}

/// One folder is the other's own (a module and its children use each other by design).
fn related(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
}

/// A circle between folders (neither inside the other), as the folders around it.
fn circle(uses: &Uses) -> Option<Vec<String>> {
    let mut next: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, to) in uses.keys().filter(|(a, b)| !related(a, b)) {
        next.entry(from.as_str()).or_default().push(to.as_str());
    }
    fn walk<'a>(at: &'a str, next: &BTreeMap<&'a str, Vec<&'a str>>, path: &mut Vec<&'a str>) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| *p == at) {
            return Some(path[start..].iter().chain([&at]).map(|s| s.to_string()).collect());
        }
        path.push(at);
        for to in next.get(at).into_iter().flatten() {
            if let Some(found) = walk(to, next, path) {
                return Some(found);
            }
        }
        path.pop();
        None
    }
    next.keys().find_map(|start| walk(start, &next, &mut Vec::new()))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn no_arrow_points_up() {
    let (_, up) = read_house(&src());
    assert!(up.is_empty(), "arrows up the floors:\n{}", up.join("\n"));
}

#[test]
fn no_two_folders_use_each_other() {
    let (uses, _) = read_house(&src());
    if let Some(found) = circle(&uses) {
        let shown: Vec<String> = found
            .windows(2)
            .map(|w| format!("{} → {} ({})", w[0], w[1], uses[&(w[0].clone(), w[1].clone())]))
            .collect();
        panic!("a circle between folders:\n{}", shown.join("\n"));
    }
}

#[test]
fn every_file_sits_on_a_floor() {
    let src = src();
    let mut all = Vec::new();
    files(&src, &mut all);
    let homeless: Vec<String> = all
        .iter()
        .map(|p| (p, folder_of_file(p, &src)))
        .filter(|(p, folder)| match folder.as_str() {
            "" => !p.ends_with("main.rs") && !p.ends_with("lib.rs"),
            f => floor_of(f).is_none() && !f.starts_with("sim"),
        })
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(homeless.is_empty(), "files on no floor: {homeless:?}");
}

#[test]
fn the_checker_sees_an_arrow_up_and_a_circle() {
    let used =
        crate_paths("use crate::ui::markup::Span; // crate::console::run\nlet x = crate::desk::Ticket::default();");
    assert_eq!(used, ["ui::markup::Span", "desk::Ticket::default"]);
    assert!(arrow_up("api::unthread", "ui").is_some(), "ui sits above api");
    assert!(arrow_up("ui", "api").is_none());
    assert!(arrow_up("sim::routes", "desk").is_some(), "the simulator knows no domain");
    let folders: BTreeSet<String> = ["state", "state::sync", "desk"].map(String::from).into();
    assert_eq!(folder_of("state::sync::steps::Step", &folders), Some("state::sync"));
    let mut uses = Uses::new();
    uses.insert(("desk::thena".into(), "desk::unthread".into()), "a.rs".into());
    uses.insert(("desk".into(), "desk::thena".into()), "mod.rs".into());
    assert_eq!(circle(&uses), None, "a module and its child are one");
    uses.insert(("desk::unthread".into(), "desk::thena".into()), "b.rs".into());
    assert_eq!(circle(&uses).unwrap(), ["desk::thena", "desk::unthread", "desk::thena"]);
}

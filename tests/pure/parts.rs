//! The state's shape, checked: the top is a router over parts. It has at most 16 fields,
//! each a part (no bare request id, flag or counter: those belong to the part they serve),
//! and its own `impl` blocks live in few files — a feature is a part, not a field at the top.

use std::path::Path;

const MAX_PARTS: usize = 16;

/// The files that still hold `impl AppState` blocks may only become fewer. The goal is 3
/// (the router, the replies, and the flows between parts); every flow moved into the part
/// that owns it lowers this number.
const MAX_IMPL_FILES: usize = 12;

fn src() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `(name, type)` of each field of `pub struct AppState`.
fn fields() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(src().join("state/mod.rs")).unwrap();
    let body = text.split("pub struct AppState {").nth(1).expect("AppState in state/mod.rs");
    let body = &body[..body.find("\n}").unwrap()];
    body.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//") && l.contains(':'))
        .map(|l| {
            let (name, ty) = l.trim_start_matches("pub ").split_once(':').unwrap();
            (name.trim().to_string(), ty.trim().trim_end_matches(',').to_string())
        })
        .collect()
}

#[test]
fn the_top_state_is_a_few_parts() {
    let fields = fields();
    assert!(fields.len() <= MAX_PARTS, "AppState has {} fields: {fields:?}", fields.len());
    let bare = ["bool", "u64", "usize", "u32", "ReqId", "Option<ReqId>", "String", "Option<String>"];
    let loose: Vec<_> = fields.iter().filter(|(_, ty)| bare.contains(&ty.as_str()) || ty.starts_with("Vec<")).collect();
    assert!(loose.is_empty(), "loose fields at the top (give them to the part they serve): {loose:?}");
}

#[test]
fn the_state_impl_lives_in_few_files() {
    let mut all = Vec::new();
    crate::layers::files(&src(), &mut all);
    let files: Vec<String> = all
        .iter()
        .filter(|p| std::fs::read_to_string(p).unwrap().contains("impl AppState {"))
        .map(|p| p.strip_prefix(src()).unwrap().display().to_string())
        .collect();
    assert!(files.len() <= MAX_IMPL_FILES, "impl AppState in {} files: {files:?}", files.len());
}

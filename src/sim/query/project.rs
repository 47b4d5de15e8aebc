//! Dotted `select` projection: only the fields asked for, nested as the record nests them.

use serde_json::{Map, Value};

/// Keep only the selected dotted paths; nested objects keep only their selected fields
/// and arrays map over their elements (`tags.name` gives `tags: [{name}]`).
pub fn project(value: Value, select: &[String]) -> Value {
    if select.is_empty() {
        return value;
    }
    let paths: Vec<Vec<&str>> = select.iter().map(|s| s.split('.').collect()).collect();
    project_paths(value, &paths.iter().map(Vec::as_slice).collect::<Vec<_>>())
}

fn project_paths(value: Value, paths: &[&[&str]]) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(|i| project_paths(i, paths)).collect()),
        Value::Object(mut obj) => {
            let mut out = Map::new();
            for path in paths {
                let Some((&head, rest)) = path.split_first() else { continue };
                if out.contains_key(head) {
                    continue;
                }
                let Some(child) = obj.remove(head) else { continue };
                let subpaths: Vec<&[&str]> = paths
                    .iter()
                    .filter(|p| p.first() == Some(&head))
                    .map(|p| &p[1..])
                    .filter(|p| !p.is_empty())
                    .collect();
                let whole = rest.is_empty() || paths.iter().any(|p| p.len() == 1 && p[0] == head);
                out.insert(
                    head.to_string(),
                    if whole || subpaths.is_empty() { child } else { project_paths(child, &subpaths) },
                );
            }
            Value::Object(out)
        }
        other => other,
    }
}

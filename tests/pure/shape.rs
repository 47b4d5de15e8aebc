//! The code's shape, checked: no file in src/ over 400 lines, no function over 80. Small
//! files with one job and functions that fit on a screen are what keep the next change cheap.

use std::path::Path;

const MAX_FILE_LINES: usize = 400;
const MAX_FN_LINES: usize = 80;

/// A line with its strings, char literals and trailing comment blanked, so only code braces count.
fn code_of(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                while let Some(s) = chars.next() {
                    match s {
                        '\\' => drop(chars.next()),
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '\'' if chars.clone().nth(1) == Some('\'') || chars.peek() == Some(&'\\') => {
                // A char literal ('{' or '\n'); a lifetime has no closing quote.
                for s in chars.by_ref() {
                    if s == '\'' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'/') => break,
            _ => out.push(c),
        }
    }
    out
}

fn is_fn_start(line: &str) -> Option<&str> {
    let mut words =
        line.split_whitespace().skip_while(|w| w.starts_with("pub") || ["async", "const", "unsafe"].contains(w));
    (words.next() == Some("fn")).then(|| words.next()).flatten()
}

/// Every function longer than the limit: (lines, name, first line).
fn long_functions(text: &str) -> Vec<(usize, String, usize)> {
    let lines: Vec<String> = text.lines().map(code_of).collect();
    let mut long = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let Some(name) = is_fn_start(line) else { continue };
        let mut depth = 0i64;
        let mut opened = false;
        for (end, l) in lines.iter().enumerate().skip(start) {
            if !opened && l.contains(';') && !l.contains('{') {
                break; // a declaration without a body
            }
            depth += l.matches('{').count() as i64 - l.matches('}').count() as i64;
            opened |= l.contains('{');
            if opened && depth <= 0 {
                if end - start + 1 > MAX_FN_LINES {
                    long.push((end - start + 1, name.split(['(', '<']).next().unwrap_or(name).to_string(), start + 1));
                }
                break;
            }
        }
    }
    long
}

#[test]
fn files_and_functions_stay_small() {
    let mut all = Vec::new();
    crate::layers::files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut all);
    let mut problems = Vec::new();
    for path in &all {
        let text = std::fs::read_to_string(path).unwrap();
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            problems.push(format!("{}: {lines} lines", path.display()));
        }
        for (n, name, at) in long_functions(&text) {
            problems.push(format!("{}:{at}: fn {name} is {n} lines", path.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "over the limits ({MAX_FILE_LINES} lines a file, {MAX_FN_LINES} a function):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_measure_counts_what_it_should() {
    let body: String = (0..MAX_FN_LINES).map(|i| format!("    let x{i} = \"{{\";\n")).collect();
    let text = format!("pub(crate) async fn long() {{\n{body}}}\nfn short() {{ let c = '}}'; }}\nfn decl();\n");
    let long = long_functions(&text);
    assert_eq!(long, vec![(MAX_FN_LINES + 2, "long".to_string(), 1)]);
}

#[test]
fn the_readme_lists_every_command_of_the_table() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme.split("## Commands").nth(1).and_then(|s| s.split("\n## ").next()).expect("a Commands section");
    let missing: Vec<&str> =
        triage::command::COMMANDS.iter().map(|c| c.name).filter(|n| !section.contains(&format!("`{n}`"))).collect();
    assert!(missing.is_empty(), "README's Commands section lacks {missing:?}");
}

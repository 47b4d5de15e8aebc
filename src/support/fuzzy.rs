//! Fuzzy matching, as the pickers, the `:` line and the CLI's names do it (nucleo's matcher,
//! the one helix uses).

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// `(score, index)` of every label matching `query`, best first; ties keep their order.
pub fn ranked<'a>(query: &str, labels: impl Iterator<Item = &'a str>) -> Vec<(u32, usize)> {
    let mut matcher = Matcher::new(Config::DEFAULT);
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut buf = Vec::new();
    let mut scored: Vec<(u32, usize)> = labels
        .enumerate()
        .filter_map(|(i, label)| pattern.score(Utf32Str::new(label, &mut buf), &mut matcher).map(|s| (s, i)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
}

/// Indices of `labels` matching `query` fuzzily, best first; every label for an empty query.
pub fn fuzzy<'a>(query: &str, labels: impl Iterator<Item = &'a str>) -> Vec<usize> {
    if query.trim().is_empty() {
        return (0..labels.count()).collect();
    }
    ranked(query, labels).into_iter().map(|(_, i)| i).collect()
}

/// The name `typed` stands for among `names`: exactly (ignoring case), else the one best
/// fuzzy match — a customer, a tag, a view.
pub fn named(typed: &str, names: &[String], what: &str) -> Result<usize, String> {
    match names.iter().position(|n| n.eq_ignore_ascii_case(typed.trim())) {
        Some(exact) => Ok(exact),
        None => best(typed, names, what),
    }
}

/// The one best fuzzy match of `typed` among `names`: an error when there is none, or when
/// two score the same (a guess would change the wrong ticket).
pub fn best(typed: &str, names: &[String], what: &str) -> Result<usize, String> {
    let ranked = ranked(typed, names.iter().map(String::as_str));
    let listed = || names.iter().take(12).cloned().collect::<Vec<_>>().join(", ");
    match ranked.as_slice() {
        [] => Err(format!("no {what} matches {typed:?} (there are: {})", listed())),
        [(a, i), (b, j), ..] if a == b => {
            Err(format!("{typed:?} matches more than one {what}: {} and {}; say more", names[*i], names[*j]))
        }
        [(_, i), ..] => Ok(*i),
    }
}

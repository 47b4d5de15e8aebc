//! `{name}` placeholders in a line of text (`{{` and `}}` are braces): the status line's
//! glance template and the saved replies' variables fill the same way.

/// Why a template cannot be filled.
#[derive(Debug, PartialEq, Eq)]
pub enum Unfilled<'a> {
    /// A `{` without its `}`, or a `}` alone.
    LoneBrace,
    /// A `{name}` that `value` does not know.
    Unknown(&'a str),
}

/// `template` with each `{name}` replaced by `value(name)`.
pub fn fill<'a>(template: &'a str, value: impl Fn(&str) -> Option<String>) -> Result<String, Unfilled<'a>> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let close = tail.find('}').filter(|_| tail.starts_with('{')).ok_or(Unfilled::LoneBrace)?;
        let name = &tail[1..close];
        out.push_str(&value(name).ok_or(Unfilled::Unknown(name))?);
        rest = &tail[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

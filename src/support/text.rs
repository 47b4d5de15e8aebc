//! Small text helpers shared by several floors.

/// The host of an http(s) URL, as a WHATWG URL parser (the `url` crate) reads it, so what
/// the agent is shown is where a browser would go: `https://evil.test\@good.example/` is
/// `evil.test`. Anything but http(s) has no host here.
pub fn host_of(link: &str) -> Option<String> {
    let parsed = url::Url::parse(link.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    parsed.host_str().filter(|h| !h.is_empty()).map(str::to_lowercase)
}

/// `&amp;` `&lt;` `&gt;` `&quot;` `&#39;`, decoded once (so `&amp;lt;` shows `&lt;`).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let table = [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'")];
        match table.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((entity, ch)) => {
                out.push_str(ch);
                rest = &rest[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `2h 14m`, `3d 4h`, `45s`: never raw seconds.
pub fn duration(secs: f64) -> String {
    let s = secs.max(0.0).round() as u64;
    let (d, h, m) = (s / 86_400, s % 86_400 / 3600, s % 3600 / 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, m) => format!("{m}m"),
        (0, h, m) => format!("{h}h {m}m"),
        (d, h, _) => format!("{d}d {h}h"),
    }
}

#[cfg(test)]
mod tests {
    use super::host_of;

    #[test]
    fn hosts_as_a_browser_reads_them() {
        assert_eq!(host_of("https://Good.Example/x?y#z").as_deref(), Some("good.example"));
        assert_eq!(host_of("http://user:pw@good.example:8080/").as_deref(), Some("good.example"));
        assert_eq!(host_of("https://evil.test\\@good.example/").as_deref(), Some("evil.test"));
        assert_eq!(host_of("javascript:alert(1)"), None);
        assert_eq!(host_of("file:///etc/passwd"), None);
        assert_eq!(host_of("not a url"), None);
    }
}

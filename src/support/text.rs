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

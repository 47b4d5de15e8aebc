//! What the real service stores when a client posts markdown: Slack mrkdwn, with `&`, `<`
//! and `>` escaped as entities, `**bold**` as `*bold*` and `[label](url)` as `<url|label>`.

pub fn to_mrkdwn(markdown: &str) -> String {
    let escaped = markdown.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    links(&escaped.replace("**", "*"))
}

fn links(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let parsed = after.find("](").and_then(|close| {
            let url_part = &after[close + 2..];
            let end = url_part.find(')')?;
            let url = &url_part[..end];
            let is_url = url.starts_with("http://") || url.starts_with("https://") || url.starts_with("mailto:");
            is_url.then(|| (format!("<{url}|{}>", &after[..close]), open + 1 + close + 2 + end + 1))
        });
        match parsed {
            Some((link, consumed)) => {
                out.push_str(&rest[..open]);
                out.push_str(&link);
                rest = &rest[consumed..];
            }
            None => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::to_mrkdwn;

    #[test]
    fn converts_like_slack() {
        assert_eq!(
            to_mrkdwn("**Hi** see [docs](https://x.io/a) & <b>"),
            "*Hi* see <https://x.io/a|docs> &amp; &lt;b&gt;"
        );
        assert_eq!(to_mrkdwn("plain [not a link] (x)"), "plain [not a link] (x)");
    }
}

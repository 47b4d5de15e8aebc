//! Where a conversation lives: its Slack thread (API-NOTES §11), for `o` and `y`.

use std::num::NonZeroU64;

/// `https://slack.com/archives/<channel>/p<ts without the dot>`, or under the workspace's
/// own domain when known. `None` unless the channel and the ts look like Slack's (the link
/// is opened in a browser: nothing from the server is pasted into it unchecked).
pub fn slack_thread(channel: &str, ts: &str, domain: Option<&str>) -> Option<String> {
    let channel_ok = !channel.is_empty() && channel.chars().all(|c| c.is_ascii_alphanumeric());
    let (seconds, micros) = ts.split_once('.').unwrap_or((ts, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !channel_ok || seconds.is_empty() || !digits(seconds) || !digits(micros) {
        return None;
    }
    let host = match domain {
        Some(d) if !d.is_empty() && d.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') => {
            format!("{d}.slack.com")
        }
        _ => "slack.com".to_string(),
    };
    Some(format!("https://{host}/archives/{channel}/p{seconds}{micros}"))
}

/// A Slack thread as a ticket keeps it: its ts alone (the one number its link writes,
/// `p1675183719124879`) when the link can be made again from that and the channel, else
/// the link itself; nothing when the two make no link.
pub fn kept_thread(channel: &str, ts: &str) -> (Option<crate::support::shared::Shared>, Option<NonZeroU64>) {
    let Some(link) = slack_thread(channel, ts, None) else { return (None, None) };
    let digits = ts.replacen('.', "", 1);
    match digits.parse::<NonZeroU64>() {
        Ok(number) if number.to_string() == digits => (None, Some(number)),
        _ => (Some(link.into()), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thread_link_of_api_notes() {
        assert_eq!(
            slack_thread("C05CE35U0A0", "1675183719.124879", None).as_deref(),
            Some("https://slack.com/archives/C05CE35U0A0/p1675183719124879")
        );
        assert_eq!(
            slack_thread("C1", "1675183719.124879", Some("acme")).as_deref(),
            Some("https://acme.slack.com/archives/C1/p1675183719124879")
        );
    }

    #[test]
    fn nothing_odd_reaches_a_link() {
        for (channel, ts) in [("C1/../x", "1.2"), ("C1", "1.2x"), ("", "1.2"), ("C1", ""), ("C1?a=b", "1.2")] {
            assert_eq!(slack_thread(channel, ts, None), None, "{channel} {ts}");
        }
        assert_eq!(
            slack_thread("C1", "1.2", Some("evil.test/")).as_deref(),
            Some("https://slack.com/archives/C1/p12"),
            "a strange domain is ignored"
        );
    }
}

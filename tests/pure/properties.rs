//! Properties of the sanitizer, the mrkdwn renderer and wrapping, over arbitrary input.

use proptest::prelude::*;
use ratatui::style::Style;
use triage::support::sanitize;
use triage::ui::markup::{self, Markup};
use triage::ui::theme::Theme;
use triage::ui::wrap::{line_width, wrap};

/// Strings rich in the characters that matter: controls, escapes, bidi, invisibles,
/// combining marks, wide characters and mrkdwn markers.
fn hostile() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\u{1b}",
        "]52;c;",
        "\u{7}",
        "\u{9b}",
        "\u{9d}",
        "\u{202e}",
        "\u{2066}",
        "\u{200b}",
        "\u{e0041}",
        "\u{ad}",
        "\u{301}",
        "\r",
        "\n",
        "\t",
        "\u{7f}",
        "\u{2028}",
        "日本",
        "👨\u{200d}👩",
        "*",
        "_",
        "~",
        "`",
        "```",
        "<",
        ">",
        "|",
        "&amp;",
        "&lt;",
        ":tada:",
        "<@U1>",
        "<https://a.io|b>",
        "word",
        " ",
        "x",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn rendered(text: &str) -> Vec<ratatui::text::Line<'static>> {
    let theme = Theme::dark();
    let names = |_: &str| Some("Maria\u{1b}[31m".to_string());
    markup::render(&sanitize::text(text), Style::new(), &Markup { theme: &theme, user_name: &names })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn sanitize_never_lets_a_forbidden_character_through(s in hostile()) {
        let clean = sanitize::text(&s);
        prop_assert!(!clean.chars().any(|c| sanitize::is_forbidden(c) && c != '\n'));
        prop_assert!(!sanitize::line(&s).chars().any(sanitize::is_forbidden));
    }

    #[test]
    fn sanitize_is_idempotent(s in hostile()) {
        let once = sanitize::text(&s).into_owned();
        prop_assert_eq!(sanitize::text(&once).into_owned(), once.clone());
        let line = sanitize::line(&s).into_owned();
        prop_assert_eq!(sanitize::line(&line).into_owned(), line);
    }

    #[test]
    fn the_renderer_never_panics_nor_emits_forbidden_characters(s in hostile()) {
        for line in rendered(&s) {
            for span in &line.spans {
                // Names from the directory are sanitized when they enter the domain; here the
                // resolver returns a raw one, so only the body's own characters are checked.
                let body_only = span.content.replace("Maria\u{1b}[31m", "");
                prop_assert!(!body_only.chars().any(sanitize::is_forbidden), "{:?}", span.content);
            }
        }
    }

    #[test]
    fn wrapped_lines_fit_the_width(s in hostile(), width in 1usize..60) {
        for line in rendered(&s) {
            let total: usize = line_width(&line);
            let wrapped = wrap(&line, width);
            for w in &wrapped {
                prop_assert!(line_width(w) <= width, "{} > {width}", line_width(w));
            }
            let kept: usize = wrapped.iter().map(line_width).sum();
            prop_assert!(kept <= total);
        }
    }

    #[test]
    fn plain_text_renders_to_itself(s in "[a-zA-Z0-9 .,!?]{0,80}") {
        let text: String = rendered(&s).iter().flat_map(|l| l.spans.iter().map(|s| s.content.to_string())).collect();
        prop_assert_eq!(text, s);
    }
}

#[test]
fn pathological_inputs_finish() {
    let deep = "*_~".repeat(10_000);
    let _ = rendered(&deep);
    let long = "x".repeat(1_000_000);
    let lines = rendered(&long);
    assert_eq!(wrap(&lines[0], 80).len(), 12_500);
    let _ = rendered(&"<".repeat(50_000));
    assert_eq!(triage::support::text::decode_entities("&amp;lt;"), "&lt;", "entities are decoded exactly once");
}

proptest! {
    /// Every created date from the oldest on, today and later included, falls in exactly one
    /// partition of the first fill: no ticket is fetched twice or missed.
    #[test]
    fn partitions_cover_every_day_exactly_once(start in 0i64..5000, span in 0i64..4000, n in 1usize..12, probe in 0i64..4100) {
        use jiff::ToSpan;
        let base: jiff::civil::Date = "2012-01-01".parse().unwrap();
        let oldest = base + start.days();
        let today = oldest + span.days();
        let parts = triage::desk::partitions(oldest, today, n);
        prop_assert!(!parts.is_empty() && parts.len() <= n);
        let day = oldest + probe.days();
        let holding = parts.iter().filter(|(from, to)| day >= *from && to.is_none_or(|to| day <= to)).count();
        prop_assert_eq!(holding, 1);
    }
}

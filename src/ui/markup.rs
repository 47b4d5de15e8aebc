//! Slack mrkdwn → styled lines: `*bold*`, `_italic_`, `~strike~`, `` `code` ``, fenced
//! blocks, `> quotes`, `<url|label>` (with the real host beside the label), `<mailto:…>`,
//! `<@U…>` resolved to the agent's name, `<#C…|channel>`, `<!here>`, `:emoji:`, and HTML
//! entities decoded exactly once. The input is already sanitized; the output adds no
//! control characters.

use crate::support::text::decode_entities;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::theme::Theme;

pub struct Markup<'a> {
    pub theme: &'a Theme,
    /// The display name for a Slack user id, when known.
    pub user_name: &'a dyn Fn(&str) -> Option<String>,
}

/// Render a message body into lines (not yet wrapped).
pub fn render(text: &str, base: Style, ctx: &Markup) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    for (i, segment) in text.split("```").enumerate() {
        let code = i % 2 == 1;
        let segment = if code { segment.strip_prefix('\n').unwrap_or(segment) } else { segment };
        let mut pieces = segment.split('\n').peekable();
        while let Some(piece) = pieces.next() {
            if code {
                if !piece.is_empty() {
                    current.push(Span::styled(decode_entities(piece), base.patch(ctx.theme.code)));
                }
            } else {
                current.extend(render_line(piece, base, ctx));
            }
            if pieces.peek().is_some() {
                lines.push(Line::from(std::mem::take(&mut current)));
            }
        }
    }
    lines.push(Line::from(current));
    lines
}

fn render_line(line: &str, base: Style, ctx: &Markup) -> Vec<Span<'static>> {
    if let Some(rest) = line.strip_prefix("&gt; ").or_else(|| line.strip_prefix("&gt;")) {
        let style = base.patch(ctx.theme.quote);
        let mut spans = vec![Span::styled("│ ", ctx.theme.dim)];
        spans.extend(inline(rest, style, ctx));
        return spans;
    }
    inline(line, base, ctx)
}

fn is_boundary(c: Option<char>) -> bool {
    c.is_none_or(|c| !c.is_alphanumeric())
}

/// Inline markup, recursively for nested emphasis.
fn inline(s: &str, style: Style, ctx: &Markup) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    let mut plain = String::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut i = 0;
    let flush = |plain: &mut String, spans: &mut Vec<Span<'static>>| {
        if !plain.is_empty() {
            spans.push(Span::styled(emoji(&decode_entities(plain)), style));
            plain.clear();
        }
    };
    while i < chars.len() {
        let (at, c) = chars[i];
        let prev = i.checked_sub(1).map(|p| chars[p].1);
        match c {
            '<' => {
                if let Some(end) = s[at..].find('>') {
                    flush(&mut plain, &mut spans);
                    spans.extend(angle(&s[at + 1..at + end], style, ctx));
                    let stop = at + end + 1;
                    i = chars.iter().position(|(p, _)| *p >= stop).unwrap_or(chars.len());
                    continue;
                }
            }
            '`' => {
                if let Some(end) = s[at + 1..].find('`').filter(|&e| e > 0) {
                    flush(&mut plain, &mut spans);
                    spans.push(Span::styled(decode_entities(&s[at + 1..at + 1 + end]), style.patch(ctx.theme.code)));
                    let stop = at + 1 + end + 1;
                    i = chars.iter().position(|(p, _)| *p >= stop).unwrap_or(chars.len());
                    continue;
                }
            }
            '*' | '_' | '~' if is_boundary(prev) => {
                if let Some((content, stop)) = emphasis(s, at, c) {
                    flush(&mut plain, &mut spans);
                    let modifier = match c {
                        '*' => Modifier::BOLD,
                        '_' => Modifier::ITALIC,
                        _ => Modifier::CROSSED_OUT,
                    };
                    spans.extend(inline(content, style.add_modifier(modifier), ctx));
                    i = chars.iter().position(|(p, _)| *p >= stop).unwrap_or(chars.len());
                    continue;
                }
            }
            _ => {}
        }
        plain.push(c);
        i += 1;
    }
    flush(&mut plain, &mut spans);
    spans
}

/// `*x*` at `at`: the content and the byte after the closing marker, if it closes.
fn emphasis(s: &str, at: usize, marker: char) -> Option<(&str, usize)> {
    let body = &s[at + 1..];
    if body.starts_with(char::is_whitespace) || body.starts_with(marker) {
        return None;
    }
    let mut search = 0;
    while let Some(rel) = body[search..].find(marker) {
        let end = search + rel;
        let before = body[..end].chars().last();
        let after = body[end + 1..].chars().next();
        if end > 0 && before.is_some_and(|b| !b.is_whitespace()) && is_boundary(after) {
            return Some((&body[..end], at + 1 + end + 1));
        }
        search = end + 1;
    }
    None
}

/// The inside of `<…>`: a link, mailto, mention, channel or special mention.
fn angle(inner: &str, style: Style, ctx: &Markup) -> Vec<Span<'static>> {
    let (target, label) = match inner.split_once('|') {
        Some((t, l)) => (t, Some(l)),
        None => (inner, None),
    };
    let theme = ctx.theme;
    if let Some(user) = target.strip_prefix('@') {
        // A resolver's names are the directory's, already clean; cleaning again costs
        // nothing and keeps any resolver's escape codes (and their widths) off the screen.
        let resolved = || (ctx.user_name)(user).map(|n| crate::support::sanitize::line(&n).into_owned());
        let name = label.map(str::to_string).or_else(resolved).unwrap_or_else(|| user.to_string());
        return vec![Span::styled(format!("@{}", name.trim_start_matches('@')), style.patch(theme.mention))];
    }
    if let Some(channel) = target.strip_prefix('#') {
        return vec![Span::styled(format!("#{}", label.unwrap_or(channel)), style.patch(theme.mention))];
    }
    if let Some(special) = target.strip_prefix('!') {
        let name =
            label.map(str::to_string).unwrap_or_else(|| special.split('^').next().unwrap_or(special).to_string());
        return vec![Span::styled(format!("@{}", name.trim_start_matches('@')), style.patch(theme.mention))];
    }
    if let Some(address) = target.strip_prefix("mailto:") {
        return vec![Span::styled(decode_entities(address), style.patch(theme.link))];
    }
    let url = decode_entities(target);
    let Some(host) = crate::support::text::host_of(&url) else {
        // Not a link we understand: show it as it was written.
        return vec![Span::styled(format!("<{}>", decode_entities(inner)), style)];
    };
    match label.map(decode_entities) {
        Some(label) if label != url && label.trim() != host => vec![
            Span::styled(label, style.patch(theme.link)),
            // The real destination, so a label cannot pretend to be another site.
            Span::styled(format!(" ({host})"), theme.dim),
        ],
        _ => vec![Span::styled(url, style.patch(theme.link))],
    }
}

const EMOJI: &[(&str, &str)] = &[
    ("smile", "😄"),
    ("slightly_smiling_face", "🙂"),
    ("grinning", "😀"),
    ("joy", "😂"),
    ("wink", "😉"),
    ("thinking_face", "🤔"),
    ("sweat_smile", "😅"),
    ("pray", "🙏"),
    ("tada", "🎉"),
    ("wave", "👋"),
    ("+1", "👍"),
    ("thumbsup", "👍"),
    ("-1", "👎"),
    ("thumbsdown", "👎"),
    ("raised_hands", "🙌"),
    ("clap", "👏"),
    ("eyes", "👀"),
    ("fire", "🔥"),
    ("rocket", "🚀"),
    ("heart", "❤️"),
    ("white_check_mark", "✅"),
    ("heavy_check_mark", "✔️"),
    ("x", "❌"),
    ("warning", "⚠️"),
    ("rotating_light", "🚨"),
    ("bug", "🐛"),
    ("moneybag", "💰"),
    ("crescent_moon", "🌙"),
    ("sob", "😭"),
    ("disappointed", "😞"),
    ("ok_hand", "👌"),
    ("point_right", "👉"),
    ("100", "💯"),
    ("sparkles", "✨"),
    ("hourglass", "⌛"),
    ("lock", "🔒"),
    ("memo", "📝"),
    ("email", "📧"),
    ("calendar", "📆"),
    ("coffee", "☕"),
];

/// `:tada:` → 🎉 for common shortcodes; unknown ones stay as written.
fn emoji(s: &str) -> String {
    if !s.contains(':') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find(':') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let code = after.find(':').map(|end| &after[..end]);
        match code.and_then(|c| EMOJI.iter().find(|(name, _)| *name == c)) {
            Some((name, glyph)) => {
                out.push_str(glyph);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push(':');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(text: &str) -> Vec<String> {
        let theme = Theme::dark();
        let names = |id: &str| (id == "U1").then(|| "Maria Garcia".to_string());
        let ctx = Markup { theme: &theme, user_name: &names };
        render(text, Style::new(), &ctx).iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    fn styled(text: &str) -> Vec<(String, Style)> {
        let theme = Theme::dark();
        let names = |_: &str| None;
        let ctx = Markup { theme: &theme, user_name: &names };
        render(text, Style::new(), &ctx)[0].spans.iter().map(|s| (s.content.to_string(), s.style)).collect()
    }

    #[test]
    fn table_of_mrkdwn() {
        let cases: &[(&str, &[&str])] = &[
            ("hello *world*", &["hello world"]),
            ("ask <@U1> or <@U9>", &["ask @Maria Garcia or @U9"]),
            ("see <https://docs.acme.dev/a|the docs>", &["see the docs (docs.acme.dev)"]),
            ("<https://x.io/a>", &["https://x.io/a"]),
            ("mail <mailto:a@b.co|a@b.co>", &["mail a@b.co"]),
            ("in <#C123|ext-acme>, <!here>", &["in #ext-acme, @here"]),
            ("Q&amp;A &lt;b&gt; &amp;lt;", &["Q&A <b> &lt;"]),
            ("thanks :tada: :not_an_emoji:", &["thanks 🎉 :not_an_emoji:"]),
            ("a `x *y*` b", &["a x *y* b"]),
            ("two\nlines", &["two", "lines"]),
            ("```\nlet x = 1;\n```", &["let x = 1;", ""]),
            ("&gt; quoted", &["│ quoted"]),
            ("snake_case_name and 2*3*4", &["snake_case_name and 2*3*4"]),
            ("<https://evil.example/x|https://bank.example>", &["https://bank.example (evil.example)"]),
            ("<javascript:alert(1)|click>", &["<javascript:alert(1)|click>"]),
            ("unclosed <https://x.io", &["unclosed <https://x.io"]),
        ];
        for (input, want) in cases {
            assert_eq!(plain(input), *want, "{input}");
        }
    }

    #[test]
    fn emphasis_styles() {
        let spans = styled("*bold _both_* ~gone~");
        assert!(spans[0].1.add_modifier.contains(Modifier::BOLD));
        assert!(spans[1].1.add_modifier.contains(Modifier::BOLD | Modifier::ITALIC));
        assert!(spans.last().unwrap().1.add_modifier.contains(Modifier::CROSSED_OUT));
    }
}

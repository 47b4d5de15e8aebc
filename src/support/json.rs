//! Make a server's JSON decodable without losing a neighbour: bytes that are not UTF-8 and
//! `\u` escapes of lone UTF-16 surrogates (which serde_json refuses, failing the whole body)
//! become U+FFFD in the string that held them. Everything else is left byte for byte.

use std::borrow::Cow;

/// The JSON escape of U+FFFD, written where a lone surrogate escape stood.
const REPLACEMENT_ESCAPE: &[u8] = b"\\uFFFD";

/// `body` with invalid UTF-8 and lone surrogate escapes replaced; borrowed when clean.
pub fn repair(body: &[u8]) -> Cow<'_, [u8]> {
    // Checked first the fast way (`from_utf8`'s ASCII runs): the lossy walk, a tenth of
    // decoding a page, is only for a body that needs it.
    let text: Cow<'_, [u8]> = match std::str::from_utf8(body) {
        Ok(_) => Cow::Borrowed(body),
        Err(_) => Cow::Owned(String::from_utf8_lossy(body).into_owned().into_bytes()),
    };
    // A surrogate escape starts `\ud` (or `\uD`); a body without one needs no walk.
    let escapes = memchr::memmem::find(&text, b"\\ud").or_else(|| memchr::memmem::find(&text, b"\\uD"));
    if escapes.is_none() {
        return text;
    }
    let lone = lone_surrogates(&text);
    if lone.is_empty() {
        return text;
    }
    let mut out = Vec::with_capacity(text.len());
    let mut rest = 0;
    for at in lone {
        out.extend_from_slice(&text[rest..at]);
        out.extend_from_slice(REPLACEMENT_ESCAPE);
        rest = at + 6;
    }
    out.extend_from_slice(&text[rest..]);
    Cow::Owned(out)
}

/// Where each lone surrogate escape starts. Escapes are found by walking string contents,
/// so an escaped backslash followed by `ud800` is text, not an escape; a high surrogate
/// followed by a low one is a pair and stays.
fn lone_surrogates(text: &[u8]) -> Vec<usize> {
    let mut found = Vec::new();
    let (mut i, mut in_string) = (0, false);
    while i < text.len() {
        match (text[i], in_string) {
            (b'"', _) => in_string = !in_string,
            (b'\\', true) => {
                let kind = hex_unit(text, i).map_or(Kind::None, surrogate_kind);
                let paired =
                    kind == Kind::High && hex_unit(text, i + 6).is_some_and(|u| surrogate_kind(u) == Kind::Low);
                match kind {
                    _ if paired => i += 12,
                    Kind::High | Kind::Low => {
                        found.push(i);
                        i += 6;
                    }
                    Kind::None => i += 2,
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

#[derive(PartialEq)]
enum Kind {
    High,
    Low,
    None,
}

fn surrogate_kind(unit: u16) -> Kind {
    match unit {
        0xD800..=0xDBFF => Kind::High,
        0xDC00..=0xDFFF => Kind::Low,
        _ => Kind::None,
    }
}

/// The code unit of a `\uXXXX` escape starting at `at`.
fn hex_unit(text: &[u8], at: usize) -> Option<u16> {
    let escape = text.get(at..at + 6)?;
    if escape[0] != b'\\' || escape[1] != b'u' {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(&escape[2..]).ok()?, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::repair;

    fn decoded(body: &[u8]) -> serde_json::Value {
        serde_json::from_slice(&repair(body)).expect("decodes after repair")
    }

    #[test]
    fn clean_bodies_are_borrowed() {
        let body = br#"{"a":"caf\u00e9 \ud83d\ude00 \\ud800"}"#;
        assert!(matches!(repair(body), std::borrow::Cow::Borrowed(_)));
        assert_eq!(decoded(body)["a"], "café 😀 \\ud800");
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        assert_eq!(decoded(br#"{"a":"x\ud800y","b":"\udc00"}"#), serde_json::json!({"a":"x\u{FFFD}y","b":"\u{FFFD}"}));
        assert_eq!(decoded(br#"["\ud800\ud83d\ude00"]"#)[0], "\u{FFFD}\u{1F600}");
        assert_eq!(decoded(br#"["\ud83d", "ok \\", "\ud800"]"#), serde_json::json!(["\u{FFFD}", "ok \\", "\u{FFFD}"]));
    }

    #[test]
    fn invalid_utf8_becomes_a_replacement_character() {
        let body = b"[{\"title\":\"bad \xff byte\"},{\"title\":\"fine\"}]";
        let value = decoded(body);
        assert_eq!(value[0]["title"], "bad \u{FFFD} byte");
        assert_eq!(value[1]["title"], "fine");
    }
}

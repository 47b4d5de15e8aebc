//! The one sanitizer for untrusted text (ANCHORS-RELIABILITY §1.4).
//!
//! Every string that comes from a server (titles, bodies, names, tags, channel names, error
//! bodies) or from a paste passes through here before it can reach the terminal. Nothing is
//! silently hidden where it could matter: escapes become visible control pictures, bidi
//! controls a visible marker. Only characters that are invisible by design are dropped.

use std::borrow::Cow;
use unicode_segmentation::UnicodeSegmentation;

/// Shown in place of a bidi control, so reordered "Trojan Source" text is visible as such.
pub const BIDI_MARKER: char = '⸮';
/// Code points kept per grapheme: enough for ZWJ emoji families, not for "Zalgo" towers.
const MAX_CHARS_PER_GRAPHEME: usize = 12;
const TAB: &str = "    ";

/// Sanitize multi-line text: newlines are kept, everything else is made harmless.
pub fn text(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// Sanitize a single-line field (title, name, tag): line breaks become spaces.
pub fn line(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

/// True for characters that must never reach a terminal cell (the render lint uses this).
pub fn is_forbidden(c: char) -> bool {
    c.is_control() || is_bidi(c) || is_invisible(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters with no glyph of their own that would still take (or shift) a cell: every
/// default-ignorable code point and every format character (Unicode's own tables), blank
/// lookalikes (Hangul fillers, the blank Braille pattern) — but not the joiner and the
/// variation selectors that emoji are built from. Bidi controls are handled before this.
fn is_invisible(c: char) -> bool {
    use icu_properties::props::{DefaultIgnorableCodePoint, GeneralCategory};
    use icu_properties::{CodePointMapData, CodePointSetData};
    if c.is_ascii() || matches!(c, '\u{200D}' | '\u{FE00}'..='\u{FE0F}') {
        return false;
    }
    matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}')
        || CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
        || CodePointMapData::<GeneralCategory>::new().get(c) == GeneralCategory::Format
}

/// A regional indicator: two make a flag; one alone has no agreed width, so it is shown as
/// the letter it stands for.
fn is_regional_indicator(c: char) -> bool {
    ('\u{1F1E6}'..='\u{1F1FF}').contains(&c)
}

fn regional_letter(c: char) -> char {
    char::from_u32('A' as u32 + (c as u32 - 0x1F1E6)).unwrap_or('\u{FFFD}')
}

/// Fast check: printable ASCII (plus `\n` in multi-line text) needs no work.
fn is_plain(s: &str, single_line: bool) -> bool {
    s.bytes().all(|b| (0x20..0x7f).contains(&b) || (b == b'\n' && !single_line))
}

fn clean(s: &str, single_line: bool) -> Cow<'_, str> {
    if is_plain(s, single_line) {
        return Cow::Borrowed(s);
    }
    let newline = if single_line { " " } else { "\n" };
    let mut out = String::with_capacity(s.len());
    for grapheme in s.graphemes(true) {
        let mut kept = 0;
        let mut chars = grapheme.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' if chars.peek() == Some(&'\n') => {}
                '\n' | '\u{2028}' | '\u{2029}' | '\u{0085}' => out.push_str(newline),
                '\t' => out.push_str(TAB),
                '\u{7F}' => out.push('␡'),
                c if (c as u32) < 0x20 => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
                '\u{80}'..='\u{9F}' => out.push('\u{FFFD}'),
                c if is_bidi(c) => out.push(BIDI_MARKER),
                c if is_invisible(c) => {}
                // Alone in its grapheme (4 bytes), it is half a flag: shown as its letter.
                c if grapheme.len() == 4 && is_regional_indicator(c) => out.push(regional_letter(c)),
                c => {
                    if kept < MAX_CHARS_PER_GRAPHEME {
                        out.push(c);
                    }
                    kept += 1;
                }
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(text("hello, world"), Cow::Borrowed("hello, world")));
    }

    #[test]
    fn escapes_become_control_pictures() {
        assert_eq!(text("a\x1b]52;c;aGk=\x07b"), "a␛]52;c;aGk=␇b");
        assert_eq!(text("\x1b[2J"), "␛[2J");
    }

    #[test]
    fn c1_and_bidi_and_invisible() {
        assert_eq!(text("x\u{9b}31m"), "x\u{FFFD}31m");
        assert_eq!(text("abc\u{202E}fed"), "abc⸮fed");
        assert_eq!(text("in\u{200B}vis\u{E0041}ible\u{AD}"), "invisible");
        assert_eq!(line("adm\u{3164}in\u{115F}\u{1160}\u{FFA0}"), "admin", "Hangul fillers are blank: dropped");
    }

    #[test]
    fn every_default_ignorable_and_format_character_is_dropped() {
        let hidden = [
            '\u{FFF9}',
            '\u{FFFA}',
            '\u{FFFB}',
            '\u{206A}',
            '\u{206F}',
            '\u{034F}',
            '\u{17B4}',
            '\u{17B5}',
            '\u{1D173}',
            '\u{180E}',
            '\u{3164}',
            '\u{200C}',
            '\u{2800}',
            '\u{180B}',
            '\u{FFF0}',
            '\u{E0100}',
            '\u{1BCA0}',
            '\u{0600}',
        ];
        for c in hidden {
            assert_eq!(line(&format!("a{c}b")), "ab", "U+{:04X}", c as u32);
            assert!(is_forbidden(c), "U+{:04X} is refused by the render lint too", c as u32);
        }
        // Emoji keep what they are built from.
        for kept in ["❤\u{FE0F}", "👩\u{200D}💻", "🇫🇷"] {
            assert_eq!(line(kept), kept);
        }
    }

    #[test]
    fn a_lone_regional_indicator_is_its_letter() {
        assert_eq!(line("x\u{1F1FA}y"), "xUy");
        assert_eq!(line("\u{1F1FA}\u{1F1F8}\u{1F1E6}"), "🇺🇸A", "a flag, then a lone one");
    }

    #[test]
    fn newlines_and_tabs() {
        assert_eq!(text("a\r\nb\tc\u{2028}d"), "a\nb    c\nd");
        assert_eq!(line("two\nlines"), "two lines");
        assert_eq!(text("lone\rcr"), "lone␍cr");
    }

    #[test]
    fn keeps_zwj_emoji_and_cjk() {
        let family = "👨\u{200D}👩\u{200D}👧";
        assert_eq!(text(family), family);
        assert_eq!(text("ログイン 🙏"), "ログイン 🙏");
    }

    #[test]
    fn caps_combining_marks() {
        let zalgo = format!("e{}", "\u{0301}".repeat(200));
        assert_eq!(text(&zalgo).chars().count(), MAX_CHARS_PER_GRAPHEME);
    }
}

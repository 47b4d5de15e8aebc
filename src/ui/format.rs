//! Numbers, ages, durations and widths, as people read them.

use std::borrow::Cow;

use jiff::{Timestamp, tz::TimeZone};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// `2,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How long ago, in at most 3 characters and a unit: `now`, `5m`, `3h`, `2d`, `3w`, `4mo`, `2y`.
pub fn age(now: Timestamp, then: Option<Timestamp>) -> String {
    let mut out = String::new();
    write_age(now, then, &mut out);
    out
}

/// `age`, appended to `out`.
pub fn write_age(now: Timestamp, then: Option<Timestamp>, out: &mut String) {
    use std::fmt::Write;
    let Some(then) = then else { return out.push('-') };
    let secs = now.duration_since(then).as_secs().max(0);
    // Writing to a String cannot fail.
    let _ = match secs {
        0..60 => out.write_str("now"),
        60..3600 => write!(out, "{}m", secs / 60),
        3600..86_400 => write!(out, "{}h", secs / 3600),
        86_400..1_209_600 => write!(out, "{}d", secs / 86_400),
        1_209_600..5_184_000 => write!(out, "{}w", secs / 604_800),
        5_184_000..63_072_000 => write!(out, "{}mo", secs / 2_592_000),
        _ => write!(out, "{}y", secs / 31_536_000),
    };
}

pub use crate::support::text::duration;

/// `Nov 20 14:02` in the given zone (`Nov 20 2025 14:02` for another year), or in the
/// configured strftime `format`.
pub fn local_time(ts: Option<Timestamp>, now: Timestamp, tz: &TimeZone, format: Option<&str>) -> String {
    let Some(ts) = ts else { return String::new() };
    let zoned = ts.to_zoned(tz.clone());
    if let Some(format) = format {
        return crate::support::sanitize::line(&zoned.strftime(format).to_string()).into_owned();
    }
    if zoned.year() == now.to_zoned(tz.clone()).year() {
        zoned.strftime("%b %-d %H:%M").to_string()
    } else {
        zoned.strftime("%b %-d %Y %H:%M").to_string()
    }
}

/// Cut `s` to `width` columns, ending with `…` when cut; wide characters never split.
/// As many of `parts` as fit in `width`, from the first, as " a · b · c " (the first always:
/// it is the one that matters most).
pub fn hint_that_fits<S: AsRef<str>>(parts: &[S], width: usize) -> String {
    let Some(first) = parts.first() else { return String::new() };
    let mut shown = format!(" {} ", first.as_ref());
    for part in &parts[1..] {
        let more = format!("{}· {} ", shown, part.as_ref());
        if more.chars().count() > width {
            break;
        }
        shown = more;
    }
    shown
}

pub fn fit(s: &str, width: usize) -> String {
    fitted(s, width).into_owned()
}

/// `s` fitted to `width` terminal cells and padded to exactly that many: `{:<w$}` pads by
/// characters, so a double-width name (CJK, emoji) shifted its row and cut the value.
pub fn pad(s: &str, width: usize) -> String {
    let fitted = fitted(s, width);
    let room = width.saturating_sub(fitted.width());
    format!("{fitted}{}", " ".repeat(room))
}

/// `fit`, borrowing `s` when it already fits (the inbox draws fifty rows a frame, most of
/// whose names and titles fit).
pub fn fitted(s: &str, width: usize) -> Cow<'_, str> {
    if s.width() <= width {
        return Cow::Borrowed(s);
    }
    if width == 0 {
        return Cow::Borrowed("");
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w > width - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pad_counts_cells_not_characters() {
        assert_eq!(pad("東京", 6), "東京  ");
        assert_eq!(pad("東京", 6).width(), 6);
        assert_eq!(pad("Globex Logistics", 8).width(), 8);
        assert_eq!(pad("株式会社テスト", 5).width(), 5, "cut to the cell, then padded");
    }

    #[test]
    fn numbers_ages_durations() {
        assert_eq!(thousands(2000), "2,000");
        assert_eq!(thousands(100000), "100,000");
        assert_eq!(thousands(42), "42");
        let now: Timestamp = "2026-11-20T12:00:00Z".parse().unwrap();
        let ago = |s: i64| Some(now - jiff::SignedDuration::from_secs(s));
        assert_eq!(age(now, ago(30)), "now");
        assert_eq!(age(now, ago(7200)), "2h");
        assert_eq!(age(now, ago(3 * 86_400)), "3d");
        assert_eq!(duration(8040.0), "2h 14m");
        assert_eq!(duration(45.0), "45s");
        assert_eq!(duration(100_000.0), "1d 3h");
    }

    #[test]
    fn fit_respects_wide_characters() {
        assert_eq!(fit("hello world", 8), "hello w…");
        assert_eq!(fit("ログインできません", 7), "ログイ…");
        assert!(fit("ログインできません", 7).width() <= 7);
        assert_eq!(fit("short", 10), "short");
    }
}

//! Word wrapping of styled lines to a width in terminal columns. Wide characters (CJK,
//! emoji) count two columns and are never split; a line never exceeds the width.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub fn wrap(line: &Line<'_>, width: usize) -> Vec<Line<'static>> {
    let width = width.max(1);
    let cells: Vec<(&str, Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.graphemes(true).map(move |g| (g, line.style.patch(s.style))))
        .collect();
    let mut out = Vec::new();
    let mut row: Vec<(&str, Style)> = Vec::new();
    let mut used = 0;
    for (g, style) in cells {
        let w = g.width();
        if w > width {
            continue;
        }
        if used + w > width {
            if g == " " {
                out.push(finish(std::mem::take(&mut row)));
                used = 0;
                continue;
            }
            // Carry the unfinished word to the next row, when there is a space to break at.
            let split = row.iter().rposition(|(c, _)| *c == " ").filter(|&p| p > 0);
            let carried = match split {
                Some(p) => row.split_off(p + 1),
                None => Vec::new(),
            };
            while row.last().is_some_and(|(c, _)| *c == " ") {
                row.pop();
            }
            out.push(finish(std::mem::take(&mut row)));
            used = carried.iter().map(|(c, _)| c.width()).sum();
            row = carried;
            if used + w > width {
                // The carried word and this character do not fit either: break the word.
                out.push(finish(std::mem::take(&mut row)));
                used = 0;
            }
        }
        row.push((g, style));
        used += w;
    }
    out.push(finish(row));
    out
}

fn finish(row: Vec<(&str, Style)>) -> Line<'static> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (g, style) in row {
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push_str(g),
            _ => spans.push(Span::styled(g.to_string(), style)),
        }
    }
    Line::from(spans)
}

pub fn line_width(line: &Line<'_>) -> usize {
    line.spans.iter().map(|s| s.content.width()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_carried_word_that_still_does_not_fit_is_broken() {
        // Found by tests/properties.rs: "*␇␇日" was carried past the space, then "本" joined it.
        let rows = wrap(&Line::from("\u{301} *␇␇日本"), 6);
        assert!(rows.iter().all(|r| line_width(r) <= 6), "{rows:?}");
        let text: String = rows.iter().flat_map(|r| r.spans.iter().map(|s| s.content.to_string())).collect();
        assert_eq!(text.replace(' ', ""), "\u{301}*␇␇日本", "nothing lost");
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
    }

    #[test]
    fn wraps_at_words() {
        let lines = wrap(&Line::from("the quick brown fox jumps"), 10);
        assert_eq!(texts(&lines), vec!["the quick", "brown fox", "jumps"]);
    }

    #[test]
    fn long_words_break_and_wide_chars_fit() {
        assert_eq!(texts(&wrap(&Line::from("abcdefghij"), 4)), vec!["abcd", "efgh", "ij"]);
        let cjk = wrap(&Line::from("日本語で検索すると"), 5);
        assert!(cjk.iter().all(|l| line_width(l) <= 5));
        assert_eq!(texts(&cjk).concat(), "日本語で検索すると");
    }
}

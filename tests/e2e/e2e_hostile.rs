//! A hostile workspace (every sequence of ANCHORS-RELIABILITY §1.2 in titles, names, tags and
//! bodies) and a hostile paste: nothing reaches the terminal, nothing presses keys for us.

use crate::common::pty::Tty;
use crate::common::*;
use triage::sim::SimOptions;

/// Byte sequences that must never leave the console.
fn assert_inert(raw: &[u8]) {
    let find = |needle: &[u8]| raw.windows(needle.len()).position(|w| w == needle);
    for (name, needle) in [
        ("OSC", b"\x1b]".as_slice()),
        ("DCS", b"\x1bP"),
        ("RIS", b"\x1bc"),
        ("cursor report query", b"\x1b[6n"),
        ("title report", b"\x1b[21t"),
        ("C1 CSI", "\u{9b}".as_bytes()),
        ("C1 OSC", "\u{9d}".as_bytes()),
        ("C1 DCS", "\u{90}".as_bytes()),
        ("bidi override", "\u{202e}".as_bytes()),
        ("isolate", "\u{2066}".as_bytes()),
        ("zero-width space", "\u{200b}".as_bytes()),
        ("tag character", "\u{e0041}".as_bytes()),
        ("interlinear annotation", "\u{fff9}".as_bytes()),
        ("musical format control", "\u{1d173}".as_bytes()),
        ("grapheme joiner", "\u{34f}".as_bytes()),
        ("zero-width non-joiner", "\u{200c}".as_bytes()),
        ("BEL", b"\x07"),
    ] {
        if let Some(at) = find(needle) {
            let from = at.saturating_sub(40);
            panic!(
                "{name} reached the terminal: …{:?}…",
                String::from_utf8_lossy(&raw[from..(at + 40).min(raw.len())])
            );
        }
    }
}

#[test]
fn browsing_a_hostile_workspace_is_inert() {
    let rt = runtime();
    let sim = rt.block_on(sim_with(SimOptions { hostile: true, ..options(60) }));
    let url = sim.unthread_url();
    let mut tty = Tty::spawn(&[], &[("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", &url)], 140, 40);
    tty.wait_for("60 of 60", WAIT);
    for _ in 0..12 {
        tty.send("j");
        tty.send("\r");
        tty.send("G");
        tty.send("\x1b");
    }
    tty.send("C");
    tty.send("?");
    tty.send("\x1b");
    let screen = tty.wait_for("␛", WAIT);
    assert!(screen.contains('⸮') || screen.contains("␛]"), "hostile text is shown as harmless markers:\n{screen}");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success(), "the render lint found nothing (a debug build panics if it does)");
    assert_inert(&tty.raw());
    let mutations = sim
        .state()
        .requests()
        .iter()
        .filter(|r| r.method == "PATCH" || r.path.ends_with("/messages") || r.path.contains("-links"))
        .count();
    assert_eq!(mutations, 0, "no injected keystroke changed anything");
}

#[test]
fn a_hostile_paste_is_sanitized_into_the_draft() {
    let rt = runtime();
    let sim = rt.block_on(sim(10));
    let url = sim.unthread_url();
    let mut tty = Tty::spawn(&[], &[("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", &url)], 120, 36);
    tty.wait_for("10 of 10", WAIT);
    tty.send("r");
    tty.wait_for("Reply to", WAIT);
    let payload = "pasted \u{1b}]52;c;ZXZpbA==\u{7} and \u{1b}[201~ early end \u{202e}x";
    tty.send(&format!("\x1b[200~{payload}\x1b[201~"));
    tty.wait_for("pasted", WAIT);
    tty.send("\x1b");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
    assert_inert(&tty.raw());
    let drafts = tty.home.join("data/triage/drafts");
    let text = std::fs::read_dir(&drafts)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect::<String>();
    assert!(text.starts_with("pasted ␛]52;c;ZXZpbA==␇ and "), "{text:?}");
    assert!(!text.contains('\u{1b}') && !text.contains('\u{202e}'), "{text:?}");
}

#[test]
fn a_hostile_export_on_a_terminal_is_inert_in_every_format() {
    let rt = runtime();
    let sim = rt.block_on(sim_with(SimOptions { hostile: true, ..options(60) }));
    let url = sim.unthread_url();
    let env = [("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", url.as_str())];
    for format in ["csv", "json", "jsonl"] {
        let args = ["export", "--from", "2020-01-01", "--to", "2027-01-01", "--format", format];
        let mut tty = Tty::spawn(&args, &env, 200, 50);
        assert!(tty.wait_exit(WAIT).success(), "{format}: {}", tty.screen());
        let raw = tty.raw();
        assert!(raw.len() > 1000, "{format}: the export was written ({} bytes)", raw.len());
        assert_inert(&raw);
    }
}

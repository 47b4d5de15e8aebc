//! The real binary in a pseudo-terminal against the simulator, driven by keys.

use crate::common::pty::Tty;
use crate::common::*;

fn console(sim: &triage::sim::Simulator) -> Tty {
    let url = sim.unthread_url();
    Tty::spawn(&[], &[("UNTHREAD_API_KEY", "e2e-key"), ("UNTHREAD_BASE_URL", &url)], 120, 36)
}

#[test]
fn browse_open_a_thread_and_quit() {
    let rt = runtime();
    let sim = rt.block_on(sim(200));
    let (second_title, second_body) = sim.state().read(|db| {
        let mut by_update: Vec<_> = db.conversations.iter().collect();
        by_update.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(b.id.cmp(&a.id)));
        let c = by_update[1];
        // A thread opens at its newest message.
        let newest = db.thread(c).last().unwrap().text.clone();
        let first_words: String = newest.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
        (c.title.clone(), first_words)
    });
    let mut tty = console(&sim);
    tty.wait_for("200 of 200", WAIT);
    assert!(tty.alternate_screen() && tty.hide_cursor());
    tty.send("j");
    tty.send("\r");
    let screen = tty.wait_for(&second_body, WAIT);
    assert!(screen.contains(&second_title[..20]), "{screen}");
    tty.send("q");
    let status = tty.wait_exit(WAIT);
    assert!(status.success(), "{status:?}");
    assert!(!tty.alternate_screen(), "the terminal is back on the main screen");
    assert!(!tty.hide_cursor(), "the cursor is visible again");
}

#[test]
fn injected_escape_sequences_never_reach_the_terminal() {
    let rt = runtime();
    let sim = rt.block_on(sim(30));
    let hostile = "pwned \u{1b}]52;c;aGVsbG8=\u{7} \u{1b}]0;owned\u{7} \u{1b}[2J \u{9b}31m \u{9d}8;;x \u{1b}P$q\u{1b}\\ \u{202e}evil";
    let newest = sim.state().write(|db| {
        let i = (0..db.conversations.len()).max_by_key(|&i| db.conversations[i].updated_at).unwrap();
        db.conversations[i].title = format!("Title {hostile}");
        db.thread_mut(i)[0].text = format!("Body {hostile}");
        db.customers[db.conversations[i].customer].name = format!("Cust {hostile}");
        db.conversations[i].title.clone()
    });
    assert!(newest.contains('\u{1b}'));
    let mut tty = console(&sim);
    tty.wait_for("Body pwned", WAIT);
    tty.send("\r");
    let screen = tty.wait_for("␛]52;c;", WAIT);
    assert!(screen.contains("⸮evil"), "bidi override shown as a marker:\n{screen}");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
    let raw = tty.raw();
    let find = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
    assert!(!find(b"\x1b]"), "no OSC sequence was written");
    assert!(!find(b"\x1bP"), "no DCS sequence was written");
    assert!(!find("\u{9b}".as_bytes()) && !find("\u{9d}".as_bytes()), "no C1 controls were written");
    assert!(!find("\u{202e}".as_bytes()), "no bidi override was written");
}

#[test]
fn a_missing_key_explains_itself() {
    let mut tty = Tty::spawn(&[], &[], 100, 20);
    let screen = tty.wait_for("triage demo", WAIT);
    assert!(screen.contains("UNTHREAD_API_KEY"), "{screen}");
    assert_eq!(tty.wait_exit(WAIT).exit_code(), 4, "COMMANDS.md: 4 is a key missing or rejected");
}

#[test]
fn y_writes_an_osc_52_whose_payload_is_the_tickets_slack_thread() {
    use base64::Engine;
    let rt = runtime();
    let sim = rt.block_on(sim(30));
    let want = sim.state().read(|db| {
        let c = top_of_inbox(db);
        let ts = db.thread(c)[0].ts.replace('.', "");
        format!("https://slack.com/archives/{}/p{ts}", db.customers[c.customer].channel_id)
    });
    let mut tty = console(&sim);
    tty.wait_for("30 of 30", WAIT);
    tty.send("y");
    tty.wait_for("copied", WAIT);
    let raw = tty.raw();
    let start = raw.windows(7).position(|w| w == b"\x1b]52;c;").expect("an OSC 52 was written") + 7;
    let end = start + raw[start..].iter().position(|&b| b == 0x07).expect("ended by BEL");
    let payload = base64::engine::general_purpose::STANDARD.decode(&raw[start..end]).unwrap();
    assert_eq!(String::from_utf8(payload).unwrap(), want);
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

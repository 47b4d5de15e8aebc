//! Replying with the real binary against the simulator: what the server holds afterwards,
//! and drafts that survive SIGKILL, failures and `$EDITOR`.

use std::time::Duration;

use crate::common::pty::Tty;
use crate::common::*;
use triage::sim::{Fault, FaultRule, Faults, Simulator};

fn env(sim: &Simulator) -> Vec<(&'static str, String)> {
    vec![
        ("UNTHREAD_API_KEY", "k".into()),
        ("UNTHREAD_BASE_URL", sim.unthread_url()),
        ("TRIAGE_ME", "maria@acme.dev".into()),
    ]
}

fn console_in(home: &std::path::Path, sim: &Simulator, extra: &[(&str, &str)]) -> Tty {
    let base = env(sim);
    let mut all: Vec<(&str, &str)> = base.iter().map(|(k, v)| (*k, v.as_str())).collect();
    all.extend_from_slice(extra);
    Tty::spawn_in(home, &[], &all, 120, 36)
}

/// The conversation the console selects first (newest activity).
fn newest(sim: &Simulator) -> usize {
    sim.state().read(|db| {
        (0..db.conversations.len())
            .max_by(|&a, &b| {
                let (a, b) = (&db.conversations[a], &db.conversations[b]);
                a.updated_at.cmp(&b.updated_at).then(a.id.cmp(&b.id))
            })
            .unwrap()
    })
}

fn messages_with(sim: &Simulator, i: usize, text: &str) -> Vec<(String, bool)> {
    sim.state().read(|db| {
        db.thread(&db.conversations[i])
            .iter()
            .filter(|m| m.text.contains(text))
            .map(|m| (m.text.clone(), m.private_note))
            .collect()
    })
}

fn home() -> std::path::PathBuf {
    tempfile::tempdir().unwrap().keep()
}

#[test]
fn a_reply_and_a_note_reach_the_server_once() {
    let rt = runtime();
    let sim = rt.block_on(sim(60));
    let target = newest(&sim);
    let mut tty = console_in(&home(), &sim, &[]);
    tty.wait_for("60 of 60", WAIT);
    tty.send("r");
    tty.wait_for("Reply to", WAIT);
    tty.send("Thanks for the report, we are deploying a fix now.");
    tty.send("\x13"); // Ctrl-s
    eventually("the reply is stored", || !messages_with(&sim, target, "deploying a fix now").is_empty());
    tty.wait_for("reply sent", WAIT);
    tty.send("n");
    tty.send("Root cause is the CDN config.");
    tty.send("\x13");
    eventually("the note is stored", || !messages_with(&sim, target, "Root cause is the CDN").is_empty());
    tty.wait_for("private note added", WAIT);
    let reply = messages_with(&sim, target, "deploying a fix now");
    assert_eq!(
        reply,
        vec![("Thanks for the report, we are deploying a fix now.".to_string(), false)],
        "sent once, public"
    );
    assert_eq!(
        messages_with(&sim, target, "Root cause is the CDN"),
        vec![("Root cause is the CDN config.".to_string(), true)]
    );
    let posts =
        sim.state().requests().into_iter().filter(|r| r.method == "POST" && r.path.ends_with("/messages")).count();
    assert_eq!(posts, 2);
    let body = sim.state().requests().into_iter().find(|r| r.path.ends_with("/messages")).unwrap().body;
    assert!(body.contains(r#""body":{"type":"markdown","value":"Thanks for the report"#), "{body}");
    assert!(body.contains(r#""onBehalfOf":{"email":"maria@acme.dev","name":"Maria Garcia""#), "{body}");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

#[test]
fn a_draft_survives_sigkill() {
    let rt = runtime();
    let sim = rt.block_on(sim(30));
    let home = home();
    let mut tty = console_in(&home, &sim, &[]);
    tty.wait_for("30 of 30", WAIT);
    tty.send("r");
    tty.send("Half-written answer about the webhook retries");
    std::thread::sleep(Duration::from_millis(1200)); // more than the promised second
    tty.kill_hard();
    let mut again = console_in(&home, &sim, &[]);
    again.wait_for("30 of 30", WAIT);
    assert!(again.screen().contains('✎'), "the inbox marks the ticket with a draft");
    again.send("r");
    again.wait_for("Half-written answer", WAIT);
    let file = std::fs::read_dir(home.join("data/triage/drafts")).unwrap().next().unwrap().unwrap().path();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    again.send("\x1b");
    again.send("q");
    assert!(again.wait_exit(WAIT).success());
    assert!(messages_with(&sim, newest(&sim), "Half-written").is_empty(), "nothing was sent");
}

#[test]
fn a_failed_post_keeps_the_draft_and_says_so() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    sim.state().set_faults(Faults {
        rules: vec![FaultRule::new(Some("POST"), Some("/messages$"), Fault::Status { status: 500 })],
        ..Faults::default()
    });
    let mut tty = console_in(&home(), &sim, &[]);
    tty.wait_for("20 of 20", WAIT);
    tty.send("r");
    tty.send("This must not be lost");
    tty.send("\x13");
    // A 5xx may have stored it: the thread is read again, and it is not there.
    tty.wait_for("did not arrive", WAIT);
    tty.send("r");
    tty.wait_for("This must not be lost", WAIT);
    assert!(messages_with(&sim, newest(&sim), "must not be lost").is_empty());
    tty.send("\x1b");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

#[test]
fn ctrl_e_edits_the_draft_in_editor_and_the_screen_comes_back() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let home = home();
    let script = home.join("editor.sh");
    // It also writes down what it inherited: the key must not be there.
    let seen = home.join("editor-env.txt");
    let body = format!("#!/bin/sh\nenv > '{}'\necho 'Appended by the editor' >> \"$1\"\n", seen.display());
    std::fs::write(&script, body).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let editor = script.to_string_lossy().into_owned();
    let mut tty = console_in(&home, &sim, &[("EDITOR", &editor)]);
    tty.wait_for("20 of 20", WAIT);
    tty.send("r");
    tty.send("First line");
    tty.send("\x05"); // Ctrl-e
    let screen = tty.wait_for("Appended by the editor", WAIT);
    assert!(screen.contains("First line"), "{screen}");
    assert!(screen.contains("triage · Inbox") && screen.contains("20 of 20"), "a full redraw:\n{screen}");
    assert!(tty.alternate_screen(), "back on the console's screen");
    tty.send("\x1b");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
    let drafts = home.join("data/triage/drafts");
    let file = std::fs::read_dir(&drafts).unwrap().next().unwrap().unwrap().path();
    let text = std::fs::read_to_string(file).unwrap();
    assert_eq!(text, "First line\nAppended by the editor");
    let inherited = std::fs::read_to_string(&seen).unwrap();
    assert!(inherited.contains("HOME="), "the editor ran with an environment");
    assert!(!inherited.contains("UNTHREAD_API_KEY="), "the key stays with triage:\n{inherited}");
}

#[test]
fn a_second_console_on_the_same_profile_never_clobbers_the_first_ones_draft() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let home = home();
    let mut first = console_in(&home, &sim, &[]);
    first.wait_for("20 of 20", WAIT);
    first.send("r");
    first.send("The first console's careful answer");
    let drafts = home.join("data/triage/drafts");
    let saved = || -> Vec<String> {
        std::fs::read_dir(&drafts)
            .map_or(vec![], |d| d.map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap()).collect())
    };
    eventually("the first console saved its draft", || saved() == ["The first console's careful answer"]);
    let mut second = console_in(&home, &sim, &[]);
    second.wait_for("keeps the drafts: here they are shown, not saved", WAIT);
    second.wait_for("20 of 20", WAIT);
    second.send("r");
    second.wait_for("careful answer", WAIT);
    second.send(" — overwritten by the second");
    second.wait_for("could NOT be saved", WAIT);
    second.send("\x1b");
    second.send("q");
    second.wait_for("q again quits", WAIT);
    second.send("q");
    assert!(second.wait_exit(WAIT).success());
    assert_eq!(saved(), ["The first console's careful answer"], "the first console's draft is untouched");
    first.send("\x1b");
    first.send("q");
    assert!(first.wait_exit(WAIT).success());
}

#[test]
fn steady_typing_killed_midway_keeps_what_was_typed_before_the_last_moments() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let home = home();
    let mut tty = console_in(&home, &sim, &[]);
    tty.wait_for("20 of 20", WAIT);
    tty.send("r");
    tty.wait_for("Reply to", WAIT);
    // A key every 40 ms for 2.4 s, never a pause long enough for a debounce, then SIGKILL.
    let text = "Steady typing with no pause at all, the way a fast agent writes";
    for c in text.chars() {
        tty.send(&c.to_string());
        std::thread::sleep(Duration::from_millis(40));
    }
    tty.kill_hard();
    // Read as the next start reads them: a save the kill cut short leaves only its temp
    // file (never half a draft), which that reading removes.
    let drafts = triage::store::drafts::DraftStore::at(home.join("data/triage/drafts")).load_all();
    let saved: Vec<String> = drafts.into_values().collect();
    assert_eq!(saved.len(), 1, "a draft was saved while the typing went on");
    assert!(!saved[0].is_empty() && text.starts_with(&saved[0]), "a prefix of what was typed: {:?}", saved[0]);
}

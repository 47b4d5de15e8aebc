//! Help-desk speed with the real binary against the simulator: send with a status, saved
//! replies and macros — what the server holds afterwards.

use crate::common::pty::Tty;
use crate::common::*;
use triage::sim::Simulator;
use triage::sim::model::SimStatus;

fn console_in(home: &std::path::Path, sim: &Simulator) -> Tty {
    let url = sim.unthread_url();
    let env = [("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", url.as_str()), ("TRIAGE_ME", "maria@acme.dev")];
    Tty::spawn_in(home, &[], &env, 120, 36)
}

fn home() -> std::path::PathBuf {
    tempfile::tempdir().unwrap().keep()
}

/// The conversation the console selects first, and whether it has a message with `text`.
fn top_has(sim: &Simulator, text: &str) -> bool {
    sim.state().read(|db| db.thread(top_of_inbox(db)).iter().any(|m| m.text.contains(text)))
}

fn top_status(sim: &Simulator) -> SimStatus {
    sim.state().read(|db| top_of_inbox(db).status)
}

#[test]
fn the_send_and_close_key_sends_then_closes_and_undo_reopens() {
    let rt = runtime();
    let sim = rt.block_on(sim(30));
    sim.state().write(|db| {
        let id = top_of_inbox(db).id.clone();
        db.conversations.iter_mut().find(|c| c.id == id).unwrap().status = SimStatus::Open;
    });
    let mut tty = console_in(&home(), &sim);
    tty.wait_for("30 of 30", WAIT);
    tty.send("r");
    tty.wait_for("Reply to", WAIT);
    tty.send("Fixed in 4.3.4, closing this one.");
    tty.send("\x1bc"); // Alt-c: send closed
    eventually("the reply is stored", || top_has(&sim, "Fixed in 4.3.4"));
    eventually("the ticket is closed", || top_status(&sim) == SimStatus::Closed);
    // The server's answer to the status, with its undo entry, is on screen.
    tty.wait_for("u undoes", WAIT);
    tty.send("u");
    eventually("undo reopens it", || top_status(&sim) == SimStatus::Open);
    tty.wait_for("undone: ", WAIT);
    let posts = sim.state().requests().iter().filter(|r| r.method == "POST" && r.path.ends_with("/messages")).count();
    assert_eq!(posts, 1, "sent once");
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

/// A home whose config has a macro and a saved reply, against `sim`; the tag the macro adds
/// (one the first ticket lacks).
fn home_with_library(sim: &Simulator) -> (std::path::PathBuf, String, String) {
    let home = home();
    let tag = sim.state().read(|db| {
        let top = top_of_inbox(db);
        let free = (0..db.tags.len()).find(|i| !top.tags.contains(i)).unwrap();
        db.tags[free].name.clone()
    });
    let config = format!(
        "default_profile = \"sim\"\n[profiles.sim]\nbase_url = \"{}\"\nme = \"maria@acme.dev\"\n\n\
         [[macros]]\nname = \"solved\"\nreply = \"Hi {{first_name}}, {{ticket}} for {{customer}} is fixed now. {{agent}}\"\n\
         status = \"closed\"\ntags = [\"{tag}\"]\n",
        sim.unthread_url()
    );
    let path = home.join("config.toml");
    std::fs::write(&path, config).unwrap();
    std::fs::create_dir_all(home.join("replies")).unwrap();
    std::fs::write(home.join("replies/thanks.md"), "Thanks {customer}, {ticket} is on its way.\n").unwrap();
    let path = path.to_string_lossy().into_owned();
    (home, path, tag)
}

fn top_tags(sim: &Simulator) -> Vec<String> {
    sim.state().read(|db| top_of_inbox(db).tags.iter().map(|&i| db.tags[i].name.clone()).collect())
}

#[test]
fn a_macro_replies_filled_closes_and_tags_and_a_saved_reply_goes_filled() {
    let rt = runtime();
    let sim = rt.block_on(sim(30));
    let (number, customer) = sim.state().write(|db| {
        let id = top_of_inbox(db).id.clone();
        let c = db.conversations.iter_mut().find(|c| c.id == id).unwrap();
        c.status = SimStatus::Open;
        (c.friendly_id, c.customer)
    });
    let customer = sim.state().read(|db| db.customers[customer].name.clone());
    let (home, config, tag) = home_with_library(&sim);
    let env = [("UNTHREAD_API_KEY", "k")];
    let mut tty = Tty::spawn_in(&home, &["--config", &config], &env, 120, 36);
    tty.wait_for("30 of 30", WAIT);
    tty.send(":view all open\r");
    tty.wait_for("Inbox · All open", WAIT);
    tty.send(":macro solved\r");
    let filled = format!("#{number} for {customer} is fixed now. Maria Garcia");
    eventually("the macro's reply is stored", || top_has(&sim, &filled));
    eventually("the ticket is closed and tagged", || {
        top_status(&sim) == SimStatus::Closed && top_tags(&sim).contains(&tag)
    });
    assert!(!top_has(&sim, "{first_name}"), "every variable is filled");
    // Closed, it left All open: the next ticket is selected, its thread beside.
    eventually("the next ticket is selected", || {
        let screen = tty.screen();
        screen.contains("┌ #") && !screen.contains(&format!("┌ #{number} "))
    });
    tty.send(&format!(":{number}\r"));
    tty.send(":saved thanks\r");
    tty.wait_for("Reply to", WAIT);
    tty.send("\x13");
    let want = format!("Thanks {customer}, #{number} is on its way.");
    eventually("the saved reply is stored, filled", || top_has(&sim, &want));
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

/// `triage ARGS` with this config, headless: the exit code and what it printed.
fn triage_with_config(config: &str, args: &[&str]) -> (i32, String, String) {
    let out = output_of(
        std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
            .args(["--config", config])
            .args(args)
            .env_clear()
            .env("HOME", home())
            .env("UNTHREAD_API_KEY", "k")
            .env("TRIAGE_ME", "maria@acme.dev")
            .env("TZ", "UTC"),
    );
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

#[test]
fn the_shell_runs_a_macro_and_a_saved_reply_and_a_bad_macro_is_refused_when_read() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let number = sim.state().write(|db| {
        let id = top_of_inbox(db).id.clone();
        let c = db.conversations.iter_mut().find(|c| c.id == id).unwrap();
        c.status = SimStatus::Open;
        c.friendly_id
    });
    let (home, config, tag) = home_with_library(&sim);
    let (code, _, err) = triage_with_config(&config, &["macro", "solved", &number.to_string()]);
    assert_eq!(code, 0, "{err}");
    assert!(top_has(&sim, &format!("#{number} for ")) && top_has(&sim, "is fixed now. Maria Garcia"), "{err}");
    assert!(top_status(&sim) == SimStatus::Closed && top_tags(&sim).contains(&tag));
    let (code, _, err) = triage_with_config(&config, &["reply", &number.to_string(), "--saved", "thanks"]);
    assert_eq!(code, 0, "{err}");
    assert!(top_has(&sim, &format!("#{number} is on its way.")), "{err}");

    // Refused when the config is read: the file, the macro and the name.
    let bad = |body: &str| {
        let text = std::fs::read_to_string(&config).unwrap() + body;
        let path = home.join("bad.toml");
        std::fs::write(&path, text).unwrap();
        triage_with_config(&path.to_string_lossy(), &["list"])
    };
    let (code, _, err) = bad("\n[[macros]]\nname = \"wrong\"\nstatus = \"done\"\n");
    assert_eq!(code, 2);
    assert!(err.contains("bad.toml: macro \"wrong\": unknown status \"done\""), "{err}");
    let (code, _, err) = bad("\n[[macros]]\nname = \"hi\"\nreply = \"Hi {name}\"\n");
    assert_eq!(code, 2);
    assert!(err.contains("macro \"hi\": unknown variable {name}"), "{err}");
    // A tag the workspace lacks: refused before anything is sent.
    let path = home.join("tag.toml");
    let text =
        std::fs::read_to_string(&config).unwrap() + "\n[[macros]]\nname = \"odd\"\ntags = [\"Nonexistent zz\"]\n";
    std::fs::write(&path, text).unwrap();
    let before = sim.state().requests().len();
    let (code, _, err) = triage_with_config(&path.to_string_lossy(), &["macro", "odd", &number.to_string()]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("no tag matches \"Nonexistent zz\""), "{err}");
    let writes =
        sim.state().requests()[before..].iter().filter(|r| r.method != "GET" && !r.path.ends_with("/list")).count();
    assert_eq!(writes, 0, "nothing half-applied");
}

/// A customer writes on conversation `i` now, as Slack would bring it to the server.
fn customer_writes(sim: &Simulator, i: usize, text: &str) {
    sim.state().write(|db| {
        let now = jiff::Timestamp::now();
        let message = triage::sim::model::SimMessage {
            id: format!("live-{}", now.as_microsecond()),
            ts: triage::sim::model::slack_ts(now),
            timestamp: now,
            author: triage::sim::model::Author::Customer,
            text: text.into(),
            private_note: false,
        };
        db.thread_mut(i).push(message);
        db.conversations[i].updated_at = now;
        db.conversations[i].last_activity_at = now;
    });
}

/// A home whose config turns the background sync off and checks every 5 s: what reaches
/// the screen without a key can only have come through the live check.
fn home_live_only(sim: &Simulator) -> (std::path::PathBuf, String) {
    let home = home();
    let config = home.join("config.toml");
    let text = format!(
        "default_profile = \"sim\"\n[profiles.sim]\nbase_url = \"{}\"\n[sync]\nrefresh_secs = 0\nlive_secs = 5\n",
        sim.unthread_url()
    );
    std::fs::write(&config, text).unwrap();
    let config = config.to_string_lossy().into_owned();
    (home, config)
}

#[test]
fn with_no_background_sync_the_live_check_brings_a_new_conversation_and_a_customers_reply() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let (home, config) = home_live_only(&sim);
    let mut tty = Tty::spawn_in(&home, &["--config", &config], &[("UNTHREAD_API_KEY", "k")], 120, 36);
    tty.wait_for("20 of 20", WAIT);
    tty.send("\r"); // the newest conversation's thread, open
    let open = sim.state().read(|db| db.conversations.iter().position(|c| c.id == top_of_inbox(db).id).unwrap());
    // Another agent opens a conversation: no key pressed here, no background sync.
    let customer = sim.state().read(|db| db.customers[0].name.clone());
    let (code, _, err) = triage_with_config(
        &config,
        &["new", "--customer", &customer, "--title", "Live check: printers on fire", "--body", "Help"],
    );
    assert_eq!(code, 0, "{err}");
    tty.wait_for("Live check: printers on fire", WAIT);
    customer_writes(&sim, open, "Any news on this? It is urgent now.");
    tty.wait_for("It is urgent now.", WAIT);
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

#[test]
fn a_customers_message_on_a_ticket_opened_earlier_puts_it_in_unread_until_it_is_opened() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let (home, config) = home_live_only(&sim);
    let mut tty = Tty::spawn_in(&home, &["--config", &config], &[("UNTHREAD_API_KEY", "k")], 160, 40);
    tty.wait_for("20 of 20", WAIT);
    tty.wait_for("Unread 0", WAIT);
    let (first, title) = sim.state().read(|db| {
        let top = top_of_inbox(db);
        (db.conversations.iter().position(|c| c.id == top.id).unwrap(), top.title.clone())
    });
    tty.send("\r"); // opened: the thread
    tty.send("\x1b"); // back to the inbox
    tty.send("j"); // another ticket selected
    customer_writes(&sim, first, "Still broken on our side.");
    tty.wait_for("Unread 1", WAIT);
    let short: String = title.chars().take(20).collect();
    let row = tty.screen().lines().find(|l| l.contains(&short)).unwrap_or_default().to_string();
    assert!(row.contains('•'), "the row says it is unread: {row}");
    tty.send("g"); // back to it (it is on top again)
    tty.send("\r");
    tty.wait_for("Unread 0", WAIT);
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

#[test]
fn u_in_the_undo_send_window_takes_the_message_back_and_quitting_keeps_it_as_a_draft() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let home = home();
    let mut tty = console_in(&home, &sim);
    tty.wait_for("20 of 20", WAIT);
    tty.send("r");
    tty.wait_for("Reply to", WAIT);
    tty.send("Wait, wrong ticket!");
    tty.send("\x13");
    tty.wait_for("u takes it back", WAIT);
    tty.send("u");
    tty.wait_for("back in the composer", WAIT);
    assert!(tty.screen().contains("Wait, wrong ticket!"), "the draft is back:\n{}", tty.screen());
    // Sent again, then `q` inside the window: asked, and a second `q` keeps it unsent.
    tty.send("\x13");
    tty.wait_for("u takes it back", WAIT);
    tty.send("q");
    tty.wait_for("q again quits and keeps it as a draft", WAIT);
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
    assert!(!top_has(&sim, "wrong ticket"), "nothing reached the server");
    let posts = sim.state().requests().iter().filter(|r| r.method == "POST" && r.path.ends_with("/messages")).count();
    assert_eq!(posts, 0);
    let mut again = console_in(&home, &sim);
    again.wait_for("20 of 20", WAIT);
    again.send("r");
    again.wait_for("Wait, wrong ticket!", WAIT);
    again.send("\x1b");
    again.send("q");
    assert!(again.wait_exit(WAIT).success());
}

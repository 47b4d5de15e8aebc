//! Never act on the wrong ticket, never show a stale truth, with the real binary: a number
//! typed after `/` means that ticket, the focus comes back where the agent was after a send,
//! and a reply clears its own reply clock at once.

use crate::common::pty::Tty;
use crate::common::*;
use triage::sim::Simulator;

fn console(sim: &Simulator) -> Tty {
    let url = sim.unthread_url();
    let env = [("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", url.as_str()), ("TRIAGE_ME", "maria@acme.dev")];
    Tty::spawn(&[], &env, 160, 48)
}

/// The texts of the messages of conversation #`number`.
fn messages_of(sim: &Simulator, number: u64) -> Vec<String> {
    sim.state().read(|db| {
        let c = db.conversations.iter().find(|c| c.friendly_id == number).expect("that conversation");
        db.thread(c).iter().map(|m| m.text.clone()).collect()
    })
}

/// The ticket the thread pane shows (its title starts "┌ #N ").
fn thread_number(screen: &str) -> Option<u64> {
    let rest = &screen[screen.find("┌ #")? + "┌ #".len()..];
    rest.split(' ').next()?.parse().ok()
}

/// The ticket on the inbox's first row ("│  ● #1975 …").
fn first_row(screen: &str) -> Option<u64> {
    screen.lines().filter(|l| l.starts_with("│  ")).find_map(|row| {
        let rest = &row[row.find('#')? + 1..];
        rest.split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
    })
}

/// The count on a view's tab ("Breaching 5"), read from the tab strip (the second row).
fn tab_count(screen: &str, view: &str) -> Option<u64> {
    let tabs = screen.lines().nth(1)?;
    let rest = &tabs[tabs.find(&format!("{view} "))? + view.len() + 1..];
    rest.split_whitespace().next()?.trim_start_matches('≥').replace(',', "").parse().ok()
}

#[test]
fn oldest_first_a_number_after_slash_then_a_reply_lands_on_that_ticket() {
    let rt = runtime();
    let sim = rt.block_on(sim(150));
    let mut tty = console(&sim);
    tty.wait_for("150 of 150", WAIT);
    tty.send("O"); // oldest activity first: #130–#139 and titles holding "#13" come before #13
    tty.send("/");
    tty.send("#13");
    tty.send("\r");
    tty.wait_until(WAIT, |s| thread_number(s) == Some(13)).unwrap_or_else(|s| panic!("#13 is not selected:\n{s}"));
    tty.send("r");
    tty.wait_for("Reply to", WAIT);
    tty.send("On #13, as asked");
    tty.send("\x13");
    tty.wait_for("reply sent", WAIT);
    assert!(messages_of(&sim, 13).iter().any(|m| m.contains("On #13, as asked")), "the reply is on #13");
    tty.send(":goto 7\r");
    tty.wait_until(WAIT, |s| thread_number(s) == Some(7)).unwrap_or_else(|s| panic!("goto 7:\n{s}"));
    tty.send(":#21\r");
    tty.wait_until(WAIT, |s| thread_number(s) == Some(21)).unwrap_or_else(|s| panic!(":#21:\n{s}"));
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

#[test]
fn after_a_reply_from_the_inbox_j_moves_the_list_and_the_reply_clock_clears() {
    let rt = runtime();
    let sim = rt.block_on(sim(150));
    let mut tty = console(&sim);
    tty.wait_for("150 of 150", WAIT);
    tty.send(":view Breaching\r");
    // The view's first row selected, and its thread beside it: one settled frame.
    // The header names the view shown: before the line runs, All's first row agrees too.
    let shown = |s: &str| s.lines().next().is_some_and(|header| header.contains("· Breaching ·"));
    let settled = |s: &str| shown(s) && first_row(s).is_some() && first_row(s) == thread_number(s);
    let screen = tty.wait_until(WAIT, settled).unwrap_or_else(|s| panic!("{s}"));
    let breaching = tab_count(&screen, "Breaching").expect("a Breaching count");
    assert!(breaching > 1, "the dataset has tickets past their reply clock:\n{screen}");
    tty.send("r");
    tty.wait_for("Reply to", WAIT);
    tty.send("Looking into it now");
    tty.send("\x13");
    let first = thread_number(&screen).unwrap();
    tty.wait_for("reply sent", WAIT);
    // Without R: the row is read again, its clock stops, and Breaching counts one fewer.
    let screen = tty
        .wait_until(WAIT, |s| tab_count(s, "Breaching") == Some(breaching - 1))
        .unwrap_or_else(|s| panic!("Breaching still counts the answered ticket:\n{s}"));
    assert!(messages_of(&sim, first).iter().any(|m| m.contains("Looking into it now")));
    // It left the view, so the cursor is on the next one; j moves on from there.
    let now = thread_number(&screen).unwrap();
    assert_ne!(now, first, "the answered ticket left Breaching:\n{screen}");
    tty.send("j");
    tty.wait_until(WAIT, |s| thread_number(s).is_some_and(|n| n != now)).unwrap_or_else(|s| {
        panic!("j moved the thread, not the list:\n{s}");
    });
    tty.send("q");
    assert!(tty.wait_exit(WAIT).success());
}

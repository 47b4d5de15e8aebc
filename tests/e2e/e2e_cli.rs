//! The scripting CLI against the simulator: what it prints, what the server then holds, and
//! the exit code each kind of failure earns.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::common::*;
use triage::sim::model::SimStatus;
use triage::sim::{Fault, FaultRule, Faults, SimOptions, Simulator};

/// `triage ARGS` against `url`, with no config of the user's and `stdin` on its input.
pub(crate) fn triage_at(url: &str, args: &[&str], stdin: &str) -> Output {
    triage_with(&[("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", url)], args, stdin)
}

fn triage_with(env: &[(&str, &str)], args: &[&str], stdin: &str) -> Output {
    let home = tempfile::tempdir().unwrap();
    let one = one_spawn_at_a_time();
    let mut child = Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .env_clear()
        .envs(env.iter().copied())
        .env("HOME", home.path())
        .env("TRIAGE_CONFIG", home.path().join("none.toml"))
        .env("TRIAGE_ME", "maria@acme.dev")
        .env("TZ", "UTC")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(one);
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

pub(crate) fn triage(sim: &Simulator, args: &[&str]) -> Output {
    triage_at(&sim.unthread_url(), args, "")
}

pub(crate) fn json(output: &Output) -> serde_json::Value {
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn number_of(sim: &Simulator, i: usize) -> String {
    sim.state().read(|db| db.conversations[i].friendly_id.to_string())
}

#[test]
fn list_follows_every_page_and_limit_stops_early() {
    let rt = runtime();
    let sim = rt.block_on(sim(2000));
    let all = json(&triage(&sim, &["list", "--json=number,status"]));
    let numbers: std::collections::BTreeSet<u64> =
        all.as_array().unwrap().iter().map(|t| t["number"].as_u64().unwrap()).collect();
    assert_eq!(numbers.len(), 2000, "every conversation once");
    assert_eq!(all[0].as_object().unwrap().len(), 2, "only the fields asked for");
    let open = json(&triage(&sim, &["list", "--status", "open", "--json"]));
    let expected = sim.state().read(|db| db.conversations.iter().filter(|c| c.status == SimStatus::Open).count());
    assert_eq!(open.as_array().unwrap().len(), expected);
    let piped = triage(&sim, &["list", "--limit", "7"]);
    let text = String::from_utf8(piped.stdout).unwrap();
    assert_eq!(text.lines().count(), 7);
    assert!(text.lines().all(|l| l.split('\t').count() == 6), "tab-separated in a pipe:\n{text}");
    let jsonl = triage(&sim, &["list", "--limit", "3", "--jsonl"]);
    let lines: Vec<serde_json::Value> =
        String::from_utf8(jsonl.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
}

#[test]
fn commands_change_exactly_what_they_say_on_the_server() {
    let rt = runtime();
    let sim = rt.block_on(sim(60));
    let (a, b) = (number_of(&sim, 3), number_of(&sim, 4));
    sim.state().write(|db| {
        for i in [3, 4] {
            db.conversations[i].status = SimStatus::Open;
            db.conversations[i].closed_at = None;
        }
    });
    let b_before = sim.state().read(|db| (db.conversations[4].assignee, db.conversations[4].priority));
    let closed = json(&triage(&sim, &["close", &a, &format!("#{b}"), "--json"]));
    assert_eq!(closed.as_array().unwrap().len(), 2);
    assert!(closed.as_array().unwrap().iter().all(|t| t["status"] == "closed"));
    let maria = sim.state().read(|db| db.user_by_email("maria@acme.dev").unwrap());
    let bug = sim.state().read(|db| db.tags.iter().position(|t| t.name == "Bug").unwrap());
    sim.state().write(|db| db.conversations[3].tags.retain(|t| *t != bug));
    assert!(triage(&sim, &["assign", &a, "me"]).status.success());
    assert!(triage(&sim, &["tag", &a, "+Bug"]).status.success());
    assert!(triage(&sim, &["prio", &a, "critical"]).status.success());
    let reply = triage_at(&sim.unthread_url(), &["reply", &a, "--body-file", "-"], "Fixed in 4.2, thanks!\n");
    assert!(reply.status.success(), "{}", String::from_utf8_lossy(&reply.stderr));
    sim.state().read(|db| {
        let (c3, c4) = (&db.conversations[3], &db.conversations[4]);
        assert_eq!((c3.status, c4.status), (SimStatus::Closed, SimStatus::Closed));
        assert_eq!(c3.assignee, Some(maria));
        assert!(c3.tags.contains(&bug));
        assert_eq!(c3.priority, Some(9));
        assert!(db.thread(c3).iter().any(|m| m.text.contains("Fixed in 4.2") && !m.private_note));
        assert_eq!((c4.assignee, c4.priority), b_before, "only the named ticket is assigned and prioritised");
    });
    // A number after the tickets is the argument when the command needs one.
    assert!(triage(&sim, &["prio", &a, &b, "5"]).status.success());
    sim.state().read(|db| assert_eq!((db.conversations[3].priority, db.conversations[4].priority), (Some(5), Some(5))));
    let shown = json(&triage(&sim, &["show", &a, "--json"]));
    assert_eq!(shown["assignee"], "Maria Garcia");
    assert!(shown["messages"].as_array().unwrap().iter().any(|m| m["body"].as_str().unwrap().contains("Fixed in 4.2")));
}

#[test]
fn each_failure_has_its_exit_code_and_sends_nothing() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let one = number_of(&sim, 0);
    let code = |args: &[&str]| triage(&sim, args).status.code();
    sim.state().clear_requests();
    assert_eq!(code(&["stauts", &one, "closed"]), Some(2), "an unknown command");
    assert_eq!(code(&["status", &one, "done"]), Some(2), "an unknown status");
    assert_eq!(code(&["assign", &one, "nobody-at-all"]), Some(2), "an unknown agent");
    assert_eq!(code(&["close"]), Some(2), "no ticket");
    let writes = sim.state().requests().iter().filter(|r| r.method == "PATCH" || r.path.contains("messages")).count();
    assert_eq!(writes, 0, "bad input sends nothing");
    assert_eq!(code(&["close", "99999"]), Some(3), "a ticket that is not there");
    let stderr = String::from_utf8(triage(&sim, &["stauts", &one]).stderr).unwrap();
    assert!(stderr.contains("did you mean status?"), "{stderr}");
    // A key the server refuses, and a server that is not there.
    let strict = rt.block_on(sim_with(SimOptions { api_key: Some("the-right-key".into()), ..options(5) }));
    assert_eq!(triage_at(&strict.unthread_url(), &["list"], "").status.code(), Some(4));
    let no_key = triage_with(&[("UNTHREAD_BASE_URL", &strict.unthread_url())], &["close", &one], "");
    assert_eq!(no_key.status.code(), Some(4), "no key at all is exit 4 too");
    assert_eq!(code(&["down", &one]), Some(2), "a console command from the shell is a usage error");
    let down = format!("http://{}/api", a_port_that_is_down());
    assert_eq!(triage_at(&down, &["list"], "").status.code(), Some(5));
    assert_eq!(code(&["list", "--status", "closed"]), Some(0), "a list, empty or not, is done");
    // The server failing for good (after the client's own retries) is any other failure.
    let rule = FaultRule::new(Some("PATCH"), None, Fault::Status { status: 500 });
    sim.state().set_faults(Faults { rules: vec![rule], ..Faults::default() });
    let failed = triage(&sim, &["close", &one]);
    assert_eq!(failed.status.code(), Some(1), "{}", String::from_utf8_lossy(&failed.stderr));
}

#[test]
fn hostile_text_never_reaches_the_terminal_from_the_cli() {
    let rt = runtime();
    let sim = rt.block_on(sim_with(SimOptions { hostile: true, ..options(120) }));
    for args in [&["list"][..], &["list", "--json"], &["list", "--jsonl"], &["show", "1", "--json"], &["show", "1"]] {
        let output = triage(&sim, args);
        assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
        let text = String::from_utf8(output.stdout).unwrap();
        let bad: Vec<char> =
            text.chars().filter(|c| triage::support::sanitize::is_forbidden(*c) && *c != '\n' && *c != '\t').collect();
        assert!(bad.is_empty(), "{args:?} printed {bad:?}");
    }
}

#[test]
fn on_thena_list_walks_every_page_and_show_finds_a_request_past_the_first() {
    let rt = runtime();
    let sim = rt.block_on(sim(1200));
    let url = sim.thena_url();
    let env = [("THENA_API_KEY", "thena-key"), ("THENA_BASE_URL", url.as_str())];
    fn args<'a>(more: &[&'a str]) -> Vec<&'a str> {
        [&["--backend", "thena", "--from", "2020-01-01"], more].concat()
    }
    let all = json(&triage_with(&env, &args(&["list", "--json=number"]), ""));
    assert_eq!(all.as_array().unwrap().len(), 1200, "every page of the export (500 a page)");
    // The oldest request comes last: on the third page.
    let oldest = all.as_array().unwrap().last().unwrap()["number"].to_string();
    let shown = json(&triage_with(&env, &args(&["show", &oldest, "--json"]), ""));
    assert_eq!(shown["number"].to_string(), oldest);
    let missing = triage_with(&env, &args(&["show", "999999"]), "");
    assert_eq!(missing.status.code(), Some(3), "{}", String::from_utf8_lossy(&missing.stderr));
}

#[test]
fn new_opens_a_conversation_where_the_customer_says_and_show_finds_it() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let (customer, channel) = sim.state().read(|db| (db.customers[1].name.clone(), db.customers[1].channel_id.clone()));
    let before = sim.state().read(|db| db.conversations.len());
    // A part of the name is enough when only one customer has it.
    let typed = customer.to_lowercase();
    let args = ["new", "--customer", &typed, "--title", "Export stuck at 99%", "--body-file", "-"];
    let more = ["--priority", "high", "--assign", "me", "--json"];
    let args: Vec<&str> = args.iter().chain(more.iter()).copied().collect();
    let out = triage_at(&sim.unthread_url(), &args, "It **stopped** at 99% & more.\n");
    let created = json(&out);
    assert_eq!(created["title"], "Export stuck at 99%");
    assert_eq!((created["priority"].as_str(), created["assignee"].as_str()), (Some("high"), Some("Maria Garcia")));
    let maria = sim.state().read(|db| db.user_by_email("maria@acme.dev").unwrap());
    sim.state().read(|db| {
        assert_eq!(db.conversations.len(), before + 1, "exactly one conversation was opened");
        let c = db.conversations.last().unwrap();
        assert_eq!(
            (c.title.as_str(), c.priority, c.assignee, c.source_type),
            ("Export stuck at 99%", Some(7), Some(maria), "slack")
        );
        assert_eq!(db.customers[c.customer].channel_id, channel);
        assert!(db.thread(c)[0].text.contains("It *stopped* at 99% &amp; more"), "markdown became Slack mrkdwn");
    });
    let number = created["number"].as_u64().unwrap().to_string();
    let shown = json(&triage(&sim, &["show", &number, "--json"]));
    assert_eq!(shown["title"], "Export stuck at 99%");
    // Internal: the customer's triage channel, and the number alone on stdout.
    let internal =
        triage(&sim, &["new", "--customer", &customer, "--title", "Refund?", "--body", "Check", "--type", "triage"]);
    assert!(internal.status.success(), "{}", String::from_utf8_lossy(&internal.stderr));
    let printed: u64 = String::from_utf8(internal.stdout).unwrap().trim().parse().unwrap();
    sim.state().read(|db| {
        assert_eq!(db.conversations.last().map(|c| (c.friendly_id, c.source_type)), Some((printed, "triage")))
    });
    // A customer nobody has, or no body: exit 2 and nothing opened.
    let count = sim.state().read(|db| db.conversations.len());
    let code = |args: &[&str]| triage(&sim, args).status.code();
    assert_eq!(code(&["new", "--customer", "Zzyzx Qwv", "--title", "T", "--body", "b"]), Some(2));
    assert_eq!(code(&["new", "--customer", &customer, "--title", "T"]), Some(2), "a body is required");
    assert_eq!(code(&["new", "--customer", &customer, "--title", "T", "--body", " "]), Some(2));
    assert_eq!(sim.state().read(|db| db.conversations.len()), count);
}

#[test]
fn snooze_sets_the_wake_time_in_the_agents_zone_and_unsnooze_clears_it() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let one = number_of(&sim, 2);
    let status_before = sim.state().read(|db| db.conversations[2].status);
    let out = triage_at(&sim.unthread_url(), &["snooze", &format!("#{one}"), "2026-12-24", "10:30", "--json"], "");
    let after = json(&out);
    assert_eq!(after.as_array().unwrap().len(), 1);
    let wake: jiff::Timestamp = "2026-12-24T10:30:00Z".parse().unwrap();
    sim.state().read(|db| {
        let c = &db.conversations[2];
        assert_eq!(c.wake_up_at, Some(wake), "10:30 in the agent's zone (UTC in this test)");
        assert!(c.snoozed_at.is_some());
        assert_eq!(c.status, status_before, "snoozing leaves the status alone");
    });
    assert!(triage(&sim, &["unsnooze", &one]).status.success());
    sim.state().read(|db| assert_eq!((db.conversations[2].wake_up_at, db.conversations[2].snoozed_at), (None, None)));
    let bad = triage(&sim, &["snooze", &one, "someday"]);
    assert_eq!(bad.status.code(), Some(2), "{}", String::from_utf8_lossy(&bad.stderr));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("can't read \"someday\""));
}

#[test]
fn list_view_takes_a_saved_view_or_a_default_one() {
    let rt = runtime();
    let sim = rt.block_on(sim(120));
    let unassigned = sim
        .state()
        .read(|db| db.conversations.iter().filter(|c| c.status != SimStatus::Closed && c.assignee.is_none()).count());
    let listed = json(&triage(&sim, &["list", "--view", "unassigned", "--json=number"]));
    assert_eq!(listed.as_array().unwrap().len(), unassigned, "the default Unassigned view");
    // A view of the config file, with TRIAGE_CONFIG pointing at it.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[[views]]\nname = \"Critical\"\npriority = \"critical\"\n").unwrap();
    let critical = sim.state().read(|db| db.conversations.iter().filter(|c| c.priority == Some(9)).count());
    let url = sim.unthread_url();
    let env = [("UNTHREAD_API_KEY", "k"), ("UNTHREAD_BASE_URL", url.as_str())];
    let args = ["--config", config.to_str().unwrap(), "list", "--view", "Critical", "--json=number"];
    let out = triage_with(&env, &args, "");
    assert_eq!(json(&out).as_array().unwrap().len(), critical);
    let missing = triage_with(&env, &["--config", config.to_str().unwrap(), "list", "--view", "zzzz"], "");
    assert_eq!(missing.status.code(), Some(2), "{}", String::from_utf8_lossy(&missing.stderr));
}

#[test]
fn title_renames_on_the_server_and_an_empty_one_is_refused() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let one = number_of(&sim, 5);
    assert!(triage(&sim, &["title", &one, "Export", "fails", "at", "99%"]).status.success());
    sim.state().read(|db| assert_eq!(db.conversations[5].title, "Export fails at 99%"));
    assert_eq!(triage(&sim, &["title", &one]).status.code(), Some(2));
    sim.state().read(|db| assert_eq!(db.conversations[5].title, "Export fails at 99%"));
}

#[test]
fn follow_and_unfollow_as_yourself() {
    let rt = runtime();
    let sim = rt.block_on(sim(20));
    let one = number_of(&sim, 4);
    let maria = sim.state().read(|db| db.user_by_email("maria@acme.dev").unwrap());
    let shown = json(&triage(&sim, &["follow", &one, "--json"]));
    assert_eq!(shown.as_array().unwrap().len(), 1);
    sim.state().read(|db| assert_eq!(db.conversations[4].followers, [maria], "TRIAGE_ME follows"));
    assert!(triage(&sim, &["follow", &one]).status.success(), "again: already so");
    sim.state().read(|db| assert_eq!(db.conversations[4].followers, [maria], "once"));
    assert!(triage(&sim, &["unfollow", &one]).status.success());
    sim.state().read(|db| assert!(db.conversations[4].followers.is_empty()));
}

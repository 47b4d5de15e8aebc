//! Ticket work from the shell: types and fields, approvals, files (down and up) and new
//! conversations with a type's required fields — what the server holds afterwards, what
//! reaches stdout, and what is refused before anything is sent.

use crate::common::*;
use crate::e2e_cli::{json, triage, triage_at};
use triage::sim::work::{BUG, SEVERITY, VERSION};

fn out(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn type_and_field_set_the_server_and_a_bad_option_is_refused_with_the_options() {
    let rt = runtime();
    let sim = rt.block_on(sim(12));
    let n = sim.state().write(|db| {
        db.conversations[4].work = Default::default();
        db.conversations[4].friendly_id.to_string()
    });
    let ok = |args: &[&str]| {
        let o = triage(&sim, args);
        assert!(o.status.success(), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    };
    ok(&["type", &n, "bug"]);
    ok(&["field", &n, "Severity", "blocker"]);
    ok(&["field", &n, "Affected version", "4.2.1"]);
    let (ty, fields) =
        sim.state().read(|db| (db.conversations[4].work.ticket_type.clone(), db.conversations[4].work.fields.clone()));
    assert_eq!(ty.as_deref(), Some(BUG));
    assert_eq!((fields[SEVERITY].as_str(), fields[VERSION].as_str()), (Some("Blocker"), Some("4.2.1")));
    let bad = triage(&sim, &["field", &n, "Severity", "urgent"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("Low, Medium, High, Blocker"));
    assert_eq!(sim.state().read(|db| db.conversations[4].work.fields[SEVERITY].clone()), "Blocker", "nothing sent");
    let shown = json(&triage(&sim, &["show", &n, "--json"]));
    assert_eq!(shown["fields"]["type"], "Bug report");
    assert_eq!(shown["fields"]["Severity"], "Blocker");
    assert!(shown["fields"]["Blocker owner"].is_null(), "a blocker shows its owner field, still empty");
}

#[test]
fn approvals_are_requested_and_listed_and_files_come_down_and_go_up() {
    let rt = runtime();
    let sim = rt.block_on(sim(40));
    let i = sim.state().read(|db| db.conversations.iter().position(|c| !c.work.files.is_empty()).unwrap());
    let n = sim.state().read(|db| db.conversations[i].friendly_id.to_string());
    let asked = triage(&sim, &["approval", &n, "Refund", "$120", "@maria"]);
    assert!(asked.status.success(), "{}", String::from_utf8_lossy(&asked.stderr));
    let listed = json(&triage(&sim, &["approvals", &n, "--json"]));
    assert_eq!((listed[0]["title"].as_str(), listed[0]["status"].as_str()), (Some("Refund $120"), Some("pending")));
    assert_eq!(listed[0]["approver"], "Maria Garcia");

    let files = json(&triage(&sim, &["files", &n, "--json"]));
    let name = files[0]["name"].as_str().unwrap().to_string();
    let dir = tempfile::tempdir().unwrap();
    let saved = triage(&sim, &["download", &n, "1", "--dir", dir.path().to_str().unwrap()]);
    assert!(saved.status.success(), "{}", String::from_utf8_lossy(&saved.stderr));
    let path = std::path::PathBuf::from(out(&saved).trim());
    assert_eq!(path, dir.path().join(&name));
    let expected = sim.state().read(|db| db.conversations[i].work.files[0].bytes());
    assert_eq!(std::fs::read(&path).unwrap(), expected, "the downloaded bytes are the server's");
    assert_eq!(triage(&sim, &["download", &n, "9", "--dir", "/tmp"]).status.code(), Some(3));
    let unwritable = triage(&sim, &["download", &n, "1", "--dir", "/proc/nope"]);
    assert_eq!(unwritable.status.code(), Some(2), "{}", String::from_utf8_lossy(&unwritable.stderr));

    let log = dir.path().join("steps.log");
    std::fs::write(&log, b"step 1\nstep 2\n").unwrap();
    let sent = triage_at(
        &sim.unthread_url(),
        &["reply", &n, "--body-file", "-", "--attach", log.to_str().unwrap()],
        "Logs attached",
    );
    assert!(sent.status.success(), "{}", String::from_utf8_lossy(&sent.stderr));
    let up =
        sim.state().read(|db| db.conversations[i].work.files.iter().find(|f| f.name == "steps.log").map(|f| f.bytes()));
    assert_eq!(up.as_deref(), Some(&b"step 1\nstep 2\n"[..]));
    let big = dir.path().join("big.bin");
    std::fs::File::create(&big).unwrap().set_len(20 * 1024 * 1024 + 1).unwrap();
    let before = sim.state().read(|db| db.thread(&db.conversations[i]).len());
    let refused = triage(&sim, &["reply", &n, "too big", "--attach", big.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("20 MB"));
    assert_eq!(sim.state().read(|db| db.thread(&db.conversations[i]).len()), before, "nothing sent");
}

#[test]
fn new_with_a_ticket_type_needs_its_required_fields_before_anything_is_sent() {
    let rt = runtime();
    let sim = rt.block_on(sim(10));
    let customer = sim.state().read(|db| db.customers[2].name.clone());
    let count = sim.state().read(|db| db.conversations.len());
    let base =
        ["new", "--customer", &customer, "--title", "Crash on save", "--body", "It crashes", "--ticket-type", "bug"];
    let missing = triage(&sim, &base);
    assert_eq!(missing.status.code(), Some(2));
    let said = String::from_utf8_lossy(&missing.stderr).into_owned();
    assert!(said.contains("Severity") && said.contains("Affected version"), "{said}");
    assert_eq!(sim.state().read(|db| db.conversations.len()), count, "nothing was opened");
    let mut args: Vec<&str> = base.to_vec();
    args.extend(["--field", "Severity=High", "--field", "Affected version=5.0", "--json"]);
    sim.state().clear_requests();
    let created = json(&triage(&sim, &args));
    let number = created["number"].as_u64().unwrap();
    sim.state().read(|db| {
        let c = db.conversations.iter().find(|c| c.friendly_id == number).unwrap();
        assert_eq!(c.work.ticket_type.as_deref(), Some(BUG));
        assert_eq!(c.work.fields[SEVERITY], "High");
    });
    // The seed's CreateConversationRequest has no fields: they go in the PATCH right after.
    let requests = sim.state().requests();
    let create = requests.iter().find(|r| r.method == "POST" && r.path.ends_with("/conversations")).unwrap();
    assert!(!create.body.contains("ticketTypeFields") && create.body.contains("ticketTypeId"), "{}", create.body);
    let patch = requests.iter().find(|r| r.method == "PATCH").expect("the fields' PATCH");
    assert!(patch.body.contains("ticketTypeFields") && patch.body.contains("High"), "{}", patch.body);
}

#[test]
fn hostile_file_names_are_printed_inert_and_saved_inside_the_directory() {
    let rt = runtime();
    let sim = rt.block_on(sim_with(triage::sim::SimOptions { hostile: true, ..options(120) }));
    let n = sim.state().read(|db| {
        let c = db.conversations.iter().find(|c| c.work.files.iter().any(|f| f.name.starts_with("../../.")));
        c.expect("a hostile file").friendly_id.to_string()
    });
    for args in [vec!["files", &n], vec!["show", &n], vec!["files", &n, "--json"]] {
        let o = triage(&sim, &args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let bad = o.stdout.iter().any(|&b| b == 0x1b || b == 0x07 || (b < 0x20 && b != b'\n' && b != b'\t'));
        assert!(!bad, "{args:?} printed a control byte: {:?}", String::from_utf8_lossy(&o.stdout));
    }
    let dir = tempfile::tempdir().unwrap();
    let saved = triage(&sim, &["download", &n, "1", "--dir", dir.path().to_str().unwrap()]);
    assert!(saved.status.success(), "{}", String::from_utf8_lossy(&saved.stderr));
    let entries: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(entries.len(), 1);
    let name = entries[0].to_string_lossy().into_owned();
    assert!(!name.starts_with('.') && !name.contains('/') && !name.chars().any(char::is_control), "{name:?}");
}

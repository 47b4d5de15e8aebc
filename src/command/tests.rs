use super::action::{Action, Move, OutboxAct};
use super::*;
use crate::desk::Change;

fn set(change: Change) -> Command {
    Command::Plan(Plan::set(change))
}
use crate::desk::{Priority, Tags, TicketStatus};

use crate::desk::fixtures::agents;

fn now() -> jiff::Timestamp {
    "2026-12-01T14:20:00Z".parse().unwrap()
}

fn utc() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::UTC
}

fn tags() -> Vec<TagRef> {
    ["Bug", "Spam", "Billing", "Data export"]
        .iter()
        .enumerate()
        .map(|(i, n)| TagRef { id: format!("g{i}").into(), name: (*n).into() })
        .collect()
}

/// A bug-report type with a severity and an owner, and an engineering collaborator slot.
fn catalog() -> Catalog {
    use crate::desk::fields::{CollaboratorType, FieldDef, FieldKind, TicketType};
    let field = |id: &str, label: &str, kind, options: &[&str]| FieldDef {
        id: id.into(),
        label: label.into(),
        kind,
        required: true,
        options: options.iter().map(|o| o.to_string()).collect(),
        condition: None,
    };
    Catalog {
        types: vec![TicketType {
            id: "bug".into(),
            name: "Bug report".into(),
            fields: vec![
                field("sev", "Severity", FieldKind::Select, &["Low", "High", "Blocker"]),
                field("own", "Owner", FieldKind::User, &[]),
            ],
        }],
        collaborator_types: vec![CollaboratorType {
            id: "ct1".into(),
            name: "Engineering".into(),
            key: "engineering".into(),
        }],
    }
}

/// A saved reply and a macro, as a config would give them.
fn library() -> library::Library {
    use library::{Library, Macro, Saved};
    Library {
        replies: vec![Saved { name: "thanks".into(), text: "Thanks {first_name}!".into() }],
        macros: vec![Macro {
            name: "solved".into(),
            reply: Some("Fixed, {first_name}.".into()),
            status: Some(TicketStatus::Closed),
            tags: vec!["Bug".into(), "-Spam".into()],
            assign: Some("me".into()),
            ..Macro::default()
        }],
    }
}

fn go(line: &str) -> Result<Command, String> {
    let (agents, tags, catalog, library) = (agents(), tags(), catalog(), library());
    let ticket = Ticket { number: 7, ticket_type_id: Some("bug".into()), ..Ticket::default() };
    let words = Words {
        agents: &agents,
        tags: &tags,
        me: Some("mateo@acme.dev"),
        views: &[],
        now: now(),
        tz: &utc(),
        catalog: &catalog,
        ticket: Some(&ticket),
        library: &library,
    };
    parse(line, &words)
}

#[test]
fn ticket_work_commands_resolve_types_fields_and_people() {
    use crate::desk::fields::{FieldValue, TypeRef};
    assert_eq!(go("type bug"), Ok(set(Change::Type(Some(TypeRef { id: "bug".into(), name: "Bug report".into() })))));
    assert_eq!(go("type none"), Ok(set(Change::Type(None))));
    assert!(go("type feature").unwrap_err().contains("no ticket type matches"));
    let field = |field: &str, label: &str, value: FieldValue| {
        Ok(set(Change::Field { type_id: "bug".into(), field: field.into(), label: label.into(), value: Some(value) }))
    };
    assert_eq!(go("field severity block"), field("sev", "Severity", FieldValue::Text("Blocker".into())));
    assert_eq!(go("field owner maria"), field("own", "Owner", FieldValue::Text("u1".into())));
    assert!(
        go("field severity urgent").unwrap_err().contains("Low, High, Blocker"),
        "an unknown option says the options"
    );
    assert!(go("field colour red").is_err());
    assert_eq!(
        go("collaborator engineering maria"),
        Ok(set(Change::Collaborator { type_id: "ct1".into(), agent: "u1".into() }))
    );
    assert_eq!(
        go("approval Refund $120 @maria"),
        Ok(Command::Work(Work::Approval { title: "Refund $120".into(), approver: Some("u1".into()) }))
    );
    assert_eq!(go("approval Refund"), Ok(Command::Work(Work::Approval { title: "Refund".into(), approver: None })));
    assert_eq!(
        go("download 2 ~/tmp"),
        Ok(Command::Work(Work::Download { file: "2".into(), dir: Some("~/tmp".into()) }))
    );
    assert_eq!(go("download log.txt"), Ok(Command::Work(Work::Download { file: "log.txt".into(), dir: None })));
    assert_eq!(go("kb"), Ok(Command::Console(Action::Kb(None))));
    for line in ["goto 1042", "goto #1042", "1042", "#1042"] {
        assert_eq!(go(line), Ok(Command::Console(Action::Goto(1042))), "{line}");
    }
    assert!(go("goto").is_err() && go("goto soon").is_err() && go("1042 x").is_err());
}

#[test]
fn every_command_of_the_table_parses() {
    for spec in COMMANDS {
        let line = match spec.values {
            Values::Statuses => format!("{} closed", spec.name),
            Values::Agents => format!("{} maria", spec.name),
            Values::Tags => format!("{} Bug", spec.name),
            Values::Priorities => format!("{} high", spec.name),
            Values::Views => format!("{} Mine", spec.name),
            Values::Times => format!("{} tomorrow 9:00", spec.name),
            Values::Text => format!("{} some words", spec.name),
            Values::Number => format!("{} #1042", spec.name),
            Values::None => spec.name.to_string(),
            Values::Types => format!("{} bug", spec.name),
            Values::Fields => format!("{} Severity High", spec.name),
            Values::Collaborators => format!("{} engineering maria", spec.name),
            Values::Files => format!("{} 1", spec.name),
            Values::Outbox => format!("{} drop 1", spec.name),
            Values::Replies => format!("{} thank", spec.name),
            Values::Macros => format!("{} solv", spec.name),
        };
        assert!(go(&line).is_ok(), "{line}: {:?}", go(&line));
    }
}

#[test]
fn names_resolve_to_changes() {
    assert_eq!(go("status in_progress"), Ok(set(Change::Status(TicketStatus::InProgress))));
    assert_eq!(go("status hold"), Ok(set(Change::Status(TicketStatus::OnHold))));
    assert_eq!(go("close"), Ok(set(Change::Status(TicketStatus::Closed))));
    assert_eq!(go("assign maria"), Ok(set(Change::Assignee(Some("u1".into())))));
    assert_eq!(go("assign me"), Ok(set(Change::Assignee(Some("u2".into())))));
    assert_eq!(go("assign none"), Ok(set(Change::Assignee(None))));
    assert_eq!(go("prio 9"), Ok(set(Change::Priority(Some(Priority::Critical)))));
    assert_eq!(go("priority none"), Ok(set(Change::Priority(None))));
    assert_eq!(go("reply thanks, fixed"), Ok(Command::Plan(Plan::message(false, "thanks, fixed"))));
    assert_eq!(go("note"), Ok(Command::Plan(Plan::message(true, ""))));
}

#[test]
fn tags_toggle_add_and_remove_per_ticket() {
    let Ok(Command::Plan(verb)) = go("tag Bug +spam -Billing") else { panic!("a plan") };
    let mut ticket = Ticket { tags: [tags()[0].clone(), tags()[2].clone()].into(), ..Ticket::default() };
    let changes = verb.changes_for(&ticket);
    assert_eq!(
        changes,
        vec![
            Change::RemoveTag(tags()[0].clone()),
            Change::AddTag(tags()[1].clone()),
            Change::RemoveTag(tags()[2].clone())
        ]
    );
    ticket.tags = Tags::default();
    assert_eq!(verb.changes_for(&ticket), vec![Change::AddTag(tags()[0].clone()), Change::AddTag(tags()[1].clone())]);
    // A name of two words is one tag, not two fuzzy guesses at it; a tag named twice is edited once.
    let data = tags()[3].clone();
    assert_eq!(go("tag +data export"), Ok(Command::Plan(Plan::tags(vec![(TagOp::Add, data.clone())]))));
    assert_eq!(
        go("tag Bug -Data export +bug"),
        Ok(Command::Plan(Plan::tags(vec![(TagOp::Remove, data), (TagOp::Add, tags()[0].clone())])))
    );
}

#[test]
fn bad_input_says_what_was_expected() {
    assert_eq!(go("status done").unwrap_err(), "unknown status \"done\" (open, in_progress, on_hold, closed)");
    assert_eq!(go("status").unwrap_err(), "status needs a status (status open|in_progress|on_hold|closed)");
    assert!(go("clsoe").unwrap_err().starts_with("unknown command \"clsoe\" (did you mean close?)"));
    assert!(go("assign zed").unwrap_err().starts_with("no agent matches \"zed\""));
    assert!(go("assign ma").unwrap_err().contains("more than one agent"), "{:?}", go("assign ma"));
    assert_eq!(go("close now").unwrap_err(), "close takes no arguments (got \"now\")");
    assert!(go("priority urgent").unwrap_err().contains("low, medium, high, critical, none"));
}

#[test]
fn completion_offers_names_then_values() {
    let (agents, tags) = (agents(), tags());
    let (now, tz) = (now(), utc());
    let words = Words {
        agents: &agents,
        tags: &tags,
        me: None,
        views: &[],
        now,
        tz: &tz,
        catalog: &Default::default(),
        ticket: None,
        library: &Default::default(),
    };
    assert_eq!(complete("cl", &words)[0], "close");
    assert_eq!(complete("status cl", &words), vec!["closed"]);
    assert_eq!(complete("assign mar", &words)[0], "Maria Garcia");
    assert_eq!(complete("tag +sp", &words), vec!["+Spam"]);
    assert_eq!(complete("prio", &words)[0], "priority");
}

#[test]
fn the_table_is_whole_and_fits_help() {
    let (mut names, mut keys) = (std::collections::HashSet::new(), std::collections::HashSet::new());
    for spec in COMMANDS {
        assert!(spec.help.chars().count() <= 22, "{}: help is cut at 80 columns: {:?}", spec.name, spec.help);
        for word in std::iter::once(&spec.name).chain(spec.aliases) {
            assert!(names.insert(*word), "{word} names two commands");
        }
        for (place, key) in spec.keys {
            for place in place.expand() {
                assert!(keys.insert((*place, *key)), "{key} is bound twice in {place:?}");
            }
        }
        if let Run::Act(action) = &spec.run {
            assert_eq!(go(spec.name), Ok(Command::Console(action.clone())));
            assert!(!spec.headless());
        }
    }
}

#[test]
fn console_commands_take_no_arguments_and_say_so() {
    assert_eq!(go("down"), Ok(Command::Console(Action::Move(Move::Down))));
    assert_eq!(go("metrics"), Ok(Command::Console(Action::ShowMetrics)));
    assert_eq!(go("down 3"), Err("down takes no arguments (got \"3\")".into()));
    assert!(!lookup("down").unwrap().headless() && lookup("close").unwrap().headless());
    assert_eq!(lookup("open-link").map(|s| s.name), Some("open"));
}

#[test]
fn the_outbox_lists_shows_and_acts_on_an_entry_by_its_number() {
    assert_eq!(go("outbox"), Ok(Command::Console(Action::Outbox(None))));
    assert_eq!(go("outbox 3"), Ok(Command::Console(Action::Outbox(Some((OutboxAct::Show, 3))))));
    assert_eq!(go("outbox drop #2"), Ok(Command::Console(Action::Outbox(Some((OutboxAct::Drop, 2))))));
    assert_eq!(go("outbox send 1"), Ok(Command::Console(Action::Outbox(Some((OutboxAct::Send, 1))))));
    assert_eq!(go("outbox edit 4"), Ok(Command::Console(Action::Outbox(Some((OutboxAct::Edit, 4))))));
    assert!(go("outbox flush 1").unwrap_err().contains("send, drop or edit"));
    assert!(go("outbox send").unwrap_err().contains("number"));
}

#[test]
fn a_macro_is_a_plan_with_its_names_resolved() {
    use crate::desk::Change;
    let Ok(Command::Plan(plan)) = go("macro solv") else { panic!("{:?}", go("macro solv")) };
    assert_eq!(
        plan.steps,
        vec![
            Step::Template { note: false, text: "Fixed, {first_name}.".into() },
            Step::Set(Change::Status(TicketStatus::Closed)),
            Step::Tags(vec![(TagOp::Add, tags()[0].clone()), (TagOp::Remove, tags()[1].clone())]),
            Step::Set(Change::Assignee(Some("u2".into()))),
        ]
    );
    assert!(go("macro nope").unwrap_err().contains("no macro matches"));
    assert_eq!(go("saved thank"), Ok(Command::Console(Action::InsertSaved("thanks".into()))));
}

//! An inbox count that never lies, headless against the simulator: a bad byte, a lone
//! surrogate or a bad field costs exactly that field; a looping cursor stops with an error;
//! a server count that disagrees with what was merged is shown.

use crate::common::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use triage::sim::{Fault, FaultRule, Faults, Simulator};
use triage::state::AppState;
use triage::state::keymap::Keymap;
use triage::ui::{self, UiState};

/// Rewrite the first `find` of the first inbox page only.
fn rewrite(find: &str, replace: &[u8]) -> Faults {
    let fault = Fault::Rewrite { find: find.to_string(), replace: replace.to_vec() };
    Faults { rules: vec![FaultRule::new(None, Some("/conversations/list"), fault).times(1)], ..Faults::default() }
}

/// The whole screen as text.
fn screen(state: &AppState) -> String {
    let mut terminal = Terminal::new(TestBackend::new(state.view.size.0, state.view.size.1)).unwrap();
    let mut ui = UiState::default();
    let frame = terminal
        .draw(|f| {
            ui::render(f, state, &Keymap::default(), &mut ui);
        })
        .unwrap();
    let area = frame.area;
    let buffer = frame.buffer.clone();
    (0..area.height)
        .map(|y| (0..area.width).map(|x| buffer[(x, y)].symbol().to_string()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

async fn fill(sim: &Simulator) -> AppState {
    let desk = unthread_desk(sim);
    let mut state = console_state((160, 40));
    let effects = state.start();
    settle(&mut state, &desk, effects).await;
    state
}

/// The newest conversation (the first of the first page) and its title as the list
/// endpoint writes it.
fn newest_title_on_the_wire(sim: &Simulator) -> (String, String) {
    sim.state().read(|db| {
        let c = db.conversations.iter().max_by_key(|c| (c.updated_at, c.id.clone())).unwrap();
        (c.id.clone(), serde_json::to_string(&c.title).unwrap())
    })
}

#[tokio::test]
async fn one_bad_byte_one_lone_surrogate_one_bad_field_each_cost_that_field() {
    let cases: [(&str, &[u8], &str); 3] = [
        ("a byte that is not UTF-8", b"\"bad \xff byte\"", "bad \u{FFFD} byte"),
        ("a lone surrogate", b"\"lone \\ud800 half\"", "lone \u{FFFD} half"),
        ("a title of the wrong type", b"17", "(no title)"),
    ];
    for (what, replace, shown) in cases {
        let sim = sim(230).await;
        let (id, title) = newest_title_on_the_wire(&sim);
        let replace = [b"\"title\":".as_slice(), replace].concat();
        sim.state().set_faults(rewrite(&format!("\"title\":{title}"), &replace));
        let state = fill(&sim).await;
        assert_eq!(state.inbox.tickets.len(), 230, "{what}: every ticket is there");
        assert!(state.sync.complete(), "{what}");
        let ticket = state.inbox.ticket(&triage::desk::TicketId(id)).expect("the ticket stays");
        assert_eq!(&*ticket.title, shown, "{what}");
        let expected_unreadable = usize::from(shown == "(no title)");
        assert_eq!(state.sync.unreadable(), expected_unreadable, "{what}: counted once, if at all");
        let text = screen(&state);
        assert!(text.contains("230 of 230"), "{what}:\n{text}");
        if expected_unreadable == 1 {
            assert!(text.contains("1 record with unreadable fields"), "{text}");
        }
    }
}

#[tokio::test]
async fn a_looping_cursor_stops_with_an_error_within_three_pages() {
    let sim = sim(230).await;
    let rule = |path| FaultRule::new(None, Some(path), Fault::LoopCursor);
    let faults = Faults { rules: vec![rule("/conversations/list"), rule("/users/list")], ..Faults::default() };
    sim.state().set_faults(faults);
    let state = fill(&sim).await;
    let lists = sim.state().requests().iter().filter(|r| r.path.ends_with("/conversations/list")).count();
    assert!(lists <= 3, "{lists} inbox pages");
    assert_eq!(state.inbox.tickets.len(), 100, "the one page that was new");
    assert!(!state.sync.complete() && !state.sync.loading());
    let users = sim.state().requests().iter().filter(|r| r.path.ends_with("/users/list")).count();
    assert!(users <= 3, "agents stop too: {users}");
    let text = screen(&state);
    assert!(text.contains("stopped loading") && text.contains("same page cursor"), "{text}");
    assert!(text.contains("loaded 100 of 230"), "the count says it is not whole:\n{text}");
}

#[tokio::test]
async fn a_server_count_that_disagrees_is_shown() {
    let sim = sim(230).await;
    sim.state().set_faults(rewrite("\"totalCount\":230", b"\"totalCount\":231"));
    let state = fill(&sim).await;
    assert!(state.sync.complete());
    assert_eq!(state.count_mismatch(), Some((231, 230)));
    let text = screen(&state);
    assert!(text.contains("231 on the server, 230 here — R re-syncs"), "{text}");
}

#[tokio::test]
async fn a_lone_surrogate_in_the_thena_export_costs_only_that_string() {
    let sim = sim(120).await;
    let client = thena(&sim);
    let all = client.export("2020-01-01".parse().unwrap(), None).await.unwrap();
    let fault =
        Fault::Rewrite { find: "\"request_summary\":\"".into(), replace: b"\"request_summary\":\"\\udc00".to_vec() };
    sim.state().set_faults(Faults { rules: vec![FaultRule::new(None, Some("/exports"), fault)], ..Faults::default() });
    let damaged = client.export("2020-01-01".parse().unwrap(), None).await.unwrap();
    assert_eq!(damaged.len(), all.len(), "every request is still there");
    let first = damaged[0].as_ok().expect("it decodes");
    assert!(first.request_summary.starts_with('\u{FFFD}'), "{:?}", first.request_summary);
}

#[tokio::test]
async fn a_total_count_that_is_no_count_is_one_unreadable_field_not_a_failed_page() {
    for bad in ["-5", "\"lots\"", "1e30"] {
        let sim = sim(230).await;
        sim.state().set_faults(rewrite("\"totalCount\":230", format!("\"totalCount\":{bad}").as_bytes()));
        let state = fill(&sim).await;
        assert_eq!(state.inbox.tickets.len(), 230, "{bad}: every ticket is there");
        assert!(state.sync.complete(), "{bad}");
        assert_eq!(state.sync.unreadable(), 1, "{bad}: one field");
        let text = screen(&state);
        assert!(text.contains("230 of 230") && text.contains("1 record with unreadable fields"), "{bad}:\n{text}");
    }
}

#[tokio::test]
async fn a_first_load_that_fails_never_claims_a_complete_empty_inbox() {
    let cases = [(Fault::Malformed, "not loaded — 0 here"), (Fault::Status { status: 503 }, "offline — 0 loaded")];
    for (fault, said) in cases {
        let sim = sim(30).await;
        let rule = FaultRule::new(None, Some("/conversations/list"), fault.clone());
        sim.state().set_faults(Faults { rules: vec![rule], ..Faults::default() });
        let state = fill(&sim).await;
        let text = screen(&state);
        assert!(text.contains(said), "{fault:?}:\n{text}");
        assert!(!text.contains("0 of 0"), "{fault:?}:\n{text}");
    }
}

/// The live check against the simulator, which keeps microseconds while the wire says
/// milliseconds: asked after the newest ticket as the wire gave it, nothing changed; a
/// ticket touched later is news.
#[tokio::test]
async fn the_live_check_finds_only_what_changed_after_the_newest_ticket_it_was_given() {
    use triage::desk::{Desk, InboxQuery};
    let sim = sim(40).await;
    sim.state().write(|db| {
        let at = jiff::Timestamp::now() - jiff::SignedDuration::from_secs(60);
        // A time with microseconds, as a server may keep it.
        db.conversations[3].updated_at = at + jiff::SignedDuration::from_micros(123_456);
    });
    let desk = unthread_desk(&sim);
    let page = desk.inbox_page(&InboxQuery::default(), None).await.unwrap();
    let mark = page.tickets.iter().filter_map(|t| t.updated_at).max().unwrap();
    assert!(!desk.changed_after(&InboxQuery::default(), mark).await.unwrap(), "the newest ticket is not news");
    sim.state().write(|db| db.conversations[5].updated_at = jiff::Timestamp::now());
    assert!(desk.changed_after(&InboxQuery::default(), mark).await.unwrap(), "a later change is");
}

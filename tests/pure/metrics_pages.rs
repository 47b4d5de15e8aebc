//! The metrics screen's SLA and workload pages against counts made here over the
//! simulator's dataset, and every key hint of the screen against the key map.

use crate::common::*;
use crossterm::event::Event;
use triage::command::action::Action;
use triage::sim::model::SimStatus;
use triage::state::AppState;
use triage::state::keymap::Context;
use triage::state::keymap::{Binding, Chord, Keymap};
use triage::ui::metrics_pages::{hint_text, hints, key_label};

async fn on_page(conversations: usize, pages: usize) -> (triage::sim::Simulator, AppState) {
    let (sim, mut s) = loaded_console(conversations, (160, 48)).await;
    let desk = unthread_desk(&sim);
    let effects = s.update(Action::ShowMetrics).1;
    settle(&mut s, &desk, effects).await;
    for _ in 0..pages {
        let _ = s.update(Action::MetricsPage(true));
    }
    (sim, s)
}

#[tokio::test]
async fn sla_attainment_equals_a_count_over_the_dataset() {
    let (sim, s) = on_page(300, 1).await;
    let (start, end) = s.metrics.window(s.today());
    let now = s.session.now;
    let (met, missed) = sim.state().read(|db| {
        let (mut met, mut missed) = (0, 0);
        for c in &db.conversations {
            let day = c.created_at.to_zoned(jiff::tz::TimeZone::UTC).date();
            let Some(sla) = db.customers[c.customer].reply_timeout_minutes else { continue };
            if day < start || day > end {
                continue;
            }
            let limit = i64::from(sla) * 60;
            match c.response_time {
                Some(secs) if secs <= limit => met += 1,
                Some(_) => missed += 1,
                None if c.status != SimStatus::Closed && now.duration_since(c.created_at).as_secs() > limit => {
                    missed += 1
                }
                None => {}
            }
        }
        (met, missed)
    });
    let overall = s.metrics.local.sla.overall;
    assert!(met + missed > 10, "the window holds enough to mean something ({met}, {missed})");
    assert_eq!((overall.met, overall.missed), (met, missed));
    let per_bucket: u32 = s.metrics.local.sla.buckets.iter().map(|t| t.met + t.missed).sum();
    assert_eq!(per_bucket, met + missed, "the buckets add up");
}

#[tokio::test]
async fn workload_equals_the_datasets_counts_and_enter_filters_the_inbox() {
    let (sim, mut s) = on_page(300, 2).await;
    let top = s.metrics.local.workload[0].clone();
    let agent = top.agent.as_deref().expect("an agent carries the most").to_string();
    let count = |status: SimStatus| {
        sim.state().read(|db| {
            db.conversations
                .iter()
                .filter(|c| c.status == status && c.assignee.map(|a| db.users[a].id.as_str()) == Some(agent.as_str()))
                .count() as u32
        })
    };
    assert_eq!(
        (top.open, top.in_progress, top.on_hold),
        (count(SimStatus::Open), count(SimStatus::InProgress), count(SimStatus::OnHold))
    );
    let _ = s.update(Action::Open);
    assert_eq!(s.inbox.query.assignee, Some(Some(agent)), "Enter opens the inbox filtered to the agent");
}

fn press(chord: &str) -> Event {
    Event::Key(Chord::parse(chord).unwrap().key_event())
}

/// A metrics screen on page `pages` (with a breakdown shown, or not).
async fn metrics_screen(pages: usize, breakdown: bool) -> (triage::sim::Simulator, AppState) {
    let (sim, mut s) = on_page(40, pages).await;
    if breakdown {
        let effects = s.update(Action::MetricsBreakdown).1;
        settle(&mut s, &unthread_desk(&sim), effects).await;
    }
    (sim, s)
}

/// What a hint's words promise, as a change from `before` to `after` pressing its key (the
/// first of its commands; for the grain, the last: `m`, by month).
fn keeps_its_word(does: &str, before: &AppState, after: &AppState) -> bool {
    let (b, a) = (&before.metrics, &after.metrics);
    match does {
        "panel" => a.panel == b.panel + 1,
        "row" => a.row == b.row + 1,
        "agent" => a.local.row == b.local.row + 1,
        "breakdown" | "next breakdown" => a.breakdown != b.breakdown,
        "inbox filtered to the row" | "inbox filtered to the agent" => {
            after.view.screen == triage::state::Screen::Inbox && after.inbox.query != before.inbox.query
        }
        "grain" => a.grain == triage::desk::series::Grain::Month,
        "range" => a.range_days != b.range_days,
        "window" => a.shift == b.shift + 1,
        "working hours" => a.working != b.working,
        "next page" => a.page != b.page,
        other => panic!("no check for the hint {other:?}"),
    }
}

/// Every hint on every page is on the screen, its key pressed there runs the command it
/// names, and doing so does what its words say.
#[tokio::test]
async fn every_key_hint_of_the_metrics_screen_does_what_it_says() {
    let keymap = Keymap::default();
    for (pages, breakdown) in [(0, false), (0, true), (1, false), (2, false)] {
        let (_sim, mut s) = metrics_screen(pages, breakdown).await;
        let screen = render_text(&mut s, &keymap);
        for h in hints(&s) {
            let text = hint_text(&keymap, Context::Metrics, &h).expect("every hint has a key");
            assert!(screen.contains(&text), "{text:?} is on screen:\n{screen}");
            for command in h.commands {
                let key =
                    key_label(&keymap, Context::Metrics, command).unwrap_or_else(|| panic!("{command} has a key"));
                let spec = triage::command::lookup(command).unwrap();
                let expected = Binding::Command(spec).action();
                assert_eq!(keymap.map(&press(&key), &s), Some(expected), "{key} runs {command} on page {pages}");
            }
            let command = if h.does == "grain" { h.commands.last() } else { h.commands.first() };
            let key = key_label(&keymap, Context::Metrics, command.unwrap()).unwrap();
            let (_sim, mut pressed) = metrics_screen(pages, breakdown).await;
            let (_sim, before) = metrics_screen(pages, breakdown).await;
            let action = keymap.map(&press(&key), &pressed).unwrap();
            let _ = pressed.update(action);
            assert!(keeps_its_word(h.does, &before, &pressed), "{text:?} on page {pages}: {key} did not do it");
        }
        assert_eq!(s.view.overlay, None);
    }
}

fn render_text(s: &mut AppState, keymap: &Keymap) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(s.view.size.0, s.view.size.1)).unwrap();
    let mut ui = triage::ui::UiState::default();
    terminal
        .draw(|f| {
            let _ = triage::ui::render(f, s, keymap, &mut ui);
        })
        .unwrap();
    terminal.backend().to_string()
}

/// `?` on the metrics screen: Tab is listed as the page key, not as "next pane" (which it
/// does not do there), and Enter as opening the selection.
#[tokio::test]
async fn help_on_the_metrics_screen_lists_what_its_keys_do_there() {
    let keymap = Keymap::default();
    let (_sim, mut s) = on_page(40, 0).await;
    let _ = s.update(Action::ToggleHelp);
    let help = render_text(&mut s, &keymap);
    let line_of = |what: &str| help.lines().find(|l| l.contains(what)).map(str::to_string);
    let next_page = line_of("SLA, workload pages").expect("the page key is listed");
    assert!(next_page.contains("tab"), "{next_page}");
    assert!(line_of("next pane").is_none_or(|l| !l.contains("tab ")), "Tab is not next pane here:\n{help}");
}

//! Snapshots of whole screens (TestBackend + insta) over the simulator's data, at 80×24 and
//! 160×48 (and 220×60): the view tabs, the inbox with its headers and reply clocks, an open
//! thread, the sidebar, help, a picker and an error state; and, on inbox rows, the styles a
//! text snapshot cannot see.

mod common;

use common::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use triage::api::ApiError;
use triage::command::action::{Action, Move, TextKey};
use triage::state::AppState;
use triage::state::keymap::Keymap;
use triage::ui::{self, UiState};
use triage::worker::NetEvent;

fn draw(state: &mut AppState, ui: &mut UiState) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(state.view.size.0, state.view.size.1)).unwrap();
    let keymap = Keymap::default();
    let mut layout = Default::default();
    let frame = terminal.draw(|f| layout = ui::render(f, state, &keymap, ui)).unwrap();
    assert!(ui::lint::forbidden_cells(frame.buffer).is_empty());
    let _ = state.update(Action::Layout(layout));
    terminal
}

async fn loaded(size: (u16, u16)) -> (triage::sim::Simulator, AppState) {
    let sim = sim(300).await;
    let desk = unthread_desk(&sim);
    let mut state = console_state(size);
    state.inbox.tabs = triage::state::views::ViewTabs::new(triage::desk::views::View::defaults());
    let effects = state.start();
    settle(&mut state, &desk, effects).await;
    (sim, state)
}

#[tokio::test]
async fn inbox_and_thread() {
    for size in [(80, 24), (160, 48), (220, 60)] {
        let (sim, mut state) = loaded(size).await;
        let desk = unthread_desk(&sim);
        let mut ui = UiState::default();
        // The All open view, by due time: the reply clocks, overdue first.
        act(&mut state, &desk, Action::CycleView(false)).await;
        act(&mut state, &desk, Action::CycleSort).await;
        act(&mut state, &desk, Action::CycleSort).await;
        act(&mut state, &desk, Action::CycleSort).await;
        let name = format!("inbox_{}x{}", size.0, size.1);
        insta::assert_snapshot!(name, draw(&mut state, &mut ui).backend());
        // A thread with several messages, in the All view.
        act(&mut state, &desk, Action::CycleView(true)).await;
        act(&mut state, &desk, Action::CycleSort).await;
        act(&mut state, &desk, Action::Move(Move::Top)).await;
        let target = state.inbox.tickets.iter().position(|t| t.number == 241).unwrap();
        let position = state.inbox.view.iter().position(|&i| i == target).unwrap();
        for _ in 0..position {
            act(&mut state, &desk, Action::Move(Move::Down)).await;
        }
        act(&mut state, &desk, Action::Open).await;
        let name = format!("thread_{}x{}", size.0, size.1);
        insta::assert_snapshot!(name, draw(&mut state, &mut ui).backend());
    }
}

#[tokio::test]
async fn help_picker_and_error() {
    let (_sim, mut state) = loaded((80, 24)).await;
    let mut ui = UiState::default();
    let _ = state.update(Action::ToggleHelp);
    insta::assert_snapshot!("help_80x24", draw(&mut state, &mut ui).backend());
    let _ = state.update(Action::ToggleHelp);
    insta::assert_snapshot!("legend_80x24", draw(&mut state, &mut ui).backend());
    let _ = state.update(Action::ToggleHelp);
    assert_eq!(state.view.overlay, None, "? a third time closes");
    let _ = state.update(Action::OpenFilterMenu);
    let _ = state.update(Action::Text(TextKey::Char('a')));
    let _ = state.update(Action::Text(TextKey::Char('s')));
    insta::assert_snapshot!("filter_picker_80x24", draw(&mut state, &mut ui).backend());
    let _ = state.update(Action::Text(TextKey::Esc));
    let (_, effects) = state.update(Action::Refresh);
    let req = effects
        .iter()
        .find_map(|e| match e {
            triage::state::Effect::Job(
                triage::worker::Job::Inbox { req, .. } | triage::worker::Job::Sync { req, .. },
            ) => Some(*req),
            _ => None,
        })
        .unwrap();
    let error = ApiError::Offline { detail: "Connection refused (os error 111)".into() };
    let _ = state.update(Action::Net(NetEvent::Inbox { req, result: Err(error), took: std::time::Duration::ZERO }));
    insta::assert_snapshot!("offline_error_80x24", draw(&mut state, &mut ui).backend());
}

#[tokio::test]
async fn sidebar_at_220_columns() {
    let (sim, mut state) = loaded((220, 60)).await;
    let desk = unthread_desk(&sim);
    act(&mut state, &desk, Action::Move(Move::Down)).await;
    let mut ui = UiState::default();
    let screen = draw(&mut state, &mut ui).backend().to_string();
    assert!(screen.contains("Customer") && screen.contains("Recent tickets") && screen.contains("reply SLA"));
}

#[tokio::test]
async fn each_triage_picker() {
    use triage::state::TriageKind;
    let (_sim, mut state) = loaded((80, 24)).await;
    let mut ui = UiState::default();
    for (kind, name) in [
        (TriageKind::Status, "picker_status"),
        (TriageKind::Assignee, "picker_assignee"),
        (TriageKind::Tag, "picker_tag"),
        (TriageKind::Priority, "picker_priority"),
    ] {
        let _ = state.update(Action::OpenTriage(kind));
        insta::assert_snapshot!(name, draw(&mut state, &mut ui).backend());
        let _ = state.update(Action::Text(TextKey::Esc));
    }
}

#[tokio::test]
async fn metrics_screen_and_breakdown() {
    let (sim, mut state) = loaded((120, 36)).await;
    let desk = unthread_desk(&sim);
    let mut ui = UiState::default();
    act(&mut state, &desk, Action::ShowMetrics).await;
    insta::assert_snapshot!("metrics_120x36", draw(&mut state, &mut ui).backend());
    act(&mut state, &desk, Action::MetricsBreakdown).await;
    insta::assert_snapshot!("metrics_breakdown_120x36", draw(&mut state, &mut ui).backend());
}

/// Each metrics page at the two sizes agents use: the date axis under every chart, the
/// bucket still filling shaded (▒░) and named ("this week so far"), the SLA and workload pages.
#[tokio::test]
async fn metrics_pages_with_axes_and_the_partial_bucket() {
    for size in [(80, 24), (160, 48)] {
        let (sim, mut state) = loaded(size).await;
        let desk = unthread_desk(&sim);
        let mut ui = UiState::default();
        act(&mut state, &desk, Action::ShowMetrics).await;
        act(&mut state, &desk, Action::MetricsGrain(triage::desk::series::Grain::Week)).await;
        let screen = draw(&mut state, &mut ui).backend().to_string();
        assert!(screen.contains("this week so far") && screen.contains('▒'), "the partial week is marked:\n{screen}");
        insta::assert_snapshot!(format!("metrics_week_{}x{}", size.0, size.1), screen);
        act(&mut state, &desk, Action::MetricsPage(true)).await;
        insta::assert_snapshot!(format!("metrics_sla_{}x{}", size.0, size.1), draw(&mut state, &mut ui).backend());
        act(&mut state, &desk, Action::MetricsPage(true)).await;
        insta::assert_snapshot!(format!("metrics_workload_{}x{}", size.0, size.1), draw(&mut state, &mut ui).backend());
    }
}

#[tokio::test]
async fn the_columns_chosen_in_the_config() {
    let (_sim, mut state) = loaded((160, 48)).await;
    state.settings.columns = Some(vec![triage::config::Column::Assignee]);
    let screen = draw(&mut state, &mut UiState::default()).backend().to_string();
    let header = screen.lines().find(|l| l.contains("title")).unwrap();
    assert!(header.contains("assignee") && !header.contains("customer") && !header.contains("reply"), "{header}");
}

/// Open ticket `number` in the inbox's All view (by last update).
async fn open_number<D: triage::desk::Desk>(state: &mut AppState, desk: &D, number: u64) {
    let target = state.inbox.tickets.iter().position(|t| t.number == number).unwrap();
    act(state, desk, Action::Move(Move::Top)).await;
    let position = state.inbox.view.iter().position(|&i| i == target).unwrap();
    for _ in 0..position {
        act(state, desk, Action::Move(Move::Down)).await;
    }
    act(state, desk, Action::Open).await;
}

#[tokio::test]
async fn the_fields_block_the_files_list_and_the_composer_with_knowledge_base_hits() {
    use triage::sim::work::{BUG, SEVERITY, SimFile};
    let sim = sim(300).await;
    // #120: a blocker bug (its owner still to give), a screenshot and a log, an approval.
    sim.state().write(|db| {
        let i = db.conversations.iter().position(|c| c.friendly_id == 120).unwrap();
        let ts = db.thread(&db.conversations[i])[0].ts.clone();
        let w = &mut db.conversations[i].work;
        w.ticket_type = Some(BUG.into());
        w.fields.clear();
        w.fields.insert(SEVERITY.into(), "Blocker".into());
        w.files = [("crash.png", "image/png", 48_213), ("device-log.txt", "text/plain", 1_912_000)]
            .iter()
            .enumerate()
            .map(|(n, (name, mime, size))| SimFile {
                id: format!("F00000000{n}"),
                name: name.to_string(),
                mimetype: mime.to_string(),
                size: *size,
                message_ts: ts.clone(),
                bytes: None,
            })
            .collect();
    });
    let desk = unthread_desk(&sim);
    let mut state = console_state((120, 36));
    let effects = state.start();
    settle(&mut state, &desk, effects).await;
    open_number(&mut state, &desk, 120).await;
    act(&mut state, &desk, Action::RunLine("approval Refund the March invoice @maria".into())).await;
    let mut ui = UiState::default();
    insta::assert_snapshot!("ticket_work_120x36", draw(&mut state, &mut ui).backend());
    act(&mut state, &desk, Action::RunLine("kb password reset".into())).await;
    insta::assert_snapshot!("composer_kb_120x36", draw(&mut state, &mut ui).backend());
}

#[tokio::test]
async fn the_forms_for_required_fields_and_a_new_conversation() {
    let (sim, mut state) = loaded((80, 24)).await;
    let desk = unthread_desk(&sim);
    let mut ui = UiState::default();
    act(&mut state, &desk, Action::RunLine("new".into())).await;
    for c in "Glo".chars() {
        let _ = state.update(Action::Text(TextKey::Char(c)));
    }
    let _ = state.update(Action::Text(TextKey::Tab));
    insta::assert_snapshot!("new_form_80x24", draw(&mut state, &mut ui).backend());
    let _ = state.update(Action::Text(TextKey::Esc));
    act(&mut state, &desk, Action::RunLine("type none".into())).await;
    act(&mut state, &desk, Action::RunLine("type bug".into())).await;
    insta::assert_snapshot!("fields_form_80x24", draw(&mut state, &mut ui).backend());
}

#[tokio::test]
async fn on_a_tiny_terminal_the_draft_being_typed_stays_in_view() {
    let (_sim, mut state) = loaded((20, 5)).await;
    let _ = state.update(Action::StartReply);
    let _ = state.update(Action::Paste("hello".into()));
    let screen = draw(&mut state, &mut UiState::default()).backend().to_string();
    assert!(screen.contains("hello"), "{screen}");
}

/// The styles a text snapshot cannot see, in the dark theme: the cursor row is highlighted
/// from border to border, a marked row's mark and a queued or held ticket's flag carry their
/// colours, a ticket no longer in the view is dimmed across the row.
#[tokio::test]
async fn the_inbox_rows_carry_their_styles() {
    use ratatui::style::Color;
    use triage::desk::TicketStatus;
    use triage::desk::outbox::{Queued, QueuedState, QueuedWork};
    let (sim, mut state) = loaded((160, 48)).await;
    let desk = unthread_desk(&sim);
    act(&mut state, &desk, Action::CycleView(false)).await; // All open
    let _ = state.update(Action::ToggleMark); // the first row
    act(&mut state, &desk, Action::Move(Move::Top)).await;
    act(&mut state, &desk, Action::Move(Move::Down)).await; // the cursor on the second
    let ticket = |n: usize| state.inbox.tickets[state.inbox.view[n]].clone();
    let [marked, cursor, queued, held, closed] = [0, 1, 2, 3, 4].map(ticket);
    let waiting = |t: &triage::desk::Ticket, seq, kind| Queued {
        seq,
        ticket: t.id.clone(),
        number: t.number,
        base: None,
        queued_at: state_now(),
        work: QueuedWork::Reply { text: "on its way".into(), private_note: false },
        state: kind,
        undo: None,
    };
    state.outbox.queued =
        vec![waiting(&queued, 1, QueuedState::Waiting), waiting(&held, 2, QueuedState::Held("409".into()))];
    state.inbox.tickets[state.inbox.view[4]].status = TicketStatus::Closed;
    let theme = triage::ui::theme::Theme::dark();
    let terminal = draw(&mut state, &mut UiState::with_theme(theme.clone()));
    let buf = terminal.backend().buffer();
    let row = |number: u64| RowCells::find(buf, number);

    let cursor_row = row(cursor.number);
    assert!(cursor_row.cells().all(|c| c.bg == Color::Rgb(40, 50, 70)), "the cursor row is highlighted across");
    let marked_row = row(marked.number);
    let mark = marked_row.styled("▌").expect("the first row is marked");
    assert_eq!(mark.fg, Color::LightMagenta, "a mark in the mark colour");
    assert!(marked_row.cells().all(|c| c.bg != Color::Rgb(40, 50, 70)), "only the cursor row is highlighted");
    let flag = |r: &RowCells, word: &str| r.styled(word).unwrap_or_else(|| panic!("no {word:?} in {:?}", r.text()));
    assert_eq!(flag(&row(queued.number), "queued").fg, Color::Yellow, "a queued reply is flagged in the note colour");
    assert_eq!(flag(&row(held.number), "held").fg, Color::LightRed, "a held one in the error colour");
    let closed_row = row(closed.number);
    let start: String = closed.title.chars().take(12).collect();
    let title = flag(&closed_row, &start);
    assert_eq!(title.fg, Color::DarkGray, "closed, so out of All open: dimmed until a refresh");
}

fn state_now() -> jiff::Timestamp {
    ANCHOR.parse().unwrap()
}

/// One inbox row on screen: its cells from the pane's left border to its right one.
struct RowCells<'b> {
    buf: &'b ratatui::buffer::Buffer,
    y: u16,
    xs: std::ops::Range<u16>,
}

impl<'b> RowCells<'b> {
    fn find(buf: &'b ratatui::buffer::Buffer, number: u64) -> RowCells<'b> {
        let line = |y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect::<String>();
        let tag = format!("#{number} ");
        let y = (0..buf.area.height)
            .find(|&y| line(y).starts_with('│') && line(y).contains(&tag))
            .expect("the row is on screen");
        let end = (1..buf.area.width).find(|&x| buf[(x, y)].symbol() == "│").unwrap();
        RowCells { buf, y, xs: 1..end }
    }

    fn cells(&self) -> impl Iterator<Item = &ratatui::buffer::Cell> + '_ {
        self.xs.clone().map(|x| &self.buf[(x, self.y)])
    }

    fn text(&self) -> String {
        self.cells().map(|c| c.symbol()).collect()
    }

    /// The cell where `word` starts in the row.
    fn styled(&self, word: &str) -> Option<ratatui::buffer::Cell> {
        let at = self.text().find(word)?;
        let column = self.text()[..at].chars().count() as u16;
        Some(self.buf[(self.xs.start + column, self.y)].clone())
    }
}

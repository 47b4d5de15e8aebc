//! What the thread shows above its messages beyond the header: the ticket type and its
//! visible fields (a required one left empty is marked), the conversation's files (name,
//! size, type, numbered for `download N`) and its approval requests.

use ratatui::text::{Line, Span};

use super::format::fit;
use super::theme::Theme;
use crate::desk::Ticket;
use crate::desk::extras::{Extras, human_size};
use crate::desk::fields;
use crate::state::{AppState, Loadable};

pub fn work_lines(state: &AppState, t: &Ticket, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = fields_lines(state, t, theme, width);
    match state.work.extras.get(&t.id) {
        Some(Loadable::Ready(extras)) => lines.extend(extras_lines(state, extras, theme, width)),
        Some(Loadable::Failed(e)) => lines.push(Line::from(Span::styled(fit(e, width), theme.error))),
        Some(Loadable::Loading(_)) | None => {}
    }
    lines
}

/// `Bug report · Severity High · Affected version —`: the type, then each visible field and
/// its value, flowing over as few lines as the width allows (a required one left empty in
/// the error colour).
pub fn fields_lines(state: &AppState, t: &Ticket, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let Some(type_id) = &t.ticket_type_id else { return vec![] };
    let Some(ty) = state.work.catalog.types.iter().find(|x| *x.id == **type_id) else {
        return vec![Line::from(Span::styled("ticket type: (not one this workspace lists)", theme.dim))];
    };
    let agent = |id: &str| state.directory.by_id(id).map(|a| a.name.clone());
    let mut spans = vec![Span::styled(ty.name.clone(), theme.header)];
    for f in ty.visible(&t.fields) {
        spans.push(Span::styled(format!(" · {} ", f.label), theme.dim));
        let value = t.fields.get(&f.id).filter(|v| !v.is_empty()).map(|v| fields::show(v, &f.kind, agent));
        spans.push(match value {
            Some(v) => Span::raw(fit(&v, width / 2)),
            None if f.required => Span::styled("— required", theme.error),
            None => Span::styled("—", theme.dim),
        });
    }
    super::wrap::wrap(&Line::from(spans), width)
}

fn extras_lines(state: &AppState, extras: &Extras, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if !extras.files.is_empty() {
        lines.push(Line::from(Span::styled(format!("files ({}) · w downloads", extras.files.len()), theme.dim)));
    }
    for (i, f) in extras.files.iter().enumerate() {
        let size = f.size.map_or("?".to_string(), human_size);
        let detail = format!("  {size} · {}", f.kind);
        let room = width.saturating_sub(detail.chars().count() + 6);
        lines.push(Line::from(vec![
            Span::styled(format!("  {:>2} ", i + 1), theme.dim),
            Span::raw(fit(&f.name, room)),
            Span::styled(detail, theme.dim),
        ]));
    }
    for a in &extras.approvals {
        let who = a
            .approver
            .clone()
            .or_else(|| a.assigned_to.as_deref().and_then(|id| state.directory.by_id(id)).map(|x| x.name.clone()));
        let (glyph, style) = match a.status.as_str() {
            "approved" => ("✓", theme.info),
            "rejected" => ("✗", theme.error),
            _ => ("◷", theme.note),
        };
        let detail = who.map_or(String::new(), |w| format!(" · {w}"));
        let room = width.saturating_sub(detail.chars().count() + a.status.chars().count() + 6);
        lines.push(Line::from(vec![
            Span::styled(format!("{glyph} "), style),
            Span::raw(fit(&a.title, room)),
            Span::styled(format!(" · {}", a.status), style),
            Span::styled(detail, theme.dim),
        ]));
    }
    lines
}

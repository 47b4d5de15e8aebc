//! The two forms: a ticket type's required fields (opened when `type` gives a ticket fields
//! it must have), and a new conversation (`new`, `N`). Both resolve names the way the `:`
//! line does, and refuse with what was expected before anything is sent.

use super::form::{Form, FormLine, FormPurpose, FormStep};
use super::work::job;
use super::{AppState, Effect, Focus, Notice, Overlay};
use crate::command;
use crate::command::action::TextKey;
use crate::desk::fields::{FieldDef, FieldKind};
use crate::desk::{Change, Customer, Ticket, TicketId};
use crate::worker::work::WorkJob;

const CUSTOMER: &str = "Customer";
const TITLE: &str = "Title";
const MESSAGE: &str = "Message";
const WHERE: &str = "Where";
const ASSIGNEE: &str = "Assignee";
const PRIORITY: &str = "Priority";
const TYPE: &str = "Ticket type";

impl AppState {
    /// After a change on the current ticket: a type with required fields still empty asks
    /// for them; a field set while they are asked for may make another one required.
    pub(super) fn after_work_change(&mut self, change: &Change) -> Vec<Effect> {
        if !matches!(change, Change::Type(Some(_))) || self.inbox.marked.len() > 1 {
            return vec![];
        }
        let Some(ticket) = self.inbox.selected_ticket().cloned() else { return vec![] };
        self.ask_required_fields(&ticket);
        vec![]
    }

    fn ask_required_fields(&mut self, ticket: &Ticket) {
        let Some(ty) = self.work.catalog.types.iter().find(|t| Some(t.id.as_str()) == ticket.ticket_type_id.as_deref())
        else {
            return;
        };
        let lines: Vec<FormLine> = ty.missing(&ticket.fields).map(|f| self.field_line(f)).collect();
        if lines.is_empty() {
            return;
        }
        let title = format!("{} needs", ty.name);
        self.view.overlay =
            Some(Overlay::Form(Form::new(title, FormPurpose::Fields { ticket: ticket.id.clone() }, lines)));
    }

    fn field_line(&self, f: &FieldDef) -> FormLine {
        match f.kind {
            FieldKind::ShortText | FieldKind::LongText => FormLine::text(&f.label, f.required, "text"),
            FieldKind::User | FieldKind::Users => FormLine::choice(&f.label, f.required, self.agent_names()),
            _ => FormLine::choice(&f.label, f.required, f.choices()),
        }
    }

    /// `me`, `none` and the agents; `none` and the ticket types.
    fn assignee_and_type_choices(&self) -> (Vec<String>, Vec<String>) {
        let types = self.work.catalog.types.iter().map(|t| t.name.clone());
        let agents = ["me".to_string(), "none".to_string()].into_iter().chain(self.agent_names());
        (agents.collect(), std::iter::once("none".to_string()).chain(types).collect())
    }

    fn agent_names(&self) -> Vec<String> {
        self.directory.agents.iter().map(|a| a.name.clone()).collect()
    }

    /// `new` / `N`: the form, with the customers to choose from on their way.
    pub(super) fn open_new_form(&mut self) -> Vec<Effect> {
        if self.read_only_refusal() {
            return vec![];
        }
        let (assignees, types) = self.assignee_and_type_choices();
        let priorities = ["none", "low", "medium", "high", "critical"].map(String::from).to_vec();
        let lines = vec![
            FormLine::choice(CUSTOMER, true, vec![]),
            FormLine::text(TITLE, true, "what it is about"),
            FormLine::text(MESSAGE, true, "the first message (markdown)"),
            FormLine::choice(WHERE, false, vec!["slack".into(), "triage".into()]),
            FormLine::choice(ASSIGNEE, false, assignees),
            FormLine::choice(PRIORITY, false, priorities),
            FormLine::choice(TYPE, false, types),
        ];
        let mut form = Form::new("New conversation", FormPurpose::NewTicket, lines);
        form.lines[3].hint = "slack: in the customer's channel · triage: internal only".into();
        let req = self.req();
        self.work.awaited.insert(req, "customers".into());
        self.view.overlay = Some(Overlay::Form(form));
        vec![job(req, WorkJob::Customers)]
    }

    pub(super) fn form_awaits(&self, _req: crate::worker::ReqId) -> bool {
        matches!(&self.view.overlay, Some(Overlay::Form(f)) if f.purpose == FormPurpose::NewTicket)
    }

    pub(super) fn form_customers(&mut self, result: Result<Vec<Customer>, crate::api::ApiError>) -> Vec<Effect> {
        match result {
            Ok(customers) => {
                if let Some(Overlay::Form(form)) = self.view.overlay.as_mut() {
                    let names: Vec<String> = customers.iter().map(|c| c.name.clone()).collect();
                    form.lines[0].hint = format!("{} customers · Tab completes", names.len());
                    form.lines[0].choices = names;
                }
                self.work.customers = customers;
            }
            Err(e) => self.say(Notice::Error(format!("couldn't load the customers: {e}"))),
        }
        vec![]
    }

    pub(super) fn form_text(&mut self, mut form: Form, key: TextKey) -> Vec<Effect> {
        if form.purpose == FormPurpose::NewTicket {
            // The agents and the types may have arrived since the form opened.
            (form.lines[4].choices, form.lines[6].choices) = self.assignee_and_type_choices();
        }
        match form.key(key) {
            FormStep::Cancelled => {
                self.say(Notice::Info("nothing sent".into()));
                vec![]
            }
            FormStep::Editing => {
                self.view.overlay = Some(Overlay::Form(form));
                vec![]
            }
            FormStep::Submitted => match form.purpose.clone() {
                FormPurpose::Fields { ticket } => self.submit_fields(form, ticket),
                FormPurpose::NewTicket => self.submit_new(form),
            },
        }
    }

    /// Each value as `field LABEL VALUE` would set it; a bad one keeps the form open.
    fn submit_fields(&mut self, mut form: Form, ticket: TicketId) -> Vec<Effect> {
        if self.inbox.selected.as_ref() != Some(&ticket) {
            return vec![];
        }
        let mut changes = Vec::new();
        for line in form.lines.iter().filter(|l| !l.value.trim().is_empty()) {
            match command::field(&format!("{} {}", line.label, line.value), &self.words()) {
                Ok(change) => changes.push(change),
                Err(e) => {
                    let label = line.label.clone();
                    form.refuse(&label, e);
                    self.view.overlay = Some(Overlay::Form(form));
                    return vec![];
                }
            }
        }
        let effects: Vec<Effect> = changes
            .into_iter()
            .flat_map(|c| self.apply_change(c, vec![ticket.clone()], super::changes::Applying::Change))
            .collect();
        // A value may have made another field required (a blocker needs an owner).
        if let Some(t) = self.inbox.ticket(&ticket).cloned() {
            self.ask_required_fields(&t);
        }
        effects
    }

    fn submit_new(&mut self, mut form: Form) -> Vec<Effect> {
        let inputs = command::NewInputs {
            customer: form.value(CUSTOMER),
            title: form.value(TITLE),
            body: form.value(MESSAGE),
            internal: form.value(WHERE) == "triage",
            assignee: Some(form.value(ASSIGNEE)),
            priority: Some(form.value(PRIORITY)),
            ticket_type: Some(form.value(TYPE)).filter(|t| !t.eq_ignore_ascii_case("none")),
            fields: form.lines[7..].iter().map(|l| (l.label.as_str(), l.value.as_str())).collect(),
        };
        let result = command::new_ticket(&inputs, &self.words(), &self.work.customers);
        match result {
            Ok(new) => {
                let req = self.req();
                self.work.awaited.insert(req, new.title.clone());
                self.say(Notice::Info(format!("opening “{}”…", new.title)));
                vec![job(req, WorkJob::Create(Box::new(new)))]
            }
            Err(e) => {
                let asked = form.lines.len();
                self.add_type_lines(&mut form);
                let about = [CUSTOMER, ASSIGNEE, PRIORITY, TYPE]
                    .into_iter()
                    .find(|l| e.to_lowercase().contains(&l.to_lowercase()));
                form.refuse(about.unwrap_or(TITLE), e);
                // The fields the type needs were added: the cursor goes to the first of them.
                if form.lines.len() > asked {
                    form.at = asked;
                }
                self.view.overlay = Some(Overlay::Form(form));
                vec![]
            }
        }
    }

    /// The chosen type's required fields join the form (once), so they can be given.
    fn add_type_lines(&self, form: &mut Form) {
        let Ok(Change::Type(Some(chosen))) = command::ticket_type(form.value(TYPE), &self.words()) else { return };
        let Some(ty) = self.work.catalog.types.iter().find(|t| t.id == chosen.id) else { return };
        let asked: Vec<String> = form.lines.iter().map(|l| l.label.clone()).collect();
        let missing: Vec<FormLine> =
            ty.missing(&Default::default()).filter(|f| !asked.contains(&f.label)).map(|f| self.field_line(f)).collect();
        form.lines.extend(missing);
    }

    /// The new conversation joins the inbox at once, selected.
    pub(super) fn created(&mut self, result: Result<crate::desk::Opened, crate::api::ApiError>) -> Vec<Effect> {
        match result {
            Ok(crate::desk::Opened { ticket, fields_refused }) => {
                let (id, number) = (ticket.id.clone(), ticket.number);
                let shown = self.inbox.query.matches(&ticket);
                if shown {
                    // It joins the inbox, and the server's count grew with it.
                    self.sync.grew(1);
                    self.inbox.merge(vec![ticket]);
                    self.inbox.select_id(&id);
                    self.view.focus = Focus::Inbox;
                }
                let outside = if shown { "" } else { " (outside this filter: f clears it)" };
                self.say(match fields_refused {
                    None => Notice::Info(format!("#{number} opened{outside}")),
                    Some(e) => Notice::Error(format!("#{number} opened{outside}, but its fields were not set: {e}")),
                });
                self.after_selection_change()
            }
            Err(e) => {
                self.say(Notice::Error(format!("the conversation was not opened: {e}")));
                vec![]
            }
        }
    }
}

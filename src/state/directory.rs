//! The workspace's agents, looked up by id, Slack id or email.

use std::collections::HashMap;

use crate::desk::{Agent, AuthorKind, Message, TagRef};
use crate::worker::ReqId;

/// Agents by id and Slack id, for names and mentions, and the workspace's tags; with the
/// requests that load them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Directory {
    pub agents: Vec<Agent>,
    by_id: HashMap<String, usize>,
    by_slack: HashMap<String, usize>,
    pub tags: Vec<TagRef>,
    pub agents_req: Option<ReqId>,
    pub tags_req: Option<ReqId>,
}

impl Directory {
    pub fn new(agents: Vec<Agent>) -> Self {
        let by_id = agents.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        let by_slack = agents.iter().enumerate().filter_map(|(i, a)| Some((a.slack_id.clone()?, i))).collect();
        Directory { agents, by_id, by_slack, ..Directory::default() }
    }
    /// The agents loaded (again): the tags and the requests stay.
    pub fn set_agents(&mut self, agents: Vec<Agent>) {
        let Directory { agents, by_id, by_slack, .. } = Directory::new(agents);
        (self.agents, self.by_id, self.by_slack) = (agents, by_id, by_slack);
    }

    pub fn by_id(&self, id: &str) -> Option<&Agent> {
        self.by_id.get(id).map(|&i| &self.agents[i])
    }
    /// An assignee as people read it: the agent's name, the id when unknown, `unassigned`.
    pub fn assignee_name(&self, id: Option<&str>) -> String {
        id.map_or("unassigned".into(), |id| self.by_id(id).map_or(id.to_string(), |a| a.name.clone()))
    }
    pub fn by_slack_id(&self, slack_id: &str) -> Option<&Agent> {
        self.by_slack.get(slack_id).map(|&i| &self.agents[i])
    }
    pub fn by_email(&self, email: &str) -> Option<&Agent> {
        self.agents.iter().find(|a| a.email.eq_ignore_ascii_case(email))
    }

    /// A message one of our agents posted through the API (`onBehalfOf`: its `userId` is
    /// theirs), or the bot posted under an agent's name (`botName`), reads as that agent —
    /// not "Unthread · bot". A customer's message stays the customer's.
    pub fn resolve_author(&self, m: &mut Message) {
        if m.author_kind == AuthorKind::Customer {
            return;
        }
        let by_name =
            || (m.author_kind == AuthorKind::Bot).then(|| self.agents.iter().find(|a| a.name == m.author)).flatten();
        if let Some(agent) = m.author_id.as_deref().and_then(|id| self.by_id(id)).or_else(by_name) {
            m.author = agent.name.clone();
            m.author_kind = AuthorKind::Agent;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(author: &str, kind: AuthorKind, author_id: Option<&str>) -> Message {
        Message {
            id: "1.1".into(),
            author: author.into(),
            author_kind: kind,
            at: None,
            body: "hi".into(),
            private_note: false,
            delivery: crate::desk::Delivery::Delivered,
            files: vec![],
            author_id: author_id.map(Into::into),
        }
    }

    #[test]
    fn a_message_posted_for_an_agent_reads_as_that_agent() {
        let dev = Agent { id: "u2".into(), name: "Dev Patel".into(), email: "dev@acme.dev".into(), slack_id: None };
        let directory = Directory::new(vec![dev]);
        let read = |mut m: Message| {
            directory.resolve_author(&mut m);
            (m.author, m.author_kind)
        };
        let ours = message("Unthread", AuthorKind::Bot, Some("u2"));
        assert_eq!(read(ours), ("Dev Patel".into(), AuthorKind::Agent), "posted with onBehalfOf");
        let named = message("Dev Patel", AuthorKind::Bot, None);
        assert_eq!(read(named), ("Dev Patel".into(), AuthorKind::Agent), "botName naming an agent");
        let bot = message("Unthread", AuthorKind::Bot, None);
        assert_eq!(read(bot), ("Unthread".into(), AuthorKind::Bot), "the bot itself");
        let customer = message("Dev Patel", AuthorKind::Customer, Some("u2"));
        assert_eq!(read(customer).1, AuthorKind::Customer, "a customer's message stays theirs");
    }
}

//! The workspace's agents, looked up by id, Slack id or email.

use std::collections::HashMap;

use crate::desk::Agent;

/// Agents by id and Slack id, for names and mentions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Directory {
    pub agents: Vec<Agent>,
    by_id: HashMap<String, usize>,
    by_slack: HashMap<String, usize>,
}

impl Directory {
    pub fn new(agents: Vec<Agent>) -> Self {
        let by_id = agents.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        let by_slack = agents.iter().enumerate().filter_map(|(i, a)| Some((a.slack_id.clone()?, i))).collect();
        Directory { agents, by_id, by_slack }
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
}

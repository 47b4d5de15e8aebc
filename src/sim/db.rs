//! The simulator's in-memory database: generated records plus what clients changed.

use std::borrow::Cow;
use std::collections::HashMap;

use super::model::*;
use super::threads;
use super::vocabulary::{ArticleSeed, Vocabulary};

pub struct Db {
    pub vocabulary: &'static Vocabulary,
    pub users: Vec<SimUser>,
    pub tags: Vec<SimTag>,
    pub customers: Vec<SimCustomer>,
    pub conversations: Vec<SimConversation>,
    pub articles: Vec<ArticleSeed>,
    /// Threads that were read or written, keyed by conversation index. Others are
    /// generated on demand from the conversation's seed.
    pub threads: HashMap<usize, Vec<SimMessage>>,
    pub by_id: HashMap<String, usize>,
    pub anchor: jiff::Timestamp,
    pub slack_team_id: String,
    pub triage_channel_id: String,
    pub bot_id: String,
    /// Threads carry hostile sequences too (`--hostile`).
    pub hostile: bool,
    /// Bumped on every write, so what was derived from the records (`ListIndex`) knows
    /// when it went stale.
    pub generation: u64,
}

impl Db {
    pub fn conversation_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// The thread of a conversation, oldest first.
    pub fn thread<'a>(&'a self, conversation: &SimConversation) -> Cow<'a, [SimMessage]> {
        match self.by_id.get(&conversation.id).and_then(|i| self.threads.get(i)) {
            Some(thread) => Cow::Borrowed(thread),
            None => Cow::Owned(threads::generate(self, conversation)),
        }
    }

    /// The first message of a thread, without writing the rest.
    pub fn first_message<'a>(&'a self, conversation: &'a SimConversation) -> Option<Cow<'a, SimMessage>> {
        match self.by_id.get(&conversation.id).and_then(|i| self.threads.get(i)) {
            Some(thread) => thread.first().map(Cow::Borrowed),
            None => threads::messages(self, conversation).next().map(Cow::Owned),
        }
    }

    /// The thread, materialized so it can be changed.
    pub fn thread_mut(&mut self, index: usize) -> &mut Vec<SimMessage> {
        if !self.threads.contains_key(&index) {
            let thread = threads::generate(self, &self.conversations[index]);
            self.threads.insert(index, thread);
        }
        self.threads.get_mut(&index).expect("inserted above")
    }

    pub fn user_index(&self, id: &str) -> Option<usize> {
        self.users.iter().position(|u| u.id == id)
    }
    pub fn user_by_email(&self, email: &str) -> Option<usize> {
        self.users.iter().position(|u| u.email.eq_ignore_ascii_case(email))
    }
    pub fn tag_index(&self, id: &str) -> Option<usize> {
        self.tags.iter().position(|t| t.id == id)
    }
    pub fn customer_index(&self, id: &str) -> Option<usize> {
        self.customers.iter().position(|c| c.id == id)
    }
}

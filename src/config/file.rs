//! The file's shape. Unknown fields are errors: a typo should not be silently ignored.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::flags::Backend;

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
    #[serde(default)]
    pub ui: Ui,
    #[serde(default)]
    pub sync: Sync,
    /// Per context (`global`, `inbox`, `thread`, `metrics`, `composer`): key → action.
    #[serde(default)]
    pub keys: BTreeMap<String, BTreeMap<String, String>>,
    /// Saved views, shown as tabs (`[[views]]`).
    #[serde(default)]
    pub views: Vec<super::views::ViewSpec>,
    /// Per view: `off`, `bell` or `desktop` when a sync brings tickets into it.
    #[serde(default)]
    pub notify: BTreeMap<String, String>,
    /// `[[macros]]`: a reply, a note and changes under one name.
    #[serde(default)]
    pub macros: Vec<super::macros::MacroSpec>,
    #[serde(default)]
    pub compose: Compose,
}

/// `[compose]`: how a message leaves.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Compose {
    /// Seconds a sent reply waits, to be taken back with `u` (default 5; 0 sends at once).
    pub undo_send_secs: Option<u64>,
}

impl Compose {
    pub fn undo_send_secs(&self) -> u64 {
        self.undo_send_secs.unwrap_or(5).min(60)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub backend: Option<Backend>,
    pub base_url: Option<String>,
    /// Thena: `https://{workspace}.thena.ai/`.
    pub workspace: Option<String>,
    /// The agent's email: "mine" and `onBehalfOf`.
    pub me: Option<String>,
    /// Run once at start; its standard output is the key (`pass show unthread/acme`).
    pub api_key_cmd: Option<String>,
    /// The name of an environment variable holding the key.
    pub api_key_env: Option<String>,
    /// The key itself (triage warns when the file is readable by others).
    pub api_key: Option<String>,
}

/// Where a profile's key comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum KeySource {
    Command(String),
    Env(String),
    Inline,
}

impl Profile {
    pub fn key_source(&self, name: &str) -> Result<Option<KeySource>, String> {
        let sources = [self.api_key_cmd.is_some(), self.api_key_env.is_some(), self.api_key.is_some()];
        if sources.iter().filter(|s| **s).count() > 1 {
            return Err(format!(
                "profile {name:?} gives more than one of api_key_cmd, api_key_env and api_key; keep one"
            ));
        }
        Ok(match (&self.api_key_cmd, &self.api_key_env, &self.api_key) {
            (Some(cmd), _, _) => Some(KeySource::Command(cmd.clone())),
            (_, Some(var), _) => Some(KeySource::Env(var.clone())),
            (_, _, Some(_)) => Some(KeySource::Inline),
            _ => None,
        })
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    None,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SidebarMode {
    /// Shown at 120 columns and wider.
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ui {
    #[serde(default)]
    pub theme: ThemeName,
    #[serde(default)]
    pub mouse: bool,
    /// strftime format for message times (`%b %-d %H:%M`).
    pub date_format: Option<String>,
    #[serde(default)]
    pub sidebar: SidebarMode,
    /// Colour per element: `selected = "#2d3a52"`, `error = "lightred"`.
    #[serde(default)]
    pub colors: BTreeMap<String, String>,
    /// The inbox's optional columns, in this set (`["reply", "customer", "assignee", "tags"]`,
    /// all by default; each still needs the width for it).
    pub columns: Option<Vec<Column>>,
    /// When an action takes the ticket out of the view: `next` ticket (default) or `stay`.
    #[serde(default)]
    pub after_action: AfterAction,
    /// After a send: `stay` on the ticket (default) or go to the `next` one.
    #[serde(default)]
    pub after_send: AfterSend,
}

/// An optional column of the inbox (status, number, priority, title and age are always shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Column {
    Reply,
    Customer,
    Assignee,
    Tags,
}

/// `[ui] after_send`: a send keeps the agent on the ticket unless they ask for the next.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AfterSend {
    #[default]
    Stay,
    Next,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AfterAction {
    #[default]
    Next,
    Stay,
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sync {
    /// Seconds between background syncs of the inbox (default 60; 0: only on `R`).
    pub refresh_secs: Option<u64>,
    /// Seconds before the first retry after the network failed (default 10); each later
    /// wait doubles, up to a minute.
    pub offline_retry_secs: Option<u64>,
    /// The most walks of a first fill that run at once (default 8, 1–16); the console
    /// widens towards it while the server answers fast and narrows when it slows or refuses.
    pub partitions: Option<usize>,
    /// Seconds between live checks for changes (default 10; 0: off): a new conversation or
    /// a customer's reply is on screen within about this long.
    pub live_secs: Option<u64>,
}

impl Sync {
    pub const DEFAULT_REFRESH_SECS: u64 = 60;
    pub const DEFAULT_OFFLINE_RETRY_SECS: u64 = 10;

    pub fn offline_retry(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.offline_retry_secs.unwrap_or(Self::DEFAULT_OFFLINE_RETRY_SECS).clamp(1, 60))
    }

    pub fn partitions(&self) -> usize {
        self.partitions.unwrap_or(crate::desk::DEFAULT_PARTITIONS).clamp(1, crate::desk::MAX_PARTITIONS)
    }

    pub const DEFAULT_LIVE_SECS: u64 = 10;

    pub fn live(&self) -> Option<std::time::Duration> {
        match self.live_secs.unwrap_or(Self::DEFAULT_LIVE_SECS) {
            0 => None,
            // More often than every 5 s would be more requests than news.
            secs => Some(std::time::Duration::from_secs(secs.max(5))),
        }
    }

    pub fn refresh(&self) -> Option<std::time::Duration> {
        match self.refresh_secs.unwrap_or(Self::DEFAULT_REFRESH_SECS) {
            0 => None,
            secs => Some(std::time::Duration::from_secs(secs)),
        }
    }
}

//! What a thread shows beside its messages: the conversation's files and its approval
//! requests; and the knowledge-base hits the composer offers. Every string is sanitized.

use jiff::Timestamp;

/// A file on a conversation. `name` is the server's and is never used as a path as is.
#[derive(Debug, Clone, PartialEq)]
pub struct FileInfo {
    pub id: String,
    pub name: String,
    pub size: Option<u64>,
    /// The content type, or the file type when that is all there is.
    pub kind: String,
    /// The message it came with (its id, as `Message::id`), when known.
    pub message_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Approval {
    pub id: String,
    /// "pending", "approved", "rejected" (or what the server said).
    pub status: String,
    pub title: String,
    /// Who approves: the approver's name, else the assigned user's id.
    pub approver: Option<String>,
    pub assigned_to: Option<String>,
    pub created_at: Option<Timestamp>,
}

/// The thread's extras, fetched with it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extras {
    pub files: Vec<FileInfo>,
    pub approvals: Vec<Approval>,
}

/// One knowledge-base article that answers a query.
#[derive(Debug, Clone, PartialEq)]
pub struct KbHit {
    pub title: String,
    pub url: Option<String>,
    pub snippet: String,
}

impl KbHit {
    /// The link a draft gets: markdown `[title](url)` (drafts are markdown; the service
    /// stores it as Slack's `<url|title>`), or the title alone without a url.
    pub fn link(&self) -> String {
        match &self.url {
            Some(url) => format!("[{}]({})", self.title.replace(['[', ']'], " "), url.replace([' ', ')'], "")),
            None => self.title.clone(),
        }
    }
}

/// `1.5 MB`, `320 KB`, `12 B`.
pub fn human_size(bytes: u64) -> String {
    const KB: f64 = 1024.0;
    let b = bytes as f64;
    if b >= KB * KB {
        format!("{:.1} MB", b / KB / KB)
    } else if b >= KB {
        format!("{:.0} KB", b / KB)
    } else {
        format!("{bytes} B")
    }
}

//! The worker's jobs for one ticket's work: the workspace's ticket types, a thread's files
//! and approvals, downloads (saved safely), approvals, knowledge-base queries, and the
//! files a message takes (checked before anything is sent).

use std::path::PathBuf;

use crate::api::ApiError;
use crate::api::unthread::{Attachment, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS};
use crate::desk::extras::{Approval, Extras, FileInfo, KbHit};
use crate::desk::fields::Catalog;
use crate::desk::{Agent, Customer, Desk, Message, NewTicket, Ticket, TicketId};

use super::ReqId;

#[derive(Debug, Clone, PartialEq)]
pub enum WorkJob {
    Catalog,
    Extras {
        ticket: TicketId,
    },
    Download {
        ticket: TicketId,
        file: FileInfo,
        dir: PathBuf,
    },
    Approval {
        ticket: TicketId,
        title: String,
        approver: Option<String>,
    },
    Kb {
        ticket: Box<Ticket>,
        query: String,
    },
    /// Is this a file a message can take?
    Check {
        path: PathBuf,
    },
    /// A paste too long for a message: kept as `paste.txt` in a private directory of its
    /// own, then checked like any file to attach.
    SavePaste {
        text: String,
    },
    /// The customers to choose from (the new-conversation form).
    Customers,
    /// Tickets the cache could not read, from the server again.
    Refetch(Vec<TicketId>),
    /// The ticket of this number (`goto`), from the server.
    Find(u64),
    /// Open a conversation. Not idempotent: sent once.
    Create(Box<NewTicket>),
    /// One outbox entry, replayed (with the agent a reply is sent as).
    Replay {
        queued: Box<crate::desk::outbox::Queued>,
        as_agent: Option<Agent>,
    },
    /// A reply or note with files, read and checked first; sent once.
    SendFiles {
        ticket: TicketId,
        markdown: String,
        private_note: bool,
        as_agent: Option<Agent>,
        paths: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum WorkEvent {
    Catalog(Result<Catalog, ApiError>),
    Extras {
        ticket: TicketId,
        result: Result<Extras, ApiError>,
    },
    /// Where the file was saved, or why it was not.
    Downloaded {
        name: String,
        result: Result<PathBuf, String>,
    },
    Approval {
        ticket: TicketId,
        result: Result<Approval, ApiError>,
    },
    Kb {
        ticket: TicketId,
        query: String,
        result: Result<Vec<KbHit>, ApiError>,
    },
    /// The file's name and size, or why a message cannot take it.
    Checked {
        path: PathBuf,
        result: Result<(String, u64), String>,
    },
    Sent {
        ticket: TicketId,
        result: Result<Message, ApiError>,
    },
    Customers(Result<Vec<Customer>, ApiError>),
    Refetched(Vec<Ticket>),
    Found {
        number: u64,
        result: Box<Result<Ticket, ApiError>>,
    },
    Created(Box<Result<crate::desk::Opened, ApiError>>),
    Replayed {
        seq: u64,
        result: Result<super::replay::Replayed, ApiError>,
    },
}

pub async fn execute<D: Desk>(desk: &D, req: ReqId, job: WorkJob) -> super::NetEvent {
    let event = match job {
        WorkJob::Catalog => WorkEvent::Catalog(desk.catalog().await),
        WorkJob::Extras { ticket } => WorkEvent::Extras { result: desk.extras(&ticket).await, ticket },
        WorkJob::Download { ticket, file, dir } => {
            let result = match desk.file_bytes(&ticket, &file.id).await {
                Ok(bytes) => crate::support::files::save_new(&dir, &file.name, &bytes),
                Err(e) => Err(e.to_string()),
            };
            WorkEvent::Downloaded { name: file.name, result }
        }
        WorkJob::Approval { ticket, title, approver } => {
            WorkEvent::Approval { result: desk.create_approval(&ticket, &title, approver.as_deref()).await, ticket }
        }
        WorkJob::Kb { ticket, query } => {
            let result = desk.knowledge(&query, &ticket).await;
            WorkEvent::Kb { ticket: ticket.id.clone(), query, result }
        }
        WorkJob::Customers => WorkEvent::Customers(desk.customers().await),
        WorkJob::Find(number) => {
            WorkEvent::Found { number, result: Box::new(desk.find_ticket(&format!("#{number}")).await) }
        }
        WorkJob::Refetch(ids) => {
            let mut found = Vec::new();
            for id in ids {
                // One that is gone from the server stays gone; one that fails comes back with a sync.
                if let Ok(t) = desk.find_ticket(&id.0).await {
                    found.push(t);
                }
            }
            WorkEvent::Refetched(found)
        }
        WorkJob::Replay { queued, as_agent } => WorkEvent::Replayed {
            seq: queued.seq,
            result: super::replay::replay(desk, &queued, as_agent.as_ref()).await,
        },
        WorkJob::Create(new) => WorkEvent::Created(Box::new(desk.create_ticket(&new).await)),
        WorkJob::Check { path } => WorkEvent::Checked { result: check(&path), path },
        WorkJob::SavePaste { text } => match save_paste(&text) {
            Ok(path) => WorkEvent::Checked { result: check(&path), path },
            Err(e) => WorkEvent::Checked {
                result: Err(format!("the paste could not be kept: {e}")),
                path: "paste.txt".into(),
            },
        },
        WorkJob::SendFiles { ticket, markdown, private_note, as_agent, paths } => {
            let result = match read_all(&paths) {
                Ok(files) => desk.send_with_files(&ticket, &markdown, private_note, as_agent.as_ref(), &files).await,
                Err(detail) => Err(ApiError::Config { detail }),
            };
            WorkEvent::Sent { ticket, result }
        }
    };
    super::NetEvent::Work { req, event: Box::new(event) }
}

/// A readable regular file of at most 20 MB: its name and size.
pub fn check(path: &std::path::Path) -> Result<(String, u64), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if !meta.is_file() {
        return Err(format!("{} is not a file", path.display()));
    }
    if meta.len() > MAX_ATTACHMENT_BYTES as u64 {
        return Err(format!(
            "{} is {} — a file can be at most 20 MB",
            path.display(),
            crate::desk::extras::human_size(meta.len())
        ));
    }
    std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let name = path.file_name().map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    Ok((name, meta.len()))
}

/// `paste.txt` holding `text`, in a new private directory (0700, the file 0600) that
/// outlives this call: the file is read again when the message is sent.
fn save_paste(text: &str) -> std::io::Result<PathBuf> {
    let dir = tempfile::Builder::new().prefix("triage-paste-").tempdir()?.keep();
    let path = dir.join("paste.txt");
    crate::store::drafts::write_privately(&dir, &path, text)?;
    Ok(path)
}

/// Every file read and checked again (it may have changed since it was attached).
pub fn read_all(paths: &[PathBuf]) -> Result<Vec<Attachment>, String> {
    if paths.len() > MAX_ATTACHMENTS {
        return Err(format!("at most {MAX_ATTACHMENTS} files per message; nothing sent"));
    }
    paths
        .iter()
        .map(|path| {
            let (name, _) = check(path)?;
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}; nothing sent", path.display()))?;
            if bytes.len() > MAX_ATTACHMENT_BYTES {
                return Err(format!("{name} grew past 20 MB; nothing sent"));
            }
            Ok(Attachment { mime: mime_of(&name).into(), name, bytes })
        })
        .collect()
}

/// A content type from the file's extension (the service sniffs the rest).
fn mime_of(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "pdf" => "application/pdf",
        "txt" | "log" => "text/plain",
        "csv" => "text/csv",
        "json" | "har" => "application/json",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

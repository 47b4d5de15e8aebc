//! The calls behind the ticket features of API-NOTES §11: ticket and collaborator types,
//! collaborators, files (down and, with a message, up), approvals and the knowledge base.

use reqwest::Method;

use super::super::extras::*;
use super::super::list::ListRequest;
use super::super::types::{Message, NewMessage};
use super::{SERVICE, UnthreadClient, segment};
use crate::api::ApiError;
use crate::api::activity::Activity;
use crate::api::http;
use crate::api::retry::Idempotency;

/// The reference's limits on one message's attachments.
pub const MAX_ATTACHMENTS: usize = 10;
pub const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;

/// A file going up with a message: its name, its content type, its bytes.
#[derive(Clone, PartialEq)]
pub struct Attachment {
    pub name: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Attachment({:?}, {}, {} bytes)", self.name, self.mime, self.bytes.len())
    }
}

impl UnthreadClient {
    pub async fn ticket_types(&self) -> Result<Vec<TicketType>, ApiError> {
        self.collect_all("/ticket-types/list", ListRequest::new(), |_, _| {}).await
    }

    pub async fn collaborator_types(&self) -> Result<Vec<CollaboratorType>, ApiError> {
        self.collect_all("/collaborator-types/list", ListRequest::new(), |_, _| {}).await
    }

    /// Puts a user in the conversation's collaborator slot of that type; a PUT, so
    /// sending it twice is harmless.
    pub async fn set_collaborator(&self, conversation: &str, type_id: &str, user_id: &str) -> Result<(), ApiError> {
        let path = format!("/conversations/{}/collaborators/{}", segment(conversation), segment(type_id));
        let body = serde_json::json!({"entityId": user_id, "entityType": "user"});
        self.call_no_answer(Method::PUT, &path, &body).await
    }

    /// A file's bytes, with progress. The service may answer 404, 409 or 425 for a moment
    /// while a file is being stored: those are tried again, briefly.
    pub async fn file_bytes(&self, conversation: &str, file: &str) -> Result<Vec<u8>, ApiError> {
        let path = format!("/conversations/{}/files/{}/full", segment(conversation), segment(file));
        let mut tries = 0u32;
        loop {
            let fetch = self.retry.run(&self.reporter, Idempotency::Idempotent, || {
                let reporter = self.reporter.clone();
                let request = self.request(Method::GET, &path);
                async move {
                    let mut progress = move |done, total| {
                        reporter.report(Activity::Downloading { what: "file", done, total });
                    };
                    http::execute_with_progress(SERVICE, request, &mut progress).await
                }
            });
            match fetch.await {
                Err(e) if still_storing(&e) && tries < 3 => tries += 1,
                other => return other,
            }
            tokio::time::sleep(std::time::Duration::from_millis(250 << tries)).await;
        }
    }

    /// A message with files, as multipart/form-data: a `json` part with the message and one
    /// `attachments` part per file. Not idempotent: sent once.
    pub async fn create_message_with_files(
        &self,
        conversation: &str,
        message: &NewMessage,
        files: &[Attachment],
    ) -> Result<Message, ApiError> {
        if files.len() > MAX_ATTACHMENTS {
            return Err(ApiError::Config { detail: format!("at most {MAX_ATTACHMENTS} files per message") });
        }
        let json = serde_json::to_string(message).map_err(|e| ApiError::Config { detail: e.to_string() })?;
        let path = format!("/conversations/{}/messages", segment(conversation));
        self.retry
            .run(&self.reporter, Idempotency::Once, || {
                let mut form = reqwest::multipart::Form::new().text("json", json.clone());
                for f in files {
                    let part = reqwest::multipart::Part::bytes(f.bytes.clone()).file_name(f.name.clone());
                    let part = part
                        .mime_str(&f.mime)
                        .unwrap_or_else(|_| reqwest::multipart::Part::bytes(f.bytes.clone()).file_name(f.name.clone()));
                    form = form.part("attachments", part);
                }
                http::execute(SERVICE, self.request(Method::POST, &path).multipart(form))
            })
            .await
    }

    pub async fn approvals(&self, conversation: &str) -> Result<Vec<ApprovalRequest>, ApiError> {
        let path = format!("/conversations/{}/approval-requests", segment(conversation));
        let AnyList(items) = self.get(&path).await?;
        Ok(items)
    }

    /// Not idempotent: sent once (a second would ask twice).
    pub async fn create_approval(&self, conversation: &str, new: &NewApproval) -> Result<ApprovalRequest, ApiError> {
        let path = format!("/conversations/{}/approval-requests", segment(conversation));
        self.retry
            .run(&self.reporter, Idempotency::Once, || {
                http::execute(SERVICE, self.request(Method::POST, &path).json(new))
            })
            .await
    }

    pub async fn query_knowledge_base(
        &self,
        query: &KnowledgeBaseQuery,
    ) -> Result<Vec<KnowledgeBaseArticle>, ApiError> {
        let AnyList(items) = self.call(Method::POST, "/knowledge-base/query", Some(query)).await?;
        Ok(items)
    }
}

/// The answers of a file still being stored.
fn still_storing(e: &ApiError) -> bool {
    matches!(e, ApiError::NotFound { .. } | ApiError::Invalid { status: 409 | 425, .. })
}

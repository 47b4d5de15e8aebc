//! Typed calls against one Unthread workspace, over one `reqwest::Client`.

use reqwest::Method;
use secrecy::{ExposeSecret, SecretString};
use serde::{Serialize, de::DeserializeOwned};

use super::list::{ListRequest, ListResponse, Listed, next_guarded};
use super::reporting::{TimeSeriesRequest, TimeSeriesResponse};
use super::types::*;
use crate::api::activity::Reporter;
use crate::api::http::{self, Service};
use crate::api::retry::{Idempotency, RetryPolicy};
use crate::api::{ApiError, Timeouts};

pub const DEFAULT_BASE_URL: &str = "https://api.unthread.io/api";
const SERVICE: Service = Service { name: "Unthread", env_var: "UNTHREAD_API_KEY" };

#[path = "client_extras.rs"]
mod extras;
pub use extras::{Attachment, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS};

/// A client for one workspace. Cheap to clone (the connection pool is shared).
#[derive(Clone)]
pub struct UnthreadClient {
    http: reqwest::Client,
    base: String,
    key: SecretString,
    retry: RetryPolicy,
    reporter: Reporter,
}

impl std::fmt::Debug for UnthreadClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UnthreadClient").field("base", &self.base).field("key", &"[REDACTED]").finish()
    }
}

impl UnthreadClient {
    pub fn new(base_url: &str, key: SecretString, timeouts: Timeouts) -> Result<Self, ApiError> {
        if key.expose_secret().trim().is_empty() {
            return Err(ApiError::Config { detail: "the Unthread API key is empty".into() });
        }
        Ok(UnthreadClient {
            http: http::build_client(timeouts)?,
            base: http::normalize_base(base_url)?,
            key,
            retry: RetryPolicy::default(),
            reporter: Reporter::default(),
        })
    }

    /// Use another retry policy (tests and benchmarks).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// Report waits before retries to `reporter`.
    pub fn report_to(&mut self, reporter: Reporter) {
        self.reporter = reporter;
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut header = reqwest::header::HeaderValue::from_str(self.key.expose_secret().trim())
            .unwrap_or_else(|_| reqwest::header::HeaderValue::from_static("invalid-key"));
        header.set_sensitive(true);
        self.http.request(method, format!("{}{}", self.base, path)).header("X-Api-Key", header)
    }

    /// One call, retried unless it creates something: its answer decoded.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> Result<T, ApiError> {
        http::decode(&self.call_raw(method, path, body).await?)
    }

    /// One call whose answer is not read (tag links and followers set membership: sending
    /// them twice is harmless).
    async fn call_no_answer(
        &self,
        method: Method,
        path: &str,
        body: &(impl Serialize + ?Sized),
    ) -> Result<(), ApiError> {
        self.call_raw(method, path, Some(body)).await.map(drop)
    }

    /// One call, retried unless it creates something: its answer's bytes.
    async fn call_raw(
        &self,
        method: Method,
        path: &str,
        body: Option<&(impl Serialize + ?Sized)>,
    ) -> Result<Vec<u8>, ApiError> {
        // A second POST of a message or a conversation would post it twice.
        let creates = path.ends_with("/messages") || path == "/conversations";
        let idempotency = if method == Method::POST && creates { Idempotency::Once } else { Idempotency::Idempotent };
        self.retry
            .run(&self.reporter, idempotency, || {
                let mut request = self.request(method.clone(), path);
                if let Some(body) = body {
                    request = request.json(body);
                }
                http::execute_raw(SERVICE, request)
            })
            .await
    }

    async fn list<T: DeserializeOwned>(&self, path: &str, req: &ListRequest) -> Result<ListResponse<T>, ApiError> {
        super::list::decode_page(&self.call_raw(Method::POST, path, Some(req)).await?)
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.call(Method::GET, path, None::<&()>).await
    }

    // --- conversations ---

    pub async fn list_conversations(&self, req: &ListRequest) -> Result<ListResponse<Conversation>, ApiError> {
        self.list("/conversations/list", req).await
    }

    pub async fn get_conversation(&self, id: &str, select: &[&str]) -> Result<Conversation, ApiError> {
        self.get(&format!("/conversations/{}{}", segment(id), select_query(select))).await
    }

    /// Sends only the fields in `patch`; answers the updated conversation.
    pub async fn patch_conversation(
        &self,
        id: &str,
        patch: &ConversationPatch,
        select: &[&str],
    ) -> Result<Conversation, ApiError> {
        let path = format!("/conversations/{}{}", segment(id), select_query(select));
        self.call(Method::PATCH, &path, Some(patch)).await
    }

    /// Not idempotent: never retried on an unknown outcome (it would open two).
    pub async fn create_conversation(&self, new: &NewConversation) -> Result<Conversation, ApiError> {
        self.call(Method::POST, "/conversations", Some(new)).await
    }

    /// Follow (or stop following) as a user; membership, so sending it twice is harmless.
    pub async fn set_follower(&self, conversation_id: &str, user_id: &str, follow: bool) -> Result<(), ApiError> {
        let (path, body) = if follow {
            ("add-follower", serde_json::json!({"entityId": user_id, "entityType": "user"}))
        } else {
            ("remove-follower", serde_json::json!({"entityId": user_id}))
        };
        self.call_no_answer(Method::POST, &format!("/conversations/{}/{path}", segment(conversation_id)), &body).await
    }

    // --- messages ---

    pub async fn list_messages(
        &self,
        conversation_id: &str,
        req: &ListRequest,
    ) -> Result<ListResponse<Message>, ApiError> {
        self.list(&format!("/conversations/{}/messages/list", segment(conversation_id)), req).await
    }

    /// Not idempotent: callers must never retry this on an unknown outcome.
    pub async fn create_message(&self, conversation_id: &str, message: &NewMessage) -> Result<Message, ApiError> {
        let path = format!("/conversations/{}/messages", segment(conversation_id));
        self.call(Method::POST, &path, Some(message)).await
    }

    // --- customers, users, tags ---

    pub async fn get_customer(&self, id: &str) -> Result<Customer, ApiError> {
        self.get(&format!("/customers/{}", segment(id))).await
    }
    pub async fn list_customers(&self, req: &ListRequest) -> Result<ListResponse<Customer>, ApiError> {
        self.list("/customers/list", req).await
    }
    pub async fn list_users(&self, req: &ListRequest) -> Result<ListResponse<User>, ApiError> {
        self.list("/users/list", req).await
    }
    pub async fn get_user(&self, id: &str) -> Result<User, ApiError> {
        self.get(&format!("/users/{}", segment(id))).await
    }
    pub async fn list_tags(&self, req: &ListRequest) -> Result<ListResponse<Tag>, ApiError> {
        self.list("/tags/list", req).await
    }
    pub async fn get_tag(&self, id: &str) -> Result<Tag, ApiError> {
        self.get(&format!("/tags/{}", segment(id))).await
    }

    /// Adds the tag to every conversation in one call.
    pub async fn link_tag(&self, tag_id: &str, conversation_ids: &[String]) -> Result<(), ApiError> {
        let path = format!("/tags/{}/conversations/create-links", segment(tag_id));
        self.call_no_answer(Method::POST, &path, conversation_ids).await
    }

    /// Removes the tag from every conversation in one call.
    pub async fn unlink_tag(&self, tag_id: &str, conversation_ids: &[String]) -> Result<(), ApiError> {
        let path = format!("/tags/{}/conversations/delete-links", segment(tag_id));
        self.call_no_answer(Method::POST, &path, conversation_ids).await
    }

    // --- reporting ---

    pub async fn time_series(&self, req: &TimeSeriesRequest) -> Result<TimeSeriesResponse, ApiError> {
        self.call(Method::POST, "/reporting/time-series", Some(req)).await
    }

    // --- pagination ---

    /// Every item of a list, page by page (100 each), calling `on_page` after each page
    /// with the items so far and the server's total. A server that loops is stopped.
    pub async fn collect_all<T, F>(&self, path: &str, first: ListRequest, mut on_page: F) -> Result<Vec<T>, ApiError>
    where
        T: DeserializeOwned + Clone + Listed,
        F: FnMut(usize, Option<u64>),
    {
        let mut items = Vec::new();
        let mut request = Some(first);
        let mut guard = crate::support::pages::PageGuard::new();
        while let Some(req) = request {
            let page: ListResponse<T> = self.list(path, &req).await?;
            items.extend(page.items().cloned());
            on_page(items.len(), page.total_count());
            request = next_guarded(&req, &page, &mut guard)?;
        }
        Ok(items)
    }
}

/// An id placed in a URL path; anything but the id alphabet is percent-encoded.
fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn select_query(select: &[&str]) -> String {
    if select.is_empty() { String::new() } else { format!("?select={}", select.join(",")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_key() {
        let c =
            UnthreadClient::new("http://127.0.0.1:1/api/", SecretString::from("sk_live_CANARY"), Timeouts::default())
                .unwrap();
        let dbg = format!("{c:?}");
        assert!(!dbg.contains("CANARY"), "{dbg}");
        assert_eq!(c.base_url(), "http://127.0.0.1:1/api");
    }

    #[test]
    fn ids_are_path_safe() {
        assert_eq!(segment("a/b?c"), "a%2Fb%3Fc");
    }
}

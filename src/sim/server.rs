//! The simulator's plumbing: state, the axum server, authentication, request log and
//! fault injection.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use super::dataset::{DatasetSpec, generate};
use super::db::Db;
use super::error::SimError;
use super::faults::{Bucket, Fault, Faults};
use super::injected;
use super::routes;
use super::thena::ThenaStyle;

/// How to start the simulator.
#[derive(Debug, Clone)]
pub struct SimOptions {
    pub seed: u64,
    pub conversations: usize,
    /// The dataset's "now"; the current hour when `None`.
    pub anchor: Option<Timestamp>,
    /// Accept only this key (as `X-Api-Key` and as Thena's Bearer token); any non-empty
    /// key when `None`.
    pub api_key: Option<String>,
    pub faults: Faults,
    pub thena_style: ThenaStyle,
    /// Put terminal attacks into titles, names, tags and bodies.
    pub hostile: bool,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            seed: 42,
            conversations: 2000,
            anchor: None,
            api_key: None,
            faults: Faults::default(),
            thena_style: ThenaStyle::Seed,
            hostile: false,
        }
    }
}

/// One request as the simulator received it (for tests that count or inspect calls).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LoggedRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub body: String,
}

const MAX_LOGGED: usize = 200_000;
// Ten attachments of 20 MB each, and the message around them.
const MAX_REQUEST_BYTES: usize = 210 * 1024 * 1024;

pub struct SimState {
    db: RwLock<Db>,
    faults: Mutex<Faults>,
    bucket: Mutex<Bucket>,
    rng: Mutex<ChaCha8Rng>,
    log: Mutex<Vec<LoggedRequest>>,
    api_key: Option<String>,
    thena_style: Mutex<ThenaStyle>,
    /// The conversation list's walks in progress.
    conversation_lists: super::query::ListIndex,
    /// The latency actually served since the log was cleared, in nanoseconds: a timer wakes
    /// late (a 50 ms sleep takes ~51 ms), which a benchmark must not count as work.
    latency_served: std::sync::atomic::AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking handler must not take the whole simulator down with it.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl SimState {
    pub fn read<R>(&self, f: impl FnOnce(&Db) -> R) -> R {
        f(&self.db.read().unwrap_or_else(|e| e.into_inner()))
    }
    pub fn write<R>(&self, f: impl FnOnce(&mut Db) -> R) -> R {
        let mut db = self.db.write().unwrap_or_else(|e| e.into_inner());
        db.generation += 1;
        f(&mut db)
    }
    pub fn conversation_lists(&self) -> &super::query::ListIndex {
        &self.conversation_lists
    }
    pub fn requests(&self) -> Vec<LoggedRequest> {
        lock(&self.log).clone()
    }
    pub fn clear_requests(&self) {
        lock(&self.log).clear();
        self.latency_served.store(0, std::sync::atomic::Ordering::Relaxed);
    }
    /// The injected latency served since `clear_requests`, summed over every request.
    pub fn latency_served(&self) -> Duration {
        Duration::from_nanos(self.latency_served.load(std::sync::atomic::Ordering::Relaxed))
    }
    pub fn faults(&self) -> Faults {
        lock(&self.faults).clone()
    }
    pub fn set_faults(&self, faults: Faults) {
        *lock(&self.faults) = faults;
    }
    pub fn thena_style(&self) -> ThenaStyle {
        *lock(&self.thena_style)
    }
    pub fn set_thena_style(&self, style: ThenaStyle) {
        *lock(&self.thena_style) = style;
    }
}

/// A running simulator. Dropping it stops the server.
pub struct Simulator {
    addr: SocketAddr,
    state: Arc<SimState>,
    shutdown: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl Simulator {
    /// Generate the dataset and serve it on `addr` (port 0 picks a free port).
    pub async fn start(options: SimOptions, addr: SocketAddr) -> std::io::Result<Simulator> {
        let listener = TcpListener::bind(addr).await?;
        let spec = match options.anchor {
            Some(anchor) => DatasetSpec { seed: options.seed, conversations: options.conversations, anchor },
            None => DatasetSpec::new(options.seed, options.conversations),
        };
        let hostile = options.hostile;
        let db = tokio::task::spawn_blocking(move || {
            let mut db = generate(&spec);
            if hostile {
                super::hostile::poison(&mut db);
            }
            db
        })
        .await
        .map_err(std::io::Error::other)?;
        let state = Arc::new(SimState {
            db: RwLock::new(db),
            faults: Mutex::new(options.faults),
            bucket: Mutex::new(Bucket::default()),
            rng: Mutex::new(ChaCha8Rng::seed_from_u64(options.seed ^ 0xfa017)),
            log: Mutex::new(Vec::new()),
            api_key: options.api_key,
            thena_style: Mutex::new(options.thena_style),
            conversation_lists: Default::default(),
            latency_served: Default::default(),
        });
        let app = router(state.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let addr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).with_graceful_shutdown(async move { rx.await.unwrap_or(()) }).await;
        });
        Ok(Simulator { addr, state, shutdown: Some(tx), task })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
    /// The Unthread base URL (`http://127.0.0.1:PORT/api`).
    pub fn unthread_url(&self) -> String {
        format!("http://{}/api", self.addr)
    }
    /// The Thena base URL (`http://127.0.0.1:PORT`).
    pub fn thena_url(&self) -> String {
        format!("http://{}", self.addr)
    }
    pub fn state(&self) -> &Arc<SimState> {
        &self.state
    }
    /// Serve until the process ends.
    pub async fn wait(mut self) {
        let task = std::mem::replace(&mut self.task, tokio::spawn(async {}));
        let _ = task.await;
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        self.task.abort();
    }
}

fn router(state: Arc<SimState>) -> Router {
    let guarded = routes::service_routes()
        .fallback(|| async { SimError::status(StatusCode::NOT_FOUND, "Not found") })
        .layer(middleware::from_fn_with_state(state.clone(), guard));
    routes::admin_routes().merge(guarded).with_state(state)
}

/// Log, authenticate and inject faults around every service request.
async fn guard(State(state): State<Arc<SimState>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_REQUEST_BYTES).await else {
        return SimError::status(StatusCode::PAYLOAD_TOO_LARGE, "Request body too large").into_response();
    };
    let path = parts.uri.path().to_string();
    let method = parts.method.as_str().to_string();
    {
        let mut log = lock(&state.log);
        if log.len() < MAX_LOGGED {
            log.push(LoggedRequest {
                method: method.clone(),
                path: path.clone(),
                query: parts.uri.query().unwrap_or_default().to_string(),
                body: String::from_utf8_lossy(&bytes).into_owned(),
            });
        }
    }
    if !authorized(&state, &path, &parts.headers) {
        return SimError::unauthorized().into_response();
    }
    let (latency, fail_rate, rate_limit, fault) = {
        let mut faults = lock(&state.faults);
        let fault = faults.take(&method, &path);
        (faults.latency_ms, faults.fail_rate, faults.rate_limit, fault)
    };
    if latency > 0 {
        let slept = Instant::now();
        tokio::time::sleep(Duration::from_millis(latency)).await;
        let served = slept.elapsed().as_nanos() as u64;
        state.latency_served.fetch_add(served, std::sync::atomic::Ordering::Relaxed);
    }
    if let Some(rate) = rate_limit
        && let Err(wait) = lock(&state.bucket).take(rate, Instant::now())
    {
        return injected::retry_after_response(
            StatusCode::TOO_MANY_REQUESTS,
            wait.as_secs_f64().ceil().max(1.0) as u64,
            false,
        );
    }
    if let Some(answer) = injected::before(fault.as_ref()).await {
        return answer;
    }
    if fail_rate > 0.0 && lock(&state.rng).random_bool(fail_rate.clamp(0.0, 1.0)) {
        return SimError::status(StatusCode::INTERNAL_SERVER_ERROR, "Internal server error").into_response();
    }
    let bytes = if fault == Some(Fault::LoopCursor) { injected::without_cursor(&bytes) } else { bytes };
    let response = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    injected::after(fault, response).await
}

fn authorized(state: &SimState, path: &str, headers: &HeaderMap) -> bool {
    let presented = if path.starts_with("/v1/") {
        headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
    } else {
        // Header names are case-insensitive (`X-Api-Key` and `X-API-KEY` are both seen).
        // The reference's own example sends "Bearer <key>" in it, so that is accepted too.
        headers.get("x-api-key").and_then(|v| v.to_str().ok()).map(|v| v.trim().trim_start_matches("Bearer ").trim())
    };
    match (presented, &state.api_key) {
        (Some(""), _) => false,
        (Some(key), Some(expected)) => key == expected,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

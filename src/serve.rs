//! `herald serve`: the site built in memory, served over HTTP, rebuilt as files change.
//!
//! Nothing is written to disk: the server answers from the last good [`Output`], so the
//! output folder is never watched and a broken edit cannot take the site down. Requests
//! are looked up as keys of that in-memory map; a path with `..`, a backslash or an
//! encoded traversal is refused before lookup, so no request can name a file on disk.
//!
//! An edit of one page's Markdown re-renders only what shows that page (see
//! [`render::Scope`]); anything else (templates, Fluent, config, new or deleted files)
//! reloads the whole site. The browser reloads itself over a websocket; the script doing
//! it is injected into HTML responses here and never appears in `build` output.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;

use crate::diagnostic::Diagnostic;
use crate::output::{OutFile, Output};
use crate::render::{RenderCache, Scope};
use crate::{BuildOptions, Site};

/// Where the browser's live-reload websocket connects.
pub const LIVERELOAD_PATH: &str = "/__herald/livereload";

/// Options of `herald serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// Address to bind; 127.0.0.1 unless the user asks otherwise.
    pub bind: IpAddr,
    /// Port; 0 picks a free one (tests).
    pub port: u16,
    /// Publish drafts too.
    pub drafts: bool,
}

/// What the server shows: the last good site and, if the latest build failed, why.
struct Current {
    output: Output,
    error: Option<String>,
}

struct Shared {
    current: RwLock<Current>,
    events: broadcast::Sender<String>,
}

/// A running server (the CLI waits on it; tests drop it).
pub struct ServerHandle {
    /// The address it listens on.
    pub addr: SocketAddr,
    _runtime: tokio::runtime::Runtime,
    _watcher: Option<
        notify_debouncer_full::Debouncer<
            notify::RecommendedWatcher,
            notify_debouncer_full::RecommendedCache,
        >,
    >,
}

/// Keeps the loaded site and rendered Markdown between rebuilds.
struct Builder {
    root: PathBuf,
    opts: BuildOptions,
    site: Option<Site>,
    cache: RenderCache,
    /// How long the site-wide rules took on the last full build.
    check_time: Duration,
    /// The last rebuild failed: what is served is older than the files, so a save that
    /// restores a page's text is still a change (it may fix the error).
    failed: bool,
}

/// Above this, the site-wide rules are too slow to run after every keystroke-save: they
/// run on full rebuilds (and in `build` and `check`) only. The rules run on the rebuild
/// thread after the edit is served, so a save that comes while they run waits for them:
/// at 10,000 pages they take about 280 ms, and with 300 here a page edit 0.2 s after
/// the last was served in 133-147 ms instead of 57 (`scripts/bench-serve.py 5000`).
const CHECK_BUDGET: Duration = Duration::from_millis(150);

/// A rebuild's outcome: what to serve and its warnings, or the errors.
type RebuildResult = Result<(Rebuilt, Vec<Diagnostic>), Vec<Diagnostic>>;

/// The result of one rebuild.
enum Rebuilt {
    /// A whole new output.
    Full(Output),
    /// Files to replace in the last output.
    Partial(Output),
    /// The saved page's text is what was already built (an editor's save without a change,
    /// a `touch`): nothing to render, nothing to reload.
    Unchanged,
}

impl Builder {
    /// Load and render everything.
    fn full(&mut self) -> Result<(Output, Vec<Diagnostic>), Vec<Diagnostic>> {
        self.site = None;
        let (site, mut diagnostics) = Site::load(&self.root, &self.opts)?;
        self.cache = RenderCache::default();
        let (output, render_diags) =
            crate::render::render_scoped(&site, &mut self.cache, Scope::All);
        diagnostics.extend(render_diags);
        // The editorial rules, as `build` runs them (links, anchors, Fluent, terms...).
        let started = Instant::now();
        diagnostics.extend(site.check(&output));
        self.check_time = started.elapsed();
        let result = finish(diagnostics);
        // Keep the site even if rendering failed: the next edit may fix it incrementally.
        self.site = Some(site);
        result.map(|warnings| (output, warnings))
    }

    /// Rebuild after `changed` files; incremental when only one page's Markdown changed.
    fn rebuild(
        &mut self,
        changed: &[PathBuf],
    ) -> Result<(Rebuilt, Vec<Diagnostic>), Vec<Diagnostic>> {
        let result = match changed {
            [file] => self.try_incremental(file),
            _ => None,
        }
        .unwrap_or_else(|| self.full().map(|(o, w)| (Rebuilt::Full(o), w)));
        self.failed = result.is_err();
        result
    }

    fn try_incremental(&mut self, file: &Path) -> Option<RebuildResult> {
        let site = self.site.as_mut()?;
        let rel = file.strip_prefix(&self.root).ok()?;
        if !rel.starts_with(crate::content::CONTENT_DIR)
            || rel.extension().is_none_or(|e| e != "md")
            || rel
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("_index"))
        {
            return None;
        }
        let id = site.content.page_by_file(rel)?;
        let load_opts = crate::content::LoadOptions {
            drafts: self.opts.drafts,
            now: self.opts.now,
        };
        let page = match site.content.reload_page(&site.config, &load_opts, id) {
            Ok(Some(page)) => page,
            Ok(None) => return None,
            Err(errors) => return Some(Err(errors)),
        };
        let old = &site.content.pages[id];
        if !self.failed && page.doc.text == old.doc.text {
            return Some(Ok((Rebuilt::Unchanged, Vec::new())));
        }
        let reorder = page.front.title != old.front.title
            || page.date != old.date
            || page.updated != old.updated
            || page.front.weight != old.front.weight
            || page.front.featured != old.front.featured;
        site.content.pages[id] = page;
        let (output, diagnostics) =
            crate::render::render_scoped(site, &mut self.cache, Scope::Page { id, reorder });
        Some(finish(diagnostics).map(|w| (Rebuilt::Partial(output), w)))
    }
}

/// Split diagnostics into Ok(warnings) or Err(all, errors first).
fn finish(diagnostics: Vec<Diagnostic>) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let mut all = crate::diagnostic::Diagnostics(diagnostics);
    all.sort();
    if all.has_errors() {
        Err(all.0)
    } else {
        Ok(all.0)
    }
}

fn render_text(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.render(false))
        .collect::<Vec<_>>()
        .join("\n")
}

fn print(diagnostics: &[Diagnostic]) {
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in diagnostics {
        eprintln!("{}", d.render(color));
    }
}

/// Build the site, bind, and serve it in the background; returns once it is listening.
///
/// A site that does not build at first is still served (an error page with the
/// diagnostics) so fixing it in the editor recovers without restarting.
pub fn start(mut opts: ServeOptions, watch: bool) -> Result<ServerHandle, Diagnostic> {
    // Watch events carry absolute paths; compare them with an absolute root.
    opts.root = opts.root.canonicalize().map_err(|e| {
        Diagnostic::error(format!(
            "cannot open the site folder {}: {e}",
            opts.root.display()
        ))
        .hint("pass --root DIR with the folder that holds herald.yaml")
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostic::error(format!("cannot start the server: {e}")))?;
    let std_listener = std::net::TcpListener::bind((opts.bind, opts.port)).map_err(|e| {
        Diagnostic::error(format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))
            .hint("choose another port with --port")
    })?;
    std_listener
        .set_nonblocking(true)
        .map_err(|e| Diagnostic::error(format!("cannot listen: {e}")))?;
    let addr = std_listener
        .local_addr()
        .map_err(|e| Diagnostic::error(format!("cannot listen: {e}")))?;

    let host = match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let mut builder = Builder {
        root: opts.root.clone(),
        opts: BuildOptions {
            base_url: Some(format!("http://{host}:{}/", addr.port())),
            drafts: opts.drafts,
            now: None,
            force: false,
        },
        site: None,
        cache: RenderCache::default(),
        check_time: Duration::ZERO,
        failed: false,
    };
    let started = Instant::now();
    let current = match builder.full() {
        Ok((output, warnings)) => {
            print(&warnings);
            eprintln!(
                "built {} files in {} ms",
                output.len(),
                started.elapsed().as_millis()
            );
            Current {
                output,
                error: None,
            }
        }
        Err(errors) => {
            print(&errors);
            Current {
                output: Output::default(),
                error: Some(render_text(&errors)),
            }
        }
    };
    let (events, _) = broadcast::channel(16);
    let shared = Arc::new(Shared {
        current: RwLock::new(current),
        events,
    });

    let watcher = if watch {
        Some(start_watcher(builder, Arc::clone(&shared))?)
    } else {
        None
    };

    let app = Router::new()
        .route(LIVERELOAD_PATH, get(livereload))
        .fallback(get(serve_path))
        .layer(axum::middleware::from_fn(refuse_oversized))
        .with_state(Arc::clone(&shared));
    runtime.spawn(async move {
        if let Ok(listener) = tokio::net::TcpListener::from_std(std_listener) {
            let _ = axum::serve(listener, app).await;
        }
    });
    Ok(ServerHandle {
        addr,
        _runtime: runtime,
        _watcher: watcher,
    })
}

/// Watch the site's sources and rebuild on change, on a thread of its own.
fn start_watcher(
    mut builder: Builder,
    shared: Arc<Shared>,
) -> Result<
    notify_debouncer_full::Debouncer<
        notify::RecommendedWatcher,
        notify_debouncer_full::RecommendedCache,
    >,
    Diagnostic,
> {
    use notify::RecursiveMode;
    let root = builder.root.clone();
    let (tx, rx) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let watch_root = root.clone();
    let mut debouncer = notify_debouncer_full::new_debouncer(
        Duration::from_millis(30),
        None,
        move |result: notify_debouncer_full::DebounceEventResult| {
            let Ok(events) = result else { return };
            let mut paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| !e.kind.is_access())
                .flat_map(|e| e.paths.iter().cloned())
                .filter(|p| is_source(&watch_root, p))
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                let _ = tx.send(paths);
            }
        },
    )
    .map_err(|e| Diagnostic::error(format!("cannot watch the site: {e}")))?;
    for dir in ["content", "themes", "i18n", "static", "templates"] {
        let path = root.join(dir);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| Diagnostic::error(format!("cannot watch {dir}/: {e}")))?;
        }
    }
    let config = root.join(crate::config::CONFIG_FILE);
    debouncer
        .watch(&config, RecursiveMode::NonRecursive)
        .map_err(|e| Diagnostic::error(format!("cannot watch herald.yaml: {e}")))?;

    std::thread::spawn(move || {
        while let Ok(mut changed) = rx.recv() {
            // Editors save in bursts; take everything that is already queued.
            while let Ok(more) = rx.try_recv() {
                changed.extend(more);
            }
            changed.sort();
            changed.dedup();
            let started = Instant::now();
            let result = builder.rebuild(&changed);
            let ms = started.elapsed().as_millis();
            // The replaced site is freed after the lock is released (declared first, so
            // dropped last): freeing thousands of pages under the write lock stalled requests.
            let mut _replaced = None;
            let Ok(mut current) = shared.current.write() else {
                break;
            };
            match result {
                Ok((rebuilt, warnings)) => {
                    print(&warnings);
                    if let Rebuilt::Unchanged = rebuilt {
                        eprintln!("unchanged: 0 files in {ms} ms");
                        continue;
                    }
                    let (kind, files) = match rebuilt {
                        Rebuilt::Full(output) => {
                            let n = output.len();
                            _replaced = Some(std::mem::replace(&mut current.output, output));
                            ("rebuilt the site", n)
                        }
                        Rebuilt::Partial(files) => {
                            let n = files.len();
                            current.output.merge(files);
                            ("re-rendered", n)
                        }
                        Rebuilt::Unchanged => continue,
                    };
                    let partial = kind == "re-rendered";
                    current.error = None;
                    eprintln!("{kind}: {files} files in {ms} ms");
                    let _ = shared.events.send(r#"{"type":"reload"}"#.to_string());
                    // After an incremental render the page is served at once (the author
                    // sees the edit); the site-wide rules then run on the merged output
                    // under a read lock, so requests are not held up, and what they find
                    // is shown over the page. On a site where they take longer than
                    // CHECK_BUDGET they wait for the next full rebuild instead.
                    drop(current);
                    if partial
                        && builder.check_time <= CHECK_BUDGET
                        && let Some(site) = &builder.site
                    {
                        let found = match shared.current.read() {
                            Ok(current) => site.check(&current.output),
                            Err(_) => break,
                        };
                        let mut all = crate::diagnostic::Diagnostics(found);
                        all.sort();
                        if all.has_errors() {
                            print(&all.0);
                            let text = render_text(&all.0);
                            if let Ok(mut current) = shared.current.write() {
                                current.error = Some(text.clone());
                            }
                            let msg =
                                serde_json::json!({"type": "error", "text": text}).to_string();
                            let _ = shared.events.send(msg);
                        }
                    }
                }
                Err(errors) => {
                    print(&errors);
                    eprintln!("the last good version stays served until this is fixed");
                    let text = render_text(&errors);
                    current.error = Some(text.clone());
                    let msg = serde_json::json!({"type": "error", "text": text}).to_string();
                    let _ = shared.events.send(msg);
                }
            }
        }
    });
    Ok(debouncer)
}

/// True for files whose change should trigger a rebuild (not editor swap files, not output).
fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name.starts_with('#');
    !hidden && !temp
}

/// The largest request head (request line and headers) answered. A browser's is a few
/// KiB; hyper itself refuses heads over about 400 KiB with 431 before any handler runs.
pub const MAX_HEAD_BYTES: usize = 16 * 1024;

/// Refuse requests no preview needs before anything reads them: any request body (the
/// server only answers GET and HEAD, and never reads a body, so none is buffered; the
/// connection is closed rather than drained) and heads over [`MAX_HEAD_BYTES`].
async fn refuse_oversized(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let headers = request.headers();
    let has_body = headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .is_some_and(|v| v.as_bytes() != b"0");
    if has_body {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            [(header::CONNECTION, "close")],
            "herald serve accepts no request body\n",
        )
            .into_response();
    }
    let head = request.uri().to_string().len()
        + headers
            .iter()
            .map(|(name, value)| name.as_str().len() + value.len() + 4)
            .sum::<usize>();
    if head > MAX_HEAD_BYTES {
        return (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            [(header::CONNECTION, "close")],
            "request headers too large\n",
        )
            .into_response();
    }
    next.run(request).await
}

async fn livereload(ws: WebSocketUpgrade, State(shared): State<Arc<Shared>>) -> Response {
    let rx = shared.events.subscribe();
    // The page's script only listens; anything a client sends is never read, and a frame
    // above 4 KiB is refused instead of buffered (tungstenite allows 16 MiB by default).
    ws.max_frame_size(4096)
        .max_message_size(4096)
        .on_upgrade(move |socket| forward(socket, rx))
}

async fn forward(mut socket: WebSocket, mut rx: broadcast::Receiver<String>) {
    loop {
        match rx.recv().await {
            Ok(msg) => {
                if socket.send(Message::Text(msg.into())).await.is_err() {
                    break;
                }
            }
            Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(broadcast::error::RecvError::Closed) => break,
        }
    }
}

async fn serve_path(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let Some(path) = safe_path(uri.path()) else {
        return (StatusCode::BAD_REQUEST, "bad path").into_response();
    };
    let lookup = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    // Take what is needed under the lock and answer after releasing it. Rendered files are
    // copied once, straight into the response body (with the live-reload script for HTML).
    enum Found {
        File(StatusCode, String, Body),
        Redirect,
        Nothing(Option<String>),
    }
    let found = {
        let Ok(current) = shared.current.read() else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let error = current.error.as_deref();
        let lang = path.split('/').next().unwrap_or("");
        let file = |status, p: String, file: &OutFile| {
            let body = Body::of(&p, file, error);
            Found::File(status, p, body)
        };
        if let Some(f) = current.output.get(&lookup) {
            file(StatusCode::OK, lookup.clone(), f)
        } else if !path.is_empty()
            && !path.ends_with('/')
            && current.output.get(&format!("{path}/index.html")).is_some()
        {
            Found::Redirect
        } else {
            // The 404 page in the language of the path.
            [format!("{lang}/404.html"), "404.html".to_string()]
                .into_iter()
                .find_map(|p| {
                    let f = current.output.get(&p)?;
                    Some(file(StatusCode::NOT_FOUND, p, f))
                })
                .unwrap_or_else(|| Found::Nothing(current.error.clone()))
        }
    };
    match found {
        Found::File(status, p, body) => respond(status, &p, body).await,
        Found::Redirect => {
            let location = format!("{}/", uri.path());
            (
                StatusCode::MOVED_PERMANENTLY,
                [(header::LOCATION, location)],
            )
                .into_response()
        }
        Found::Nothing(error) => {
            let body = match error {
                Some(e) => inject(
                    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>herald</title></head><body></body></html>",
                    Some(&e),
                ),
                None => "not found".to_string(),
            };
            (
                StatusCode::NOT_FOUND,
                [(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                )],
                body,
            )
                .into_response()
        }
    }
}

/// A response body: rendered bytes ready to send, or a static file to read.
enum Body {
    Ready(Vec<u8>),
    Disk(PathBuf, Option<String>),
}

impl Body {
    /// The body for output file `file` at `path`; HTML gets the live-reload script.
    fn of(path: &str, file: &OutFile, error: Option<&str>) -> Body {
        match file {
            OutFile::Bytes(b) if is_html(path) => {
                Body::Ready(inject(&String::from_utf8_lossy(b), error).into_bytes())
            }
            OutFile::Bytes(b) => Body::Ready(b.clone()),
            // Serve renders in memory, so nothing is `Written`; were it, it is a file too.
            OutFile::Copy(src) | OutFile::Written(src) => {
                Body::Disk(src.clone(), error.map(str::to_string))
            }
        }
    }
}

fn is_html(path: &str) -> bool {
    content_type(path).starts_with("text/html")
}

async fn respond(status: StatusCode, path: &str, body: Body) -> Response {
    let bytes = match body {
        Body::Ready(b) => b,
        // Copies name files the build found inside the site, never a requested path. Read
        // without blocking the runtime's worker threads.
        Body::Disk(src, error) => match tokio::fs::read(&src).await {
            Ok(b) if is_html(path) => {
                inject(&String::from_utf8_lossy(&b), error.as_deref()).into_bytes()
            }
            Ok(b) => b,
            Err(_) => return StatusCode::NOT_FOUND.into_response(),
        },
    };
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(path)),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}

/// Media type and charset by extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "geojson" => "application/geo+json",
        "xml" => {
            if path.ends_with("atom.xml") {
                "application/atom+xml; charset=utf-8"
            } else {
                "application/xml; charset=utf-8"
            }
        }
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Decode a request path and refuse anything that could climb: `..`, `.`, backslashes,
/// NUL, and their percent-encoded forms (decoding happens before the check).
pub fn safe_path(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(decoded).ok()?;
    if path.contains(['\\', '\0']) || !path.starts_with('/') {
        return None;
    }
    let rel = &path[1..];
    if rel
        .split('/')
        .any(|seg| seg == ".." || seg == "." || seg.contains(':'))
        || rel.contains("//")
        || rel.starts_with('/')
    {
        return None;
    }
    Some(rel.to_string())
}

/// Add the live-reload script (and the current error, if any) to an HTML page.
fn inject(html: &str, error: Option<&str>) -> String {
    let error_js = match error {
        Some(e) => format!(
            "window.__heraldError={};",
            crate::render::views::script_json(&serde_json::Value::String(e.to_string()))
        ),
        None => String::new(),
    };
    let script = format!(
        "<script>{error_js}(function(){{function show(m){{var d=document.getElementById('herald-error');if(!d){{d=document.createElement('div');d.id='herald-error';d.setAttribute('role','alert');d.style.cssText='position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;background:rgba(4,28,43,.95);color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap';document.body.appendChild(d)}}d.textContent='herald: the last build failed; showing the last good version underneath.\\n\\n'+m}}if(window.__heraldError)show(window.__heraldError);function connect(){{var w=new WebSocket((location.protocol==='https:'?'wss://':'ws://')+location.host+'{LIVERELOAD_PATH}');w.onmessage=function(e){{var m=JSON.parse(e.data);if(m.type==='reload')location.reload();else if(m.type==='error')show(m.text)}};w.onclose=function(){{setTimeout(connect,1000)}}}}connect()}})();</script>"
    );
    match html.rfind("</body>") {
        Some(i) => format!("{}{script}{}", &html[..i], &html[i..]),
        None => format!("{html}{script}"),
    }
}

/// Serve until interrupted (the CLI).
pub fn run(opts: ServeOptions) -> Result<(), Diagnostic> {
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} makes the preview reachable from other machines; use --bind 127.0.0.1 to keep it local",
            opts.bind
        );
    }
    let handle = start(opts, true)?;
    let host = match handle.addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    println!(
        "serving http://{host}:{}/ (Ctrl-C to stop)",
        handle.addr.port()
    );
    loop {
        std::thread::park();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_without_change_does_nothing_unless_the_last_rebuild_failed() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        crate::init::init(&root).unwrap();
        let mut builder = Builder {
            root: root.clone(),
            opts: BuildOptions::default(),
            site: None,
            cache: RenderCache::default(),
            check_time: Duration::ZERO,
            failed: false,
        };
        assert!(builder.full().is_ok());
        let file = root.join("content/news/welcome.vi.md");
        let good = std::fs::read_to_string(&file).unwrap();
        let outcome = |b: &mut Builder| match b.rebuild(std::slice::from_ref(&file)) {
            Ok((Rebuilt::Unchanged, _)) => "unchanged",
            Ok((Rebuilt::Partial(_), _)) => "partial",
            Ok((Rebuilt::Full(_), _)) => "full",
            Err(_) => "error",
        };

        assert_eq!(outcome(&mut builder), "unchanged");
        std::fs::write(&file, good.replace("Đây là trang", "Đây là một trang")).unwrap();
        assert_eq!(outcome(&mut builder), "partial");
        assert_eq!(outcome(&mut builder), "unchanged");
        std::fs::write(&file, "---\ntitle: [\n---\n").unwrap();
        assert_eq!(outcome(&mut builder), "error");
        // The text the site last built again: still a change, since the error must go.
        std::fs::write(&file, good.replace("Đây là trang", "Đây là một trang")).unwrap();
        assert_eq!(outcome(&mut builder), "partial");
    }

    /// The repository's sample site (sections with taxonomies, tags, both languages) copied
    /// to `root`.
    fn sample_site(root: &Path) {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for part in ["herald.yaml", "content", "i18n", "static", "themes"] {
            for entry in walkdir::WalkDir::new(repo.join(part)) {
                let entry = entry.unwrap();
                let to = root.join(entry.path().strip_prefix(repo).unwrap());
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(&to).unwrap();
                } else {
                    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                    std::fs::copy(entry.path(), &to).unwrap();
                }
            }
        }
    }

    fn builder(root: &Path) -> Builder {
        Builder {
            root: root.to_path_buf(),
            opts: BuildOptions::default(),
            site: None,
            cache: RenderCache::default(),
            check_time: Duration::ZERO,
            failed: false,
        }
    }

    fn bytes_of(file: &OutFile) -> Vec<u8> {
        match file {
            OutFile::Bytes(bytes) => bytes.clone(),
            OutFile::Copy(path) | OutFile::Written(path) => std::fs::read(path).unwrap(),
        }
    }

    #[test]
    fn an_incremental_rebuild_gives_the_files_a_full_build_gives() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        sample_site(&root);
        let mut incremental = builder(&root);
        assert!(incremental.full().is_ok());
        let file = root.join("content/investment/dung-quat-refinery.en.md");
        let text = std::fs::read_to_string(&file).unwrap();
        // A body edit keeps the page's place in its lists and terms (the taxonomies of the
        // last render are reused); an older date moves it behind the economic zone's page
        // in the Bình Sơn district's list (they are built again).
        let edits = [
            (
                "body",
                format!("{text}\nOne more sentence, added in an edit.\n"),
            ),
            ("date", text.replace("date: 2020-09-20", "date: 2019-01-01")),
        ];
        for (what, edited) in edits {
            assert_ne!(edited, text);
            std::fs::write(&file, &edited).unwrap();
            let partial = match incremental.rebuild(std::slice::from_ref(&file)) {
                Ok((Rebuilt::Partial(output), _)) => output,
                _ => panic!("the {what} edit was not rebuilt incrementally"),
            };
            let (full, _) = builder(&root).full().unwrap();
            assert!(partial.len() > 3, "{} files", partial.len());
            for path in partial.paths() {
                let expected = full.get(path).map(bytes_of);
                assert!(
                    expected.as_deref() == partial.get(path).map(bytes_of).as_deref(),
                    "{path} after the {what} edit differs from a full build's"
                );
            }
        }
    }

    #[test]
    fn traversal_in_any_encoding_is_refused() {
        for bad in [
            "/../herald.yaml",
            "/vi/../../etc/passwd",
            "/%2e%2e/herald.yaml",
            "/vi/%2E%2E%2F%2E%2E%2Fherald.yaml",
            "/..%5cherald.yaml",
            "/a\\b",
            "/%00",
            "//etc/passwd",
            "/C:/Windows",
            "/%zz",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
        assert_eq!(
            safe_path("/vi/d%E1%BA%A7u-tu/").as_deref(),
            Some("vi/dầu-tu/")
        );
        assert_eq!(safe_path("/").as_deref(), Some(""));
    }

    #[test]
    fn script_goes_before_body_end() {
        let html = inject("<html><body><p>x</p></body></html>", None);
        assert!(html.contains("</p><script>"));
        assert!(html.ends_with("</script></body></html>"));
    }

    #[test]
    fn an_error_text_cannot_close_or_comment_out_the_overlay_script() {
        let html = inject(
            "<body></body>",
            Some("title: </script><script>alert(1)</script> <!--<script> & more"),
        );
        let script = &html[html.find("<script>").unwrap() + 8..html.rfind("</script>").unwrap()];
        assert!(!script.contains(['<', '>']), "{script}");
        assert!(script.contains("\\u003c/script\\u003e"));
    }
}

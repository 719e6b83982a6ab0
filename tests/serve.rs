//! `herald serve` on an ephemeral port, and `herald new`.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use common::{SiteTest, page};
use herald::serve::{ServeOptions, start};

struct Response {
    status: u16,
    headers: String,
    body: String,
}

/// A plain HTTP/1.1 GET: the path goes on the wire exactly as given (no normalization).
fn get(addr: SocketAddr, path: &str) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Response {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

/// Poll `path` until its body satisfies `ok` (the watcher rebuilds asynchronously).
fn wait_for(addr: SocketAddr, path: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let body = get(addr, path).body;
        if ok(&body) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting on {path}:\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn serve(t: &SiteTest, watch: bool) -> herald::serve::ServerHandle {
    start(
        ServeOptions {
            root: t.root(),
            bind: "127.0.0.1".parse().unwrap(),
            port: 0,
            drafts: false,
        },
        watch,
    )
    .unwrap()
}

#[test]
fn serves_pages_with_types_livereload_and_localized_404() {
    let t = SiteTest::new();
    let server = serve(&t, false);
    let r = get(server.addr, "/vi/tin-tuc/chao-mung/");
    assert_eq!(r.status, 200);
    assert!(r.headers.contains("content-type: text/html; charset=utf-8"));
    assert!(r.body.contains("Đây là trang đầu tiên"));
    assert!(
        r.body.contains("/__herald/livereload"),
        "serve injects the reload script"
    );
    // Links point at the local server, not the production host.
    assert!(
        r.body
            .contains(&format!("http://{}/vi/tin-tuc/chao-mung/", server.addr))
    );
    assert!(
        get(server.addr, "/sitemap.xml")
            .headers
            .contains("application/xml")
    );
    assert!(
        get(server.addr, "/en/atom.xml")
            .headers
            .contains("application/atom+xml")
    );
    let redirect = get(server.addr, "/vi/tin-tuc");
    assert_eq!(redirect.status, 301);
    assert!(redirect.headers.contains("location: /vi/tin-tuc/"));
    let missing = get(server.addr, "/en/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<html lang=\"en\""));
    let missing_vi = get(server.addr, "/vi/khong-co/");
    assert!(missing_vi.body.contains("<html lang=\"vi\""));
    // The build's own output never carries the script.
    t.build_ok();
    assert!(!t.read("vi/index.html").contains("livereload"));
}

#[test]
fn traversal_never_reaches_the_disk() {
    let t = SiteTest::new();
    let server = serve(&t, false);
    for path in [
        "/../herald.yaml",
        "/%2e%2e/herald.yaml",
        "/vi/..%2f..%2fherald.yaml",
        "/..%5cherald.yaml",
        "/static/../../herald.yaml",
        "/%2fetc%2fpasswd",
    ] {
        let r = get(server.addr, path);
        assert!(r.status == 400 || r.status == 404, "{path}: {}", r.status);
        assert!(
            !r.body.contains("default_language"),
            "{path} leaked herald.yaml"
        );
    }
}

#[test]
fn an_edit_is_served_and_a_broken_edit_keeps_the_last_good_page() {
    let t = SiteTest::new();
    let server = serve(&t, true);
    let path = "/vi/tin-tuc/chao-mung/";
    assert!(
        get(server.addr, path)
            .body
            .contains("Đây là trang đầu tiên")
    );

    t.edit(
        "content/news/welcome.vi.md",
        "Đây là trang đầu tiên",
        "Nội dung đã sửa",
    );
    wait_for(server.addr, path, |b| b.contains("Nội dung đã sửa"));
    // The section list shows the edited page too.
    t.edit(
        "content/news/welcome.vi.md",
        "title: \"Chào mừng\"",
        "title: \"Chào mừng mới\"",
    );
    wait_for(server.addr, "/vi/tin-tuc/", |b| b.contains("Chào mừng mới"));

    // An edit that breaks a link elsewhere (the English page links to this heading) is
    // shown over the page by the same rules `build` runs.
    t.edit("content/news/welcome.vi.md", "## Giới thiệu", "## Mở đầu");
    let body = wait_for(server.addr, path, |b| b.contains("window.__heraldError="));
    assert!(body.contains("anchor-missing"), "{body}");
    t.edit("content/news/welcome.vi.md", "## Mở đầu", "## Giới thiệu");
    wait_for(server.addr, path, |b| !b.contains("window.__heraldError="));

    t.file("content/news/welcome.vi.md", "---\ntitle: [\n---\n");
    let body = wait_for(server.addr, path, |b| b.contains("window.__heraldError="));
    assert!(body.contains("Nội dung đã sửa"), "last good page stays");
    assert!(
        body.contains("content/news/welcome.vi.md:2:8"),
        "the error is shown"
    );

    t.file(
        "content/news/welcome.vi.md",
        &page(
            "title: Đã sửa xong\ndate: 2026-01-01\nslug: chao-mung",
            "## Giới thiệu\n\nĐã khôi phục.",
        ),
    );
    let body = wait_for(server.addr, path, |b| b.contains("Đã khôi phục."));
    assert!(!body.contains("window.__heraldError="));
}

#[test]
fn templates_and_new_files_rebuild_the_whole_site() {
    let t = SiteTest::new();
    let server = serve(&t, true);
    t.file(
        "content/news/second.vi.md",
        &page("title: Bài thứ hai", "Mới."),
    );
    wait_for(server.addr, "/vi/tin-tuc/second/", |b| b.contains("Mới."));
    t.append("i18n/en/site.ftl", "nav-home = Front page\n");
    wait_for(server.addr, "/en/", |b| b.contains("Front page"));
}

#[test]
fn new_creates_the_page_in_every_language_from_the_schema() {
    let t = SiteTest::new();
    t.append(
        "herald.yaml",
        "sections:\n  news:\n    kind: news\n    fields:\n      place: {type: text}\n      event_date: {type: date, required: true}\n",
    );
    let run = t.run(&["new", "news", "Hội nghị xúc tiến đầu tư Quảng Ngãi"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("hoi-nghi-xuc-tien-dau-tu-quang-ngai.vi.md")
    );
    assert!(
        run.stdout
            .contains("hoi-nghi-xuc-tien-dau-tu-quang-ngai.en.md")
    );
    let vi = std::fs::read_to_string(
        t.root()
            .join("content/news/hoi-nghi-xuc-tien-dau-tu-quang-ngai.vi.md"),
    )
    .unwrap();
    assert!(vi.contains("title: \"Hội nghị xúc tiến đầu tư Quảng Ngãi\""));
    assert!(vi.contains("draft: true"));
    assert!(vi.contains("# place: \"\"  # text"));
    assert!(vi.contains("event_date:  # required: a date"));
    // The translation records the version of its source it starts from.
    let en = std::fs::read_to_string(
        t.root()
            .join("content/news/hoi-nghi-xuc-tien-dau-tu-quang-ngai.en.md"),
    )
    .unwrap();
    assert!(en.contains("translated_from: \""), "{en}");
    assert!(!vi.contains("translated_from"));
    // The required field is named by the build until it is filled in.
    let errors = t.build_err();
    common::find(
        &errors,
        &["hoi-nghi-xuc-tien-dau-tu-quang-ngai.vi.md", "`event_date`"],
    );
    // Once the required field is filled in, the site builds; writing the Vietnamese text
    // makes the English copy a stale translation.
    for lang in ["vi", "en"] {
        t.edit(
            &format!("content/news/hoi-nghi-xuc-tien-dau-tu-quang-ngai.{lang}.md"),
            "event_date:  # required: a date",
            "event_date: 2021-03-15",
        );
    }
    for lang in ["vi", "en"] {
        t.edit(
            &format!("content/news/welcome.{lang}.md"),
            "date: 2026-01-01",
            "date: 2026-01-01\nevent_date: 2026-01-01",
        );
    }
    t.append(
        "content/news/hoi-nghi-xuc-tien-dau-tu-quang-ngai.vi.md",
        "Hội nghị diễn ra tại thành phố Quảng Ngãi.\n",
    );
    t.append(
        "i18n/vi/site.ftl",
        "field-event_date = Ngày\nfield-place = Nơi\n",
    )
    .append(
        "i18n/en/site.ftl",
        "field-event_date = Date\nfield-place = Place\n",
    );
    // The new page is a draft: check it as the author previewing drafts would.
    let opts = herald::BuildOptions {
        drafts: true,
        ..herald::BuildOptions::default()
    };
    let report = herald::check(&t.root(), &opts);
    let text: Vec<String> = report.diagnostics.iter().map(|d| d.render(false)).collect();
    assert!(
        text.iter().any(|d| d.contains("translation-stale")
            && d.contains("hoi-nghi-xuc-tien-dau-tu-quang-ngai.en.md")),
        "{text:#?}"
    );
    // Never overwrites.
    let again = t.run(&["new", "news", "Hội nghị xúc tiến đầu tư Quảng Ngãi"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already exists"));
}

#[test]
fn new_uses_the_sites_archetype_and_refuses_unknown_sections() {
    let t = SiteTest::new();
    t.file(
        "archetypes/news.md",
        "---\ntitle: {{ title }}\ndate: {{ date }}\nsummary: \"({{ lang }})\"\n---\nViết ở đây.\n",
    );
    let run = t.run(&["new", "news", "Đoàn công tác Nhật Bản"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let en = std::fs::read_to_string(t.root().join("content/news/doan-cong-tac-nhat-ban.en.md"))
        .unwrap();
    assert!(en.contains("summary: \"(en)\"") && en.contains("Viết ở đây."));
    t.build_ok();
    let bad = t.run(&["new", "nowhere", "X"]);
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("no section `nowhere`"));
    assert!(t.run(&["new", "../..", "X"]).stderr.contains("no section"));
}

/// Write `head` then `body_len` zero bytes (64 KiB at a time, never all in memory) until
/// the server stops reading; returns the bytes it took and the status it answered, if the
/// answer arrived before the connection was reset.
fn send_oversized(addr: SocketAddr, head: &[u8], body_len: usize) -> (usize, Option<u16>) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut sent = 0;
    let chunk = vec![0u8; 64 * 1024];
    let mut ok = true;
    for part in head.chunks(64 * 1024) {
        if stream.write_all(part).is_err() {
            ok = false;
            break;
        }
        sent += part.len();
    }
    while ok && sent < head.len() + body_len {
        let n = chunk.len().min(head.len() + body_len - sent);
        match stream.write(&chunk[..n]) {
            Ok(0) | Err(_) => break,
            Ok(n) => sent += n,
        }
    }
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let status = String::from_utf8_lossy(&raw)
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok());
    (sent, status)
}

#[test]
fn huge_headers_and_bodies_are_refused_not_buffered() {
    let t = SiteTest::new();
    let server = serve(&t, false);
    let addr = server.addr;

    // A 1 MiB header: refused with 431, or the connection reset (the kernel may have taken
    // the whole header into its buffers, and closing with unread data resets).
    let mut head = format!("GET /vi/ HTTP/1.1\r\nHost: {addr}\r\nX-Big: ").into_bytes();
    head.extend(std::iter::repeat_n(b'a', 1024 * 1024));
    head.extend(b"\r\n\r\n");
    let (_, status) = send_oversized(addr, &head, 0);
    assert!(
        matches!(status, None | Some(431)),
        "1 MiB header answered {status:?}"
    );

    // A 20 KiB header: under hyper's limit, over herald's.
    let head = format!(
        "GET /vi/ HTTP/1.1\r\nHost: {addr}\r\nX-Big: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    assert_eq!(send_oversized(addr, head.as_bytes(), 0).1, Some(431));

    // A 100 MiB body, on GET and on POST: refused with 413 or the connection closed, and
    // most of it never read.
    for method in ["GET", "POST"] {
        let len = 100 * 1024 * 1024;
        let head =
            format!("{method} /vi/ HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {len}\r\n\r\n");
        let (sent, status) = send_oversized(addr, head.as_bytes(), len);
        assert!(
            matches!(status, None | Some(413)),
            "{method} with a body answered {status:?}"
        );
        assert!(
            sent < len / 2,
            "{method}: the server read {sent} bytes of a body it does not need"
        );
        // A chunked body too.
        let head =
            format!("{method} /vi/ HTTP/1.1\r\nHost: {addr}\r\nTransfer-Encoding: chunked\r\n\r\n");
        let (_, status) = send_oversized(addr, head.as_bytes(), 0);
        assert!(matches!(status, None | Some(413)), "chunked: {status:?}");
    }

    // The server still answers.
    let r = get(addr, "/vi/");
    assert_eq!(r.status, 200);
}

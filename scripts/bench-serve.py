#!/usr/bin/env python3
"""Time from saving a page to serving its rebuilt output, with `herald serve`.

usage: scripts/bench-serve.py [PAGES_PER_LANGUAGE]   (default 5000, i.e. 10,000 pages)

Generates a synthetic bilingual site with scripts/gen-site.py, starts the release binary's
`serve` on it, then edits one page ten times and polls the page over HTTP until the edit
shows. The figure includes the watcher's debounce and the HTTP round trip: it is what an
author waits for. Also times one template edit (a full rebuild) for comparison.
Build first: cargo build --release.
"""
import os, statistics, subprocess, sys, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
per_lang = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
site = f"/tmp/herald-bench-{per_lang}"
subprocess.run([sys.executable, os.path.join(ROOT, "scripts/gen-site.py"), site, str(per_lang)], check=True)
port = 18000 + per_lang % 1000
log = open(f"{site}.serve.log", "w")
server = subprocess.Popen([os.path.join(ROOT, "target/release/herald"), "serve", "--root", site, "--port", str(port)],
                          stdout=subprocess.PIPE, stderr=log, text=True)


def fetch(path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
            return r.read().decode()
    except Exception:
        return ""


def wait_for(path, token, limit=120):
    start = time.perf_counter()
    while token not in fetch(path):
        if time.perf_counter() - start > limit:
            raise SystemExit(f"timed out waiting for {token} in {path}")
    return time.perf_counter()


try:
    t0 = time.perf_counter()
    # The server's warnings go to a log file: a full pipe would stall it.
    for line in server.stdout:
        if line.startswith("serving"):
            print(f"listening after {time.perf_counter() - t0:.2f} s (initial build and check)")
            break
    page = os.path.join(site, "content/investment/p0.en.md")
    url = "/en/investment/p0/"
    original = open(page).read()
    times = []
    for i in range(10):
        token = f"edit-marker-{i}"
        start = time.perf_counter()
        with open(page, "w") as f:
            f.write(original.replace("\n\n## ", f"\n\n{token}\n\n## ", 1))
        times.append((wait_for(url, token) - start) * 1000)
        time.sleep(0.2)
    print(f"page edit -> served, {2 * per_lang} pages: median {statistics.median(times):.0f} ms, "
          f"min {min(times):.0f} ms, max {max(times):.0f} ms over {len(times)} edits")
    # A save without a change (an editor's Ctrl+S, a `touch`): the server notices and does
    # nothing. Its own figure is in its log ("unchanged: 0 files in N ms").
    current = open(page).read()
    for i in range(10):
        with open(page, "w") as f:
            f.write(current)
        time.sleep(0.3)
    log.flush()

    def server_ms(kind):
        figures = []
        for line in open(f"{site}.serve.log"):
            if line.startswith(kind + ":"):
                figures.append(int(line.rsplit(" in ", 1)[1].split()[0]))
        return figures

    rendered, unchanged = server_ms("re-rendered"), server_ms("unchanged")
    if rendered:
        print(f"page edit, server side: median {statistics.median(rendered):.0f} ms over {len(rendered)}")
    if unchanged:
        print(f"save without change, server side: median {statistics.median(unchanged):.0f} ms, "
              f"max {max(unchanged)} ms over {len(unchanged)}")
    base = os.path.join(site, "themes/default/templates/page.html")
    text = open(base).read()
    start = time.perf_counter()
    with open(base, "w") as f:
        f.write(text.replace("</article>", "<!-- template-marker --></article>", 1))
    full = (wait_for(url, "template-marker") - start) * 1000
    print(f"template edit (full rebuild) -> served: {full:.0f} ms")
finally:
    server.terminate()

// Site search in Chromium: the sample site built under a sub-path, served from 127.0.0.1
// by a tiny static server with a strict Content-Security-Policy, searched as readers do.
//
//   node --test tests/browser/search.test.mjs
//
// Needs: a built herald (HERALD, else the newer of target/release and target/debug),
// Debian's Chromium (CHROMIUM, else /usr/bin/chromium) and playwright-core, found as a
// package of tests/browser (its package.json) or in PLAYWRIGHT_DIR (a folder whose
// node_modules holds it: `npm install playwright-core@1.65.1` in a scratch folder). No
// browser is downloaded. Without Chromium or playwright-core the browser tests are skipped.
//
// Standalone on purpose, so it can be folded into the browser-test harness (nginx +
// playwright-core) later: only `serve()` would change.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { excerptStart, foldQuery, unfold, unfoldWord } from '../../themes/default/static/js/search.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The site lives under a sub-path, as on a department's shared server. */
const BASE = '/so-ngoai-vu/';
/** What deploy/nginx.conf is expected to send, plus what WebAssembly needs. */
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self' 'wasm-unsafe-eval'; " +
  "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.xml': 'application/xml; charset=utf-8',
};

async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch {
    const dir = process.env.PLAYWRIGHT_DIR;
    if (!dir) return null;
    return createRequire(path.join(path.resolve(dir), 'package.json'))('playwright-core');
  }
}

/** HERALD, else the most recently built of target/{release,debug}/herald. */
function heraldBinary() {
  if (process.env.HERALD) return path.resolve(process.env.HERALD);
  const built = ['target/release/herald', 'target/debug/herald']
    .map((c) => path.join(REPO, c))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!built.length) throw new Error('no herald binary: run `cargo build` or set HERALD');
  return built[0];
}

/** A static server for `dir` under BASE on 127.0.0.1; `requests` records every URL asked. */
function serve(dir, requests) {
  const server = createServer((req, res) => {
    requests.push(req.url);
    const url = new URL(req.url, 'http://127.0.0.1');
    const headers = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' };
    if (!url.pathname.startsWith(BASE)) {
      res.writeHead(404, headers).end();
      return;
    }
    let file = path.join(dir, decodeURIComponent(url.pathname.slice(BASE.length)));
    if (!file.startsWith(dir)) {
      res.writeHead(400, headers).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, headers).end();
      return;
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { ...headers, 'Content-Type': type }).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('folding in the search script (no browser)', () => {
  test('the query is folded as the index is', () => {
    assert.equal(foldQuery('Đầu tư Quảng Ngãi'), 'Dầu tư Quảng Ngãi');
    // NFD input (macOS, PDFs) is composed first.
    assert.equal(foldQuery('đa\u0300'.normalize('NFD')), 'dà');
  });
  test('marked words get their đ back, others are untouched', () => {
    assert.equal(unfoldWord('Dầu`+'), 'Đầu');
    assert.equal(unfoldWord('(dỏ-den),`++'), '(đỏ-đen),');
    assert.equal(unfoldWord('ddD`-+-'), 'dđD');
    assert.equal(unfoldWord('dd`+'), 'dd`+');
    assert.equal(unfoldWord('a`b'), 'a`b');
    assert.equal(unfold('Dảo`+ Lý Sơn dón`+  doàn`+'), 'Đảo Lý Sơn đón  đoàn');
  });
  test('the excerpt window holds the densest matches', () => {
    const at = (...locations) => locations.map((location) => ({ location, balanced_score: 1 }));
    assert.equal(excerptStart(10, at(3), 30), 0);
    assert.equal(excerptStart(100, at(50, 52), 10), 47);
    assert.equal(excerptStart(100, at(0), 10), 0);
    assert.equal(excerptStart(100, at(99), 10), 90);
  });
});

describe('search in Chromium', async () => {
  const playwright = await loadPlaywright();
  const skip = !playwright
    ? 'playwright-core not found (tests/browser/package.json or PLAYWRIGHT_DIR)'
    : !existsSync(CHROMIUM)
      ? `no Chromium at ${CHROMIUM}`
      : false;
  let tmp;
  let server;
  let browser;
  const requests = [];
  let origin;

  before(async () => {
    if (skip) return;
    tmp = mkdtempSync(path.join(os.tmpdir(), 'herald-search-'));
    const out = path.join(tmp, 'site');
    const build = spawnSync(
      heraldBinary(),
      ['build', '--root', REPO, '--output', out, '--base-url', `http://127.0.0.1${BASE}`],
      { encoding: 'utf8' },
    );
    assert.equal(build.status, 0, build.stderr);
    server = await serve(out, requests);
    origin = `http://127.0.0.1:${server.address().port}`;
    browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: FLAGS, chromiumSandbox: false });
  });

  after(async () => {
    await browser?.close();
    server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** A fresh page that fails the test on script errors and CSP violations. */
  async function open(t, address) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    t.after(() => context.close());
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(`${origin}${BASE}`) && !r.url().startsWith('data:')) problems.push(`request: ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    t.after(() => assert.deepEqual(problems, [], `problems on ${address}`));
    await page.goto(`${origin}${BASE}${address}`);
    return page;
  }

  /** The number of results the live region announced. */
  async function announced(page) {
    await page.waitForFunction(() => /\d/.test(document.getElementById('search-status').textContent));
    return Number((await page.locator('#search-status').textContent()).match(/\d+/)[0]);
  }

  /** Every result, asking for more until there are no more. */
  async function allResults(page) {
    await results(page);
    const more = page.locator('#search-more');
    while (await more.isVisible()) {
      const n = await page.locator('.search-result').count();
      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll('.search-result').length > n, n);
    }
    return results(page);
  }

  async function results(page) {
    await page.locator('.search-result').first().waitFor({ timeout: 15000 });
    return page.locator('.search-result').evaluateAll((items) =>
      items.map((li) => ({
        section: li.querySelector('.search-result-section')?.textContent ?? '',
        title: li.querySelector('.search-result-title a').textContent,
        href: li.querySelector('.search-result-title a').getAttribute('href'),
        excerpt: li.querySelector('.search-result-excerpt').textContent,
        marks: [...li.querySelectorAll('mark')].map((m) => m.textContent),
      })),
    );
  }

  test('“quang ngai” without accents finds Quảng Ngãi in Vietnamese', { skip }, async (t) => {
    const page = await open(t, 'vi/search/?q=quang%20ngai');
    const found = await results(page);
    assert.ok(found.length >= 3, JSON.stringify(found));
    assert.equal(await page.locator('#search-q').inputValue(), 'quang ngai');
    const status = page.locator('#search-status');
    const count = await announced(page);
    assert.ok(count >= found.length);
    assert.equal(await status.textContent(), `${count} kết quả cho “quang ngai”`);
    assert.equal(await status.getAttribute('role'), 'status');
    for (const r of found) {
      assert.ok(r.href.startsWith(`${BASE}vi/`), r.href);
      assert.ok(!/`/.test(r.title + r.excerpt), `a fold marker shows: ${r.title} ${r.excerpt}`);
    }
    // Marked words are shown as written, with their accents.
    const marks = found.flatMap((r) => r.marks);
    assert.ok(marks.some((m) => /Quảng/.test(m)), marks.join(' | '));
    assert.ok(marks.some((m) => /Ngãi/.test(m)), marks.join(' | '));
    assert.ok(found.some((r) => r.section === 'Đầu tư' || r.section === 'Di sản'), JSON.stringify(found));
    // Following a result opens that page.
    const first = found[0];
    await page.locator('.search-result-title a').first().click();
    await page.waitForURL(`**${first.href}`);
    assert.equal((await page.locator('h1').first().textContent()).trim(), first.title);
  });

  test('“ly son” finds Lý Sơn in English, and the result opens', { skip }, async (t) => {
    const page = await open(t, 'en/search/?q=ly%20son');
    const found = await results(page);
    const island = found.find((r) => r.title === 'Lý Sơn island');
    assert.ok(island, JSON.stringify(found.map((r) => r.title)));
    assert.equal(island.section, 'Heritage');
    assert.ok(island.marks.includes('Lý') && island.marks.some((m) => m.startsWith('Sơn')), island.marks.join('|'));
    await page.getByRole('link', { name: 'Lý Sơn island' }).click();
    await page.waitForURL(`**${BASE}en/heritage/ly-son/`);
    assert.equal((await page.locator('h1').first().textContent()).trim(), 'Lý Sơn island');
  });

  test('đ folds to d both ways: “dau tu” and “Đầu tư” find the same pages', { skip }, async (t) => {
    // The same pages; the order may differ, as Pagefind ranks exact accents first.
    const plain = await allResults(await open(t, 'vi/search/?q=dau%20tu'));
    const accented = await allResults(await open(t, `vi/search/?q=${encodeURIComponent('Đầu tư')}`));
    assert.ok(plain.length >= 2);
    assert.deepEqual(
      plain.map((r) => r.href).sort(),
      accented.map((r) => r.href).sort(),
    );
    const marks = plain.flatMap((r) => r.marks).join(' ');
    assert.match(marks, /đầu|Đầu/, 'the excerpt shows đ as written');
    assert.doesNotMatch(marks, /`/);
  });

  test('“Quảng Ngãi” with accents finds pages written without them too', { skip }, async (t) => {
    const found = await results(await open(t, `en/search/?q=${encodeURIComponent('Quảng Ngãi')}`));
    assert.ok(found.length >= 5);
  });

  test('English words match their plural', { skip }, async (t) => {
    // "ports" finds "port", "investments" finds "investment": both sides are stemmed.
    const ports = await results(await open(t, 'en/search/?q=ports'));
    assert.ok(ports.some((r) => r.marks.some((m) => /^port\b/i.test(m))), JSON.stringify(ports.map((r) => r.marks)));
    const investments = await results(await open(t, 'en/search/?q=investments'));
    const marks = investments.flatMap((r) => r.marks);
    assert.ok(marks.some((m) => /^investment\b/i.test(m)), marks.join('|'));
  });

  test('the header form searches from any page, and the result is a link to share', { skip }, async (t) => {
    const page = await open(t, 'en/');
    const box = page.getByRole('searchbox', { name: 'Search this site' });
    await box.fill('Dung Quất');
    await box.press('Enter');
    await page.waitForURL(/\/en\/search\/\?q=Dung\+Qu%E1%BA%A5t$/);
    const found = await results(page);
    assert.ok(found.some((r) => r.title === 'Dung Quất oil refinery'), JSON.stringify(found.map((r) => r.title)));
    // Searching again on the page keeps the address in step (and Back returns).
    const main = page.getByRole('searchbox', { name: 'Search this site' });
    await main.fill('garlic');
    await main.press('Enter');
    await page.waitForURL(/q=garlic$/);
    await page.locator('#search-status', { hasText: 'garlic' }).waitFor();
    await page.goBack();
    await page.locator('#search-status', { hasText: 'Dung Quất' }).waitFor();
    assert.equal(await main.inputValue(), 'Dung Quất');
    // The language switcher carries the words to the other language's search page.
    const vi = await page.locator('.lang-switch a[hreflang="vi"]').getAttribute('href');
    assert.match(vi, /\/vi\/search\/\?q=Dung\+Qu%E1%BA%A5t$/);
  });

  test('a search with no result says so, and an empty one invites a word', { skip }, async (t) => {
    const page = await open(t, 'en/search/?q=zzzyyyxxx');
    await page.locator('#search-status', { hasText: 'No results for “zzzyyyxxx”' }).waitFor();
    assert.equal(await page.locator('.search-result').count(), 0);
    const empty = await open(t, 'vi/search/');
    await empty.locator('#search-status', { hasText: 'Nhập từ khóa' }).waitFor();
  });

  test('more results are shown on request, keyboard focus goes to the first new one', { skip }, async (t) => {
    const page = await open(t, 'vi/search/?q=quang');
    await results(page);
    const more = page.locator('#search-more');
    if (await more.isHidden()) return; // fewer than a page of results in the sample
    const before = await page.locator('.search-result').count();
    await more.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((n) => document.querySelectorAll('.search-result').length > n, before);
    const focused = await page.evaluate(() => document.activeElement.closest('.search-result'));
    assert.ok(focused !== null);
  });

  test('nothing is asked of another host, and the page needs no inline script', { skip }, async () => {
    // Every request of the tests above reached this server, under the sub-path.
    assert.ok(requests.some((u) => u.startsWith(`${BASE}pagefind/`)));
    assert.ok(requests.every((u) => u.startsWith(BASE)), requests.filter((u) => !u.startsWith(BASE)).join('\n'));
  });
});

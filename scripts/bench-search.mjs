// Search benchmark (not a test): index size per 1,000 pages and time to first result in
// Chromium on a synthetic bilingual site.
//
//   node scripts/bench-search.mjs [PAGES_PER_LANGUAGE]      (default 5000: 10,000 pages)
//
// Builds target/release/herald (or uses $HERALD), generates the site with scripts/gen-site.py, builds it
// with and without the search template (the difference is what indexing costs), sums the
// index files, then opens /LANG/search/?q=... in Debian's Chromium (fresh profile and
// empty cache each time, served from 127.0.0.1) and reads the time from navigation start
// to the first results on the page (the `herald-search-results` performance mark of
// js/search.js). playwright-core comes from tests/browser or PLAYWRIGHT_DIR, as in
// tests/browser/search.test.mjs; no browser is downloaded.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const perLang = Number(process.argv[2] ?? 5000);
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const QUERIES = [
  ['vi', 'quang ngai'],
  ['vi', 'đầu tư'],
  ['vi', 'dau tu nuoc ngoai'],
  ['en', 'ly son'],
  ['en', 'investments'],
];
const RUNS = 5;

async function loadPlaywright() {
  try {
    return await import('playwright-core');
  } catch {
    const dir = process.env.PLAYWRIGHT_DIR ?? path.join(REPO, 'tests/browser');
    return createRequire(path.join(path.resolve(dir), 'package.json'))('playwright-core');
  }
}

function du(dir) {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const sub = du(p);
      bytes += sub.bytes;
      files += sub.files;
    } else {
      bytes += statSync(p).size;
      files += 1;
    }
  }
  return { bytes, files };
}

function timed(label, cmd, args) {
  const start = process.hrtime.bigint();
  const run = spawnSync(cmd, args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`${label} failed:\n${run.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kib = (b) => `${(b / 1024).toFixed(0)} KiB`;

// HERALD names a release binary already built (else it is built here).
if (!process.env.HERALD) execFileSync('cargo', ['build', '--release', '--quiet'], { cwd: REPO, stdio: 'inherit' });
const herald = process.env.HERALD ?? path.join(REPO, 'target/release/herald');
const site = path.join(os.tmpdir(), `herald-search-bench-${perLang}`);
execFileSync('python3', [path.join(REPO, 'scripts/gen-site.py'), site, String(perLang)]);
const out = path.join(os.tmpdir(), `herald-search-bench-${perLang}-out`);
const bare = path.join(os.tmpdir(), `herald-search-bench-${perLang}-bare`);
rmSync(out, { recursive: true, force: true });
rmSync(bare, { recursive: true, force: true });

const total = 2 * perLang;
console.log(`== ${total} pages (${perLang} per language)`);
// Without search first (the template moved away), then with it; each twice, the best kept.
const template = path.join(site, 'themes/default/templates/search.html');
const kept = readFileSync(template);
rmSync(template);
const without = Math.min(...[1, 2].map(() => timed('build', herald, ['build', '--root', site, '--output', bare])));
writeFileSync(template, kept);
const withSearch = Math.min(...[1, 2].map(() => timed('build', herald, ['build', '--root', site, '--output', out])));
console.log(`build without search   ${without.toFixed(2)} s`);
console.log(`build with search      ${withSearch.toFixed(2)} s  (indexing +${(withSearch - without).toFixed(2)} s)`);

const bundle = path.join(out, 'pagefind');
const all = du(bundle);
const fixed = ['pagefind.js', 'pagefind-worker.js', 'pagefind-entry.json']
  .concat(readdirSync(bundle).filter((f) => f.startsWith('wasm.')))
  .reduce((s, f) => s + statSync(path.join(bundle, f)).size, 0);
const parts = Object.fromEntries(
  ['index', 'fragment', 'filter'].map((d) => [d, du(path.join(bundle, d))]),
);
const meta = readdirSync(bundle)
  .filter((f) => f.endsWith('.pf_meta'))
  .reduce((s, f) => s + statSync(path.join(bundle, f)).size, 0);
const indexBytes = all.bytes - fixed;
console.log(`bundle                 ${kib(all.bytes)} in ${all.files} files (script and WebAssembly ${kib(fixed)})`);
console.log(`  word index chunks    ${kib(parts.index.bytes)} in ${parts.index.files} files`);
console.log(`  fragments            ${kib(parts.fragment.bytes)} in ${parts.fragment.files} files`);
console.log(`  meta, filters        ${kib(meta + parts.filter.bytes)}`);
console.log(`index per 1,000 pages  ${kib(indexBytes / (total / 1000))}`);

const playwright = await loadPlaywright();
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  let file = path.join(out, decodeURIComponent(url.pathname));
  if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!file.startsWith(out) || !existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  const type = file.endsWith('.html') ? 'text/html; charset=utf-8'
    : file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css'
      : file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
  res.writeHead(200, { 'Content-Type': type }).end(readFileSync(file));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await playwright.chromium.launch({ executablePath: CHROMIUM, args: FLAGS, chromiumSandbox: false });
console.log(`time to first result (Chromium, cold cache, median of ${RUNS}; bytes fetched from pagefind/):`);
for (const [lang, query] of QUERIES) {
  const times = [];
  let fetched = 0;
  let count = '';
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    let bytes = 0;
    page.on('response', async (r) => {
      if (r.url().includes('/pagefind/')) bytes += (await r.body().catch(() => Buffer.alloc(0))).length;
    });
    await page.goto(`${origin}/${lang}/search/?q=${encodeURIComponent(query)}`);
    await page.locator('.search-result').first().waitFor({ timeout: 60000 });
    times.push(await page.evaluate(() => performance.getEntriesByName('herald-search-results')[0].startTime));
    count = await page.locator('#search-status').textContent();
    await page.waitForTimeout(200);
    fetched = bytes;
    await context.close();
  }
  console.log(`  /${lang}/search/?q=${query.padEnd(18)} ${median(times).toFixed(0).padStart(5)} ms  ${kib(fetched).padStart(8)}  (${count})`);
}
await browser.close();
server.close();

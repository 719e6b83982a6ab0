// Lighthouse 12.2.3 (mobile, simulated throttling: its default) on one page of each kind in
// both languages, served by nginx with deploy/nginx.conf: performance >= 95, accessibility,
// best practices and SEO 100. HTML reports go to target/browser/lighthouse/.
//
// Audits excluded because they cannot pass on a loopback address: none. Lighthouse counts
// http://127.0.0.1 as a secure origin, so is-on-https passes, and the site's canonical and
// hreflang links (to the production host) pass the SEO audits as they are.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import lighthouse from 'lighthouse';
import { startDebugChromium } from '../lib/chromium-debug.js';
import { startNginx } from '../lib/nginx.js';
import { ARTIFACTS, KINDS } from '../lib/site.js';

const LOOPBACK_EXCLUDED_AUDITS = [];
const MINIMUM = { performance: 0.95, accessibility: 1, 'best-practices': 1, seo: 1 };
// Lighthouse refuses to audit a document answered with 404 ("unable to reliably load the
// page"), so the 404 pages are audited at their own address (/LANG/404.html, answered 200):
// the same bytes nginx sends for a missing path.
const auditedPath = (kind) => (kind.status === 404 ? `/${kind.lang}/404.html` : kind.path);
const DIR = path.join(ARTIFACTS, 'lighthouse');

let server;
let chromium;
const table = [];
before(async () => {
  mkdirSync(DIR, { recursive: true });
  server = await startNginx();
  chromium = await startDebugChromium();
});
after(async () => {
  await chromium?.stop();
  await server?.stop();
  console.log('Lighthouse (mobile):  page                          perf  a11y  bp    seo');
  for (const row of table) console.log(row);
});

const targets = KINDS.filter((k) => k.name !== 'language-chooser' && k.name !== 'untranslated-page');
for (const kind of targets) {
  test(`${kind.name} (${kind.lang}) ${auditedPath(kind)}`, { timeout: 180_000 }, async () => {
    const categories = Object.keys(MINIMUM);
    const result = await lighthouse(`${server.origin}${auditedPath(kind)}`, {
      port: chromium.port,
      output: 'html',
      logLevel: 'error',
      onlyCategories: categories,
      skipAudits: LOOPBACK_EXCLUDED_AUDITS,
    });
    const { lhr } = result;
    writeFileSync(path.join(DIR, `${kind.name}-${kind.lang}.html`), result.report);
    assert.deepEqual(lhr.runWarnings, [], 'Lighthouse warnings');
    const scores = Object.fromEntries(categories.map((c) => [c, lhr.categories[c].score]));
    const cell = (c) => (c in scores ? String(Math.round(scores[c] * 100)).padEnd(6) : '-'.padEnd(6));
    table.push(`  ${`${kind.name} (${kind.lang})`.padEnd(30)} ${cell('performance')}${cell('accessibility')}${cell('best-practices')}${cell('seo')}`);
    const failing = [];
    for (const c of categories) {
      if (scores[c] >= MINIMUM[c]) continue;
      const audits = lhr.categories[c].auditRefs
        .map((ref) => lhr.audits[ref.id])
        .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative')
        .map((a) => `${a.id} (${a.score})${a.displayValue ? `: ${a.displayValue}` : ''}`);
      failing.push(`${c} ${Math.round(scores[c] * 100)} < ${MINIMUM[c] * 100}: ${audits.join(', ')}`);
    }
    assert.deepEqual(failing, [], auditedPath(kind));
  });
}

// axe-core on every page of the sample site in both languages, served by nginx, at desktop
// width, and on one page of each kind at phone width: no critical or serious violation
// (colour contrast AA included). Text that axe cannot judge because it sits on a gradient
// is measured against the pixels behind it (lib/contrast.js) and must reach AA as well.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { describeViolations, runAxe } from '../lib/axe.js';
import { measureContrast, undecidedContrastNodes } from '../lib/contrast.js';
import { launchBrowser, newContext, stayOnFirstDocument } from '../lib/browser.js';
import { startNginx } from '../lib/nginx.js';
import { KINDS, sitemapPaths } from '../lib/site.js';

let server;
let browser;
before(async () => {
  server = await startNginx();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const totals = { views: 0, serious: 0, moderate: 0, minor: 0, measured: 0, lowest: Infinity };
after(() => {
  console.log(
    `axe: ${totals.views} page views, ${totals.serious} critical/serious, ${totals.moderate} moderate, ${totals.minor} minor violations; ` +
      `${totals.measured} texts on gradients measured by pixels, lowest margin ${totals.lowest.toFixed(2)}x the AA ratio`,
  );
});

async function check(urlPath, width, expectedStatus = 200) {
  const context = await newContext(browser, { width, height: width < 600 ? 844 : 800, bypassCSP: true });
  try {
    const page = await context.newPage();
    await stayOnFirstDocument(page);
    const res = await page.goto(`${server.origin}${urlPath}`);
    assert.equal(res.status(), expectedStatus, urlPath);
    const results = await runAxe(page);
    totals.views += 1;
    const blocking = results.violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
    const other = results.violations.filter((v) => !blocking.includes(v));
    totals.serious += blocking.length;
    totals.moderate += other.filter((v) => v.impact === 'moderate').length;
    totals.minor += other.filter((v) => v.impact === 'minor').length;
    for (const line of describeViolations(other)) console.log(`${urlPath} @${width}: ${line}`);
    const measured = await measureContrast(page, undecidedContrastNodes(results));
    totals.measured += measured.length;
    for (const m of measured) totals.lowest = Math.min(totals.lowest, m.ratio / m.required);
    const lowContrast = measured
      .filter((m) => m.ratio < m.required)
      .map((m) => `color-contrast (serious, measured on pixels): ${m.selector} — ${m.color} reaches ${m.ratio}:1 over its gradient, AA needs ${m.required}:1`);
    assert.deepEqual([...describeViolations(blocking), ...lowContrast], [], `${urlPath} at ${width}px`);
  } finally {
    await context.close();
  }
}

describe('every page in the sitemap, 1280 px', () => {
  for (const urlPath of sitemapPaths()) {
    test(urlPath, () => check(urlPath, 1280));
  }
});

describe('one page of each kind, both languages, 390 px', () => {
  for (const kind of KINDS) {
    test(`${kind.name} (${kind.lang}) ${kind.path}`, () => check(kind.path, 390, kind.status ?? 200));
  }
});

describe('pages outside the sitemap, 1280 px', () => {
  for (const kind of KINDS.filter((k) => k.status === 404 || k.name === 'language-chooser')) {
    test(`${kind.name} (${kind.lang}) ${kind.path}`, () => check(kind.path, 1280, kind.status ?? 200));
  }
});

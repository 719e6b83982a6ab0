// Full-page screenshots of one page of each kind, in both languages, at 1280 and 390 px,
// written to target/browser/screenshots/ for people to look at. The test also checks what
// a screenshot would show a person at once: nothing wider than the screen, no broken image.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, newContext, stayOnFirstDocument } from '../lib/browser.js';
import { startNginx } from '../lib/nginx.js';
import { ARTIFACTS, KINDS } from '../lib/site.js';

const DIR = path.join(ARTIFACTS, 'screenshots');
const WIDTHS = [1280, 390];

let server;
let browser;
before(async () => {
  mkdirSync(DIR, { recursive: true });
  server = await startNginx();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.stop();
  console.log(`screenshots in ${DIR}`);
});

for (const width of WIDTHS) {
  describe(`${width} px`, () => {
    for (const kind of KINDS) {
      test(`${kind.name} (${kind.lang}) ${kind.path}`, async () => {
        const context = await newContext(browser, { width, height: width < 600 ? 844 : 800 });
        try {
          const page = await context.newPage();
          await stayOnFirstDocument(page);
          const res = await page.goto(`${server.origin}${kind.path}`);
          assert.equal(res.status(), kind.status ?? 200);
          // Lazy images load as a reader scrolls; a full-page screenshot shows them all.
          await page.evaluate(() => document.querySelectorAll('img[loading=lazy]').forEach((i) => (i.loading = 'eager')));
          const images = await page.evaluate(() =>
            Promise.all([...document.images].map((i) => i.decode().then(() => [i.currentSrc, i.naturalWidth], () => [i.currentSrc, 0]))),
          );
          assert.deepEqual(images.filter(([, w]) => w === 0), [], 'images that do not load');
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.equal(overflow, 0, 'the page is no wider than the screen');
          await page.screenshot({ path: path.join(DIR, `${kind.name}-${kind.lang}-${width}.png`), fullPage: true });
        } finally {
          await context.close();
        }
      });
    }
  });
}

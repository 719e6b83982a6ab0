// What a foreign journalist or investor does on the site, in Debian's Chromium, against
// nginx serving the built sample site with deploy/nginx.conf.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, newContext } from '../lib/browser.js';
import { startNginx } from '../lib/nginx.js';
import { ARTIFACTS } from '../lib/site.js';

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

/** A fresh reader (no cookies, no history) with these preferred languages. */
async function reader(t, options = {}) {
  const context = await newContext(browser, options);
  t.after(() => context.close());
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, errors, url: (p) => `${server.origin}${p}` };
}

const pathOf = (page) => new URL(page.url()).pathname;

describe('a journalist arrives at /', () => {
  test('with English preferred, lands on the English home page', async (t) => {
    const { page, url } = await reader(t, { locale: 'en-GB' });
    const res = await page.goto(url('/'));
    assert.equal(res.status(), 200);
    assert.equal(pathOf(page), '/en/');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    await assert.doesNotReject(page.getByRole('heading', { level: 1 }).waitFor());
    assert.match(await page.title(), /Foreign Affairs/);
  });

  test('with Vietnamese preferred, lands on the Vietnamese home page', async (t) => {
    const { page, url } = await reader(t, { locale: 'vi-VN' });
    await page.goto(url('/'));
    assert.equal(pathOf(page), '/vi/');
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  });

  test('with a language the site does not have, lands on the default (Vietnamese) home page', async (t) => {
    const { page, url } = await reader(t, { locale: 'de-DE' });
    await page.goto(url('/'));
    assert.equal(pathOf(page), '/vi/');
  });
});

describe('switching language', () => {
  test('on a heritage page lands on its translation, and back', async (t) => {
    const { page, url, errors } = await reader(t);
    await page.goto(url('/en/heritage/ly-son/'));
    const switcher = page.getByRole('navigation', { name: 'Language' });
    await switcher.getByRole('link', { name: 'Tiếng Việt' }).click();
    await page.waitForURL('**/vi/di-san/dao-ly-son/');
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Lý Sơn/);
    await page.getByRole('navigation', { name: 'Ngôn ngữ' }).getByRole('link', { name: 'English' }).click();
    await page.waitForURL('**/en/heritage/ly-son/');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
    assert.deepEqual(errors, []);
  });

  test('on a page not yet translated, says so and leads to the nearest English page', async (t) => {
    const { page, url } = await reader(t, { locale: 'vi-VN' });
    await page.goto(url('/vi/tin-tuc/tap-huan-hoi-nhap-quoc-te-2021/'));
    const english = page.getByRole('navigation', { name: 'Ngôn ngữ' }).getByRole('link', { name: /English/ });
    assert.match(await english.innerText(), /chưa có bản dịch/);
    await english.click();
    await page.waitForURL('**/en/news/');
    assert.equal(await page.getAttribute('html', 'lang'), 'en');
  });
});

describe('the press room', () => {
  test('is reached from the main menu and lists the press releases and fact sheets', async (t) => {
    const { page, url, errors } = await reader(t);
    await page.goto(url('/en/'));
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Press' }).click();
    await page.waitForURL('**/en/press/');
    assert.match(await page.getByRole('heading', { level: 1 }).innerText(), /Press/);
    await page.getByRole('link', { name: /2021/ }).first().click();
    await page.waitForURL('**/en/press/press-release-2021-priorities/');
    assert.equal((await page.getByRole('heading', { level: 1 }).innerText()).length > 10, true);
    assert.deepEqual(errors, []);
  });

  test('a journalist opens the media kits, downloads the English zip and its checksum matches the page', async (t) => {
    const { page, url, errors } = await reader(t, { acceptDownloads: true });
    await page.goto(url('/en/press/'));
    await page.getByRole('link', { name: 'Media kits' }).first().click();
    await page.waitForURL('**/en/press/media-kits/');
    await page.locator('main .card-title a').first().click();
    await page.waitForURL('**/en/press/media-kits/quang-ngai-media-kit-2021/');
    const zipLink = page.locator('a.kit-zip-link');
    assert.match(await zipLink.innerText(), /ZIP, [0-9.]+ MB/);
    const shown = (await page.locator('.kit-checksum code').innerText()).trim();
    const [download] = await Promise.all([page.waitForEvent('download'), zipLink.click()]);
    assert.match(download.suggestedFilename(), /-en\.zip$/);
    const file = await download.path();
    const bytes = readFileSync(file);
    assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'a zip archive');
    const { createHash } = await import('node:crypto');
    assert.equal(createHash('sha256').update(bytes).digest('hex'), shown, 'the SHA-256 on the page is the file\'s');
    assert.deepEqual(errors, []);
  });
});

describe('search', () => {
  // Served by nginx with deploy/nginx.conf's CSP (Pagefind needs 'wasm-unsafe-eval').
  async function results(page) {
    await page.locator('.search-result').first().waitFor({ timeout: 15000 });
    return page.locator('.search-result-title a').evaluateAll((links) =>
      links.map((a) => ({ title: a.textContent, href: a.getAttribute('href') })),
    );
  }

  test('"quang ngai" without accents finds Vietnamese pages, and a result opens', async (t) => {
    const { page, url, errors } = await reader(t, { locale: 'vi-VN' });
    await page.goto(url('/vi/search/?q=quang%20ngai'));
    const found = await results(page);
    assert.ok(found.length > 3, `results: ${JSON.stringify(found)}`);
    assert.ok(found.every((r) => r.href.startsWith('/vi/')), 'only Vietnamese pages');
    await page.locator('.search-result-title a').first().click();
    await page.waitForURL(`**${found[0].href}`);
    assert.equal((await page.locator('h1').first().textContent()).trim(), found[0].title.trim());
    assert.deepEqual(errors, []);
  });

  test('"ly son" finds the Lý Sơn page in English, from the header form too', async (t) => {
    const { page, url, errors } = await reader(t);
    await page.goto(url('/en/heritage/'));
    const box = page.getByRole('search').getByRole('searchbox');
    await box.fill('ly son');
    await box.press('Enter');
    await page.waitForURL('**/en/search/?q=ly+son');
    const found = await results(page);
    assert.ok(found.some((r) => r.href === '/en/heritage/ly-son/'), JSON.stringify(found));
    assert.deepEqual(errors, []);
  });
});

describe('the keyboard alone', () => {
  /**
   * Presses Tab; returns what has focus, whether it is in view, the scroll position and the
   * box where its focus indicator must show: the element (or the card its link stands for,
   * since a card's title link covers the whole card), with a margin for outlines.
   */
  async function tab(page) {
    await page.keyboard.press('Tab');
    return page.evaluate(() => {
      const el = document.activeElement;
      const r = el.getBoundingClientRect();
      const b = (el.closest('.card') ?? el).getBoundingClientRect();
      const x = Math.max(0, Math.floor(b.left - 8));
      const y = Math.max(0, Math.floor(b.top - 8));
      return {
        tag: el.tagName.toLowerCase(),
        text: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 60),
        href: el.getAttribute('href'),
        inMain: !!el.closest('main'),
        inView: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
        scroll: [scrollX, scrollY],
        clip: { x, y, width: Math.min(innerWidth, Math.ceil(b.right + 8)) - x, height: Math.min(innerHeight, Math.ceil(b.bottom + 8)) - y },
      };
    });
  }

  /** Waits until every image has been decoded, so that two screenshots compare focus only. */
  const imagesReady = (page) => page.evaluate(() => Promise.all([...document.images].map((i) => i.decode().catch(() => {}))));

  for (const width of [1280, 390]) {
    test(`walks a heritage page at ${width} px: skip link, a visible focus on every stop, Enter follows a link`, async (t) => {
      const { page, url } = await reader(t, { width, height: width < 600 ? 844 : 800 });
      const address = url('/en/heritage/ly-son/');
      await page.goto(address);
      await imagesReady(page);

      const skip = await tab(page);
      assert.equal(skip.href, '#main', 'the first Tab stop is the skip link');
      assert.ok(skip.inView, 'the skip link shows when focused');
      const shots = [{ stop: skip, png: await page.screenshot({ clip: skip.clip }) }];

      // Every stop, header to footer.
      const seen = [];
      let stop = await tab(page);
      while (stop.tag !== 'body' && stop.href !== '#main' && seen.length < 200) {
        assert.ok(stop.inView, `focused element is scrolled into view: ${stop.tag} "${stop.text}"`);
        seen.push(stop);
        await imagesReady(page);
        shots.push({ stop, png: await page.screenshot({ clip: stop.clip }) });
        stop = await tab(page);
      }
      assert.ok(seen.length >= 20, `walked ${seen.length} stops`);
      const where = seen.map((x) => (x.inMain ? 'main' : 'outside'));
      assert.ok(where.indexOf('main') > 0 && where.lastIndexOf('outside') > where.indexOf('main'), 'the walk goes header, main, footer');

      // The same views without focus: every stop must look different when focused.
      await page.goto(address);
      await page.evaluate(() => document.activeElement?.blur());
      const invisible = [];
      for (const { stop: s, png } of shots) {
        await page.evaluate(([x, y]) => window.scrollTo(x, y), s.scroll);
        await imagesReady(page);
        const plain = await page.screenshot({ clip: s.clip });
        if (plain.equals(png)) invisible.push(`${s.tag} "${s.text}"`);
      }
      assert.deepEqual(invisible, [], 'stops whose focus cannot be seen');

      // The skip link jumps over the header.
      await page.goto(address);
      await tab(page);
      await page.keyboard.press('Enter');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'main', 'Enter on the skip link moves focus to <main>');
      const first = await tab(page);
      assert.ok(first.inMain && first.inView, 'after the skip link, Tab continues inside <main>');
      assert.equal(first.text, seen.find((x) => x.inMain).text);

      // Enter on a focused link follows it.
      await page.goto(address);
      let back;
      for (let i = 0; i < 200; i += 1) {
        back = await tab(page);
        if (back.href === '/en/heritage/') break;
      }
      assert.equal(back.href, '/en/heritage/');
      await page.keyboard.press('Enter');
      await page.waitForURL('**/en/heritage/');
    });
  }
});

describe('the 404 page', () => {
  const cases = [
    ['/en/heritage/no-such-site/', 'en', 'Page not found', 'Go to the home page', '/en/'],
    ['/vi/di-san/khong-co/', 'vi', 'Không tìm thấy trang', 'Về trang chủ', '/vi/'],
  ];
  for (const [address, lang, heading, home, homePath] of cases) {
    test(`speaks the language of the path: ${address}`, async (t) => {
      const { page, url } = await reader(t, { locale: lang === 'en' ? 'vi-VN' : 'en-US' });
      const res = await page.goto(url(address));
      assert.equal(res.status(), 404);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), heading);
      await page.getByRole('link', { name: home }).click();
      await page.waitForURL(`**${homePath}`);
    });
  }
});

describe('printing a heritage page', () => {
  test('prints the article without menus, in black on white, with link targets spelled out', async (t) => {
    const { page, url } = await reader(t);
    await page.goto(url('/en/heritage/ly-son/'));
    await page.emulateMedia({ media: 'print' });
    const look = await page.evaluate(() => {
      const shown = (sel) => {
        const el = document.querySelector(sel);
        return !!el && getComputedStyle(el).display !== 'none';
      };
      const link = document.querySelector('.prose a[href^="/"], .prose a[href^="http"]');
      return {
        nav: shown('.site-nav'),
        switcher: shown('.lang-switch'),
        skip: shown('.skip-link'),
        breadcrumbs: shown('.breadcrumbs'),
        toc: shown('.toc'),
        title: shown('h1'),
        figure: shown('.article-figure img'),
        body: shown('.prose'),
        color: getComputedStyle(document.querySelector('.prose p')).color,
        background: getComputedStyle(document.body).backgroundColor,
        linkTarget: link ? getComputedStyle(link, '::after').content : null,
      };
    });
    assert.deepEqual(
      { nav: look.nav, switcher: look.switcher, skip: look.skip, breadcrumbs: look.breadcrumbs, toc: look.toc },
      { nav: false, switcher: false, skip: false, breadcrumbs: false, toc: false },
    );
    assert.ok(look.title && look.figure && look.body, 'title, picture and text are printed');
    assert.equal(look.color, 'rgb(0, 0, 0)');
    assert.equal(look.background, 'rgb(255, 255, 255)');
    if (look.linkTarget !== null) assert.match(look.linkTarget, /\(.*\/.*\)/);

    const dir = path.join(ARTIFACTS, 'print');
    mkdirSync(dir, { recursive: true });
    const pdf = path.join(dir, 'heritage-ly-son-en.pdf');
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    const pages = (readFileSync(pdf, 'latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 1 && pages <= 6, `printed on ${pages} A4 pages`);
    await page.screenshot({ path: path.join(dir, 'heritage-ly-son-en.png'), fullPage: true });
  });
});

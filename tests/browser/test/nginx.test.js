// The shipped deploy/nginx.conf, over HTTP: language at `/`, media types and charset,
// gzip, cache lifetimes, the 404 page per language.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startNginx } from '../lib/nginx.js';
import { PUBLIC } from '../lib/site.js';

let server;
before(async () => {
  server = await startNginx();
});
after(async () => {
  await server?.stop();
});

/** A raw GET (fetch would decompress and hide Content-Encoding). */
function get(urlPath, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${server.origin}${urlPath}`, { headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
  });
}

describe('`/` sends a reader to the language they prefer', () => {
  const cases = [
    ['en-US,en;q=0.9', '/en/'],
    ['en-GB', '/en/'],
    ['vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7', '/vi/'],
    ['fr-FR,fr;q=0.9,en;q=0.8', '/en/'],
    ['ja,ko;q=0.9', '/vi/'],
    ['', '/vi/'],
    [undefined, '/vi/'],
  ];
  for (const [acceptLanguage, location] of cases) {
    test(`Accept-Language ${JSON.stringify(acceptLanguage)} -> ${location}`, async () => {
      const res = await get('/', acceptLanguage === undefined ? {} : { 'Accept-Language': acceptLanguage });
      assert.equal(res.status, 302);
      assert.equal(res.headers.location, location);
      assert.match(res.headers.vary ?? '', /Accept-Language/);
      assert.match(res.headers['cache-control'] ?? '', /no-cache/);
    });
  }

  test('the language chooser stays reachable at /index.html', async () => {
    const res = await get('/index.html');
    assert.equal(res.status, 200);
    assert.match(res.body.toString(), /hreflang="en"/);
  });
});

describe('media types and charset', () => {
  const cases = [
    ['/en/', 'text/html; charset=utf-8'],
    ['/vi/di-san/', 'text/html; charset=utf-8'],
    ['/sitemap.xml', 'application/xml; charset=utf-8'],
    ['/en/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/robots.txt', 'text/plain; charset=utf-8'],
    ['/favicon.svg', 'image/svg+xml; charset=utf-8'],
    ['/images/truong-luy.jpg', 'image/jpeg'],
  ];
  for (const [urlPath, type] of cases) {
    test(`${urlPath} is ${type}`, async () => {
      const res = await get(urlPath);
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-type'], type);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    });
  }

  // The sample site has no .json, .geojson or .zip yet (media kits and maps come with their
  // issues): the media types nginx gives them are checked on files the test adds itself.
  test('.json, .geojson and .zip have their registered media types', async (t) => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'herald-public-'));
    cpSync(PUBLIC, root, { recursive: true });
    writeFileSync(path.join(root, 'data.json'), '{"name":"Quảng Ngãi"}');
    writeFileSync(path.join(root, 'map.geojson'), '{"type":"FeatureCollection","features":[]}');
    writeFileSync(path.join(root, 'kit.zip'), Buffer.from('504b0506000000000000000000000000000000000000', 'hex'));
    const own = await startNginx({ root });
    t.after(async () => {
      await own.stop();
      rmSync(root, { recursive: true, force: true });
    });
    const types = {};
    for (const file of ['data.json', 'map.geojson', 'kit.zip']) {
      const res = await fetch(`${own.origin}/${file}`);
      assert.equal(res.status, 200, file);
      types[file] = res.headers.get('content-type');
      await res.arrayBuffer();
    }
    assert.deepEqual(types, {
      'data.json': 'application/json; charset=utf-8',
      'map.geojson': 'application/geo+json; charset=utf-8',
      'kit.zip': 'application/zip',
    });
  });
});

describe('compression and caching', () => {
  test('HTML, CSS and XML are gzipped for clients that ask', async () => {
    for (const urlPath of ['/en/', '/css/site.css', '/sitemap.xml']) {
      const res = await get(urlPath, { 'Accept-Encoding': 'gzip' });
      assert.equal(res.headers['content-encoding'], 'gzip', urlPath);
      assert.match(res.headers.vary ?? '', /Accept-Encoding/, urlPath);
      assert.ok(gunzipSync(res.body).length > res.body.length, urlPath);
    }
    const plain = await get('/en/');
    assert.equal(plain.headers['content-encoding'], undefined);
  });

  test('fingerprinted assets are cached for a year, HTML for minutes', async () => {
    const home = (await get('/en/')).body.toString();
    const css = home.match(/href="(\/css\/site\.css\?v=[0-9a-f]+)"/)?.[1];
    assert.ok(css, 'the home page links its stylesheet with ?v=<hash>');
    assert.equal((await get(css)).headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await get('/css/site.css')).headers['cache-control'], 'public, max-age=86400');
    assert.equal((await get('/en/')).headers['cache-control'], 'public, max-age=300');
    assert.equal((await get('/en/heritage/ly-son/')).headers['cache-control'], 'public, max-age=300');
    assert.equal((await get('/images/truong-luy.jpg')).headers['cache-control'], 'public, max-age=86400');
  });

  test('a folder without its slash is redirected with a relative Location', async () => {
    const res = await get('/en/heritage');
    assert.equal(res.status, 301);
    assert.equal(res.headers.location, '/en/heritage/');
  });
});

describe('the 404 page speaks the language of the path', () => {
  const cases = [
    ['/en/no-such-page/', 'en'],
    ['/en/heritage/missing.jpg', 'en'],
    ['/vi/khong-co/', 'vi'],
    ['/no-such-page', 'vi'],
    ['/.hidden', 'vi'],
  ];
  for (const [urlPath, lang] of cases) {
    test(`${urlPath} -> 404 in ${lang}`, async () => {
      const res = await get(urlPath);
      assert.equal(res.status, 404);
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
      assert.match(res.body.toString(), new RegExp(`<html lang="${lang}"`));
    });
  }
});

// Every page of the built sample site, its stylesheet and its SVG pass the Nu Html Checker
// (npm vnu-jar, run on the machine's Java) with zero errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { PUBLIC, assertBuilt, htmlFiles } from '../lib/site.js';

const require = createRequire(import.meta.url);
const VNU_JAR = String(require('vnu-jar'));

function filesEndingWith(ext, dir = PUBLIC) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

test('every HTML page, stylesheet and SVG of the sample site is valid (Nu Html Checker)', () => {
  assertBuilt();
  const html = htmlFiles().map((f) => path.join(PUBLIC, f));
  const css = filesEndingWith('.css');
  const svg = filesEndingWith('.svg');
  assert.ok(html.length >= 30, `expected the whole sample site, found ${html.length} pages`);
  const run = spawnSync(
    process.env.JAVA ?? 'java',
    ['-jar', VNU_JAR, '--format', 'json', '--also-check-css', '--also-check-svg', ...html, ...css, ...svg],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(run.error, undefined, `could not run java: ${run.error}`);
  const report = JSON.parse(run.stderr);
  const at = (m) => `${m.url.replace(`file:${PUBLIC}/`, '')}:${m.lastLine ?? '?'}:${m.firstColumn ?? m.lastColumn ?? '?'}`;
  const errors = report.messages.filter((m) => m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal');
  const warnings = report.messages.filter((m) => m.type === 'info' && m.subType === 'warning');
  for (const w of warnings) console.log(`warning: ${at(w)}: ${w.message}`);
  console.log(`vnu ${report.version}: ${html.length} pages, ${css.length} stylesheets, ${svg.length} SVG; ${errors.length} errors, ${warnings.length} warnings`);
  assert.deepEqual(errors.map((m) => `${at(m)}: ${m.message}`), []);
});

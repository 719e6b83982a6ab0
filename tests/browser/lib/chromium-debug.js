// Debian's Chromium started with a DevTools port, for Lighthouse (which drives Chromium
// itself and wants one it can open tabs in). Fresh profile, quiet, no network of its own.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CHROMIUM, CHROMIUM_FLAGS } from './browser.js';

export async function startDebugChromium() {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'herald-chromium-'));
  const child = spawn(
    CHROMIUM,
    [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const port = await new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`Chromium gave no DevTools port: ${stderr}`)), 30000);
    child.stderr.on('data', (d) => {
      stderr += d;
      const m = stderr.match(/DevTools listening on ws:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}): ${stderr}`));
    });
  });
  child.stderr.resume();
  const stop = async () => {
    if (!exited) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([gone, sleep(5000, undefined, { ref: false })]);
      if (!exited) child.kill('SIGKILL');
    }
    rmSync(profile, { recursive: true, force: true });
  };
  return { port, stop };
}

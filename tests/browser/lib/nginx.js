// Serves the built site through Debian's nginx with the shipped deploy/nginx.conf, on
// 127.0.0.1, unprivileged: a wrapper config in a temporary folder holds the pid, temp and
// log paths and includes deploy/nginx.conf with only its listen, server_name and root lines
// replaced.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PUBLIC, REPO, assertBuilt } from './site.js';

export const NGINX = process.env.NGINX ?? '/usr/sbin/nginx';
export const SHIPPED_CONF = path.join(REPO, 'deploy', 'nginx.conf');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** deploy/nginx.conf made to listen on 127.0.0.1:port and serve `root`. Nothing else changes. */
export function siteConfig(port, root) {
  const shipped = readFileSync(SHIPPED_CONF, 'utf8');
  let listens = 0;
  let roots = 0;
  const out = shipped
    .split('\n')
    .map((line) => {
      if (/^\s*listen\s/.test(line)) {
        listens += 1;
        return listens === 1 ? `    listen 127.0.0.1:${port};` : '';
      }
      if (/^\s*server_name\s/.test(line)) return '    server_name 127.0.0.1;';
      if (/^\s*root\s/.test(line)) {
        roots += 1;
        return `    root ${root};`;
      }
      return line;
    })
    .join('\n');
  if (listens === 0 || roots !== 1) {
    throw new Error(`${SHIPPED_CONF}: expected listen lines and one root line, found ${listens} and ${roots}`);
  }
  return out;
}

/**
 * Starts nginx on a free port. Returns { origin, stop, log }. One process
 * (`master_process off`), so it runs as the calling user and reads what that user reads.
 */
export async function startNginx({ root = PUBLIC } = {}) {
  assertBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'herald-nginx-'));
  let lastError;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = await freePort();
    writeFileSync(path.join(dir, 'site.conf'), siteConfig(port, root));
    writeFileSync(
      path.join(dir, 'nginx.conf'),
      [
        'daemon off;',
        'master_process off;',
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log warn;`,
        'events { worker_connections 256; }',
        'http {',
        `  access_log ${dir}/access.log;`,
        `  client_body_temp_path ${dir}/body;`,
        `  proxy_temp_path ${dir}/proxy;`,
        `  fastcgi_temp_path ${dir}/fastcgi;`,
        `  uwsgi_temp_path ${dir}/uwsgi;`,
        `  scgi_temp_path ${dir}/scgi;`,
        `  include ${dir}/site.conf;`,
        '}',
        '',
      ].join('\n'),
    );
    const child = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    child.once('error', (e) => {
      exited = true;
      stderr += String(e);
    });
    const origin = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100 && !exited; i += 1) {
      try {
        const res = await fetch(`${origin}/vi/`, { redirect: 'manual' });
        if (res.ok) {
          await res.arrayBuffer();
          const stop = async () => {
            if (!exited) {
              const gone = new Promise((r) => child.once('exit', r));
              child.kill('SIGTERM');
              await Promise.race([gone, sleep(5000, undefined, { ref: false })]);
              if (!exited) child.kill('SIGKILL');
            }
            rmSync(dir, { recursive: true, force: true });
          };
          return { origin, stop, log: () => readFileSync(path.join(dir, 'error.log'), 'utf8') };
        }
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    if (!exited) child.kill('SIGKILL');
    lastError = `nginx did not start on port ${port}: ${stderr}`;
  }
  rmSync(dir, { recursive: true, force: true });
  throw new Error(lastError);
}

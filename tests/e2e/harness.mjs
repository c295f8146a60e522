// harness: starts the real broadside binary on a loopback port and talks to it, for e2e tests.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';
import http from 'node:http';

export const BIN = resolve(process.env.BROADSIDE || './broadside');

// Runs a CLI command to completion: { status, stdout, stderr }.
export function cli(...args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 60000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix = 'bs-e2e-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

// Writes a post file with the given front matter lines and body; returns its path.
export function postFile(dir, name, front, body) {
  const path = join(dir, name);
  const text = typeof front === 'string' ? front : `---\n${front.join('\n')}\n---\n${body}`;
  writeFileSync(path, text);
  return path;
}

// Starts `broadside serve` on a free port; resolves to { pid, child, url, port, stop, stderr(),
// waitFor(re) }. env: more environment variables (a test clock: BROADSIDE_TEST_CLOCK).
export function serve(dataDir, extra = [], { env } = {}) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(BIN, ['serve', '--data', dataDir, '--listen', '127.0.0.1:0', '--threads', '2', ...extra],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    let err = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + err)), 30000);
    child.stderr.on('data', (d) => {
      err += d;
      const m = err.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m && timer) {
        clearTimeout(timer);
        const port = Number(m[1]);
        resolvePromise({
          pid: child.pid,
          child,
          port,
          url: `http://127.0.0.1:${port}`,
          stderr: () => err,
          // Resolves with the text once stderr printed after this call matches re.
          waitFor: (re, { timeout = 15000 } = {}) => new Promise((done, fail) => {
            const from = err.length;
            const t = setTimeout(() => { child.stderr.off('data', look); fail(new Error(`no ${re} in: ${err.slice(from)}`)); }, timeout);
            const look = () => {
              const m = err.slice(from).match(re);
              if (m) { clearTimeout(t); child.stderr.off('data', look); done(m[0]); }
            };
            child.stderr.on('data', look);
          }),
          stop: () => new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.once('exit', (code, sig) => done(code ?? sig));
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${err}`)); });
  });
}

// Sends raw bytes and returns the raw response text (the server closes or we stop at timeout).
export function raw(port, bytes, { timeout = 5000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    const sock = net.connect(port, '127.0.0.1');
    let out = Buffer.alloc(0);
    const t = setTimeout(() => { sock.destroy(); resolvePromise(out.toString('latin1')); }, timeout);
    sock.on('data', (d) => {
      out = Buffer.concat([out, d]);
      // One complete response is enough: headers plus Content-Length bytes.
      const s = out.toString('latin1');
      const h = s.indexOf('\r\n\r\n');
      const m = s.match(/content-length:\s*(\d+)/i);
      if (h >= 0 && m && out.length >= h + 4 + Number(m[1])) { clearTimeout(t); sock.destroy(); resolvePromise(s); }
    });
    sock.on('error', (e) => { clearTimeout(t); if (out.length) resolvePromise(out.toString('latin1')); else reject(e); });
    sock.on('end', () => { clearTimeout(t); resolvePromise(out.toString('latin1')); });
    sock.write(bytes);
  });
}

// A GET with the given Host header (fetch cannot set one): resolves to { status, headers, body }.
export function hostGet(port, host, path, { headers = {}, method = 'GET', body, localAddress } = {}) {
  return new Promise((resolvePromise, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, localAddress, headers: { Host: host, ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export function cleanup(dir) {
  rmSync(dir, { recursive: true, force: true });
}

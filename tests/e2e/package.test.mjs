// package: broadside.service passes systemd-analyze verify and rates well with its security
// check, and the Debian package builds from a copy of the source with dpkg-buildpackage, is
// lintian clean, installs with dpkg (the broadside user, /var/lib/broadside, the unit, the
// manual), runs, and is purged again. No systemd is booted for any of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIN, tempDir, cleanup } from './harness.mjs';

const ROOT = new URL('../..', import.meta.url).pathname;
const VERSION = readFileSync(join(ROOT, 'Makefile'), 'utf8').match(/^VERSION := (\S+)$/m)[1];
const sh = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: 'utf8', timeout: 600000, ...opts });
const has = (cmd) => sh('sh', ['-c', `command -v ${cmd}`]).status === 0;
let dir;

before(() => { dir = tempDir('bs-package-'); });
after(() => cleanup(dir));

test('broadside.service passes systemd-analyze verify, and its exposure is rated below 2', () => {
  const unit = readFileSync(join(ROOT, 'broadside.service'), 'utf8');
  for (const line of ['StateDirectory=broadside', 'ProtectSystem=strict', 'NoNewPrivileges=yes', 'PrivateTmp=yes',
    'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX', 'SystemCallFilter=@system-service', 'ExecReload=/bin/kill -HUP $MAINPID',
    'User=broadside'])
    assert.ok(unit.split('\n').includes(line), line);
  // verify checks that the command exists: the same unit, run from the binary under test.
  mkdirSync(`${dir}/unit`);
  writeFileSync(`${dir}/unit/broadside.service`, unit.replace('ExecStart=/usr/bin/broadside', `ExecStart=${BIN}`));
  const v = sh('systemd-analyze', ['verify', '--man=no', `${dir}/unit/broadside.service`]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
  assert.equal(v.stderr, '', 'no warning either');
  const s = sh('systemd-analyze', ['security', '--offline=true', '--no-pager', join(ROOT, 'broadside.service')]);
  assert.equal(s.status, 0, s.stderr);
  const level = Number(s.stdout.match(/Overall exposure level for broadside\.service: ([\d.]+)/)[1]);
  assert.ok(level < 2, `exposure ${level}`);
  // The debian folder installs this very unit.
  assert.equal(readFileSync(join(ROOT, 'debian/broadside.service'), 'utf8'), unit);
});

// The files of the checkout (tracked, and new ones not ignored), copied to dest.
function copySource(dest) {
  const files = execFileSync('git', ['-C', ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
    .split('\0').filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(ROOT, f))) continue; // deleted in the work tree
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    execFileSync('cp', ['-P', join(ROOT, f), join(dest, f)]);
  }
}

test('the Debian package builds lintian clean, installs, runs and is purged', { timeout: 900000 }, (t) => {
  if (process.env.ASAN_OPTIONS) return t.skip('built from source, not from the binary under test: once is enough');
  const src = `${dir}/broadside`;
  copySource(src);
  const build = sh('dpkg-buildpackage', ['-us', '-uc', '-b'], { cwd: src, env: { ...process.env, DEB_BUILD_OPTIONS: 'parallel=2' } });
  assert.equal(build.status, 0, build.stdout.slice(-3000) + build.stderr.slice(-3000));
  const deb = `${dir}/broadside_${VERSION}_${execFileSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).trim()}.deb`;
  assert.ok(existsSync(deb), readdirSync(dir).join(' '));
  const lint = sh('lintian', ['--fail-on', 'error,warning', '--pedantic', deb.replace(/\.deb$/, '.changes')]);
  assert.equal(lint.status, 0, lint.stdout + lint.stderr);
  assert.doesNotMatch(lint.stdout, /^[EWP]: /m, lint.stdout);
  const contents = execFileSync('dpkg-deb', ['-c', deb], { encoding: 'utf8' });
  for (const f of ['./usr/bin/broadside', './usr/share/man/man1/broadside.1.gz', './lib/systemd/system/broadside.service', './etc/logrotate.d/broadside'])
    assert.ok(contents.includes(f), f);

  if (process.getuid() !== 0) return t.skip('installing needs root');
  if (sh('dpkg-query', ['-W', 'broadside']).status === 0) return t.skip('a broadside package is installed on this machine already');
  const userBefore = sh('getent', ['passwd', 'broadside']).status === 0;
  const stateBefore = existsSync('/var/lib/broadside');
  try {
    const inst = sh('dpkg', ['-i', deb]);
    assert.equal(inst.status, 0, inst.stdout + inst.stderr);
    assert.equal(sh('/usr/bin/broadside', ['--version']).stdout, `broadside ${VERSION}\n`);
    const pw = execFileSync('getent', ['passwd', 'broadside'], { encoding: 'utf8' }).trim().split(':');
    assert.ok(Number(pw[2]) < 1000, 'a system user');
    assert.equal(pw[5], '/var/lib/broadside');
    assert.match(pw[6], /nologin|false/);
    const st = statSync('/var/lib/broadside');
    assert.equal(st.uid, Number(pw[2]));
    assert.equal(st.mode & 0o777, 0o700);
    const v = sh('systemd-analyze', ['verify', '--man=no', '/lib/systemd/system/broadside.service']);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    // The installed binary, as its user, makes and checks a press where the unit serves one.
    const init = sh('runuser', ['-u', 'broadside', '--', '/usr/bin/broadside', 'init', '--data', '/var/lib/broadside', '--title', 'Packaged']);
    assert.equal(init.status, 0, init.stderr);
    const check = sh('runuser', ['-u', 'broadside', '--', '/usr/bin/broadside', 'check', '--data', '/var/lib/broadside']);
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const purge = sh('dpkg', ['--purge', 'broadside']);
    assert.equal(purge.status, 0, purge.stdout + purge.stderr);
    assert.ok(!existsSync('/usr/bin/broadside'));
    assert.ok(!existsSync('/lib/systemd/system/broadside.service'));
    assert.ok(!existsSync('/var/log/broadside'));
    assert.ok(existsSync('/var/lib/broadside/site.db'), 'a purge keeps what the writers wrote');
  } finally {
    if (sh('dpkg-query', ['-W', 'broadside']).status === 0) sh('dpkg', ['--purge', 'broadside']);
    if (!stateBefore) sh('rm', ['-rf', '/var/lib/broadside']);
    if (!userBefore && sh('getent', ['passwd', 'broadside']).status === 0) sh('deluser', ['--system', '--quiet', 'broadside']);
  }
});

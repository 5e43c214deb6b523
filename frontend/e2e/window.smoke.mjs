// The real Wails binary in a real X server: the window opens at the screen's
// size, paints the attract screen, and a touch reaches the Go API through the
// kiosk window's loopback door (app/kiosk/loopback.go: 127.0.0.1, a random
// port, a one-time ticket exchanged for a cookie). The same door refuses a
// request without the cookie or with another Host, and read-aloud works through
// it. The screenshots are kept
// in e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary, copyConfig, artifacts } from './lib.mjs';
import { sleep, waitFor, startX, colours } from './xlib.mjs';

const W = 1280;
const H = 800;

/** get sends GET path to 127.0.0.1:port with the headers given and resolves with {status, type, body}. */
function get(port, path, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'] ?? '', body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('the kiosk window opens full screen and its API calls go through the loopback door', async (t) => {
  const { display, env } = await startX(t, W, H);

  const data = mkdtempSync(join(tmpdir(), 'tramhocso-window-'));
  // The taps below are at fixed places: the first catalog card must be the
  // one whose start page they were placed on (cu-tru, a one-line title), so
  // the config copy leaves out the pack that sorts before it.
  const config = copyConfig();
  rmSync(join(config, 'practice', 'ban-sao-trich-luc.yaml'));
  const app = spawn(binary(), ['--config', config, '--data', data], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  app.stdout.on('data', (d) => (log += d));
  app.stderr.on('data', (d) => (log += d));
  const exited = new Promise((r) => app.on('exit', r));
  t.after(async () => {
    if (app.exitCode === null) app.kill('SIGTERM');
    await exited;
  });

  assert.doesNotMatch(log, /headless/, 'with a display the app must open a window, not serve');
  const id = await waitFor('the window', () => {
    try {
      return execFileSync('xdotool', ['search', '--onlyvisible', '--name', 'Trạm Học Số'], { env }).toString().trim().split('\n')[0];
    } catch {
      return '';
    }
  });
  const geometry = execFileSync('xdotool', ['getwindowgeometry', id], { env }).toString();
  assert.match(geometry, new RegExp(`Geometry: ${W}x${H}`), `window is not full screen:\n${geometry}`);

  // Wait until the attract screen is painted (the blank window has one colour).
  const attract = join(artifacts, 'window-attract.png');
  await waitFor('the attract screen to paint', () => {
    execFileSync('import', ['-display', display, '-window', 'root', attract]);
    return colours(attract) > 50;
  });
  assert.equal(execFileSync('identify', ['-format', '%wx%h', attract]).toString(), `${W}x${H}`);

  // Touch the middle of the screen: the catalog request must reach the Go API
  // through the loopback door (the kiosk door's handler over HTTP).
  execFileSync('xdotool', ['mousemove', String(W / 2), String(H / 2), 'click', '1'], { env });
  await waitFor('the catalog API call in the log', () => /msg=api door=kiosk method=GET route=\/api\/catalog status=200/.test(log));
  const catalog = join(artifacts, 'window-catalog.png');
  await sleep(500);
  execFileSync('import', ['-display', display, '-window', 'root', catalog]);
  assert.ok(colours(catalog) > 50, 'catalog screen is blank');
  assert.doesNotMatch(log, /serving on http/, 'the window must not open serve\'s listener');
  const port = Number((log.match(/msg="kiosk window door open" addr=127\.0\.0\.1:(\d+)/) ?? [])[1]);
  assert.ok(port > 0, `no loopback door in the log:\n${log}`);
  // The window itself never knocked without its cookie.
  assert.doesNotMatch(log, /kiosk window door: request refused/, 'the window was refused by its own door');

  // Another program on this PC: no cookie, or another Host → 403, never the app.
  const own = `127.0.0.1:${port}`;
  for (const [path, headers, json] of [
    ['/', { Host: own }, false],
    ['/api/health', { Host: own }, true],
    ['/api/catalog', { Host: own }, true],
    ['/assets/', { Host: own }, false],
    ['/', { Host: `localhost:${port}` }, false],
    ['/api/health', { Host: `evil.example:${port}` }, true],
    ['/api/health', { Host: own, Cookie: 'tramhocso_door=' + '0'.repeat(64) }, true],
    ['/door/enter/' + 'a'.repeat(64), { Host: own }, false],
  ]) {
    const r = await get(port, path, headers);
    assert.equal(r.status, 403, `${path} with ${JSON.stringify(headers)}: ${r.status} ${r.body.slice(0, 200)}`);
    assert.doesNotMatch(r.body, /<div id="app">/, 'a refusal must not carry the app');
    assert.equal(r.type.startsWith('application/json'), json, `${path}: Content-Type ${r.type}`);
  }
  await waitFor('the refusals in the log', () => (log.match(/kiosk window door: request refused/g) ?? []).length >= 8);
  // The window is still on its page (the refusals did not disturb it).
  execFileSync('import', ['-display', display, '-window', 'root', catalog]);
  assert.ok(colours(catalog) > 50, 'the window went blank after the refused requests');

  // Read-aloud through the door: the first pack's introduction, then its "Đọc to" button (top right).
  execFileSync('xdotool', ['mousemove', '330', '370', 'click', '1'], { env });
  await sleep(1500);
  execFileSync('xdotool', ['mousemove', String(W - 125), '191', 'click', '1'], { env });
  await waitFor('the read-aloud request', () => /method=POST route=\/api\/speech status=\d+/.test(log));
  assert.match(log, /method=POST route=\/api\/speech status=200/, 'read-aloud failed in the window');
  execFileSync('import', ['-display', display, '-window', 'root', join(artifacts, 'window-read-aloud.png')]);
});

// The window starts while the kiosk opens (decision 127): when the kiosk
// cannot open, the window must close and the command say why, not hang
// with a window waiting for a kiosk that never comes.
test('when the kiosk cannot open, the window closes and the command says why', { timeout: 60_000 }, async (t) => {
  const { env } = await startX(t, W, H);
  const config = copyConfig();
  writeFileSync(join(config, 'kiosk.yaml'), 'version: 2\nkiosk: [\n');
  const data = mkdtempSync(join(tmpdir(), 'tramhocso-window-'));
  const app = spawn(binary(), ['--config', config, '--data', data], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  app.stdout.on('data', (d) => (log += d));
  app.stderr.on('data', (d) => (log += d));
  t.after(() => {
    if (app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
  });
  const [code, signal] = await new Promise((r) => app.on('exit', (c, s) => r([c, s])));
  assert.equal(signal, null, `the window died of ${signal}:\n${log}`);
  assert.notEqual(code, 0, `a kiosk that cannot open must not exit 0:\n${log}`);
  assert.match(log, /loading configuration from .*kiosk\.yaml:\d+/s, `the error does not say what is wrong:\n${log}`);
  assert.doesNotMatch(log, /SIGSEGV|panic:/);
});

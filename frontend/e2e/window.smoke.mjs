// The real Wails binary in a real X server: the window opens at the screen's
// size, paints the attract screen, and a touch reaches the Go API through the
// Wails AssetServer (in-process, not over TCP). The screenshots are kept in
// e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary, repoRoot, artifacts } from './lib.mjs';
import { sleep, waitFor, startX, colours } from './xlib.mjs';

const W = 1280;
const H = 800;

test('the kiosk window opens full screen and its API calls go through the AssetServer', async (t) => {
  const { display, env } = await startX(t, W, H);

  const data = mkdtempSync(join(tmpdir(), 'tramhocso-window-'));
  const app = spawn(binary(), ['--config', join(repoRoot, 'kiosk-config'), '--data', data], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
  // through the Wails AssetServer handler (the kiosk door, no TCP listener).
  execFileSync('xdotool', ['mousemove', String(W / 2), String(H / 2), 'click', '1'], { env });
  await waitFor('the catalog API call in the log', () => /msg=api door=kiosk method=GET route=\/api\/catalog status=200/.test(log));
  const catalog = join(artifacts, 'window-catalog.png');
  await sleep(500);
  execFileSync('import', ['-display', display, '-window', 'root', catalog]);
  assert.ok(colours(catalog) > 50, 'catalog screen is blank');
  assert.doesNotMatch(log, /serving on http/, 'the window must not open a TCP listener');
});

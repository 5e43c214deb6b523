// The kiosk window as an appliance, in a real X server: a right click opens
// no context menu, text cannot be selected by dragging or double-clicking
// (app.css and the page's kiosk guard), the window
// tells systemd it is ready and runs its health loop, and after a SIGKILL a
// supervisor loop (standing in for systemd's Restart=always) brings up a new
// instance that takes the database lock and paints again.
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
/** visibleWindows lists the ids of the mapped windows (a popup menu adds some). */
function visibleWindows(env) {
  try {
    return execFileSync('xdotool', ['search', '--onlyvisible', '--name', ''], { env }).toString().trim().split('\n').sort();
  } catch {
    return [];
  }
}

function kioskWindow(env) {
  try {
    return execFileSync('xdotool', ['search', '--onlyvisible', '--name', 'Trạm Học Số'], { env }).toString().trim().split('\n')[0];
  } catch {
    return '';
  }
}

/** windowPid is the process that owns window id (_NET_WM_PID). */
function windowPid(env, id) {
  try {
    return Number(execFileSync('xdotool', ['getwindowpid', id], { env, stdio: ['ignore', 'pipe', 'ignore'] }).toString());
  } catch {
    return 0;
  }
}

/**
 * shot screenshots the screen, or the region WxH+X+Y of it. The region
 * leaves out GTK's overlay scrollbar at the right edge, which fades in and
 * out with pointer motion.
 */
function shot(display, name, region = `${W - 24}x${H}+0+0`) {
  const file = join(artifacts, name);
  execFileSync('import', ['-display', display, '-window', 'root', '-crop', region, '+repage', file]);
  return file;
}

/** differing counts the pixels that differ between two screenshots. */
function differing(a, b) {
  try {
    return Number(execFileSync('compare', ['-metric', 'AE', a, b, 'null:'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString() || 0);
  } catch (e) {
    // compare exits 1 when the images differ and prints the count on stderr.
    return Number(String(e.stderr).trim().split(' ')[0]);
  }
}

async function waitPainted(display, name) {
  let file;
  await waitFor(`${name} to paint`, () => {
    file = shot(display, name);
    return colours(file) > 50;
  });
  await sleep(500); // let fonts and layout settle
  return shot(display, name);
}

/** startApp runs one kiosk window; log() is everything it wrote. */
function startApp(env, data, extraEnv = {}) {
  const child = spawn(binary(), ['--config', join(repoRoot, 'kiosk-config'), '--data', data], {
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const exited = new Promise((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return { child, log: () => log, exited };
}

test('no context menu and no text selection in the kiosk window; it notifies systemd once loaded', async (t) => {
  const { display, env } = await startX(t, W, H);
  const data = mkdtempSync(join(tmpdir(), 'tramhocso-kiosk-'));
  // A notify socket that does not exist: the attempts show in the log.
  const app = startApp(env, data, { NOTIFY_SOCKET: join(data, 'no-such-notify.sock'), WATCHDOG_USEC: '1000000', WATCHDOG_PID: '' });
  t.after(async () => {
    if (app.child.exitCode === null) app.child.kill('SIGTERM');
    await app.exited;
  });
  await waitFor('the window', () => kioskWindow(env));
  const before = await waitPainted(display, 'kiosk-before-right-click.png');

  // Once the page has loaded: READY=1, then the health loop (which notifies
  // only after GET /api/health through the kiosk door and the store answer).
  await waitFor('READY=1 after the page loaded', () => /telling systemd the kiosk is ready failed/.test(app.log()));
  await waitFor('the health loop', () => /systemd watchdog on.*every=500ms/.test(app.log()));
  await waitFor('a healthy check and a WATCHDOG=1 attempt', () => /watchdog: notifying systemd failed/.test(app.log()));
  assert.doesNotMatch(app.log(), /watchdog: the kiosk is unhealthy/);

  // Right click away from the start button: no popup window, no pixel changed.
  const windows = visibleWindows(env);
  execFileSync('xdotool', ['mousemove', String(W / 2), '200', 'click', '3'], { env });
  await sleep(1000);
  const after = shot(display, 'kiosk-after-right-click.png');
  assert.deepEqual(visibleWindows(env), windows, 'a right click opened a window (a context menu)');
  assert.equal(differing(before, after), 0, 'the screen changed after a right click (a context menu?): see e2e/artifacts/kiosk-after-right-click.png');

  // Go to the catalog and try to select its heading by dragging and by a
  // double click: nothing may be highlighted.
  execFileSync('xdotool', ['key', 'Escape', 'mousemove', String(W / 2), '530', 'click', '1'], { env });
  await waitFor('the catalog API call', () => /route=\/api\/catalog status=200/.test(app.log()));
  await waitPainted(display, 'kiosk-catalog.png');
  const heading = '1100x120+0+90';
  const unselected = shot(display, 'kiosk-heading.png', heading);
  execFileSync('xdotool', ['mousemove', '60', '152', 'mousedown', '1', 'mousemove', '300', '155', 'mousemove', '740', '152', 'mouseup', '1'], { env });
  execFileSync('xdotool', ['mousemove', '400', '152', 'click', '--repeat', '2', '--delay', '80', '1'], { env });
  await sleep(500);
  const dragged = shot(display, 'kiosk-heading-after-drag.png', heading);
  assert.equal(differing(unselected, dragged), 0, 'dragging over the heading selected text: see e2e/artifacts/kiosk-heading-after-drag.png');
});

test('after SIGKILL a supervisor brings the kiosk back and the new instance takes the database lock', async (t) => {
  const { display, env } = await startX(t, W, H);
  const data = mkdtempSync(join(tmpdir(), 'tramhocso-kiosk-'));

  // A tiny supervisor: like Restart=always with RestartSec, restart the app
  // whenever it exits, until the test ends.
  const instances = [];
  let stopping = false;
  const launch = () => {
    const app = startApp(env, data);
    instances.push(app);
    app.exited.then(() => {
      if (!stopping) setTimeout(launch, 300);
    });
  };
  launch();
  t.after(async () => {
    stopping = true;
    const last = instances.at(-1);
    if (last.child.exitCode === null && last.child.signalCode === null) last.child.kill('SIGTERM');
    await last.exited;
  });

  await waitFor('the first window', () => kioskWindow(env));
  await waitPainted(display, 'kiosk-first-instance.png');
  const first = instances[0];
  assert.match(first.log(), /kiosk ready/);
  assert.equal(windowPid(env, kioskWindow(env)), first.child.pid);

  first.child.kill('SIGKILL');
  assert.deepEqual(await first.exited, { code: null, signal: 'SIGKILL' });

  const second = await waitFor('the supervisor to start a second instance', () => instances[1]);
  // "kiosk ready" is logged after store.Open took the lock: a lock left
  // behind by the killed process would fail here with "already running".
  await waitFor('the second instance to open the database', () => /kiosk ready/.test(second.log()) || second.child.exitCode !== null);
  assert.match(second.log(), /kiosk ready/, `the second instance did not start:\n${second.log()}`);
  assert.doesNotMatch(second.log(), /already running/);
  assert.equal(instances.length, 2, 'the kiosk restarted more than once');

  // X may hand the new client the same window id: tell them apart by pid.
  const newWindow = await waitFor('the new instance\'s window', () => {
    const id = kioskWindow(env);
    return id && windowPid(env, id) === second.child.pid ? id : '';
  });
  assert.match(execFileSync('xdotool', ['getwindowgeometry', newWindow], { env }).toString(), new RegExp(`Geometry: ${W}x${H}`));
  await waitPainted(display, 'kiosk-after-restart.png');

  // The new instance holds the lock: a second kiosk on the same data
  // directory is refused.
  const intruder = spawn(binary(), ['serve', '--listen', '127.0.0.1:0', '--config', join(repoRoot, 'kiosk-config'), '--data', data], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  intruder.stdout.on('data', (d) => (out += d));
  intruder.stderr.on('data', (d) => (out += d));
  const code = await new Promise((r) => intruder.on('exit', r));
  assert.equal(code, 1, `a second kiosk on the same data directory started:\n${out}`);
  assert.match(out, /another Trạm Học Số is already running on this data directory/);
});

test('staff mode opens in the real window: corner hold, PIN, panel, on the staff cookie alone', async (t) => {
  const { display, env } = await startX(t, W, H);
  const data = mkdtempSync(join(tmpdir(), 'tramhocso-kiosk-'));
  const app = startApp(env, data);
  t.after(async () => {
    if (app.child.exitCode === null) app.child.kill('SIGTERM');
    await app.exited;
  });
  await waitFor('the window', () => kioskWindow(env));
  await waitPainted(display, 'kiosk-staff-before.png');
  // Press and hold the top-left corner for 3 s: the PIN pad opens.
  execFileSync('xdotool', ['mousemove', '4', '4', 'mousedown', '1'], { env });
  await sleep(3500);
  execFileSync('xdotool', ['mouseup', '1'], { env });
  await waitFor('the PIN pad', () => /route=\/api\/staff\/pin status=200/.test(app.log()));
  await sleep(300);
  // The sample config's PIN (kiosk-config/kiosk.yaml says which), typed on a keyboard.
  execFileSync('xdotool', ['type', '--delay', '60', '246810'], { env });
  execFileSync('xdotool', ['key', 'Return'], { env });
  await waitFor('the staff login', () => /route=\/api\/staff\/login status=200/.test(app.log()));
  await waitFor('the staff panel', () => /route=\/api\/staff\/panel status=\d+/.test(app.log()));
  assert.match(app.log(), /route=\/api\/staff\/panel status=200/, 'the panel refused the staff session in the window');
  await waitPainted(display, 'kiosk-staff-panel.png');
  assert.doesNotMatch(app.log(), /246810/, 'the PIN must never be logged');
});

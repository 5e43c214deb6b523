// A short soak of the real kiosk window (issue 12): the page runs scripted
// practice sessions by itself (bench mode, one session per page load in a
// new WebKit web process, as the kiosk gives every citizen a fresh page), then the API stress page calls the
// API in a tight loop. The window process must not die. The test counts
// sessions, it does not time them: it stops at SOAK_SESSIONS or after
// SOAK_SECONDS, whichever comes first (a bound on the test's length, not a
// speed threshold: on a loaded machine fewer sessions run, and the test still
// asks only that some ran, none failed and the window lived). The long soak
// with figures is `make bench-window`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binary, repoRoot } from './lib.mjs';
import { sleep, startX } from './xlib.mjs';

const SOAK_SESSIONS = Number(process.env.SOAK_SESSIONS ?? 300);
const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 150);
const STRESS_SECONDS = Number(process.env.STRESS_SECONDS ?? 20);

function startApp(env, extraEnv) {
  const data = mkdtempSync(join(tmpdir(), 'tramhocso-soak-'));
  const child = spawn(binary(), ['--config', join(repoRoot, 'kiosk-config'), '--data', data], {
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  let exit = null;
  const exited = new Promise((r) =>
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      r(exit);
    }),
  );
  return { child, log: () => log, exited, exit: () => exit };
}

/** webProcesses lists the WebKit web processes that are children of pid. */
function webProcesses(pid) {
  const out = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const m = stat.match(/^\d+ \((.*)\) \S (\d+)/);
      if (m && m[1].startsWith('WebKitWebProces') && Number(m[2]) === pid) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

const sessionsDone = (log) => (log.match(/route=\/api\/practice\/\{id\}\/summary status=200/g) ?? []).length;
const crashLine = (log) => (log.match(/^.*(SIGSEGV|SIGABRT|fatal error|panic:).*$/m) ?? ['no message'])[0];

test(`short soak: up to ${SOAK_SESSIONS} sessions (≤ ${SOAK_SECONDS} s), then ${STRESS_SECONDS} s of API stress; the window survives`, { timeout: (SOAK_SECONDS + STRESS_SECONDS + 120) * 1000 }, async (t) => {
  const { env } = await startX(t, 1280, 800);

  const soak = startApp(env, { TRAMHOCSO_BENCH_SESSIONS: String(SOAK_SESSIONS) });
  t.after(async () => {
    if (soak.exit() === null) soak.child.kill('SIGTERM');
    await soak.exited;
  });
  const deadline = Date.now() + SOAK_SECONDS * 1000;
  const seen = new Set(); // the web processes seen, sampled twice a second
  while (Date.now() < deadline && soak.exit() === null && !/msg="bench finished"/.test(soak.log())) {
    for (const pid of webProcesses(soak.child.pid)) seen.add(pid);
    await sleep(500);
  }
  assert.equal(soak.exit(), null, `the window died after ${sessionsDone(soak.log())} sessions: ${crashLine(soak.log())}`);
  const done = sessionsDone(soak.log());
  const pages = (soak.log().match(/route=\/api\/bench\/state status=200/g) ?? []).length;
  const fresh = (soak.log().match(/msg="kiosk window: fresh web process"/g) ?? []).length;
  t.diagnostic(`${done} sessions in the window, on ${pages} page loads, ${fresh} fresh web processes (${seen.size} seen)`);
  assert.ok(done >= 1, 'no session ran: the page is not running the soak');
  assert.ok(pages >= done, `${pages} page loads for ${done} sessions: each session must get a fresh page`);
  // Each citizen (here: each session) gets a new WebKit web process, and the old ones go.
  assert.doesNotMatch(soak.log(), /no fresh web process/, 'the window could not start a fresh web process');
  assert.ok(fresh >= done - 1, `${fresh} fresh web processes for ${done} sessions`);
  if (done >= 3) assert.ok(seen.size >= 2, `only ${seen.size} web process seen over ${done} sessions`);
  const alive = webProcesses(soak.child.pid);
  assert.ok(alive.length <= 2, `${alive.length} web processes alive at the end: the old ones do not exit`);
  // A failed scripted session reports itself as a client error.
  assert.doesNotMatch(soak.log(), /route=\/api\/client-errors/, 'a scripted session failed');
  const refusedLines = soak.log().match(/^.*kiosk window door: request refused.*$/gm) ?? [];
  if (refusedLines.length > 0) {
    const lines = soak.log().split('\n');
    const at = lines.findIndex((l) => l.includes('kiosk window door: request refused'));
    t.diagnostic(`the log around the first refusal:\n${lines.slice(Math.max(0, at - 25), at + 10).join('\n')}`);
  }
  assert.equal(refusedLines.length, 0, `the window was refused by its own door:\n${refusedLines.slice(0, 5).join('\n')}`);
  soak.child.kill('SIGTERM');
  assert.equal((await soak.exited).signal, null, 'the window did not stop cleanly');

  const stress = startApp(env, { TRAMHOCSO_BENCH_STRESS: String(STRESS_SECONDS) });
  t.after(async () => {
    if (stress.exit() === null) stress.child.kill('SIGTERM');
    await stress.exited;
  });
  const stressEnd = Date.now() + (STRESS_SECONDS + 60) * 1000;
  while (Date.now() < stressEnd && stress.exit() === null && !/msg="bench finished"/.test(stress.log())) await sleep(500);
  assert.equal(stress.exit(), null, `the window died under the API stress page: ${crashLine(stress.log())}`);
  const fin = stress.log().match(/msg="bench finished" requests=(\d+) errors=(\d+)/);
  assert.ok(fin, 'the stress page did not finish');
  t.diagnostic(`stress page: ${fin[1]} API calls, ${fin[2]} failed`);
  assert.ok(Number(fin[1]) > 0);
  assert.equal(fin[2], '0', 'API calls failed under stress');
});

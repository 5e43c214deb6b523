// Helpers for the real-window tests: a private Xvfb display, polling, and
// screenshot measures (ImageMagick).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** waitFor polls fn every 100 ms until it returns something truthy. */
export async function waitFor(what, fn, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** freeDisplay finds an X display number nobody uses. */
export function freeDisplay() {
  for (let n = 90 + Math.floor(Math.random() * 100); ; n++) {
    if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) return n;
  }
}

/** startX runs Xvfb at width×height for the test t and returns its display and an env for clients. */
export async function startX(t, width, height) {
  const display = `:${freeDisplay()}`;
  const xvfb = spawn('Xvfb', [display, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp'], { stdio: 'ignore' });
  t.after(() => xvfb.kill());
  await waitFor('Xvfb', () => existsSync(`/tmp/.X11-unix/X${display.slice(1)}`));
  return { display, env: { ...process.env, DISPLAY: display, WAYLAND_DISPLAY: '' } };
}

/** colours counts the distinct colours of a screenshot. */
export const colours = (png) => Number(execFileSync('identify', ['-format', '%k', png]).toString());

// A fresh page for every citizen (issue 12): when a practice ends, moves to a
// phone, or the idle reset fires, the kiosk window loads its page again
// instead of switching screens inside it. Nothing of the last citizen's
// JavaScript heap survives, and WebKit starts the next citizen on a new
// document. The requests still running (ending the practice, logging staff
// out) finish first; they are sent keep-alive as well.
//
// In the kiosk window the page asks for more: a new WebKit web process
// (askFreshProcess). The window ends the process this page runs in and loads
// the app in a new one, so what WebKit kept growing in the old process goes
// with it (docs/decisions.md). If the window does not do so within
// FRESH_FALLBACK_MS, the page loads itself again here.
import { askFreshProcess, settled } from './api';
import { isKioskWindow } from './kioskguard';

/** How long to wait for the window's new web process before loading the page again in this one. */
export const FRESH_FALLBACK_MS = 5000;

export interface FreshOptions {
  /** inWindow: the page runs in the kiosk window (default: its door's marker). */
  inWindow?: boolean;
  /** wait resolves after ms (a seam for the tests). */
  wait?: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** freshPage replaces the page by a new load of its address (no history entry), in a new web process in the window. */
export async function freshPage(
  loc: Pick<Location, 'pathname' | 'search' | 'replace'> = window.location,
  { inWindow = isKioskWindow(window), wait = sleep }: FreshOptions = {},
): Promise<void> {
  await settled();
  if (inWindow && (await askFreshProcess())) await wait(FRESH_FALLBACK_MS);
  loc.replace(loc.pathname + loc.search);
}

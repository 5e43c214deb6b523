// A fresh page for every citizen (issue 12): when a practice ends, moves to a
// phone, or the idle reset fires, the kiosk window loads its page again
// instead of switching screens inside it. Nothing of the last citizen's
// JavaScript heap survives, and WebKit starts the next citizen on a new
// document. The requests still running (ending the practice, logging staff
// out) finish first; they are sent keep-alive as well.
import { settled } from './api';

/** freshPage replaces the page by a new load of its address (no history entry). */
export async function freshPage(loc: Pick<Location, 'pathname' | 'search' | 'replace'> = window.location): Promise<void> {
  await settled();
  loc.replace(loc.pathname + loc.search);
}

// Is this page the kiosk's touch screen (no physical keyboard), or a phone or
// a desk browser (which bring their own keyboard)?
//
// Decision (docs/decisions.md): the on-screen keyboard opens when
//  1. the page runs in the kiosk window: its loopback door puts the marker
//     <meta name="tramhocso-door" content="kiosk-window"> in the page
//     (isKioskWindow); or
//  2. the URL says ?kiosk=1 (a headless `serve` shown in a browser in kiosk
//     mode, and the end-to-end tests). ?kiosk=0 turns it off even in the window.
// The phone door never has either, so phones keep their own keyboard.

import { isKioskWindow } from './kioskguard';

export interface KioskProbe {
  search: string;
  inWindow: boolean;
}

function probe(): KioskProbe {
  if (typeof window === 'undefined') return { search: '', inWindow: false };
  return { search: window.location.search, inWindow: isKioskWindow(window) };
}

/** isKioskScreen tells whether the on-screen keyboard should open. */
export function isKioskScreen(p: KioskProbe = probe()): boolean {
  const flag = new URLSearchParams(p.search).get('kiosk');
  if (flag === '0') return false;
  if (flag === '1') return true;
  return p.inWindow;
}

// The kiosk guard keeps the page an appliance inside the kiosk window: no
// zoom (keys, Ctrl+wheel, pinch), no reload or history keys, no context
// menu, no text-selection drag, and a hidden pointer when the Go side marks
// the page (kiosk.window.hide_pointer). It is installed only in the kiosk
// window: on a citizen's phone the same page keeps its normal behaviour
// (zoom stays available to people who need large text).

/** The attribute the Go side sets on <html> to hide the pointer. */
export const POINTER_ATTR = 'data-kiosk-pointer';

const STYLE_ID = 'kiosk-guard-style';

// Selection stays possible inside form fields (a citizen moves the caret and
// corrects a typo); everything else is not selectable and not draggable.
const CSS = `
html { touch-action: pan-x pan-y; -webkit-user-select: none; user-select: none; -webkit-touch-callout: none; }
input, textarea, [contenteditable="true"], [contenteditable=""] { -webkit-user-select: text; user-select: text; }
img, a { -webkit-user-drag: none; }
:root[${POINTER_ATTR}="hidden"], :root[${POINTER_ATTR}="hidden"] * { cursor: none !important; }
`;

/** The marker the kiosk window's loopback door puts in its index.html
 * (app/api/site.go, app/kiosk/loopback.go): <meta name="tramhocso-door"
 * content="kiosk-window">. No other door sends it. */
export const DOOR_META = 'tramhocso-door';
export const KIOSK_WINDOW = 'kiosk-window';

/** isKioskWindow tells whether the page runs inside the kiosk window: the
 * server says so with the door marker in the page (an explicit statement,
 * not a guess from Wails' runtime object, which the loopback page does not
 * have). */
export function isKioskWindow(win: Window = window): boolean {
  const meta = win.document?.querySelector(`meta[name="${DOOR_META}"]`);
  return meta?.getAttribute('content') === KIOSK_WINDOW;
}

type KeyLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

// Ctrl/⌘ + one of these: zoom (+ = - _ 0), reload (r), print (p), save
// (s), open (o), find (f, g) — browser functions a kiosk does not have.
const CTRL_KEYS = new Set(['+', '=', '-', '_', '0', 'r', 'p', 's', 'o', 'f', 'g']);
const CTRL_CODES = new Set(['NumpadAdd', 'NumpadSubtract', 'Numpad0', 'Digit0', 'Equal', 'Minus']);
// Keys that act on their own: reload, full-screen toggle, caret browsing,
// the inspector, and the hardware navigation keys.
const PLAIN_KEYS = new Set(['F5', 'F7', 'F11', 'F12', 'BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome', 'BrowserSearch', 'ZoomIn', 'ZoomOut']);

/** shouldBlockKey tells whether a key press is a browser function to block.
 * Editing shortcuts (Ctrl+A, C, V, X, Z) keep working in form fields. */
export function shouldBlockKey(e: KeyLike): boolean {
  if (PLAIN_KEYS.has(e.key)) return true;
  if (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'Home')) return true;
  if (e.ctrlKey || e.metaKey) {
    return CTRL_KEYS.has(e.key.toLowerCase()) || CTRL_CODES.has(e.code);
  }
  return false;
}

function isEditable(t: EventTarget | null): boolean {
  if (!(t instanceof Element)) return false;
  return t.closest('input, textarea, [contenteditable=""], [contenteditable="true"]') !== null;
}

/** installKioskGuard adds the listeners and the style sheet to win's
 * document and returns a function that removes them again (tests). */
export function installKioskGuard(win: Window = window): () => void {
  const doc = win.document;
  const ac = new AbortController();
  const opts = { capture: true, passive: false, signal: ac.signal };
  const block = (e: Event) => e.preventDefault();

  win.addEventListener(
    'keydown',
    (e) => {
      if (shouldBlockKey(e)) {
        e.preventDefault();
        e.stopPropagation();
      }
    },
    opts,
  );
  win.addEventListener(
    'wheel',
    (e) => {
      if (e.ctrlKey || e.metaKey) e.preventDefault();
    },
    opts,
  );
  // Pinch zoom: two or more fingers moving. One-finger scrolling stays.
  win.addEventListener(
    'touchmove',
    (e) => {
      if (e.touches.length > 1) e.preventDefault();
    },
    opts,
  );
  // WebKit's own pinch gesture events.
  for (const type of ['gesturestart', 'gesturechange', 'gestureend']) win.addEventListener(type, block, opts);
  win.addEventListener('contextmenu', block, opts);
  win.addEventListener('dragstart', block, opts);
  win.addEventListener(
    'selectstart',
    (e) => {
      if (!isEditable(e.target)) e.preventDefault();
    },
    opts,
  );

  let style = doc.getElementById(STYLE_ID);
  const added = style === null;
  if (style === null) {
    style = doc.createElement('style');
    style.id = STYLE_ID;
    style.textContent = CSS;
    doc.head.appendChild(style);
  }
  return () => {
    ac.abort();
    if (added) style.remove();
  };
}

import { describe, it, expect, afterEach } from 'vitest';
import { installKioskGuard, isKioskWindow, shouldBlockKey, POINTER_ATTR } from './kioskguard';

const key = (k: string, mods: Partial<KeyboardEventInit> = {}, code = '') =>
  ({ key: k, code, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods }) as KeyboardEvent;

describe('shouldBlockKey', () => {
  const cases: [string, KeyboardEvent, boolean][] = [
    ['Ctrl + (zoom in)', key('+', { ctrlKey: true, shiftKey: true }), true],
    ['Ctrl = (zoom in, no shift)', key('=', { ctrlKey: true }), true],
    ['Ctrl - (zoom out)', key('-', { ctrlKey: true }), true],
    ['Ctrl 0 (zoom reset)', key('0', { ctrlKey: true }), true],
    ['Ctrl numpad +', key('Add', { ctrlKey: true }, 'NumpadAdd'), true],
    ['⌘ - on a Mac keyboard', key('-', { metaKey: true }), true],
    ['F5', key('F5'), true],
    ['Ctrl R', key('r', { ctrlKey: true }), true],
    ['Ctrl Shift R', key('R', { ctrlKey: true, shiftKey: true }), true],
    ['Alt ← (history back)', key('ArrowLeft', { altKey: true }), true],
    ['browser back key', key('BrowserBack'), true],
    ['F12 (inspector)', key('F12'), true],
    ['Ctrl P (print)', key('p', { ctrlKey: true }), true],
    ['plain letter', key('a'), false],
    ['plain digit 0', key('0'), false],
    ['plain minus', key('-'), false],
    ['Ctrl C (copy)', key('c', { ctrlKey: true }), false],
    ['Ctrl V (paste)', key('v', { ctrlKey: true }), false],
    ['Ctrl A (select all in a field)', key('a', { ctrlKey: true }), false],
    ['Ctrl Z (undo)', key('z', { ctrlKey: true }), false],
    ['Backspace', key('Backspace'), false],
    ['arrow without Alt', key('ArrowLeft'), false],
    ['Enter', key('Enter'), false],
  ];
  for (const [name, e, want] of cases) {
    it(`${want ? 'blocks' : 'allows'} ${name}`, () => expect(shouldBlockKey(e)).toBe(want));
  }
});

describe('isKioskWindow', () => {
  const withMeta = (name: string, content: string) => {
    const doc = document.implementation.createHTMLDocument('t');
    const m = doc.createElement('meta');
    m.name = name;
    m.content = content;
    doc.head.appendChild(m);
    return { document: doc } as unknown as Window;
  };
  it('is false in a plain browser (a phone, serve)', () => {
    expect(isKioskWindow({ document: document.implementation.createHTMLDocument('t') } as unknown as Window)).toBe(false);
    expect(isKioskWindow({} as Window)).toBe(false);
  });
  it('is true when the door says kiosk-window', () => {
    expect(isKioskWindow(withMeta('tramhocso-door', 'kiosk-window'))).toBe(true);
  });
  it('is false for another door value or another meta', () => {
    expect(isKioskWindow(withMeta('tramhocso-door', 'phone'))).toBe(false);
    expect(isKioskWindow(withMeta('description', 'kiosk-window'))).toBe(false);
  });
  it('does not trust the Wails runtime object any more', () => {
    const w = { runtime: {}, go: {}, document: document.implementation.createHTMLDocument('t') } as unknown as Window;
    expect(isKioskWindow(w)).toBe(false);
  });
});

describe('installKioskGuard', () => {
  let remove: (() => void) | undefined;
  afterEach(() => {
    remove?.();
    remove = undefined;
    document.body.innerHTML = '';
    document.documentElement.removeAttribute(POINTER_ATTR);
  });

  const fire = (target: EventTarget, ev: Event) => {
    target.dispatchEvent(ev);
    return ev.defaultPrevented;
  };
  const opts = { bubbles: true, cancelable: true };

  it('lets everything through before it is installed (phones)', () => {
    expect(fire(document.body, new KeyboardEvent('keydown', { ...opts, key: '+', ctrlKey: true }))).toBe(false);
    expect(fire(document.body, new MouseEvent('contextmenu', opts))).toBe(false);
    expect(fire(document.body, new WheelEvent('wheel', { ...opts, ctrlKey: true, deltaY: -100 }))).toBe(false);
  });

  it('blocks zoom and reload keys but not typing', () => {
    remove = installKioskGuard(window);
    let seen = 0;
    document.body.addEventListener('keydown', () => seen++);
    expect(fire(document.body, new KeyboardEvent('keydown', { ...opts, key: '+', ctrlKey: true }))).toBe(true);
    expect(fire(document.body, new KeyboardEvent('keydown', { ...opts, key: 'F5' }))).toBe(true);
    expect(fire(document.body, new KeyboardEvent('keydown', { ...opts, key: 'r', ctrlKey: true }))).toBe(true);
    expect(seen).toBe(0); // stopped before the page's own handlers
    expect(fire(document.body, new KeyboardEvent('keydown', { ...opts, key: 'a' }))).toBe(false);
    expect(seen).toBe(1);
  });

  it('blocks Ctrl+wheel zoom but not scrolling', () => {
    remove = installKioskGuard(window);
    expect(fire(document.body, new WheelEvent('wheel', { ...opts, ctrlKey: true, deltaY: -100 }))).toBe(true);
    expect(fire(document.body, new WheelEvent('wheel', { ...opts, deltaY: 100 }))).toBe(false);
  });

  it('blocks the context menu and dragging', () => {
    remove = installKioskGuard(window);
    expect(fire(document.body, new MouseEvent('contextmenu', opts))).toBe(true);
    expect(fire(document.body, new Event('dragstart', opts))).toBe(true);
    expect(fire(document.body, new Event('gesturestart', opts))).toBe(true);
  });

  it('blocks pinch (two fingers) but not one-finger scrolling', () => {
    remove = installKioskGuard(window);
    const touchmove = (fingers: number) => {
      const ev = new Event('touchmove', opts);
      Object.defineProperty(ev, 'touches', { value: { length: fingers } });
      return fire(document.body, ev);
    };
    expect(touchmove(2)).toBe(true);
    expect(touchmove(1)).toBe(false);
  });

  it('blocks text selection except in form fields', () => {
    remove = installKioskGuard(window);
    document.body.innerHTML = '<p>Đăng ký khai sinh</p><input id="f"><div contenteditable="true"><span id="s">x</span></div>';
    expect(fire(document.querySelector('p')!, new Event('selectstart', opts))).toBe(true);
    expect(fire(document.getElementById('f')!, new Event('selectstart', opts))).toBe(false);
    expect(fire(document.getElementById('s')!, new Event('selectstart', opts))).toBe(false);
  });

  it('adds the style sheet once, hides the pointer only when marked, and removes everything', () => {
    remove = installKioskGuard(window);
    const again = installKioskGuard(window);
    const sheets = document.querySelectorAll('#kiosk-guard-style');
    expect(sheets).toHaveLength(1);
    const css = sheets[0].textContent ?? '';
    expect(css).toContain('touch-action: pan-x pan-y');
    expect(css).toContain(`:root[${POINTER_ATTR}="hidden"]`);
    expect(css).toContain('cursor: none');
    again();
    expect(document.querySelectorAll('#kiosk-guard-style')).toHaveLength(1);
    remove();
    remove = undefined;
    expect(document.querySelectorAll('#kiosk-guard-style')).toHaveLength(0);
    expect(fire(document.body, new MouseEvent('contextmenu', opts))).toBe(false);
  });
});

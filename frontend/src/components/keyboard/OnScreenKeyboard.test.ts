import { describe, it, expect, afterEach, vi } from 'vitest';
import { render, cleanup } from '@testing-library/svelte';
import { tick } from 'svelte';
import Harness from './Harness.test.svelte';
import { reading, resetReading } from '../../lib/reading.svelte';

afterEach(() => {
  cleanup();
  resetReading();
});

const panel = () => document.querySelector('.osk') as HTMLElement;
const layout = () => panel().dataset.layout;
const bound = () => document.getElementById('bound')!.textContent;
const field = (id: string) => document.getElementById(id) as HTMLInputElement;

/** tap presses one key the way a finger does (simple-keyboard listens to pointerdown). */
async function tap(key: string) {
  const btn = panel().querySelector<HTMLElement>(`.hg-button[data-skbtn="${CSS.escape(key)}"]`);
  if (!btn) throw new Error(`no key ${key} in layout ${layout()}`);
  btn.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, cancelable: true }));
  btn.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, cancelable: true }));
  await tick();
}

/** type taps the keys for each character, using Shift for a capital the layout does not show. */
async function type(keys: string) {
  for (const c of keys) {
    if (c === ' ') {
      await tap('{space}');
      continue;
    }
    const upper = c !== c.toLowerCase();
    const shifted = layout()?.endsWith('Shift') ?? false;
    if (upper !== shifted && c.toLowerCase() !== c.toUpperCase()) await tap('{shift}');
    await tap(c);
  }
}

/** show renders the harness and waits for simple-keyboard, which loads after the first paint. */
async function show(props?: Record<string, unknown>) {
  const r = render(Harness, props);
  await vi.waitFor(() => expect(document.querySelector('.osk .hg-button')).not.toBeNull());
  return r;
}

async function focus(id: string) {
  field(id).focus();
  await tick();
}

describe('OnScreenKeyboard', () => {
  it('a field focused before simple-keyboard has loaded opens it once it arrives, never as an empty panel', async () => {
    render(Harness);
    await focus('cccd'); // at once, before the keyboard's chunk
    if (!document.querySelector('.osk .hg-button')) expect(panel().classList.contains('open')).toBe(false);
    await vi.waitFor(() => expect(panel().classList.contains('open')).toBe(true));
    expect(layout()).toBe('numeric');
    expect(panel().querySelector('.hg-button[data-skbtn="1"]')).not.toBeNull();
  });

  it('stays closed until a text field has the focus, then opens with the right layout', async () => {
    await show();
    expect(panel().classList.contains('open')).toBe(false);
    await focus('name');
    expect(panel().classList.contains('open')).toBe(true);
    expect(layout()).toBe('viShift'); // autocapitalize="words": a capital first
    await focus('cccd');
    expect(layout()).toBe('numeric');
    await focus('email');
    expect(layout()).toBe('plain');
    field('email').blur();
    document.getElementById('other')!.focus();
    await Promise.resolve();
    await tick();
    // It closes only once the tap that moved the focus is over (a timer).
    expect(panel().classList.contains('open')).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    await tick();
    expect(panel().classList.contains('open')).toBe(false);
  });

  it('does not close (and move what is above it) while the finger that took the focus is still down', async () => {
    await show();
    await focus('name');
    const other = document.getElementById('other')!;
    other.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    field('name').blur();
    other.focus();
    await new Promise((r) => setTimeout(r, 5));
    await tick();
    expect(panel().classList.contains('open')).toBe(true);
    other.dispatchEvent(new Event('pointerup', { bubbles: true }));
    expect(panel().classList.contains('open')).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    await tick();
    expect(panel().classList.contains('open')).toBe(false);
  });

  it('types a Vietnamese name with Telex into a bound field', async () => {
    await show();
    await focus('name');
    await type('Nguyeenx Thij Hoongf');
    expect(field('name').value).toBe('Nguyễn Thị Hồng');
    expect(bound()).toBe('Nguyễn Thị Hồng||');
    expect(field('name').selectionStart).toBe(15);
    expect(document.activeElement).toBe(field('name'));
    // Capitals came by themselves at the start of each word.
    expect(layout()).toBe('vi');
  });

  it('types where the caret is, and Backspace deletes there', async () => {
    await show();
    await focus('name');
    await type('Nguyeenx Hoongf');
    field('name').setSelectionRange(6, 6); // after "Nguyễn"
    await type(' Thij');
    expect(bound()).toBe('Nguyễn Thị Hồng||');
    expect(field('name').selectionStart).toBe(10);
    await tap('{bksp}');
    expect(field('name').value).toBe('Nguyễn Th Hồng');
    field('name').setSelectionRange(0, 6); // select "Nguyễn"
    await type('Traanf');
    expect(bound()).toBe('Trần Th Hồng||');
  });

  it('tone keys mark the word at the caret', async () => {
    await show();
    await focus('name');
    await type('Hoa');
    await tap('{tone_f}');
    expect(field('name').value).toBe('Hoà');
  });

  it('switches to numbers and symbols and back, and between Telex and VNI', async () => {
    await show();
    await focus('name');
    await tap('{numbers}');
    expect(layout()).toBe('symbols');
    await tap('3');
    await tap('{abc}');
    expect(layout()).toBe('vi');
    expect(field('name').value).toBe('3');
    await tap('{bksp}');

    expect(reading.method).toBe('telex');
    await tap('{method}');
    expect(reading.method).toBe('vni');
    expect(panel().querySelector('[data-skbtn="{method}"]')!.textContent).toContain('VNI');
    await type('Ho6ng2');
    expect(field('name').value).toBe('Hồng');
  });

  it('uses the number pad for a CCCD field and stops at its maxlength', async () => {
    await show();
    await focus('cccd');
    for (const d of '0012030045678') await tap(d);
    expect(bound()).toBe('|001203004567|');
  });

  it('leaves an email exactly as typed', async () => {
    await show();
    await focus('email');
    await type('hoa.nguyen@gmail.com');
    expect(bound()).toBe('||hoa.nguyen@gmail.com');
  });

  it('"Next" moves to the next field; "Hide" closes', async () => {
    await show();
    await focus('name');
    await tap('{enter}');
    expect(document.activeElement).toBe(field('cccd'));
    await tap('{hide}');
    expect(panel().classList.contains('open')).toBe(false);
    expect(document.activeElement).not.toBe(field('cccd'));
  });

  it('is not there at all off the kiosk', async () => {
    render(Harness, { enabled: false });
    await focus('name');
    await new Promise((r) => setTimeout(r, 50)); // past the frame where the kiosk would load simple-keyboard
    expect(panel()).toBeNull();
    expect(document.querySelector('.hg-button')).toBeNull();
  });
});

// The on-screen keyboard's logic without the DOM widget: which keyboard a
// field gets, the layouts, and what a key does to a field's text and caret.
// OnScreenKeyboard.svelte draws the keys with simple-keyboard and calls these.
import { applyKey, applyKeyToSelection, deleteBackward, type EngineOptions, type Method } from '../../lib/vnkey';

/** FieldKind: which keyboard a field gets. */
export type FieldKind = 'none' | 'vietnamese' | 'plain' | 'numeric';

const TEXT_TYPES = new Set(['', 'text', 'search', 'email', 'url', 'password', 'tel', 'number']);

/**
 * fieldKind chooses the keyboard for an element. An explicit
 * data-keyboard="vietnamese|plain|numeric|none" wins. Otherwise:
 * numeric for number, CCCD, phone, OTP, passcode and date parts
 * (type number/tel, inputmode numeric/decimal/tel, autocomplete one-time-code);
 * plain letters without Telex/VNI for email, URL, password and user names;
 * Vietnamese for every other text field and textarea.
 */
export function fieldKind(el: Element | null): FieldKind {
  if (!el) return 'none';
  const tag = el.tagName;
  if (tag !== 'INPUT' && tag !== 'TEXTAREA') return 'none';
  const input = el as HTMLInputElement | HTMLTextAreaElement;
  if (input.readOnly || input.disabled) return 'none';
  const explicit = input.getAttribute('data-keyboard');
  if (explicit === 'none' || explicit === 'vietnamese' || explicit === 'plain' || explicit === 'numeric') return explicit;
  if (tag === 'TEXTAREA') return 'vietnamese';
  const type = (input.getAttribute('type') ?? '').toLowerCase();
  if (!TEXT_TYPES.has(type)) return 'none';
  const mode = (input.getAttribute('inputmode') ?? '').toLowerCase();
  const auto = (input.getAttribute('autocomplete') ?? '').toLowerCase();
  if (mode === 'none') return 'none';
  if (type === 'number' || type === 'tel' || mode === 'numeric' || mode === 'decimal' || mode === 'tel' || auto === 'one-time-code') {
    return 'numeric';
  }
  if (type === 'email' || type === 'url' || type === 'password' || mode === 'email' || mode === 'url' || /(^|\s)(email|username|(current|new)-password)$/.test(auto)) {
    return 'plain';
  }
  return 'vietnamese';
}

/** Tone keys (Telex letters) shown as their own row, for people who never learned Telex or VNI. */
export const TONES = ['s', 'f', 'r', 'x', 'j'] as const;
export type Tone = (typeof TONES)[number];
const TONE_SAMPLE: Record<Tone, string> = { s: 'á', f: 'à', r: 'ả', x: 'ã', j: 'ạ' };
const toneRow = TONES.map((k) => `{tone_${k}}`).join(' ');

/** simple-keyboard layouts: one name per page of keys. */
export const LAYOUTS: Record<string, string[]> = {
  vi: [
    `${toneRow} ă â đ ê ô ơ ư`,
    'q w e r t y u i o p {bksp}',
    'a s d f g h j k l {enter}',
    '{shift} z x c v b n m , . -',
    '{numbers} {method} {space} {hide}',
  ],
  viShift: [
    `${toneRow} Ă Â Đ Ê Ô Ơ Ư`,
    'Q W E R T Y U I O P {bksp}',
    'A S D F G H J K L {enter}',
    '{shift} Z X C V B N M , . -',
    '{numbers} {method} {space} {hide}',
  ],
  plain: [
    '1 2 3 4 5 6 7 8 9 0',
    'q w e r t y u i o p {bksp}',
    'a s d f g h j k l {enter}',
    '{shift} z x c v b n m @ . -',
    '{numbers} _ {space} {hide}',
  ],
  plainShift: [
    '1 2 3 4 5 6 7 8 9 0',
    'Q W E R T Y U I O P {bksp}',
    'A S D F G H J K L {enter}',
    '{shift} Z X C V B N M @ . -',
    '{numbers} _ {space} {hide}',
  ],
  // VNI types marks with digits, so its pages have a row of them.
  viVni: [],
  viVniShift: [],
  symbols: [
    '1 2 3 4 5 6 7 8 9 0 {bksp}',
    '@ . , - _ / : ; ( ) {enter}',
    '! ? " \' # & + = * %',
    '{abc} {space} {hide}',
  ],
  numeric: ['1 2 3', '4 5 6', '7 8 9', '{bksp} 0 {enter}', '{hide}'],
};

LAYOUTS.viVni = ['1 2 3 4 5 6 7 8 9 0', ...LAYOUTS.vi];
LAYOUTS.viVniShift = ['1 2 3 4 5 6 7 8 9 0', ...LAYOUTS.viShift];

/** layoutFor names the layout for a field kind, shift state, symbol page and typing method. */
export function layoutFor(kind: FieldKind, shift: boolean, symbols: boolean, method: Method = 'telex'): string {
  if (kind === 'numeric') return 'numeric';
  if (symbols) return 'symbols';
  if (kind === 'plain') return shift ? 'plainShift' : 'plain';
  const vni = method === 'vni' ? 'Vni' : '';
  return shift ? `vi${vni}Shift` : `vi${vni}`;
}

export function toneSample(tone: Tone): string {
  return TONE_SAMPLE[tone];
}

/** A field's editable state. */
export interface FieldState {
  value: string;
  start: number;
  end: number;
}

export interface KeyContext {
  kind: FieldKind;
  engine: EngineOptions;
  maxLength?: number; // <= 0: no limit
  multiline?: boolean;
}

/** Edit is what a key does: the new text and caret, and the InputEvent to report. */
export interface Edit {
  value: string;
  caret: number;
  inputType: 'insertText' | 'deleteContentBackward' | 'insertLineBreak' | 'insertReplacementText';
  data: string | null;
}

function replaceSelection(s: FieldState, text: string): { value: string; caret: number } {
  return { value: s.value.slice(0, s.start) + text + s.value.slice(s.end), caret: s.start + text.length };
}

/**
 * pressKey applies one key (a character, or one of {bksp} {space} {tone_s}…)
 * to a field. It returns null when the key changes nothing: a tone key where
 * no tone fits, a letter past maxlength, Backspace at the start.
 */
export function pressKey(s: FieldState, key: string, ctx: KeyContext): Edit | null {
  const start = Math.min(s.start, s.end);
  const end = Math.max(s.start, s.end);
  s = { value: s.value, start, end };
  const viet = ctx.kind === 'vietnamese';
  let edit: Edit;
  if (key === '{bksp}') {
    if (start === end && start === 0) return null;
    if (viet) {
      const r = deleteBackward(s.value, start, end, ctx.engine);
      edit = { value: r.text, caret: r.caret, inputType: 'deleteContentBackward', data: null };
    } else {
      const from = start === end ? start - (isLowSurrogate(s.value, start - 1) ? 2 : 1) : start;
      edit = { value: s.value.slice(0, from) + s.value.slice(end), caret: from, inputType: 'deleteContentBackward', data: null };
    }
  } else if (key.startsWith('{tone_')) {
    // A tone key only ever changes the tone of the word at the caret:
    // where Telex would type the letter instead, nothing happens.
    if (!viet || start !== end) return null;
    const letter = key.slice(6, 7);
    const r = applyKey(s.value, start, letter, { ...ctx.engine, method: 'telex' });
    if (r.text.length !== s.value.length || r.text === s.value) return null;
    edit = { value: r.text, caret: r.caret, inputType: 'insertReplacementText', data: null };
  } else if (key === '{newline}') {
    const r = replaceSelection(s, '\n');
    edit = { ...r, inputType: 'insertLineBreak', data: null };
  } else {
    const ch = key === '{space}' ? ' ' : key;
    if ([...ch].length !== 1) return null; // an unknown function key
    if (viet) {
      let r = applyKeyToSelection(s.value, start, end, ch, ctx.engine);
      const plain = s.value.slice(0, start) + ch + s.value.slice(end);
      if (r.text === plain && start === end && /\p{L}/u.test(s.value.charAt(start))) {
        // The engine sees the letters on both sides of the caret as one word,
        // so typing right against the next word ("Thi|Hồng" + j) would make
        // no mark. Then try the letters before the caret alone, as a word.
        const head = applyKey(s.value.slice(0, start), start, ch, ctx.engine);
        r = { text: head.text + s.value.slice(start), caret: head.caret };
      }
      edit = { value: r.text, caret: r.caret, inputType: 'insertText', data: ch };
    } else {
      edit = { ...replaceSelection(s, ch), inputType: 'insertText', data: ch };
    }
  }
  const max = ctx.maxLength ?? -1;
  if (max > 0 && edit.value.length > max && edit.value.length > s.value.length) return null;
  return edit;
}

function isLowSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return i > 0 && c >= 0xdc00 && c <= 0xdfff;
}

/**
 * autoShift: should the next letter be a capital? Follows the field's
 * autocapitalize attribute: "words" (names, addresses) after a space or at
 * the start, "sentences" at the start or after ". ", "characters" always.
 */
export function autoShift(autocapitalize: string, value: string, caret: number): boolean {
  const before = value.slice(0, caret);
  switch (autocapitalize) {
    case 'characters':
      return true;
    case 'words':
      return before === '' || /[\s(\-"]$/.test(before);
    case 'sentences':
    case 'on':
      return before.trim() === '' || /[.!?]\s+$/.test(before);
    default:
      return false;
  }
}

export function methodLabel(m: Method): string {
  return m === 'vni' ? 'VNI' : 'Telex';
}

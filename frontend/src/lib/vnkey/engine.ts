// Telex / VNI key handling on plain text: pure functions, no DOM, no hidden state.
//
// Hand-written on purpose: the npm registry has no maintained Telex/VNI engine (the
// names one would expect, e.g. vietnamese-input, avim, vietkey, vni-telex,
// vietnamese-ime, do not exist; "telex" is an unrelated offline-storage package), and
// the known engines (Unikey, AVIM, the Python "bogo") are not tested ES modules. The
// rules are small enough to own: see README.md.
//
// Each key is applied to the text as it is now (not to a remembered key history), so
// the on-screen keyboard can move the caret, delete, or paste, and the next key still
// does the right thing. The word at the caret is parsed into a syllable, the key is
// applied as a tone or mark if that gives (the beginning of) a valid Vietnamese
// syllable, otherwise it is inserted as a letter; the tone is then re-placed.

import {
  compose,
  composeAsWritten,
  fixUO,
  isValid,
  parseWord,
  plain,
  restyleWord,
  splitSyllable,
  type Letter,
  type Mark,
  type Tone,
  type ToneStyle,
  type Word,
} from './syllable';

export type Method = 'telex' | 'vni';
export type { ToneStyle } from './syllable';

export interface EngineOptions {
  method: Method;
  toneStyle: ToneStyle;
}

export const DEFAULT_OPTIONS: Readonly<EngineOptions> = Object.freeze({ method: 'telex', toneStyle: 'new' });

export interface EditResult {
  text: string;
  caret: number;
}

type Action =
  | { kind: 'tone'; tone: Tone } // tone 0 = remove
  | { kind: 'hat'; bases: string } // â ê ô (Telex: only the key's own vowel)
  | { kind: 'horn'; bases: string } // ơ ư, and ă when bases has 'a' (Telex w)
  | { kind: 'breve' } // ă
  | { kind: 'bar' }; // đ

const TELEX: Record<string, Action> = {
  s: { kind: 'tone', tone: 1 },
  f: { kind: 'tone', tone: 2 },
  r: { kind: 'tone', tone: 3 },
  x: { kind: 'tone', tone: 4 },
  j: { kind: 'tone', tone: 5 },
  z: { kind: 'tone', tone: 0 },
  a: { kind: 'hat', bases: 'a' },
  e: { kind: 'hat', bases: 'e' },
  o: { kind: 'hat', bases: 'o' },
  w: { kind: 'horn', bases: 'uoa' },
  d: { kind: 'bar' },
};

const VNI: Record<string, Action> = {
  '1': { kind: 'tone', tone: 1 },
  '2': { kind: 'tone', tone: 2 },
  '3': { kind: 'tone', tone: 3 },
  '4': { kind: 'tone', tone: 4 },
  '5': { kind: 'tone', tone: 5 },
  '0': { kind: 'tone', tone: 0 },
  '6': { kind: 'hat', bases: 'aeo' },
  '7': { kind: 'horn', bases: 'uo' },
  '8': { kind: 'breve' },
  '9': { kind: 'bar' },
};

// Characters that glue a word to its neighbours into something that is not Vietnamese
// text (email, URL, code, "3A"): a word touching one is left as typed.
const JOINERS = /[0-9@_/\\#&=+%~$*|<>^`]/;
const LETTER = /\p{L}/u;
const SPACE = /\s/u;

function clamp(n: number, len: number): number {
  if (!Number.isFinite(n)) return len;
  return Math.max(0, Math.min(len, Math.trunc(n)));
}

function finish(left: string, right: string): EditResult {
  const l = left.normalize('NFC');
  const text = (l + right).normalize('NFC');
  return { text, caret: Math.min(l.length, text.length) };
}

/**
 * Applies one key pressed with the caret at `caret` (a UTF-16 index, like
 * HTMLInputElement.selectionStart). Only the word at the caret can change.
 */
export function applyKey(text: string, caret: number, key: string, opts: EngineOptions = DEFAULT_OPTIONS): EditResult {
  const c = clamp(caret, text.length);
  const left = text.slice(0, c).normalize('NFC');
  const right = text.slice(c).normalize('NFC');
  const k = key.normalize('NFC');
  if ([...k].length !== 1) return finish(left + k, right);

  let start = left.length;
  while (start > 0 && LETTER.test(left[start - 1])) start--;
  let end = 0;
  while (end < right.length && LETTER.test(right[end])) end++;
  const before = left.slice(start);
  if (before === '' || (!LETTER.test(k) && !(opts.method === 'vni' && k in VNI))) return finish(left + k, right);
  if (joined(left.slice(0, start), before, right.slice(end))) return finish(left + k, right);

  const r = processWord(before + right.slice(0, end), before.length, k, opts);
  return finish(left.slice(0, start) + r.text.slice(0, r.caret), r.text.slice(r.caret) + right.slice(end));
}

/** Like applyKey, but a non-empty selection is replaced by the key. */
export function applyKeyToSelection(
  text: string,
  selectionStart: number,
  selectionEnd: number,
  key: string,
  opts: EngineOptions = DEFAULT_OPTIONS,
): EditResult {
  const [s, e] = ordered(text, selectionStart, selectionEnd);
  return applyKey(text.slice(0, s) + text.slice(e), s, key, opts);
}

/**
 * Backspace: deletes the selection, or the character before the caret, then re-places
 * the tone of the word at the caret ("hoàn" → "hoà", or "hòa" in old style).
 */
export function deleteBackward(
  text: string,
  selectionStart: number,
  selectionEnd: number,
  opts: EngineOptions = DEFAULT_OPTIONS,
): EditResult {
  const [s, e] = ordered(text, selectionStart, selectionEnd);
  let left = text.slice(0, s);
  const right = text.slice(e);
  if (s === e) {
    if (s === 0) return finish(left, right);
    const chars = [...left.normalize('NFC')];
    chars.pop();
    left = chars.join('');
  }
  left = left.normalize('NFC');
  let start = left.length;
  while (start > 0 && LETTER.test(left[start - 1])) start--;
  let end = 0;
  while (end < right.length && LETTER.test(right[end])) end++;
  const word = left.slice(start) + right.slice(0, end);
  const fixed = restyleWord(word, opts.toneStyle);
  const cut = left.length - start;
  return finish(left.slice(0, start) + fixed.slice(0, cut), fixed.slice(cut) + right.slice(end));
}

/** Types keys one by one at the end of an empty text (for tests and demos). */
export function typeString(keys: string, opts: EngineOptions = DEFAULT_OPTIONS): string {
  let r: EditResult = { text: '', caret: 0 };
  for (const k of keys) r = applyKey(r.text, r.caret, k, opts);
  return r.text;
}

/** Re-places tone marks in every Vietnamese word of text in the given style (hòa ↔ hoà). */
export function restyle(text: string, style: ToneStyle): string {
  return text.normalize('NFC').replace(/\p{L}+/gu, (w) => restyleWord(w, style));
}

function ordered(text: string, a: number, b: number): [number, number] {
  const s = clamp(a, text.length);
  const e = clamp(b, text.length);
  return s <= e ? [s, e] : [e, s];
}

// Is the word [.. before | after ..] part of an email, URL, number or code?
function joined(outside: string, before: string, rest: string): boolean {
  const prev = outside.at(-1);
  const next = rest[0];
  if ((prev !== undefined && JOINERS.test(prev)) || (next !== undefined && JOINERS.test(next))) return true;
  // A dot between lower-case letters or digits ("nguyen.van"), but not an abbreviation
  // before a name ("TP.Hồ", "Q.Bình").
  const isWordChar = (ch: string | undefined) => ch !== undefined && (LETTER.test(ch) || /[0-9]/.test(ch));
  if (prev === '.' && isWordChar(outside.at(-2)) && before[0] === before[0].toLowerCase()) return true;
  if (next === '.' && isWordChar(rest[1])) return true;
  // The whitespace-delimited token is an email or URL.
  let i = outside.length;
  while (i > 0 && !SPACE.test(outside[i - 1])) i--;
  let j = 0;
  while (j < rest.length && !SPACE.test(rest[j])) j++;
  const token = outside.slice(i) + before + rest.slice(0, j);
  return token.includes('@') || token.includes('://') || /^www\./i.test(token);
}

// The word result with the caret inside it.
interface WordEdit {
  text: string;
  caret: number;
}

function processWord(word: string, off: number, key: string, opts: EngineOptions): WordEdit {
  const literal = (): WordEdit => ({ text: word.slice(0, off) + key + word.slice(off), caret: off + 1 });
  const w = parseWord(word);
  if (w === null || !isValid(w.letters, w.tone)) return literal();

  const table = opts.method === 'telex' ? TELEX : VNI;
  const action = table[key.toLowerCase()];
  if (action !== undefined) {
    const r = applyAction(w, action, off, key, opts);
    if (r !== null) return r;
  }

  const inserted = literal();
  const nw = parseWord(inserted.text);
  if (nw === null) return inserted;
  const letters = fixUO(nw.letters);
  if (!isValid(letters, nw.tone)) return inserted;
  return { text: compose(letters, nw.tone, opts.toneStyle), caret: inserted.caret };
}

// Applies a tone or mark key; null means "insert it as a letter".
function applyAction(w: Word, a: Action, off: number, key: string, opts: EngineOptions): WordEdit | null {
  const s = plain(w.letters);
  const sp = splitSyllable(s);
  if (sp === null) return null;
  const hasVowel = sp.vowelEnd > sp.vowelStart;
  const style = opts.toneStyle;
  const undo = (letters: Letter[], tone: Tone): WordEdit => {
    const t = composeAsWritten(letters, tone, w.tonePos);
    return { text: t.slice(0, off) + key + t.slice(off), caret: off + 1 };
  };
  const accept = (letters: Letter[], tone: Tone, caret = off): WordEdit | null => {
    const fixed = fixUO(letters);
    return isValid(fixed, tone) ? { text: compose(fixed, tone, style), caret } : null;
  };

  switch (a.kind) {
    case 'tone':
      if (!hasVowel) return null;
      if (a.tone === 0) return w.tone === 0 ? null : accept(w.letters, 0);
      if (w.tone === a.tone) return undo(w.letters, 0);
      return accept(w.letters, a.tone);

    case 'bar': {
      const d = w.letters[0];
      if (d === undefined || d.base !== 'd') return null;
      if (d.mark === 'bar') return undo(withMark(w.letters, 0, ''), w.tone);
      return accept(withMark(w.letters, 0, 'bar'), w.tone);
    }

    case 'hat':
    case 'breve':
    case 'horn': {
      // Telex w right after an initial consonant alone: "nhw" → "như". Not at the
      // start of a word, so "wifi", "web" and "www" stay as typed.
      if (a.kind === 'horn' && opts.method === 'telex' && !hasVowel && sp.initial !== '' && off === w.letters.length) {
        const letters = [...w.letters, { base: 'u', mark: 'horn' as Mark, upper: key !== key.toLowerCase() }];
        return accept(letters, w.tone, off + 1);
      }
      for (const cand of candidates(w.letters, sp.vowelStart, sp.vowelEnd, a)) {
        // Skip a change that the u–o spelling fix would undo ("uơ" + w).
        if (fixUO(cand).every((l, i) => l.mark === w.letters[i].mark)) continue;
        const r = accept(cand, w.tone);
        if (r !== null) return r;
      }
      const owned = ownedMarks(a);
      const letters = w.letters.map((l, i) =>
        i >= sp.vowelStart && i < sp.vowelEnd && owned.includes(l.mark) && (a.kind !== 'hat' || a.bases.includes(l.base))
          ? { ...l, mark: '' as Mark }
          : l,
      );
      if (letters.some((l, i) => l.mark !== w.letters[i].mark)) return undo(letters, w.tone);
      return null;
    }
  }
}

function withMark(letters: readonly Letter[], i: number, mark: Mark): Letter[] {
  return letters.map((l, j) => (j === i ? { ...l, mark } : l));
}

// Marks a key adds (and so removes again when pressed a second time).
function ownedMarks(a: Action): Mark[] {
  if (a.kind === 'hat') return ['hat'];
  if (a.kind === 'breve') return ['breve'];
  if (a.kind === 'horn') return a.bases.includes('a') ? ['horn', 'breve'] : ['horn'];
  return [];
}

// Ways to apply a mark to the nucleus, most likely first; only ones that change something.
function candidates(letters: readonly Letter[], vs: number, ve: number, a: Action): Letter[][] {
  const out: Letter[][] = [];
  const push = (changes: [number, Mark][]) => {
    if (changes.every(([i, m]) => letters[i].mark === m)) return;
    out.push(letters.map((l, i) => {
      const c = changes.find(([j]) => j === i);
      return c === undefined ? l : { ...l, mark: c[1] };
    }));
  };
  if (a.kind === 'horn') {
    for (let i = vs; i + 1 < ve; i++) {
      if (letters[i].base === 'u' && letters[i + 1].base === 'o') push([[i, 'horn'], [i + 1, 'horn']]);
    }
  }
  for (let i = vs; i < ve; i++) {
    const b = letters[i].base;
    if (a.kind === 'hat' && a.bases.includes(b)) push([[i, 'hat']]);
    if (a.kind === 'breve' && b === 'a') push([[i, 'breve']]);
    if (a.kind === 'horn' && (b === 'u' || b === 'o') && a.bases.includes(b)) push([[i, 'horn']]);
    if (a.kind === 'horn' && b === 'a' && a.bases.includes('a')) push([[i, 'breve']]);
  }
  return out;
}

// Property checks on random input from a fixed-seed generator (the same cases every run).
import { describe, expect, test } from 'vitest';
import { applyKey, applyKeyToSelection, deleteBackward, restyle, typeString, type EngineOptions } from './index';

// mulberry32: small, fixed-seed pseudo-random numbers.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');
// Letters and mark keys much more often than punctuation, so words actually form.
const KEYS = ASCII + 'aeioudwsfrxjzngh'.repeat(6) + '0123456789'.repeat(2) + 'ăâđêôơư ';

function randomString(next: () => number, alphabet: string, maxLen: number): string {
  const chars = [...alphabet];
  const n = Math.floor(next() * (maxLen + 1));
  let s = '';
  for (let i = 0; i < n; i++) s += chars[Math.floor(next() * chars.length)];
  return s;
}

const ALL_OPTIONS: EngineOptions[] = [
  { method: 'telex', toneStyle: 'new' },
  { method: 'telex', toneStyle: 'old' },
  { method: 'vni', toneStyle: 'new' },
  { method: 'vni', toneStyle: 'old' },
];

describe.each(ALL_OPTIONS)('random keys with %j', (opts) => {
  test('typing never throws and always gives NFC text', () => {
    const next = rng(opts.method === 'telex' ? 1 : 2);
    for (let i = 0; i < 1500; i++) {
      const keys = randomString(next, KEYS, 30);
      const out = typeString(keys, opts);
      expect(out).toBe(out.normalize('NFC'));
    }
  });

  test('editing at random carets and selections keeps the caret in range and the text NFC', () => {
    const next = rng(opts.toneStyle === 'new' ? 3 : 4);
    let r = { text: '', caret: 0 };
    for (let i = 0; i < 4000; i++) {
      const roll = next();
      const key = [...KEYS][Math.floor(next() * [...KEYS].length)];
      const at = Math.floor(next() * (r.text.length + 1));
      if (roll < 0.7) r = applyKey(r.text, r.caret, key, opts);
      else if (roll < 0.8) r = applyKey(r.text, at, key, opts);
      else if (roll < 0.9) r = applyKeyToSelection(r.text, at, Math.floor(next() * (r.text.length + 1)), key, opts);
      else r = deleteBackward(r.text, r.caret, r.caret, opts);
      expect(r.caret).toBeGreaterThanOrEqual(0);
      expect(r.caret).toBeLessThanOrEqual(r.text.length);
      expect(r.text).toBe(r.text.normalize('NFC'));
      if (r.text.length > 80) r = { text: '', caret: 0 };
    }
  });

  test('backspacing everything always empties the text', () => {
    const next = rng(5);
    for (let i = 0; i < 300; i++) {
      let r = { text: typeString(randomString(next, KEYS, 20), opts), caret: 0 };
      r.caret = r.text.length;
      let guard = 0;
      while (r.text !== '' && guard++ < 100) r = deleteBackward(r.text, r.caret, r.caret, opts);
      expect(r).toEqual({ text: '', caret: 0 });
    }
  });
});

describe('keys that can never be marks are typed as they are', () => {
  test('VNI: any ASCII text without digits', () => {
    const next = rng(6);
    const alphabet = ASCII.replace(/[0-9]/g, '');
    for (let i = 0; i < 2000; i++) {
      const s = randomString(next, alphabet, 30);
      expect(typeString(s, { method: 'vni', toneStyle: 'new' })).toBe(s);
    }
  });

  test('Telex: text without s f r x j z w a e o d', () => {
    const next = rng(7);
    const alphabet = ASCII.replace(/[sfrxjzwaeodSFRXJZWAEOD]/g, '');
    for (let i = 0; i < 2000; i++) {
      const s = randomString(next, alphabet, 30);
      expect(typeString(s, { method: 'telex', toneStyle: 'new' })).toBe(s);
    }
  });

  test('random text with the same Vietnamese words restyles back and forth', () => {
    const next = rng(8);
    const words = ['Hoà', 'thuỷ', 'khoẻ', 'hoàn', 'người', 'quý', 'wifi', 'a1', 'x@y'];
    for (let i = 0; i < 500; i++) {
      const text = Array.from({ length: 6 }, () => words[Math.floor(next() * words.length)]).join(' ');
      expect(restyle(restyle(text, 'old'), 'new')).toBe(text);
    }
  });
});

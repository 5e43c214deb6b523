import { describe, it, expect, afterEach } from 'vitest';
import { catalogs, i18n, t, pick, mergeCatalogs } from './i18n.svelte';

// Every t('key') written in the source, found by reading the files.
const sources = import.meta.glob<string>(['../**/*.svelte', '../**/*.ts', '!../**/*.test.ts'], {
  eager: true,
  query: '?raw',
  import: 'default',
});

describe('i18n catalogs', () => {
  it('have the same keys in vi and en, none empty', () => {
    const vi = Object.keys(catalogs.vi).sort();
    const en = Object.keys(catalogs.en).sort();
    expect(en).toEqual(vi);
    expect(vi.length).toBeGreaterThan(10);
    for (const lang of ['vi', 'en'] as const) {
      for (const [k, v] of Object.entries(catalogs[lang])) {
        expect(v.trim(), `${lang}:${k}`).not.toBe('');
      }
    }
  });

  it('keep the same placeholders in both languages', () => {
    const holes = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(catalogs.vi)) {
      expect(holes(catalogs.en[k]), k).toEqual(holes(catalogs.vi[k]));
    }
  });

  it('define every key the source code uses', () => {
    const used = new Set<string>();
    for (const [file, text] of Object.entries(sources)) {
      for (const m of text.matchAll(/\bt\(\s*'([\w.-]+)'/g)) used.add(`${m[1]}\t${file}`);
    }
    expect(used.size).toBeGreaterThan(5);
    const missing = [...used].filter((u) => !(u.split('\t')[0] in catalogs.vi));
    expect(missing).toEqual([]);
  });

  it('refuse a key defined in two files', () => {
    expect(() =>
      mergeCatalogs([
        ['./i18n/a.vi.json', { x: '1' }],
        ['./i18n/b.vi.json', { x: '2' }],
      ]),
    ).toThrow(/x is defined in both/);
    expect(() => mergeCatalogs([['./i18n/bad.json', {}]])).toThrow(/not named/);
  });
});

// Every .svelte component, to look for text that bypasses the catalogs.
const components = import.meta.glob<string>('../**/*.svelte', { eager: true, query: '?raw', import: 'default' });

/** Literal strings that are the same in every language (symbols, method names). */
const LITERAL_ALLOW = new Set(['Aa', 'Telex', 'VNI']);

/** stripExpressions removes every {…} (nested braces, strings with braces) from markup. */
function stripExpressions(s: string): string {
  let out = '';
  let depth = 0;
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (depth > 0) {
      if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = '';
      } else if (c === "'" || c === '"' || c === '`') quote = c;
      else if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) out += ' ';
      }
      continue;
    }
    if (c === '{') depth = 1;
    else out += c;
  }
  return out;
}

/**
 * literalStrings lists user-facing text written straight into a component:
 * text between tags, and aria-label, placeholder, title, alt and label
 * attributes, that contain a letter outside {…} expressions.
 */
export function literalStrings(source: string): string[] {
  const markup = stripExpressions(
    source
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<script[\s\S]*?<\/script>/g, ' ')
      .replace(/<style[\s\S]*?<\/style>/g, ' '),
  );
  const found: string[] = [];
  const hasLetter = (s: string) => /\p{L}/u.test(s) && !LITERAL_ALLOW.has(s.trim());
  for (const m of markup.matchAll(/\s(aria-label|aria-description|placeholder|title|alt|label)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const v = m[2] ?? m[3] ?? '';
    if (hasLetter(v)) found.push(`${m[1]}="${v.trim()}"`);
  }
  const text = markup.replace(/<[^>]*>/g, '\n');
  for (const line of text.split('\n')) {
    if (hasLetter(line)) found.push(line.trim());
  }
  return found;
}

describe('components', () => {
  it('contain no literal user-facing strings (every text goes through t())', () => {
    const bad: string[] = [];
    for (const [file, text] of Object.entries(components)) {
      for (const s of literalStrings(text)) bad.push(`${file}: ${s}`);
    }
    expect(Object.keys(components).length).toBeGreaterThan(5);
    expect(bad).toEqual([]);
  });

  it('the literal-string check finds what it should and nothing else', () => {
    const src = `<script lang="ts">const a = 'Xin chào';</script>
      <!-- a comment with words -->
      <h1>{t('title')}</h1>
      <p>Nhập họ tên</p>
      <button aria-label="Đóng" title={t('x')} onclick={() => f({ a: '}' })}>← {t('nav.back')}</button>
      <input placeholder='Ví dụ' />
      {#if x}<span>{y} giờ</span>{:else}<b>Aa</b>{/if}
      <svg viewBox="0 0 24 24"><path d="M3 9v6h4" /></svg>
      <style>.a { content: 'x'; }</style>`;
    expect(literalStrings(src)).toEqual(['aria-label="Đóng"', "placeholder=\"Ví dụ\"", 'Nhập họ tên', 'giờ']);
  });
});

describe('t and pick', () => {
  afterEach(() => {
    i18n.lang = 'vi';
  });

  it('translate, fill placeholders and follow the language', () => {
    expect(t('catalog.minutes', { n: 15 })).toBe('Khoảng 15 phút');
    i18n.lang = 'en';
    expect(t('catalog.minutes', { n: 15 })).toBe('About 15 minutes');
    expect(document.documentElement.lang).toBe('en');
  });

  it('pick a Text side with a Vietnamese fallback', () => {
    expect(pick({ vi: 'Khai sinh', en: 'Birth' })).toBe('Khai sinh');
    i18n.lang = 'en';
    expect(pick({ vi: 'Khai sinh', en: 'Birth' })).toBe('Birth');
    expect(pick({ vi: 'Khai sinh', en: '' })).toBe('Khai sinh');
    expect(pick(undefined)).toBe('');
  });
});

import { describe, it, expect } from 'vitest';
import { fieldKind, layoutFor, pressKey, autoShift, LAYOUTS, type FieldKind, type FieldState, type KeyContext } from './keys';
import { DEFAULT_OPTIONS } from '../../lib/vnkey';

const telex: KeyContext = { kind: 'vietnamese', engine: DEFAULT_OPTIONS };
const vni: KeyContext = { kind: 'vietnamese', engine: { ...DEFAULT_OPTIONS, method: 'vni' } };

/** press types keys one by one at the caret, like a finger on the keyboard. */
function press(keys: string[], ctx: KeyContext, s: FieldState = { value: '', start: 0, end: 0 }): FieldState {
  for (const k of keys) {
    const e = pressKey(s, k, ctx);
    if (e) s = { value: e.value, start: e.caret, end: e.caret };
  }
  return s;
}
const chars = (s: string) => [...s].map((c) => (c === ' ' ? '{space}' : c));

describe('pressKey', () => {
  it.each([
    ['Nguyeenx Thij Hoongf', 'Nguyễn Thị Hồng'],
    ['Traanf Vawn Bawcs', 'Trần Văn Bắc'],
    ['Dduwowngf Quoocs Khanhs', 'Đường Quốc Khánh'],
    ['Hoaf Binhf', 'Hoà Bình'],
  ])('types %j as %j with Telex', (keys, want) => {
    expect(press(chars(keys), telex).value).toBe(want);
  });

  it.each([
    ['Nguye6n4 Thi5 Ho6ng2', 'Nguyễn Thị Hồng'],
    ['D9u7o7ng2 Quo6c1', 'Đường Quốc'],
  ])('types %j as %j with VNI', (keys, want) => {
    expect(press(chars(keys), vni).value).toBe(want);
  });

  it('types with the caret in the middle of the text', () => {
    // "Nguyễn Hồng", caret after "Nguyễn": insert " Thị".
    const s = press(chars(' Thij'), telex, { value: 'Nguyễn Hồng', start: 6, end: 6 });
    expect(s).toEqual({ value: 'Nguyễn Thị Hồng', start: 10, end: 10 });
    // Typing straight against the next word: the letters before the caret
    // still take their marks (the space comes after).
    expect(press(chars('Thij '), telex, { value: 'Nguyễn Hồng', start: 7, end: 7 })).toEqual({
      value: 'Nguyễn Thị Hồng',
      start: 11,
      end: 11,
    });
    // A mark typed inside a word still applies to the whole word.
    expect(press(['x'], telex, { value: 'Nguyên', start: 3, end: 3 }).value).toBe('Nguyễn');
    // A tone typed in the middle of a word lands on the right vowel.
    expect(press(['f'], telex, { value: 'Hoan Kiếm', start: 4, end: 4 }).value).toBe('Hoàn Kiếm');
  });

  it('replaces a selection', () => {
    expect(press(chars('Vawn'), telex, { value: 'Nguyễn Thị Hồng', start: 7, end: 10 })).toEqual({
      value: 'Nguyễn Văn Hồng',
      start: 10,
      end: 10,
    });
  });

  it('deletes backwards and re-places the tone', () => {
    expect(press(['{bksp}'], telex, { value: 'Hoàn', start: 4, end: 4 }).value).toBe('Hoà');
    expect(press(['{bksp}'], telex, { value: 'ab', start: 0, end: 0 }).value).toBe('ab');
    expect(press(['{bksp}'], telex, { value: 'abcd', start: 1, end: 3 })).toEqual({ value: 'ad', start: 1, end: 1 });
    expect(press(['{bksp}'], { ...telex, kind: 'plain' }, { value: 'a😀', start: 3, end: 3 }).value).toBe('a');
  });

  it('tone keys set the tone of the word at the caret, or do nothing', () => {
    expect(press(['{tone_s}'], telex, { value: 'Nguyên', start: 6, end: 6 }).value).toBe('Nguyến');
    expect(press(['{tone_x}'], telex, { value: 'Nguyên', start: 6, end: 6 }).value).toBe('Nguyễn');
    expect(press(['{tone_f}', '{tone_j}'], telex, { value: 'Thi', start: 3, end: 3 }).value).toBe('Thị');
    expect(pressKey({ value: 'abc xyz', start: 7, end: 7 }, '{tone_s}', telex)).toBeNull(); // not Vietnamese
    expect(pressKey({ value: '', start: 0, end: 0 }, '{tone_s}', telex)).toBeNull();
    expect(pressKey({ value: 'Thi', start: 3, end: 3 }, '{tone_s}', { ...telex, kind: 'plain' })).toBeNull();
    // In VNI mode too: the tone keys do not depend on the typing method.
    expect(press(['{tone_r}'], vni, { value: 'Ho', start: 2, end: 2 }).value).toBe('Hỏ');
  });

  it('leaves plain and numeric fields exactly as typed', () => {
    const email = press(chars('nguyen.thi.hoa@gmail.com'), { ...telex, kind: 'plain' });
    expect(email.value).toBe('nguyen.thi.hoa@gmail.com');
    expect(press(chars('Aaa1ss!x'), { ...telex, kind: 'plain' }).value).toBe('Aaa1ss!x');
    expect(press(chars('001203004567'), { ...telex, kind: 'numeric' }).value).toBe('001203004567');
  });

  it('respects maxlength', () => {
    const ctx = { ...telex, kind: 'numeric' as FieldKind, maxLength: 6 };
    expect(press(chars('12345678'), ctx).value).toBe('123456');
    // A Telex mark does not lengthen the text, so it still works at the limit.
    expect(press(['s'], { ...telex, maxLength: 3 }, { value: 'Hoa', start: 3, end: 3 }).value).toBe('Hoá');
  });

  it('types a space, a new line, and refuses unknown function keys', () => {
    expect(press(['a', '{space}', 'b'], telex).value).toBe('a b');
    expect(press(['a', '{newline}', 'b'], telex).value).toBe('a\nb');
    expect(pressKey({ value: '', start: 0, end: 0 }, '{nope}', telex)).toBeNull();
  });

  it('reports the edit as an input event would', () => {
    expect(pressKey({ value: '', start: 0, end: 0 }, 'a', telex)).toMatchObject({ inputType: 'insertText', data: 'a' });
    expect(pressKey({ value: 'a', start: 1, end: 1 }, '{bksp}', telex)).toMatchObject({ inputType: 'deleteContentBackward' });
  });
});

describe('fieldKind', () => {
  function el(html: string): Element {
    const div = document.createElement('div');
    div.innerHTML = html;
    return div.firstElementChild!;
  }
  it.each([
    ['<input>', 'vietnamese'],
    ['<input type="text" autocomplete="name">', 'vietnamese'],
    ['<textarea></textarea>', 'vietnamese'],
    ['<input type="search">', 'vietnamese'],
    ['<input inputmode="numeric">', 'numeric'],
    ['<input type="tel">', 'numeric'],
    ['<input type="number">', 'numeric'],
    ['<input autocomplete="one-time-code">', 'numeric'],
    ['<input type="password" inputmode="numeric">', 'numeric'],
    ['<input type="email">', 'plain'],
    ['<input type="url">', 'plain'],
    ['<input type="password">', 'plain'],
    ['<input autocomplete="section-a username">', 'plain'],
    ['<input data-keyboard="plain">', 'plain'],
    ['<input type="email" data-keyboard="vietnamese">', 'vietnamese'],
    ['<input data-keyboard="none">', 'none'],
    ['<input inputmode="none">', 'none'],
    ['<input type="checkbox">', 'none'],
    ['<input type="date">', 'none'],
    ['<input readonly>', 'none'],
    ['<input disabled>', 'none'],
    ['<button>x</button>', 'none'],
  ])('%s → %s', (html, want) => {
    expect(fieldKind(el(html))).toBe(want);
  });
  it('null → none', () => expect(fieldKind(null)).toBe('none'));
});

describe('layouts', () => {
  it('name a layout for every state, each defined', () => {
    for (const kind of ['vietnamese', 'plain', 'numeric'] as const) {
      for (const shift of [false, true]) {
        for (const sym of [false, true]) {
          for (const m of ['telex', 'vni'] as const) expect(LAYOUTS[layoutFor(kind, shift, sym, m)]).toBeDefined();
        }
      }
    }
    expect(layoutFor('numeric', true, true)).toBe('numeric');
    expect(layoutFor('vietnamese', true, false)).toBe('viShift');
    expect(layoutFor('vietnamese', false, false, 'vni')).toBe('viVni');
    expect(LAYOUTS.viVni[0]).toBe('1 2 3 4 5 6 7 8 9 0');
  });
  it('have the Vietnamese letters and every Latin letter in both cases', () => {
    for (const [name, want] of [
      ['vi', 'ăâđêôơưabcdefghijklmnopqrstuvwxyz'],
      ['viShift', 'ĂÂĐÊÔƠƯABCDEFGHIJKLMNOPQRSTUVWXYZ'],
    ]) {
      const keys = new Set(LAYOUTS[name].join(' ').split(' '));
      for (const c of want) expect(keys.has(c), `${name} has ${c}`).toBe(true);
    }
  });
});

describe('autoShift', () => {
  it.each([
    ['words', '', 0, true],
    ['words', 'Nguyễn ', 7, true],
    ['words', 'Nguyễn', 6, false],
    ['words', 'Lào Cai-', 8, true],
    ['sentences', '', 0, true],
    ['sentences', 'Xong. ', 6, true],
    ['sentences', 'Xong ', 5, false],
    ['characters', 'ab', 2, true],
    ['', '', 0, false],
    ['off', '', 0, false],
  ])('%s %j at %d → %s', (mode, value, caret, want) => {
    expect(autoShift(mode, value, caret)).toBe(want);
  });
});

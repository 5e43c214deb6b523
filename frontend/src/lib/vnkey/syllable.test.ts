import { describe, expect, test } from 'vitest';
import {
  compose,
  decomposeChar,
  fixUO,
  isValid,
  parseWord,
  plain,
  restyleWord,
  splitSyllable,
  type Letter,
} from './syllable';

const letters = (s: string): Letter[] => {
  const w = parseWord(s);
  if (w === null) throw new Error(`not a word: ${s}`);
  return w.letters;
};

describe('decomposeChar', () => {
  test.each([
    ['a', 'a', '', false, 0],
    ['ấ', 'a', 'hat', false, 1],
    ['Ầ', 'a', 'hat', true, 2],
    ['ẳ', 'a', 'breve', false, 3],
    ['Ỗ', 'o', 'hat', true, 4],
    ['ợ', 'o', 'horn', false, 5],
    ['ữ', 'u', 'horn', false, 4],
    ['ỳ', 'y', '', false, 2],
    ['đ', 'd', 'bar', false, 0],
    ['Đ', 'd', 'bar', true, 0],
    ['B', 'b', '', true, 0],
  ])('%s', (ch, base, mark, upper, tone) => {
    expect(decomposeChar(ch)).toEqual({ letter: { base, mark, upper }, tone });
  });

  test.each(['1', ' ', '.', '@', 'ß', 'ñ', 'ç', 'ǹ', 'ö', 'ā', '中', 'İ', 'ŵ'])('%s is not a Vietnamese letter', (ch) => {
    expect(decomposeChar(ch)).toBeNull();
  });
});

describe('parseWord', () => {
  test('keeps letters, tone and its written position', () => {
    const w = parseWord('Hòa');
    expect(w?.tone).toBe(2);
    expect(w?.tonePos).toBe(1);
    expect(plain(w!.letters)).toBe('hoa');
  });
  test.each(['hoà1', 'áà', 'a b', 'ké.'])('rejects %s', (s) => {
    expect(parseWord(s)).toBeNull();
  });
});

describe('splitSyllable', () => {
  test.each([
    ['nguyên', 'ng', 2, 5],
    ['gia', 'gi', 2, 3],
        ['gin', 'g', 1, 2],
    ['gi', 'g', 1, 2],
    ['giương', 'gi', 2, 4],
    ['quôc', 'qu', 2, 3],
    ['quy', 'qu', 2, 3],
    ['quynh', 'qu', 2, 3],
    ['qu', 'qu', 2, 2],
    ['khuya', 'kh', 2, 5],
    ['ươu', '', 0, 3],
    ['ngh', 'ngh', 3, 3],
    ['tr', 'tr', 2, 2],
    ['q', 'q', 1, 1],
    ['', '', 0, 0],
    ['đăk', 'đ', 1, 2],
  ])('%s', (s, initial, vowelStart, vowelEnd) => {
    expect(splitSyllable(s)).toEqual({ initial, vowelStart, vowelEnd });
  });

  test.each([
    'wifi', 'facebook', 'zalo', 'bl', 'dd', 'nghs', 'qa', 'as', 'ass', 'aa', 'ânh', 'hocf', 'uyenn', 'tiktok',
    'ưô', 'email', 'gmail', 'yahoo', 'ja', 'fa', 'wa', 'za', 'ân̂', 'ooo', 'eee', 'ưă', 'uă', 'iuu',
  ])('rejects %s', (s) => {
    expect(splitSyllable(s)).toBeNull();
  });

  test.each(['nguye', 'uyen', 'tieng', 'truong', 'ưo', 'uơn', 'ngu', 'đă', 'xoo', 'ô'])(
    'accepts the beginning %s',
    (s) => {
      expect(splitSyllable(s)).not.toBeNull();
    },
  );
});

describe('isValid', () => {
  test.each([
    ['học', true],
    ['họp', true],
    ['hóc', true],
    ['hòc', false], // huyền on a stop final
    ['hỏt', false],
    ['hõp', false],
    ['bạch', true],
    ['bàch', false],
    ['Đắk', true],
    ['Đằk', false],
    ['ngh', true],
    ['ǹg', false],
    ['hoàn', true],
    ['thuở', true],
    ['khuỷu', true],
    ['ươ', true],
  ])('%s → %s', (s, ok) => {
    const w = parseWord(s);
    expect(w !== null && isValid(w.letters, w.tone)).toBe(ok);
  });
});

// Tone placement: the written word, the tone, and where it must land in each style.
const PLACEMENT: [string, number, string, string][] = [
  ['hoa', 2, 'hòa', 'hoà'],
  ['hoe', 3, 'hỏe', 'hoẻ'],
  ['thuy', 1, 'thúy', 'thuý'],
  ['khoe', 3, 'khỏe', 'khoẻ'],
  ['uy', 3, 'ủy', 'uỷ'],
  ['toa', 1, 'tóa', 'toá'],
  ['hoan', 2, 'hoàn', 'hoàn'],
  ['toan', 1, 'toán', 'toán'],
  ['hoach', 5, 'hoạch', 'hoạch'],
  ['huynh', 2, 'huỳnh', 'huỳnh'],
  ['quy', 1, 'quý', 'quý'],
  ['quynh', 2, 'quỳnh', 'quỳnh'],
  ['quôc', 1, 'quốc', 'quốc'],
  ['qua', 3, 'quả', 'quả'],
  ['quyên', 3, 'quyển', 'quyển'],
  ['gia', 1, 'giá', 'giá'],
  ['gin', 2, 'gìn', 'gìn'],
  ['gi', 2, 'gì', 'gì'],
  ['giưa', 4, 'giữa', 'giữa'],
  ['giương', 2, 'giường', 'giường'],
  ['người', 2, 'người', 'người'],
  ['ngươi', 2, 'người', 'người'],
  ['thuơ', 3, 'thuở', 'thuở'],
  ['khuya', 5, 'khuỵa', 'khuỵa'],
  ['khuyu', 3, 'khuỷu', 'khuỷu'],
  ['nguyên', 4, 'nguyễn', 'nguyễn'],
  ['nguyen', 4, 'nguyẽn', 'nguyẽn'], // still unmarked: the tone waits on the e
  ['nguye', 4, 'nguyẽ', 'nguyẽ'],
  ['hoai', 2, 'hoài', 'hoài'],
  ['xoay', 1, 'xoáy', 'xoáy'],
  ['ngoeo', 5, 'ngoẹo', 'ngoẹo'],
  ['mua', 2, 'mùa', 'mùa'],
  ['kia', 2, 'kìa', 'kìa'],
  ['mưa', 1, 'mứa', 'mứa'],
  ['hươu', 1, 'hướu', 'hướu'],
  ['rươu', 5, 'rượu', 'rượu'],
  ['tuân', 1, 'tuấn', 'tuấn'],
  ['huê', 1, 'huế', 'huế'],
  ['thuê', 1, 'thuế', 'thuế'],
  ['hoăc', 5, 'hoặc', 'hoặc'],
  ['tai', 2, 'tài', 'tài'],
  ['sao', 1, 'sáo', 'sáo'],
  ['may', 1, 'máy', 'máy'],
  ['tôi', 1, 'tối', 'tối'],
  ['cưu', 1, 'cứu', 'cứu'],
  ['tiêng', 1, 'tiếng', 'tiếng'],
  ['yêu', 1, 'yếu', 'yếu'],
  ['y', 1, 'ý', 'ý'],
  ['uông', 1, 'uống', 'uống'],
  ['soong', 1, 'soóng', 'soóng'],
  ['a', 5, 'ạ', 'ạ'],
];

describe('compose places the tone', () => {
  test.each(PLACEMENT)('%s tone %i → old %s / new %s', (spelled, tone, old, neu) => {
    const l = letters(spelled);
    expect(compose(l, tone as 0, 'old')).toBe(old);
    expect(compose(l, tone as 0, 'new')).toBe(neu);
  });

  test('keeps upper case per letter', () => {
    expect(compose(letters('NGuyên'), 4, 'new')).toBe('NGuyễn');
    expect(compose(letters('HOA'), 2, 'old')).toBe('HÒA');
  });
});

describe('fixUO', () => {
  test.each([
    ['ưôn', 'uôn'],
    ['trưon', 'trươn'],
    ['truơng', 'trương'],
    ['thươ', 'thuơ'],
    ['ưo', 'ưo'], // nothing follows yet: wait
    ['hươu', 'hươu'],
    ['quơ', 'quơ'],
    ['uô', 'uô'],
  ])('%s → %s', (from, to) => {
    expect(plain(fixUO(letters(from)))).toBe(to);
  });
});

describe('restyleWord', () => {
  test.each([
    ['Hòa', 'new', 'Hoà'],
    ['Hoà', 'old', 'Hòa'],
    ['thúy', 'new', 'thuý'],
    ['KHỎE', 'new', 'KHOẺ'],
    ['hoàn', 'old', 'hoàn'],
    ['wifi', 'old', 'wifi'],
    ['hòc', 'new', 'hòc'],
    ['ò', 'new', 'ò'],
  ])('%s in %s style → %s', (w, style, out) => {
    expect(restyleWord(w, style as 'old')).toBe(out);
  });
});

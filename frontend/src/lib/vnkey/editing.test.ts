import { describe, expect, test } from 'vitest';
import {
  applyKey,
  applyKeyToSelection,
  deleteBackward,
  DEFAULT_OPTIONS,
  restyle,
  typeString,
  type EngineOptions,
} from './index';

const TELEX: EngineOptions = { method: 'telex', toneStyle: 'new' };
const TELEX_OLD: EngineOptions = { method: 'telex', toneStyle: 'old' };
const VNI: EngineOptions = { method: 'vni', toneStyle: 'new' };

describe('defaults', () => {
  test('Telex with the new tone style', () => {
    expect(DEFAULT_OPTIONS).toEqual({ method: 'telex', toneStyle: 'new' });
    expect(typeString('hoaf')).toBe('hoà');
    expect(applyKey('hoa', 3, 'f')).toEqual({ text: 'hoà', caret: 3 });
  });
});

describe('applyKey with the caret anywhere', () => {
  // text, caret, key, options, expected text, expected caret
  test.each<[string, number, string, EngineOptions, string, number]>([
    ['Nguyen Van A', 6, 'x', TELEX, 'Nguyẽn Van A', 6],
    ['Nguyẽn Van A', 6, 'e', TELEX, 'Nguyễn Van A', 6],
    ['Nguyen', 3, 'x', TELEX, 'Nguyẽn', 3],
    ['Ngyen', 2, 'u', TELEX, 'Nguyen', 3],
    ['Hoa Binh', 3, 'f', TELEX, 'Hoà Binh', 3],
    ['Hoa Binh', 8, 'f', TELEX, 'Hoa Bình', 8],
    ['Hoa Binh', 6, 'f', TELEX, 'Hoa Bình', 6],
    ['Hoa Binh', 4, 's', TELEX, 'Hoa sBinh', 5],
    ['Hoa Binh', 0, 'x', TELEX, 'xHoa Binh', 1],
    ['Quan Ba Dinh', 4, 'a', TELEX, 'Quân Ba Dinh', 4],
    ['Quân Ba Dinh', 4, 'j', TELEX, 'Quận Ba Dinh', 4],
    ['Quận Ba Dinh', 9, 'd', TELEX, 'Quận Ba Đinh', 9],
    ['Quận Ba Đinh', 12, 'f', TELEX, 'Quận Ba Đình', 12],
    ['thuy', 2, 's', TELEX, 'thuý', 2],
    ['thuy', 2, 's', TELEX_OLD, 'thúy', 2],
    ['Nguyẽn', 3, 'x', TELEX, 'Nguxyen', 4],
    ['hoa@gmail.com', 3, 'f', TELEX, 'hoaf@gmail.com', 4],
    ['ab hoa', 0, 'x', TELEX, 'xab hoa', 1],
    ['😀hoa', 5, 'f', TELEX, '😀hoà', 5],
    ['hoa😀', 3, 'f', TELEX, 'hoà😀', 3],
    ['nguye\u0302n', 7, 'x', TELEX, 'nguyễn', 6],
    ['hoa', 99, 'f', TELEX, 'hoà', 3],
    ['hoa', -5, 'f', TELEX, 'fhoa', 1],
    ['hoa', Number.NaN, 'f', TELEX, 'hoà', 3],
    ['hoa', 1.7, 's', TELEX, 'hoá', 1],
    ['hoa', 3, 'ab', TELEX, 'hoaab', 5],
    ['hoa', 3, '', TELEX, 'hoa', 3],
    ['hoa', 3, ' ', TELEX, 'hoa ', 4],
    ['hoa', 3, 'ư', TELEX, 'hoaư', 4],
    ['nh', 2, 'ư', TELEX, 'như', 3],
    ['hò', 2, 'a', TELEX, 'hoà', 3],
    ['hò', 2, 'a', TELEX_OLD, 'hòa', 3],
    ['hòa', 3, 'n', TELEX, 'hoàn', 4],
    ['Hoa Binh', 8, '2', VNI, 'Hoa Bình', 8],
    ['Hoa Binh', 3, '2', VNI, 'Hoà Binh', 3],
    ['Nguyen', 4, '6', VNI, 'Nguyên', 4],
    ['so 12', 5, '1', VNI, 'so 121', 6],
  ])('%j caret %d + %j', (text, caret, key, opts, outText, outCaret) => {
    expect(applyKey(text, caret, key, opts)).toEqual({ text: outText, caret: outCaret });
  });
});

describe('applyKeyToSelection', () => {
  test.each<[string, number, number, string, string, number]>([
    ['Nguyen Van A', 7, 10, 'T', 'Nguyen T A', 8],
    ['Nguyen Van A', 10, 7, 'T', 'Nguyen T A', 8],
    ['hoang', 3, 5, 'f', 'hoà', 3],
    ['hoa', 3, 3, 'f', 'hoà', 3],
    ['hoa', 0, 3, 'f', 'f', 1],
    ['hoa binh', 0, 99, 'x', 'x', 1],
  ])('%j [%d, %d) + %j', (text, s, e, key, outText, outCaret) => {
    expect(applyKeyToSelection(text, s, e, key, TELEX)).toEqual({ text: outText, caret: outCaret });
  });
});

describe('deleteBackward', () => {
  test.each<[string, number, number, EngineOptions, string, number]>([
    ['hoàn', 4, 4, TELEX, 'hoà', 3],
    ['hoàn', 4, 4, TELEX_OLD, 'hòa', 3],
    ['thuỷ', 4, 4, TELEX, 'thu', 3],
    ['người', 5, 5, TELEX, 'ngườ', 4],
    ['Hoàng Hà', 5, 5, TELEX_OLD, 'Hoàn Hà', 4],
    ['Hoàng Hà', 5, 5, TELEX, 'Hoàn Hà', 4],
    ['Hoàn Hà', 4, 4, TELEX_OLD, 'Hòa Hà', 3],
    ['', 0, 0, TELEX, '', 0],
    ['ab', 0, 0, TELEX, 'ab', 0],
    ['ab', 0, 2, TELEX, '', 0],
    ['ab', 2, 0, TELEX, '', 0],
    ['😀', 2, 2, TELEX, '', 0],
    ['a😀', 3, 3, TELEX, 'a', 1],
    ['ngoà n', 5, 5, TELEX_OLD, 'ngoàn', 4],
    ['nguye\u0302\u0303n', 8, 8, TELEX, 'nguyễ', 5],
    ['hoàn', 2, 2, TELEX_OLD, 'hàn', 1],
  ])('%j [%d, %d)', (text, s, e, opts, outText, outCaret) => {
    expect(deleteBackward(text, s, e, opts)).toEqual({ text: outText, caret: outCaret });
  });
});

describe('restyle', () => {
  test.each([
    ['Khánh Hòa, Thanh Hóa', 'new', 'Khánh Hoà, Thanh Hoá'],
    ['Khánh Hoà, Thanh Hoá', 'old', 'Khánh Hòa, Thanh Hóa'],
    ['Ủy ban nhân dân phường Hòa Bình', 'new', 'Uỷ ban nhân dân phường Hoà Bình'],
    ['THỦY', 'new', 'THUỶ'],
    ['hoàn toàn', 'old', 'hoàn toàn'],
    ['wifi, zalo, 123', 'new', 'wifi, zalo, 123'],
    ['Kho\u0309e', 'new', 'Khoẻ'],
  ])('%s → %s: %s', (text, style, out) => {
    expect(restyle(text, style as 'new')).toBe(out);
  });
});

describe('typing a whole form field, caret at the end each time', () => {
  test('a person corrects a word by moving the caret back', () => {
    // Types "Nguyen Thi Hong", then goes back and adds the marks.
    let r = { text: typeString('Nguyen Thi Hong', TELEX), caret: 6 };
    r = applyKey(r.text, r.caret, 'e', TELEX);
    r = applyKey(r.text, r.caret, 'x', TELEX);
    expect(r).toEqual({ text: 'Nguyễn Thi Hong', caret: 6 });
    r = applyKey(r.text, 10, 'j', TELEX);
    expect(r).toEqual({ text: 'Nguyễn Thị Hong', caret: 10 });
    r = applyKey(r.text, 15, 'f', TELEX);
    r = applyKey(r.text, r.caret, 'o', TELEX);
    expect(r).toEqual({ text: 'Nguyễn Thị Hồng', caret: 15 });
  });
});

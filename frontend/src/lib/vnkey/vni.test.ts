import { describe, expect, test } from 'vitest';
import { typeString, type EngineOptions } from './index';

const NEW: EngineOptions = { method: 'vni', toneStyle: 'new' };
const OLD: EngineOptions = { method: 'vni', toneStyle: 'old' };

describe('VNI: names, places and words', () => {
  test.each([
    ['Nguye6n4 Thi5 Ho6ng2', 'Nguyễn Thị Hồng'],
    ['Nguyen64 Thi5 Hong62', 'Nguyễn Thị Hồng'],
    ['Tra6n2 Va8n D9ai5', 'Trần Văn Đại'],
    ['Phu7o7ng2 Hoa2 Bi2nh', 'Phường Hoà Bình'],
    ['Phuong72 Hoa2 Binh2', 'Phường Hoà Bình'],
    ['Tha6n2', 'Thần'],
    ['Qua6n5 Ba D9i2nh', 'Quận Ba Đình'],
    ['Tha2nh pho61 Ho62 Chi1 Minh', 'Thành phố Hồ Chí Minh'],
    ['D9a8k1 La8k1', 'Đắk Lắk'],
    ['D9a81k La81k', 'Đắk Lắk'],
    ['Kha1nh Hoa2', 'Khánh Hoà'],
    ['Nghe65 An', 'Nghệ An'],
    ['Qua3ng Nga4i', 'Quảng Ngãi'],
    ['Le6 Thi5 Thu Trang', 'Lê Thị Thu Trang'],
    ['Vu4 D9u7c1 Tha8ng1', 'Vũ Đức Thắng'],
    ['Ho62 Thi5 Hu7o7ng', 'Hồ Thị Hương'],
    ['Bu2i Thi5 Thuy2', 'Bùi Thị Thuỳ'],
    ['Ha2 No6i5', 'Hà Nội'],
    ['D9a2 Na84ng', 'Đà Nẵng'],
    ['Ca6n2 Tho7', 'Cần Thơ'],
    ['Thu7a2 Thie6n Hue61', 'Thừa Thiên Huế'],
    ['Ba2 Ri5a - Vu4ng Ta2u', 'Bà Rịa - Vũng Tàu'],
    ['Bi2nh Phu7o7c1', 'Bình Phước'],
    ['Buo6n Ma Thuo6t5', 'Buôn Ma Thuột'],
    ['So61 12 ngo4 34 pho61 Ha2ng Ba5c', 'Số 12 ngõ 34 phố Hàng Bạc'],
    ['Phu7o72ng Be61n Nghe1, Qua65n 1', 'Phường Bến Nghé, Quận 1'],
    ['Nha2 5, nga1ch 12/3 Nguye64n Tra4i', 'Nhà 5, ngách 12/3 Nguyễn Trãi'],
    ['so61 12', 'số 12'],
    ['Pho2ng 101', 'Phòng 101'],
    ['gio71i ti1nh', 'giới tính'],
    ['ca8n cu7o71c co6ng da6n', 'căn cước công dân'],
    ['gia6y1 khai sinh', 'giấy khai sinh'],
    ['d9a8ng ky1', 'đăng ký'],
    ['ngu7o72i cao tuo63i', 'người cao tuổi'],
    ['khuyu3 tay', 'khuỷu tay'],
    ['thuo73 nho3', 'thuở nhỏ'],
    ['u3y ban nha6n da6n', 'uỷ ban nhân dân'],
    ['ru7o7u5', 'rượu'],
    ['giu74a', 'giữa'],
    ['hoa85c', 'hoặc'],
    ['khuye6n', 'khuyên'],
  ])('%s → %s', (keys, out) => {
    expect(typeString(keys, NEW)).toBe(out);
  });
});

describe('VNI: mark and tone keys in any order', () => {
  test.each([
    ...['nguyen64', 'nguye64n', 'nguyen46', 'nguye6n4', 'nguy4e6n'].map((k) => [k, 'nguyễn']),
    ...['truong72', 'tru7o7ng2', 'truo7ng2', 'truong27', 'tru7ong2'].map((k) => [k, 'trường']),
    ...['thuo73', 'thuo37', 'thu7o73'].map((k) => [k, 'thuở']),
    ...['khuyu3', 'khu3yu'].map((k) => [k, 'khuỷu']),
    ...['nguoi72', 'nguo7i2', 'ngu7o7i2', 'nguoi27'].map((k) => [k, 'người']),
    ...['quo6c1', 'quoc61', 'quoc16'].map((k) => [k, 'quốc']),
    ...['gi2n', 'gin2'].map((k) => [k, 'gìn']),
    ...['gia1'].map((k) => [k, 'giá']),
    ...['quy1'].map((k) => [k, 'quý']),
    ...['thuy1', 'thu1y'].map((k) => [k, 'thuý']),
    ...['hoa2n', 'hoan2', 'ho2an'].map((k) => [k, 'hoàn']),
    ...['toan1'].map((k) => [k, 'toán']),
    ...['duoc795', 'd9uoc75', 'duoc579'].map((k) => [k, 'được']),
    ...['dinh9', 'd9inh'].map((k) => [k, 'đinh']),
  ])('%s → %s', (keys, out) => {
    expect(typeString(keys, NEW)).toBe(out);
  });
});

describe('VNI: undo, replace and remove', () => {
  test.each([
    ['a11', 'a1'],
    ['a111', 'a11'],
    ['a22', 'a2'],
    ['a33', 'a3'],
    ['a44', 'a4'],
    ['a55', 'a5'],
    ['a66', 'a6'],
    ['a666', 'a66'],
    ['d99', 'd9'],
    ['d999', 'd99'],
    ['u77', 'u7'],
    ['a88', 'a8'],
    ['a10', 'a'],
    ['a0', 'a0'],
    ['a12', 'à'],
    ['o67', 'ơ'],
    ['o76', 'ô'],
    ['a86', 'â'],
    ['a68', 'ă'],
    ['uo77', 'uo7'],
    ['A11', 'A1'],
    ['Nguye6n44', 'Nguyên4'],
  ])('%s → %s', (keys, out) => {
    expect(typeString(keys, NEW)).toBe(out);
  });
});

describe('VNI: case and style', () => {
  test.each([
    ['NGUYE6N4', 'NGUYỄN'],
    ['D9A8K1 LA8K1', 'ĐẮK LẮK'],
    ['TRU7O7NG2', 'TRƯỜNG'],
    ['Nghe65 an', 'Nghệ an'],
  ])('%s → %s', (keys, out) => {
    expect(typeString(keys, NEW)).toBe(out);
  });

  test.each([
    ['hoa2', 'hòa', 'hoà'],
    ['thuy1', 'thúy', 'thuý'],
    ['khoe3', 'khỏe', 'khoẻ'],
    ['Thanh Hoa1', 'Thanh Hóa', 'Thanh Hoá'],
    ['hoa2n', 'hoàn', 'hoàn'],
  ])('%s → old %s / new %s', (keys, old, neu) => {
    expect(typeString(keys, OLD)).toBe(old);
    expect(typeString(keys, NEW)).toBe(neu);
  });
});

describe('VNI: digits and other text', () => {
  test.each([
    '123',
    '0912345678',
    'Q1',
    'B2',
    'CT01',
    'nguyen.van.a1@gmail.com',
    'www.dichvucong.gov.vn',
    'wifi',
    'facebook',
    'Zalo',
    'Samsung',
    'google',
    'hello world',
  ])('%s stays as typed', (keys) => {
    expect(typeString(keys, NEW)).toBe(keys);
  });

  test('a letter followed by a tone digit is a tone, as in any VNI engine', () => {
    expect(typeString('can ho6 A1', NEW)).toBe('can hô Á');
    expect(typeString('can ho6 A11', NEW)).toBe('can hô A1');
    expect(typeString('a1a', NEW)).toBe('áa');
  });
});

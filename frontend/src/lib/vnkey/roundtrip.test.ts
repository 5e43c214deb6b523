// Round trips: real Vietnamese text is turned into keystrokes by a small encoder that
// only looks at the Unicode decomposition (it shares no code with the engine), typed
// back, and must come out unchanged, whatever order the marks are typed in.
import { describe, expect, test } from 'vitest';
import { restyle, typeString, type EngineOptions, type Method } from './index';
import { INITIALS, RHYMES } from './syllable';

// Written in the new style (hoà, thuý).
const TEXT = `
Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trương Đinh Đoàn Lâm Mai Trịnh Tô Cao Lưu
Quách Kiều Thái Hà Tạ Triệu Vương Khổng Từ Châu Văn Thị Hữu Đức Công Quang Minh Thanh Hồng Hương Lan Hạnh Thuý Thuỳ
Thuỷ Huệ Cúc Đào Liên Nhung Phượng Quyên Quỳnh Tuyết Xuân Yến Ánh Ngọc Bích Diệp Giang Hằng Hiền Khánh Kiên Long
Lộc Luân Nghĩa Nhân Phúc Quốc Sơn Tâm Thắng Thịnh Tiến Toàn Trí Trung Tuấn Tùng Việt Vinh Vĩnh Khoa Khoẻ Hoà Hoè
Loan Oanh Toản Thoả Xoan Nguyệt Khuyên Uyên Duyên Huyền Tuyền Quyết Chuyên Thuận Xuyến
Hà Nội Hồ Chí Minh Đà Nẵng Cần Thơ Hải Phòng Huế Cao Bằng Điện Biên Hà Tĩnh Lai Châu Lạng Sơn Nghệ An Quảng Ninh
Thanh Hoá Sơn La Tuyên Quang Lào Cai Thái Nguyên Phú Thọ Bắc Ninh Hưng Yên Ninh Bình Quảng Trị Quảng Ngãi Gia Lai
Khánh Hoà Lâm Đồng Đắk Lắk Đồng Nai Tây Ninh Vĩnh Long Đồng Tháp Cà Mau An Giang Hà Giang Yên Bái Bắc Kạn Vĩnh Phúc
Hoà Bình Bắc Giang Hải Dương Thái Bình Hà Nam Nam Định Quảng Bình Thừa Thiên Quảng Nam Bình Định Phú Yên Ninh Thuận
Bình Thuận Kon Tum Đắk Nông Bình Phước Bình Dương Bà Rịa Vũng Tàu Long An Tiền Giang Bến Tre Trà Vinh Kiên Giang
Hậu Giang Sóc Trăng Bạc Liêu Buôn Ma Thuột Thủ Đức Gò Vấp Bình Thạnh Hoàn Kiếm Ba Đình Đống Đa Cầu Giấy Tây Hồ
họ và tên ngày sinh giới tính quê quán nơi thường trú tạm trú dân tộc tôn giáo quốc tịch nghề nghiệp số điện thoại
căn cước công dân giấy khai sinh đăng ký kết hôn xác nhận tình trạng hôn nhân lý lịch tư pháp khai tử mật khẩu
tiếp tục quay lại xin chào cảm ơn Việt Nam tiếng Việt người cao tuổi hướng dẫn thủ tục trực tuyến dịch vụ công
địa chỉ hộ khẩu chứng minh nhân dân khuya khuỷu tay thuở nhỏ quý giá gìn giữ hoàn thành toán học rượu hươu
nguyện vọng ngoằn ngoèo hoặc uống nước yêu ý kiến uỷ ban nhân dân thủ tướng quyển sách giữa giường giếng giây phút
quãng đường mưa thưa cửa gửi hưu trí độc lập tự do hạnh phúc cân nặng chiều cao không đồng ý huỷ xoá điều khoản
bảo hiểm y tế trẻ em dưới sáu tuổi khoẻ mạnh thoả thuận chuyện khuyết điểm ngoáy ngoẹo oai hoài xoáy khuấy
thuế huế tuệ khuê quê quen quét quẹt quăng quắt quỳ quýt quỳnh quyền quyết quở quơ thuở huơ nguồn cuộc muốn
người nướng lượng được trường phường xương mượn ướt ước ươm bướu rượu hươu mười cưới lười đười ươi
nghĩ nghe nghiêng nghiệp ghế ghi ghép kẻ kế kìa kịp kỹ kỷ niệm yên yếu yểm yết
ăn ắt ắp ặc âm ấm ẩn ấp ất ầu ấy em ép ết êm ênh ích im in inh ít ỉu ôm ồn ông ốp ốt ơi ởm ớn ớp ợt
ủ úc ui um ùn ung úp út ư ức ửi ừm ưng ứt ưu ửa ứa
oa oác oách oái oan oang oanh oạp oát oay oắc oăm oắn oăng oắt oe oen oẹt
uân uẩn uất uầy uê uếch uềnh uy uých uỳnh uýt uya uỷu uyên uyết uơ
ạch ạt ặt ậu ẹp ệch ịch ọc ộc ợp ục ực ưỡn ượt
`;
const WORDS = [...new Set(TEXT.split(/\s+/).filter((w) => w !== ''))];

const TONE_KEY: Record<Method, Record<string, string>> = {
  telex: { '\u0301': 's', '\u0300': 'f', '\u0309': 'r', '\u0303': 'x', '\u0323': 'j' },
  vni: { '\u0301': '1', '\u0300': '2', '\u0309': '3', '\u0303': '4', '\u0323': '5' },
};
const HAT = '\u0302';
const BREVE = '\u0306';
const HORN = '\u031B';

interface Parsed {
  base: string; // a-z or A-Z
  marks: string[]; // 'hat' 'breve' 'horn' 'bar'
  tone: string; // combining tone mark or ''
}

function parseChars(word: string): Parsed[] {
  return [...word].map((ch) => {
    if (ch === 'đ' || ch === 'Đ') return { base: ch === 'đ' ? 'd' : 'D', marks: ['bar'], tone: '' };
    const [base, ...rest] = ch.normalize('NFD');
    const marks = rest.filter((c) => c === HAT || c === BREVE || c === HORN).map((c) =>
      c === HAT ? 'hat' : c === BREVE ? 'breve' : 'horn',
    );
    const tone = rest.find((c) => c in TONE_KEY.telex) ?? '';
    return { base, marks, tone };
  });
}

type Order = 'tone-last' | 'tone-after-vowel' | 'marks-last';

// Keystrokes for one word.
function encode(word: string, method: Method, order: Order): string {
  const chars = parseChars(word);
  const tone = chars.find((c) => c.tone !== '')?.tone ?? '';
  const toneKey = tone === '' ? '' : TONE_KEY[method][tone];
  const markKey = (c: Parsed, m: string): string => {
    if (method === 'vni') return { hat: '6', horn: '7', breve: '8', bar: '9' }[m]!;
    return m === 'hat' || m === 'bar' ? c.base : 'w';
  };
  if (order === 'marks-last') {
    let keys = chars.map((c) => c.base).join('');
    const all = chars.flatMap((c) => c.marks.map((m) => markKey(c, m)));
    // One horn key marks both letters of ươ.
    keys += [...new Set(all)].join('');
    return keys + toneKey;
  }
  let keys = '';
  for (const c of chars) {
    keys += c.base + c.marks.map((m) => markKey(c, m)).join('');
    if (order === 'tone-after-vowel' && c.tone !== '') keys += toneKey;
  }
  return order === 'tone-last' ? keys + toneKey : keys;
}

const encodeText = (text: string, method: Method, order: Order) =>
  text.split(' ').map((w) => encode(w, method, order)).join(' ');

const ORDERS: Order[] = ['tone-last', 'tone-after-vowel', 'marks-last'];
const METHODS: Method[] = ['telex', 'vni'];

describe('encoder sanity', () => {
  test.each([
    ['nguyễn', 'telex', 'tone-last', 'nguyeenx'],
    ['người', 'telex', 'tone-after-vowel', 'nguwowfi'],
    ['đường', 'telex', 'marks-last', 'duongdwf'],
    ['Đắk', 'vni', 'tone-last', 'D9a8k1'],
    ['trường', 'vni', 'marks-last', 'truong72'],
  ])('%s %s %s → %s', (word, method, order, keys) => {
    expect(encode(word, method as Method, order as Order)).toBe(keys);
  });
  test('the word list is big enough to mean something', () => {
    expect(WORDS.length).toBeGreaterThan(400);
  });
});

describe.each(METHODS)('%s round trip of real words', (method) => {
  const neu: EngineOptions = { method, toneStyle: 'new' };
  const old: EngineOptions = { method, toneStyle: 'old' };
  test.each(ORDERS)('%s order, new style, as written, capitalised and in capitals', (order) => {
    const bad: string[] = [];
    for (const w of WORDS) {
      for (const form of [w, w[0].toUpperCase() + w.slice(1), w.toUpperCase()]) {
        const keys = encode(form, method, order);
        const got = typeString(keys, neu);
        if (got !== form) bad.push(`${keys} → ${got} (want ${form})`);
      }
    }
    expect(bad).toEqual([]);
  });
  test.each(ORDERS)('%s order, old style', (order) => {
    const bad: string[] = [];
    for (const w of WORDS) {
      const want = restyle(w, 'old');
      const got = typeString(encode(w, method, order), old);
      if (got !== want) bad.push(`${w} → ${got} (want ${want})`);
    }
    expect(bad).toEqual([]);
  });
  test('whole lines of text', () => {
    for (const line of TEXT.trim().split('\n')) {
      expect(typeString(encodeText(line, method, 'tone-last'), neu)).toBe(line);
    }
  });
});

test('old and new style differ only on open oa, oe, uy', () => {
  const differ = WORDS.filter((w) => restyle(w, 'old') !== w);
  expect(differ.length).toBeGreaterThan(10);
  for (const w of differ) expect(w.normalize('NFD').replace(/[\u0300-\u036f]/g, '')).toMatch(/(oa|oe|uy)$/i);
  expect(restyle('Hoà', 'old')).toBe('Hòa');
  expect(restyle('Thuỷ', 'old')).toBe('Thủy');
});

// Every initial with every rhyme and every allowed tone, typed four ways: the
// results must agree and must hold exactly the letters, marks and tone asked for.
describe('generated syllables', () => {
  const initials = ['', ...INITIALS].filter((i) => i !== 'gh' && i !== 'ngh'); // same as g/ng for the engine
  const STOP = /(c|ch|p|t|k)$/;
  const syllables: { ini: string; spelled: string; tone: number }[] = [];
  for (const ini of initials) {
    for (const rhyme of RHYMES) {
      if (/^oo/.test(rhyme)) continue; // "oong" is typed "ooong": covered in telex.test.ts
      let r = rhyme;
      if (ini === 'qu') {
        if (/^[uưo]/.test(r) && !/^u[yâê]/.test(r)) continue;
        if (/^u/.test(r)) r = r.slice(1);
      }
      if (ini === 'gi' && /^[iy]/.test(r)) continue;
      if (ini === 'g' && /^i[aăâeêioôơuưy]/.test(r)) continue; // "g" + "iêng" is spelled as gi + êng
      for (let tone = 0; tone <= 5; tone++) {
        if (STOP.test(r) && tone !== 0 && tone !== 1 && tone !== 5) continue;
        syllables.push({ ini, spelled: ini + r, tone });
      }
    }
  }
  const TONES_NFD = ['', '\u0301', '\u0300', '\u0309', '\u0303', '\u0323'];

  test('there are thousands of them', () => {
    expect(syllables.length).toBeGreaterThan(5000);
  });

  // One test per initial, so a slow machine reports progress and a failure names its initial.
  test.each(initials.map((ini) => [ini === '' ? '(none)' : ini, ini] as const))(
    'initial %s: all typing orders and both methods agree, with the right letters and tone',
    (_label, ini) => {
      const bad: string[] = [];
      const mine = syllables.filter((s) => s.ini === ini);
      expect(mine.length).toBeGreaterThan(0);
      for (const { spelled, tone } of mine) {
        const t = TONES_NFD[tone];
        const telexTone = tone === 0 ? '' : 'sfrxj'[tone - 1];
        const vniTone = tone === 0 ? '' : String(tone);
        const outs = [
          typeString(encode(spelled, 'telex', 'tone-last') + telexTone, { method: 'telex', toneStyle: 'new' }),
          typeString(encode(spelled, 'telex', 'marks-last') + telexTone, { method: 'telex', toneStyle: 'new' }),
          typeString(encode(spelled, 'vni', 'tone-last') + vniTone, { method: 'vni', toneStyle: 'new' }),
          typeString(encode(spelled, 'vni', 'marks-last') + vniTone, { method: 'vni', toneStyle: 'new' }),
        ];
        const got = outs[0];
        const nfd = got.normalize('NFD');
        const tonesIn = [...nfd].filter((c) => TONES_NFD.includes(c) && c !== '');
        const letters = nfd.replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '').normalize('NFC');
        const toneOk = tone === 0 ? tonesIn.length === 0 : tonesIn.length === 1 && tonesIn[0] === t;
        if (outs.some((o) => o !== got) || letters !== spelled || !toneOk || got !== got.normalize('NFC')) {
          bad.push(`${spelled}+${tone}: ${outs.join(' | ')}`);
        }
      }
      expect(bad.slice(0, 20)).toEqual([]);
    },
  );
});

// Views and summaries shaped like the ones app/api/practice.go sends, for the
// practice tests.
import type { PracticeField, PracticeStepView, PracticeSummary, PracticeView, Province } from '../../lib/api';

const tx = (vi: string, en = vi) => ({ vi, en });
const none = tx('');

export function field(over: Partial<PracticeField> & { id: string; type: string }): PracticeField {
  return { label: tx(over.id), hint: none, why: none, required: true, visible: true, fails: 0, ...over };
}

export function view(step: Partial<PracticeStepView> & { id: string; kind: string }, over: Partial<PracticeView> = {}): PracticeView {
  return {
    pack: 'khai-tu',
    version: 1,
    title: tx('Đăng ký khai tử', 'Death registration'),
    sample: false,
    index: 3,
    total: 9,
    can_back: true,
    from_review: false,
    finished: false,
    ...over,
    step: { title: tx('Tiêu đề bước', 'Step title'), body: none, hint: none, fields: [], ...step },
  };
}

export const nameField = field({
  id: 'ho_ten',
  type: 'text',
  label: tx('Họ, chữ đệm và tên', 'Full name'),
  hint: tx('CHỮ IN HOA có dấu.', 'CAPITALS with marks.'),
  example: 'HOÀNG VĂN THỌ',
});

export const addressField = field({ id: 'noi_o', type: 'address', label: tx('Nơi cư trú', 'Residence'), example: { province: 'Hà Nội', commune: 'Phường Cửa Nam', detail: 'Số 20 phố Hàng Bông' } });

export const provinces: Province[] = [
  {
    name: 'Hà Nội',
    kind: 'thành phố',
    sample: true,
    communes: [
      { name: 'Phường Ba Đình', kind: 'phường' },
      { name: 'Phường Cửa Nam', kind: 'phường' },
    ],
  },
  { name: 'Huế', kind: 'thành phố' },
  { name: 'Hải Phòng', kind: 'thành phố', merged_from: ['Hải Dương'] },
];

export const historyField = field({
  id: 'qua_trinh',
  type: 'repeat',
  label: tx('Quá trình cư trú', 'Residence history'),
  min_rows: 1,
  max_rows: 2,
  fields: [
    field({ id: 'tu_ngay', type: 'date', label: tx('Từ ngày', 'From') }),
    field({ id: 'noi_o', type: 'text', label: tx('Nơi cư trú', 'Where') }),
  ],
});

export const summary: PracticeSummary = {
  pack: 'khai-tu',
  title: tx('Đăng ký khai tử', 'Death registration'),
  finished: true,
  seconds: 400,
  mistakes: 3,
  hints: 1,
  examples: 1,
  skills: [
    { id: 'dang-nhap-vneid', title: tx('Đăng nhập bằng tài khoản định danh điện tử VNeID', 'Log in with VNeID'), area: tx('Giao tiếp và hợp tác trong môi trường số', 'Communicating online'), group: '2' },
    { id: 'dien-to-khai', title: tx('Điền tờ khai trực tuyến', 'Fill in an online form'), area: tx('Giao tiếp', 'Communication') },
  ],
  steps: [
    {
      id: 'nguoi-mat',
      title: tx('Thông tin người đã mất', 'The person who died'),
      mistakes: 2,
      hints: 1,
      examples: 1,
      fixed: [{ code: 'name.lower', times: 2, message: tx('Họ và tên cần viết IN HOA toàn bộ.', 'Write the name in capitals.') }],
    },
    {
      id: 'dang-nhap',
      title: tx('Đăng nhập', 'Log in'),
      mistakes: 1,
      hints: 0,
      examples: 0,
      fixed: [{ code: 'field.required', times: 1, message: tx('Vui lòng điền mục này.', 'Please fill this in.') }],
    },
  ],
  documents: [tx('Giấy báo tử', 'The death notice'), tx('Thẻ căn cước của người đi khai', 'Your ID card')],
  service: { name: tx('Cổng Dịch vụ công quốc gia', 'National Public Service Portal'), url: 'https://dichvucong.gov.vn/' },
  used_sample: true,
  skills_framework: 'Quyết định 757/QĐ-BKHCN (2025)',
};

export const finishStep: PracticeStepView = {
  id: 'xong',
  kind: 'finish',
  title: tx('Bạn đã hoàn thành', 'You have finished'),
  body: tx('Khi làm thật, trích lục được gửi về tài khoản.', 'For real, the extract is sent to your account.'),
  hint: none,
  fields: [],
  receipt: 'LT-261123-0042',
  status: tx('Đang xử lý', 'In progress'),
  service: summary.service,
};

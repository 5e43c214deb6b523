// Screen tests for issue 13's step kinds and field types: agency, cards
// (one and several), passcode_check, payment, notice and quiz, each on the
// real StepPage with views shaped like the engine's.
import { describe, it, expect, vi, afterEach } from 'vitest';
import { render, screen, fireEvent, cleanup, within } from '@testing-library/svelte';
import StepPage from './StepPage.svelte';
import FinalSummary from './FinalSummary.svelte';
import { i18n } from '../../lib/i18n.svelte';
import type { FeeView, PracticeField } from '../../lib/api';
import { field, finishStep, provinces, summary, view } from './fixtures.test-data';

afterEach(() => {
  cleanup();
  i18n.lang = 'vi';
});

function handlers() {
  return { onsubmit: vi.fn(), onback: vi.fn(), ongoto: vi.fn(), onhelp: vi.fn(), onvisible: vi.fn(async () => null as string[] | null) };
}

const tx = (vi: string, en = vi) => ({ vi, en });
const opt = (value: string, vi: string, detail = '') => ({ value, label: tx(vi), detail: tx(detail) });

const agency = (over: Partial<PracticeField> = {}) =>
  field({ id: 'co_quan', type: 'agency', label: tx('Cơ quan thực hiện'), level: 'commune', agency_name: tx('UBND {commune}'), ...over });

describe('agency', () => {
  it('asks the province, then the commune from its list, and names the agency', async () => {
    const h = handlers();
    render(StepPage, { view: view({ id: 'co-quan', kind: 'agency', fields: [agency()] }), provinces, ...h });
    expect(screen.getByRole('group', { name: 'Cơ quan thực hiện' })).toBeInTheDocument();
    expect(screen.queryByText(/quận|huyện/i)).not.toBeInTheDocument();
    await fireEvent.change(screen.getByLabelText('Tỉnh, thành phố'), { target: { value: 'Hà Nội' } });
    const commune = screen.getByLabelText('Xã, phường, đặc khu');
    expect(within(commune).getAllByRole('option').map((o) => o.textContent)).toEqual(['— Chọn xã, phường —', 'Phường Ba Đình', 'Phường Cửa Nam']);
    await fireEvent.change(commune, { target: { value: 'Phường Ba Đình' } });
    expect(screen.getByText('UBND Phường Ba Đình')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(h.onsubmit).toHaveBeenCalledWith({ co_quan: { province: 'Hà Nội', commune: 'Phường Ba Đình' } });
  });

  it('a province-level agency asks the province only; the sample fills it in', async () => {
    const h = handlers();
    const f = agency({ level: 'province', agency_name: tx('Công an {province}'), example: { province: 'Huế' } });
    render(StepPage, { view: view({ id: 'co-quan', kind: 'agency', fields: [f] }, { sample: true }), provinces, ...h });
    expect(screen.queryByLabelText('Xã, phường, đặc khu')).not.toBeInTheDocument();
    expect(screen.getByText('Công an Huế')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(h.onsubmit).toHaveBeenCalledWith({ co_quan: { province: 'Huế', commune: '' } });
  });
});

describe('cards', () => {
  const who = field({ id: 'nguoi_khai', type: 'cards', label: tx('Bạn khai cho ai?'), options: [opt('ban-than', 'Bản thân', 'Tôi tự làm'), opt('khai-ho', 'Khai hộ')] });
  const procs = field({
    id: 'thu_tuc',
    type: 'cards',
    label: tx('Chọn các thủ tục'),
    multiple: true,
    min_choices: 2,
    max_choices: 3,
    options: [opt('khai-tu', 'Đăng ký khai tử'), opt('xoa-thuong-tru', 'Xóa đăng ký thường trú'), opt('mai-tang', 'Trợ cấp mai táng')],
    example: ['khai-tu', 'xoa-thuong-tru'],
  });

  it('one choice: big cards as a radio group, with their detail', async () => {
    const h = handlers();
    render(StepPage, { view: view({ id: 'ai', kind: 'form', fields: [who] }), ...h });
    const group = screen.getByRole('group', { name: 'Bạn khai cho ai?' });
    expect(within(group).getAllByRole('radio')).toHaveLength(2);
    expect(screen.getByText('Tôi tự làm')).toBeInTheDocument();
    await fireEvent.click(screen.getByLabelText('Khai hộ'));
    await fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(h.onsubmit).toHaveBeenCalledWith({ nguoi_khai: 'khai-ho' });
  });

  it('several choices: checkboxes, the range said, the list sent in the options\' order', async () => {
    const h = handlers();
    render(StepPage, { view: view({ id: 'tt', kind: 'form', fields: [procs] }), ...h });
    expect(screen.getByText('Chọn từ 2 đến 3 mục.')).toBeInTheDocument();
    await fireEvent.click(screen.getByLabelText('Trợ cấp mai táng'));
    await fireEvent.click(screen.getByLabelText('Đăng ký khai tử'));
    expect(screen.getByText('Đã chọn 2 mục.')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(h.onsubmit).toHaveBeenCalledWith({ thu_tuc: ['khai-tu', 'mai-tang'] });
  });

  it('the sample ticks the persona\'s cards', async () => {
    const h = handlers();
    render(StepPage, { view: view({ id: 'tt', kind: 'form', fields: [procs] }, { sample: true }), ...h });
    expect(screen.getByLabelText('Đăng ký khai tử')).toBeChecked();
    expect(screen.getByLabelText('Trợ cấp mai táng')).not.toBeChecked();
    await fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(h.onsubmit).toHaveBeenCalledWith({ thu_tuc: ['khai-tu', 'xoa-thuong-tru'] });
  });
});

describe('passcode_check', () => {
  const pc = field({ id: 'passcode_check__ma-bao-ve', type: 'passcode', label: tx('Mã passcode'), example: '135792' });
  it('shows the practice passcode, asks it on the number pad, masked, and confirms', async () => {
    const h = handlers();
    render(StepPage, { view: view({ id: 'ma-bao-ve', kind: 'passcode_check', fields: [pc], passcode: '135792' }), ...h });
    expect(screen.getByText(/mã passcode là 135792/)).toBeInTheDocument();
    const input = screen.getByLabelText('Mã passcode') as HTMLInputElement;
    expect(input).toHaveAttribute('type', 'password');
    expect(input).toHaveAttribute('inputmode', 'numeric');
    expect(input.value).toBe(''); // own data: typed
    await fireEvent.input(input, { target: { value: '135792' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Xác nhận' }));
    expect(h.onsubmit).toHaveBeenCalledWith({ 'passcode_check__ma-bao-ve': '135792' });
  });

  it('the sample types the persona\'s passcode, and the persona card shows it', async () => {
    const h = handlers();
    render(StepPage, { view: view({ id: 'ma-bao-ve', kind: 'passcode_check', fields: [pc], passcode: '135792' }, { sample: true }), ...h });
    await fireEvent.click(screen.getByRole('button', { name: 'Xác nhận' }));
    expect(h.onsubmit).toHaveBeenCalledWith({ 'passcode_check__ma-bao-ve': '135792' });
    cleanup();
    render(StepPage, {
      view: view({ id: 'dau', kind: 'info', persona: { name: tx('Chị Mai'), story: tx('…'), passcode: '135792' } }, { sample: true, index: 1 }),
      ...handlers(),
    });
    expect(screen.getByText('Mã passcode VNeID của người này: 135792')).toBeInTheDocument();
  });
});

describe('payment', () => {
  const methods = [opt('ngan-hang', 'Ngân hàng (luyện tập)'), opt('vi-dien-tu', 'Ví điện tử (luyện tập)')];
  const method = field({ id: 'phuong_thuc_tt', type: 'radio', label: tx('Chọn cách thanh toán'), options: methods, example: 'ngan-hang' });
  const fee = (over: Partial<FeeView> = {}): FeeView => ({
    lines: [
      { label: tx('Lệ phí cấp Phiếu lý lịch tư pháp'), amount: 200000, text: '200.000 đ' },
      { label: tx('Học sinh, sinh viên: giảm 50%'), amount: -100000, text: '−100.000 đ' },
    ],
    total: 100000,
    total_text: '100.000 đ',
    free: false,
    methods,
    field: 'phuong_thuc_tt',
    ...over,
  });

  it('shows the fee lines and total, then a fake bank screen; "Thanh toán" sends the method', async () => {
    const h = handlers();
    render(StepPage, { view: view({ id: 'tt', kind: 'payment', fields: [method], payment: fee(), agency: tx('Công an Hà Nội') }), ...h });
    const fees = screen.getByRole('region', { name: 'Lệ phí phải nộp' });
    expect(within(fees).getByText('−100.000 đ')).toBeInTheDocument();
    expect(within(fees).getByRole('row', { name: /Tổng cộng/ })).toHaveTextContent('100.000 đ');
    expect(screen.getAllByText(/không trừ tiền/).length).toBeGreaterThan(0);
    expect(screen.queryByRole('region', { name: 'Ngân hàng (luyện tập)' })).not.toBeInTheDocument();
    await fireEvent.click(screen.getByLabelText('Ngân hàng (luyện tập)'));
    const bank = screen.getByRole('region', { name: 'Ngân hàng (luyện tập)' });
    expect(bank).toHaveTextContent('100.000 đ');
    expect(bank).toHaveTextContent('Công an Hà Nội');
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument(); // never a card number
    await fireEvent.click(screen.getByRole('button', { name: 'Thanh toán' }));
    expect(h.onsubmit).toHaveBeenCalledWith({ phuong_thuc_tt: 'ngan-hang' });
  });

  it('nothing to pay: "Miễn lệ phí", no method, the usual "Tiếp tục"', async () => {
    const h = handlers();
    const free = fee({ lines: [{ label: tx('Lệ phí'), amount: 200000, text: '200.000 đ' }, { label: tx('Người có công: miễn'), amount: -200000, text: '−200.000 đ' }], total: 0, total_text: '0 đ', free: true });
    render(StepPage, { view: view({ id: 'tt', kind: 'payment', fields: [{ ...method, visible: false }], payment: free }), ...h });
    expect(screen.getByRole('row', { name: /Tổng cộng/ })).toHaveTextContent('Miễn lệ phí');
    expect(screen.queryByLabelText('Ngân hàng (luyện tập)')).not.toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(h.onsubmit).toHaveBeenCalledOnce();
  });

  it('the sample chooses the persona\'s method', async () => {
    const h = handlers();
    render(StepPage, { view: view({ id: 'tt', kind: 'payment', fields: [method], payment: fee() }, { sample: true }), ...h });
    expect(screen.getByRole('region', { name: 'Ngân hàng (luyện tập)' })).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Thanh toán' }));
    expect(h.onsubmit).toHaveBeenCalledWith({ phuong_thuc_tt: 'ngan-hang' });
  });
});

describe('notice', () => {
  it('shows the message received on a phone, and goes on with "Tiếp tục"', async () => {
    const h = handlers();
    const text = 'Ho so LT-261123-0042 da duoc tiep nhan. Ngay hen tra ket qua: 26/11/2026.';
    render(StepPage, { view: view({ id: 'tb', kind: 'notice', notice: { channel: 'sms', sender: 'DICHVUCONG', text: tx(text) } }), ...h });
    const phone = screen.getByRole('figure', { name: 'Tin nhắn gửi đến điện thoại của bạn (mô phỏng)' });
    expect(phone).toHaveTextContent('DICHVUCONG');
    expect(phone).toHaveTextContent(text);
    await fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(h.onsubmit).toHaveBeenCalledWith({});
  });

  it('a VNeID notification in English', () => {
    i18n.lang = 'en';
    render(StepPage, { view: view({ id: 'tb', kind: 'notice', notice: { channel: 'vneid', sender: 'VNeID', text: tx('x', 'Your result is ready') } }), ...handlers() });
    expect(screen.getByRole('figure', { name: 'The notification in the VNeID app (simulated)' })).toHaveTextContent('Your result is ready');
  });

  it('track: the appointment and the agency next to the receipt', () => {
    const receipt = field({ id: 'ma', type: 'receipt', label: tx('Mã hồ sơ') });
    render(StepPage, { view: view({ id: 'tra', kind: 'track', fields: [receipt], receipt: 'LT-1', appointment: '26/11/2026', agency: tx('UBND Phường Ba Đình') }), ...handlers() });
    expect(screen.getByText('Ngày hẹn trả kết quả')).toBeInTheDocument();
    expect(screen.getByText('26/11/2026')).toBeInTheDocument();
    expect(screen.getByText('UBND Phường Ba Đình')).toBeInTheDocument();
  });
});

describe('quiz', () => {
  const q = field({
    id: 'tin_nhan',
    type: 'cards',
    label: tx('Bạn sẽ làm gì?'),
    options: [opt('bam-link', 'Bấm vào đường dẫn'), opt('lua-dao', 'Đây là lừa đảo')],
  });
  const scenario = { channel: 'web' as const, sender: 'Cổng cập nhật VNeID', text: tx('Nhập mã OTP để giữ tài khoản'), url: 'http://vneid-capnhat.top' };

  it('shows the page to judge with its address, and the choice as cards', async () => {
    const h = handlers();
    render(StepPage, { view: view({ id: 'q', kind: 'quiz', fields: [q], scenario }), ...h });
    const page = screen.getByRole('figure', { name: 'Trang web bạn được dẫn đến (mô phỏng)' });
    expect(page).toHaveTextContent('http://vneid-capnhat.top');
    await fireEvent.click(screen.getByLabelText('Đây là lừa đảo'));
    await fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(h.onsubmit).toHaveBeenCalledWith({ tin_nhan: 'lua-dao' });
  });

  it('a wrong choice shows why beside the choice', async () => {
    const h = handlers();
    const v = view({ id: 'q', kind: 'quiz', fields: [q], scenario: { ...scenario, channel: 'call', sender: '0912 xxx xxx' } });
    render(StepPage, {
      view: v,
      ...h,
      errors: [{ field: 'tin_nhan', code: 'quiz.wrong', message: tx('Không an toàn: công an không bao giờ hỏi mã OTP.') }],
    });
    expect(screen.getByRole('figure', { name: 'Cuộc gọi bạn nhận được (mô phỏng)' })).toHaveTextContent('0912 xxx xxx');
    expect(screen.getByRole('group', { name: 'Bạn sẽ làm gì?' })).toHaveTextContent('Không an toàn: công an không bao giờ hỏi mã OTP.');
  });

  it('after a right answer the next page, and the final summary, start with "Đúng rồi" and the why', () => {
    const fb = tx('Đúng: đường dẫn lạ, không phải gov.vn.');
    render(StepPage, { view: view({ id: 'q2', kind: 'quiz', fields: [q], scenario, feedback: fb }), ...handlers() });
    expect(screen.getByRole('status', { name: '' })).toHaveTextContent('Đúng rồi');
    expect(screen.getByText('Đúng: đường dẫn lạ, không phải gov.vn.')).toBeInTheDocument();
    cleanup();
    render(FinalSummary, { summary, step: { ...finishStep, feedback: fb, appointment: '26/11/2026' }, oncatalog: vi.fn(), onhome: vi.fn() });
    expect(screen.getByText('Đúng: đường dẫn lạ, không phải gov.vn.')).toBeInTheDocument();
    expect(screen.getByText('Ngày hẹn trả kết quả: 26/11/2026')).toBeInTheDocument();
  });
});

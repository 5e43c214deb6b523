import { describe, it, expect, vi, afterEach } from 'vitest';
import { render, screen, fireEvent, waitFor, cleanup, within } from '@testing-library/svelte';
import StepPage from './StepPage.svelte';
import FinalSummary from './FinalSummary.svelte';
import PracticeStart from './PracticeStart.svelte';
import Practice from './Practice.svelte';
import { i18n } from '../../lib/i18n.svelte';
import type { FieldError, PracticeView } from '../../lib/api';
import { addressField, field, finishStep, nameField, provinces, summary, view } from './fixtures.test-data';

afterEach(() => {
  cleanup();
  i18n.lang = 'vi';
  vi.unstubAllGlobals();
});

function handlers() {
  return {
    onsubmit: vi.fn(),
    onback: vi.fn(),
    ongoto: vi.fn(),
    onhelp: vi.fn(),
    onvisible: vi.fn(async () => null as string[] | null),
  };
}

const err = (field: string, code: string, vi: string): FieldError => ({ field, code, message: { vi, en: vi } });

describe('StepPage', () => {
  it('shows "Bước n/total", a back link that works, and the answers on submit', async () => {
    const h = handlers();
    render(StepPage, { view: view({ id: 'thong-tin', kind: 'form', fields: [nameField] }), ...h });
    expect(screen.getByText('Bước 3/9')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: /Quay lại/ }));
    expect(h.onback).toHaveBeenCalledOnce();
    const input = screen.getByLabelText('Họ, chữ đệm và tên') as HTMLInputElement;
    expect(input.value).toBe(''); // own data: nothing filled in
    await fireEvent.input(input, { target: { value: 'NGUYỄN VĂN AN' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(h.onsubmit).toHaveBeenCalledWith({ ho_ten: 'NGUYỄN VĂN AN' });
  });

  it('error summary: focused, one link per wrong field that focuses the field, message beside the field', async () => {
    const h = handlers();
    const v = view({ id: 'thong-tin', kind: 'form', fields: [nameField, addressField] }, { sample: true });
    const r = render(StepPage, { view: v, provinces, ...h });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await r.rerender({
      view: v,
      provinces,
      ...h,
      errors: [err('ho_ten', 'name.lower', 'Họ và tên cần viết IN HOA.'), err('noi_o.commune', 'address.commune_required', 'Vui lòng chọn xã, phường.')],
    });
    const summaryBox = screen.getByRole('alert');
    await waitFor(() => expect(document.activeElement).toBe(summaryBox));
    const links = within(summaryBox).getAllByRole('link');
    expect(links.map((a) => a.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Họ, chữ đệm và tên: Họ và tên cần viết IN HOA.',
      'Nơi cư trú – Xã, phường, đặc khu: Vui lòng chọn xã, phường.',
    ]);
    await fireEvent.click(links[0]);
    expect(document.activeElement).toBe(screen.getByLabelText('Họ, chữ đệm và tên'));
    await fireEvent.click(links[1]);
    expect(document.activeElement).toBe(screen.getByLabelText('Xã, phường, đặc khu'));
    // The message also sits beside each field, tied to it for screen readers.
    const name = screen.getByLabelText('Họ, chữ đệm và tên');
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name).toHaveAccessibleDescription(/Họ và tên cần viết IN HOA/);
    expect(screen.getAllByText('Vui lòng chọn xã, phường.')).toHaveLength(2);
  });

  it('offers "Xem ví dụ" only after two failed tries, reports it and fills the example in', async () => {
    const h = handlers();
    const at = (fails: number) => view({ id: 'thong-tin', kind: 'form', fields: [{ ...nameField, fails }] });
    const r = render(StepPage, { view: at(1), ...h, errors: [err('ho_ten', 'name.lower', 'IN HOA')] });
    expect(screen.queryByRole('button', { name: 'Xem ví dụ' })).not.toBeInTheDocument();
    await r.rerender({ view: at(2), ...h, errors: [err('ho_ten', 'name.lower', 'IN HOA')] });
    await fireEvent.click(screen.getByRole('button', { name: 'Xem ví dụ' }));
    expect(h.onhelp).toHaveBeenCalledWith('ho_ten', 'example');
    expect(screen.getByText('HOÀNG VĂN THỌ')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Điền ví dụ này' }));
    expect((screen.getByLabelText('Họ, chữ đệm và tên') as HTMLInputElement).value).toBe('HOÀNG VĂN THỌ');
    expect(h.onhelp).toHaveBeenCalledTimes(1);
  });

  it('shows the hint under the label, in the field\'s description', async () => {
    const h = handlers();
    render(StepPage, { view: view({ id: 'thong-tin', kind: 'form', fields: [nameField] }), ...h });
    const hint = screen.getByText('CHỮ IN HOA có dấu.');
    expect(screen.getByLabelText('Họ, chữ đệm và tên').getAttribute('aria-describedby')).toContain(hint.id);
    expect(screen.queryByRole('button', { name: 'Gợi ý cách điền' })).not.toBeInTheDocument();
  });

  it('fills the sample data in, but not the choice the step is about', async () => {
    const h = handlers();
    const upload = field({ id: 'giay', type: 'upload', example: 'giay-bao-tu', options: [{ value: 'giay-bao-tu', label: { vi: 'Giấy báo tử', en: 'Notice' }, detail: { vi: '', en: '' } }] });
    render(StepPage, { view: view({ id: 'thong-tin', kind: 'form', fields: [nameField, upload] }, { sample: true }), ...h });
    expect((screen.getByLabelText('Họ, chữ đệm và tên') as HTMLInputElement).value).toBe('HOÀNG VĂN THỌ');
    expect(screen.getByText(/đã được điền sẵn bằng dữ liệu mẫu/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(h.onsubmit).toHaveBeenCalledWith({ ho_ten: 'HOÀNG VĂN THỌ', giay: '' });
  });

  it('shows and hides conditional fields live from the server', async () => {
    const h = handlers();
    h.onvisible.mockResolvedValueOnce(['khai_cha', 'ho_ten_cha']);
    const khaiCha = field({
      id: 'khai_cha',
      type: 'radio',
      label: { vi: 'Khai thông tin cha?', en: 'Father?' },
      watch: true,
      options: [
        { value: 'co', label: { vi: 'Có', en: 'Yes' }, detail: { vi: '', en: '' } },
        { value: 'khong', label: { vi: 'Không', en: 'No' }, detail: { vi: '', en: '' } },
      ],
    });
    const cha = field({ id: 'ho_ten_cha', type: 'text', label: { vi: 'Họ tên cha', en: "Father's name" }, visible: false });
    render(StepPage, { view: view({ id: 'cha', kind: 'form', fields: [khaiCha, cha] }), ...h });
    expect(screen.queryByLabelText('Họ tên cha')).not.toBeInTheDocument();
    await fireEvent.click(screen.getByLabelText('Có'));
    expect(h.onvisible).toHaveBeenCalledWith({ khai_cha: 'co', ho_ten_cha: '' });
    expect(await screen.findByLabelText('Họ tên cha')).toBeInTheDocument();
  });

  it('review: "Sửa" on an answer goes to its step', async () => {
    const h = handlers();
    const v = view({
      id: 'kiem-tra',
      kind: 'review',
      title: { vi: 'Kiểm tra lại thông tin', en: 'Check' },
      review: [
        {
          step: 'nguoi-khai',
          title: { vi: 'Người đi khai tử', en: 'You' },
          items: [
            { field: 'quan_he', label: { vi: 'Quan hệ', en: 'Relation' }, value: { vi: 'Con', en: 'Child' } },
            { field: 'so_dien_thoai', label: { vi: 'Số điện thoại', en: 'Phone' }, value: { vi: '0904556677', en: '0904556677' } },
          ],
        },
      ],
    });
    render(StepPage, { view: v, ...h });
    expect(screen.getByText('0904556677')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /^Sửa/ })).toHaveLength(2);
    await fireEvent.click(screen.getByRole('button', { name: 'Sửa Số điện thoại' }));
    expect(h.ongoto).toHaveBeenCalledWith('nguoi-khai', 'so_dien_thoai');
    await fireEvent.click(screen.getByRole('button', { name: 'Xác nhận thông tin' }));
    expect(h.onsubmit).toHaveBeenCalledWith({});
  });

  it('a step changed from the review page says where it returns', () => {
    render(StepPage, { view: view({ id: 'nguoi-khai', kind: 'form', fields: [nameField] }, { from_review: true }), ...handlers() });
    expect(screen.getByRole('button', { name: 'Lưu và quay lại trang kiểm tra' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Quay lại trang kiểm tra/ })).toBeInTheDocument();
  });

  it('otp: shows the simulated SMS and asks for the code on the number pad', () => {
    const otp = field({ id: 'otp', type: 'otp', label: { vi: 'Mã OTP (6 chữ số)', en: 'OTP' } });
    render(StepPage, { view: view({ id: 'ma-otp', kind: 'otp', fields: [otp], sms: { vi: 'VNeID: Ma OTP la 123456', en: 'x' } }), ...handlers() });
    expect(screen.getByText('VNeID: Ma OTP la 123456')).toBeInTheDocument();
    const input = screen.getByLabelText('Mã OTP (6 chữ số)');
    expect(input).toHaveAttribute('inputmode', 'numeric');
    expect(input).toHaveAttribute('autocomplete', 'one-time-code');
  });

  it('track: shows the receipt code after sending', () => {
    const receipt = field({ id: 'ma', type: 'receipt', label: { vi: 'Mã hồ sơ', en: 'Code' } });
    render(StepPage, { view: view({ id: 'tra-cuu', kind: 'track', fields: [receipt], receipt: 'LT-261123-0042' }), ...handlers() });
    expect(screen.getByText('Đã nộp hồ sơ (luyện tập)')).toBeInTheDocument();
    expect(screen.getByText('LT-261123-0042')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Tra cứu' })).toBeInTheDocument();
  });
});

describe('FinalSummary', () => {
  it('lists the skills, the mistakes and how they were fixed, the documents and the real service', async () => {
    const oncatalog = vi.fn();
    render(FinalSummary, { summary, step: finishStep, oncatalog, onhome: vi.fn() });
    expect(screen.getByRole('heading', { level: 1, name: 'Bạn đã hoàn thành (luyện tập)' })).toBeInTheDocument();
    expect(screen.getByText('Thời gian: khoảng 7 phút')).toBeInTheDocument();
    expect(screen.getByText('Đăng nhập bằng tài khoản định danh điện tử VNeID')).toBeInTheDocument();
    // the framework's own group number and name (Decision 757/QĐ-BKHCN), and a skill without a number keeps its area name
    expect(screen.getByText('Nhóm 2: Giao tiếp và hợp tác trong môi trường số')).toBeInTheDocument();
    expect(screen.getByText('Giao tiếp')).toBeInTheDocument();
    const mistakes = screen.getByRole('region', { name: 'Lỗi đã gặp và cách bạn đã sửa' });
    expect(mistakes).toHaveTextContent('Bạn đã gặp lỗi 3 lần');
    expect(mistakes).toHaveTextContent('Họ và tên cần viết IN HOA toàn bộ.');
    expect(mistakes).toHaveTextContent('Gặp 2 lần, bạn đã sửa đúng.');
    expect(mistakes).toHaveTextContent('Gặp 1 lần, bạn đã sửa đúng.');
    expect(screen.getByText('Giấy báo tử')).toBeInTheDocument();
    expect(screen.getByText('https://dichvucong.gov.vn/')).toBeInTheDocument();
    expect(screen.getByText('LT-261123-0042')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Luyện thủ tục khác' }));
    expect(oncatalog).toHaveBeenCalledOnce();
  });

  it('says so when there was no mistake, in English too', () => {
    render(FinalSummary, { summary: { ...summary, mistakes: 0, hints: 0, examples: 0, steps: [] }, step: finishStep, oncatalog: vi.fn(), onhome: vi.fn() });
    expect(screen.getByText('Bạn không gặp lỗi nào. Rất tốt!')).toBeInTheDocument();
    cleanup();
    i18n.lang = 'en';
    render(FinalSummary, { summary, step: finishStep, oncatalog: vi.fn(), onhome: vi.fn() });
    expect(screen.getByText('Skills you practised')).toBeInTheDocument();
    expect(screen.getByText('Write the name in capitals.')).toBeInTheDocument();
  });
});

describe('PracticeStart', () => {
  it('says it is only practice and offers sample data or your own', async () => {
    const onstart = vi.fn();
    const pack = { id: 'khai-tu', version: 1, title: { vi: 'Đăng ký khai tử', en: 'Death' }, summary: { vi: 'Khai tử', en: '' }, life_event: { vi: '', en: '' }, minutes: 15 };
    render(PracticeStart, { pack, onstart, onback: vi.fn() });
    expect(screen.getByRole('heading', { level: 1, name: 'Đăng ký khai tử' })).toBeInTheDocument();
    expect(screen.getByText('Khoảng 15 phút')).toBeInTheDocument();
    expect(screen.getByText(/Không có hồ sơ nào được gửi đi/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: /Dùng dữ liệu mẫu/ }));
    await fireEvent.click(screen.getByRole('button', { name: /Tự gõ thông tin/ }));
    expect(onstart.mock.calls).toEqual([[true], [false]]);
  });
});

describe('Practice', () => {
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  it('starts on the server, sends a step, refreshes a stale page and ends on the summary', async () => {
    const info: PracticeView = view({ id: 'gioi-thieu', kind: 'info', title: { vi: 'Khai tử qua mạng', en: 'Online' } }, { index: 1, can_back: false });
    const calls: { path: string; body: unknown }[] = [];
    let submits = 0;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (path: string, init: RequestInit) => {
        calls.push({ path, body: init.body ? JSON.parse(init.body as string) : undefined });
        if (path === '/api/practice') return json(200, { id: 'p1', view: info });
        if (path === '/api/practice/p1/submit') {
          submits++;
          if (submits === 1) return json(409, { code: 'practice.wrong_step', message: 'Trang này đã cũ.' });
          return json(200, { errors: [], view: { ...info, step: finishStep, finished: true, can_back: false } });
        }
        if (path === '/api/practice/p1') return json(200, info);
        if (path === '/api/practice/p1/summary') return json(200, summary);
        return json(404, { code: 'nope', message: 'nope' });
      }),
    );
    const pack = { id: 'khai-tu', version: 1, title: info.title, summary: info.title, life_event: info.title, minutes: 15 };
    render(Practice, { pack, sample: true, oncatalog: vi.fn(), onhome: vi.fn() });
    await screen.findByRole('heading', { level: 1, name: 'Khai tử qua mạng' });
    expect(calls[0]).toEqual({ path: '/api/practice', body: { pack: 'khai-tu', sample: true } });
    expect(screen.getByText('LUYỆN TẬP')).toBeInTheDocument();

    await fireEvent.click(screen.getByRole('button', { name: 'Bắt đầu' }));
    await waitFor(() => expect(calls.some((c) => c.path === '/api/practice/p1')).toBe(true));
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await fireEvent.click(await screen.findByRole('button', { name: 'Bắt đầu' }));
    await screen.findByRole('heading', { level: 1, name: 'Bạn đã hoàn thành (luyện tập)' });
    expect(calls.filter((c) => c.path === '/api/practice/p1/submit').at(-1)?.body).toEqual({ step: 'gioi-thieu', answers: {} });
    expect(screen.queryByRole('button', { name: 'Dừng luyện tập' })).not.toBeInTheDocument();
  });

  it('stops on request, after asking, and ends the practice on the server', async () => {
    const fetch = vi.fn(async (path: string) => {
      if (path === '/api/practice') return json(200, { id: 'p2', view: view({ id: 'a', kind: 'info' }) });
      return new Response(null, { status: 204 });
    });
    vi.stubGlobal('fetch', fetch);
    const oncatalog = vi.fn();
    const pack = { id: 'khai-tu', version: 1, title: { vi: 'K', en: 'K' }, summary: { vi: '', en: '' }, life_event: { vi: '', en: '' }, minutes: 1 };
    render(Practice, { pack, sample: false, oncatalog, onhome: vi.fn() });
    await screen.findByRole('heading', { level: 1, name: 'Tiêu đề bước' });
    await fireEvent.click(screen.getByRole('button', { name: 'Dừng luyện tập' }));
    expect(screen.getByRole('alertdialog')).toHaveTextContent('Những gì bạn đã gõ sẽ được xoá');
    await fireEvent.click(screen.getByRole('button', { name: 'Dừng và xoá' }));
    expect(oncatalog).toHaveBeenCalledOnce();
    expect(fetch.mock.calls.filter(([p]) => p === '/api/practice/p2/end')).toHaveLength(1);
  });

  it('ends the practice when the screen goes away (the idle reset)', async () => {
    const fetch = vi.fn(async (path: string) => {
      if (path === '/api/practice') return json(200, { id: 'p3', view: view({ id: 'a', kind: 'info' }) });
      return new Response(null, { status: 204 });
    });
    vi.stubGlobal('fetch', fetch);
    const pack = { id: 'khai-tu', version: 1, title: { vi: 'K', en: 'K' }, summary: { vi: '', en: '' }, life_event: { vi: '', en: '' }, minutes: 1 };
    const r = render(Practice, { pack, sample: false, oncatalog: vi.fn(), onhome: vi.fn() });
    await screen.findByRole('heading', { level: 1, name: 'Tiêu đề bước' });
    expect(fetch.mock.calls.some(([p]) => p === '/api/practice/p3/end')).toBe(false);
    r.unmount();
    expect(fetch.mock.calls.filter(([p]) => p === '/api/practice/p3/end')).toHaveLength(1);
  });
});

// Issue 16: the live password and passcode checklist, one term per thing,
// the error summary without the repeated label, and the summary's wording
// ("(luyện tập)" beside a real-world state; skills as the server credits).
import { describe, it, expect, afterEach } from 'vitest';
import { render, screen, fireEvent, cleanup, within } from '@testing-library/svelte';
import StepPage from './StepPage.svelte';
import FinalSummary from './FinalSummary.svelte';
import { i18n, catalogs } from '../../lib/i18n.svelte';
import { passcodeChecks, passwordChecks, summaryLine } from '../../components/practice/fields';
import { field, finishStep, summary, view } from './fixtures.test-data';
import type { FieldError } from '../../lib/api';

afterEach(() => {
  cleanup();
  i18n.lang = 'vi';
});

const tx = (vi: string, en = vi) => ({ vi, en });
const handlers = () => ({
  onsubmit: () => {},
  onback: () => {},
  ongoto: () => {},
  onhelp: () => {},
  onvisible: async () => null,
});
const password = field({ id: 'mat_khau', type: 'password', label: tx('Mật khẩu', 'Password') });
const again = field({ id: 'nhap_lai_mat_khau', type: 'password', label: tx('Nhập lại mật khẩu', 'Type it again'), same_as: 'mat_khau' });
const passcode = field({ id: 'passcode', type: 'passcode', label: tx('Mã passcode', 'Passcode') });

/** state lists each line of a checklist as "✓ text" or "✗ text". */
function state(list: HTMLElement): string[] {
  return within(list)
    .getAllByRole('listitem')
    .map((li) => `${li.dataset.ok === 'true' ? '✓' : '✗'} ${li.querySelector('span:not(.mark):not(.visually-hidden)')?.textContent}`);
}

describe('password checklist', { timeout: 30000 }, () => {
  it('shows every rule at once and ticks each one live as the password is typed', async () => {
    render(StepPage, { view: view({ id: 'mat-khau', kind: 'password', fields: [password, again] }), ...handlers() });
    const input = screen.getByLabelText('Mật khẩu') as HTMLInputElement;
    const list = document.getElementById(`${input.id}-checks`)!;
    expect(input.getAttribute('aria-describedby')).toContain(list.id);
    expect(state(list)).toEqual([
      '✗ Từ 8 đến 20 ký tự',
      '✗ Ít nhất một chữ hoa (A–Z)',
      '✗ Ít nhất một chữ thường (a–z)',
      '✗ Ít nhất một chữ số (0–9)',
      '✗ Ít nhất một ký tự đặc biệt, ví dụ @ # !',
      '✗ Chỉ chữ không dấu, không có dấu cách',
    ]);
    await fireEvent.input(input, { target: { value: 'hung1961' } });
    expect(state(list)).toEqual([
      '✓ Từ 8 đến 20 ký tự',
      '✗ Ít nhất một chữ hoa (A–Z)',
      '✓ Ít nhất một chữ thường (a–z)',
      '✓ Ít nhất một chữ số (0–9)',
      '✗ Ít nhất một ký tự đặc biệt, ví dụ @ # !',
      '✓ Chỉ chữ không dấu, không có dấu cách',
    ]);
    await fireEvent.input(input, { target: { value: 'Hùng@1961' } });
    expect(state(list).at(-1)).toBe('✗ Chỉ chữ không dấu, không có dấu cách');
    await fireEvent.input(input, { target: { value: 'Hung@1961' } });
    expect(state(list).every((l) => l.startsWith('✓'))).toBe(true);
    // Screen readers hear each line's state too.
    expect(list).toHaveTextContent('(đã đạt)');
  });

  it('the confirmation says whether the two are the same, and clearly when they differ', async () => {
    render(StepPage, { view: view({ id: 'mat-khau', kind: 'password', fields: [password, again] }), ...handlers() });
    const first = screen.getByLabelText('Mật khẩu') as HTMLInputElement;
    const second = screen.getByLabelText('Nhập lại mật khẩu') as HTMLInputElement;
    const list = document.getElementById(`${second.id}-checks`)!;
    expect(state(list)).toEqual(['✗ Giống hệt ô “Mật khẩu” ở trên']);
    await fireEvent.input(first, { target: { value: 'Hung@1961' } });
    await fireEvent.input(second, { target: { value: 'Hung@1962' } });
    expect(state(list)).toEqual(['✗ Giống hệt ô “Mật khẩu” ở trên', '✗ Hai ô chưa giống nhau']);
    // It does not repeat the password's rules.
    expect(within(list).queryByText('Từ 8 đến 20 ký tự')).not.toBeInTheDocument();
    await fireEvent.input(second, { target: { value: 'Hung@1961' } });
    expect(state(list)).toEqual(['✓ Giống hệt ô “Mật khẩu” ở trên']);
  });

  it('passcode: six digits, no repeats, not in a row, under the same term as its label', async () => {
    render(StepPage, { view: view({ id: 'passcode', kind: 'password', fields: [passcode] }), ...handlers() });
    const input = screen.getByLabelText('Mã passcode') as HTMLInputElement;
    const list = document.getElementById(`${input.id}-checks`)!;
    expect(list).toHaveTextContent('Mã passcode cần:');
    await fireEvent.input(input, { target: { value: '123456' } });
    expect(state(list)).toEqual(['✓ Đúng 6 chữ số', '✓ Không lặp lại, ví dụ 111111 hay 121212', '✗ Không phải các số liên tiếp, ví dụ 123456']);
    await fireEvent.input(input, { target: { value: '204816' } });
    expect(state(list).every((l) => l.startsWith('✓'))).toBe(true);
  });

  it('mirrors the server rules (vnformat.CheckVNeIDPassword / CheckVNeIDPasscode)', () => {
    const failed = (v: string) => passwordChecks(v).filter((c) => !c.ok).map((c) => c.key.split('.').pop());
    expect(failed('Hung@1961')).toEqual([]);
    expect(failed('Ab1@')).toEqual(['length']);
    expect(failed('Abcdefgh1@abcdefghijk')).toEqual(['length']);
    expect(failed('Hung 1961@')).toEqual(['plain']);
    const bad = (v: string) => passcodeChecks(v).filter((c) => !c.ok).map((c) => c.key.split('.').pop());
    expect(bad('204816')).toEqual([]);
    expect(bad('121212')).toEqual(['not_repeated']);
    expect(bad('987654')).toEqual(['not_sequence']);
    expect(bad('890123')).toEqual(['not_sequence']);
    expect(bad('12345')).toEqual(['six_digits', 'not_repeated', 'not_sequence']);
  });

  it('one term for the passcode in every message: "mã passcode", never "mã bảo vệ"', () => {
    for (const lang of ['vi'] as const) {
      for (const [k, v] of Object.entries(catalogs[lang])) expect(`${k}: ${v}`).not.toMatch(/mã bảo vệ/i);
    }
  });
});

describe('error summary lines', () => {
  it('name the field only when the message does not already', () => {
    expect(summaryLine('Số định danh cá nhân', 'Số định danh cá nhân cần đủ 12 chữ số.')).toEqual({ where: '', message: 'Số định danh cá nhân cần đủ 12 chữ số.' });
    expect(summaryLine('Họ, chữ đệm và tên', 'Họ và tên cần viết IN HOA.')).toEqual({ where: 'Họ, chữ đệm và tên', message: 'Họ và tên cần viết IN HOA.' });
  });

  it('on the page: "Số định danh cá nhân cần…", not "Số định danh cá nhân: Số định danh cá nhân cần…"', async () => {
    const cccd = field({ id: 'so_dinh_danh', type: 'cccd', label: tx('Số định danh cá nhân') });
    const errors: FieldError[] = [{ field: 'so_dinh_danh', code: 'cccd.length', message: tx('Số định danh cá nhân cần đủ 12 chữ số.') }];
    render(StepPage, { view: view({ id: 'nhap', kind: 'form', fields: [cccd] }), errors, ...handlers() });
    const link = within(screen.getByRole('alert')).getByRole('link');
    expect(link.textContent?.replace(/\s+/g, ' ').trim()).toBe('Số định danh cá nhân cần đủ 12 chữ số.');
  });
});

describe('summary wording', () => {
  it('marks a real-world state as practice: the title and the status', () => {
    const step = { ...finishStep, title: tx('Đã kích hoạt tài khoản', 'Account activated'), status: tx('Đã tiếp nhận', 'Received') };
    render(FinalSummary, { summary, step, oncatalog: () => {}, onhome: () => {} });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Đã kích hoạt tài khoản (luyện tập)');
    expect(screen.getByText(/Đã tiếp nhận \(luyện tập\)/)).toBeInTheDocument();
  });

  it('does not say it twice when the pack already does', () => {
    const step = { ...finishStep, title: tx('Đã kích hoạt tài khoản (luyện tập)', 'Account activated (practice)') };
    render(FinalSummary, { summary, step, oncatalog: () => {}, onhome: () => {} });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Đã kích hoạt tài khoản (luyện tập)');
    cleanup();
    i18n.lang = 'en';
    render(FinalSummary, { summary, step, oncatalog: () => {}, onhome: () => {} });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Account activated (practice)');
  });

  it('lists exactly the skills the server credited: no "Đọc thông báo lỗi và tự sửa" without a mistake', () => {
    const fixing = { id: 'doc-va-sua-loi', title: tx('Đọc thông báo lỗi và tự sửa'), area: tx('Giải quyết vấn đề') };
    render(FinalSummary, { summary: { ...summary, mistakes: 0, steps: [] }, step: finishStep, oncatalog: () => {}, onhome: () => {} });
    expect(screen.getByText('Bạn không gặp lỗi nào. Rất tốt!')).toBeInTheDocument();
    expect(screen.queryByText('Đọc thông báo lỗi và tự sửa')).not.toBeInTheDocument();
    cleanup();
    render(FinalSummary, { summary: { ...summary, skills: [...summary.skills, fixing] }, step: finishStep, oncatalog: () => {}, onhome: () => {} });
    expect(screen.getByText('Đọc thông báo lỗi và tự sửa')).toBeInTheDocument();
  });
});

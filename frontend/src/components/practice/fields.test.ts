import { describe, it, expect, vi, afterEach } from 'vitest';
import { render, screen, fireEvent, cleanup, within, waitFor } from '@testing-library/svelte';
import AddressField from './AddressField.svelte';
import StepPage from '../../screens/practice/StepPage.svelte';
import { i18n } from '../../lib/i18n.svelte';
import { display, fold, initialAnswers, inputAttrs, searchOptions, elementId, samplable } from './fields';
import { addressField, field, historyField, nameField, provinces, view } from '../../screens/practice/fixtures.test-data';

afterEach(() => {
  cleanup();
  i18n.lang = 'vi';
});

const handlers = () => ({
  onsubmit: vi.fn(),
  onback: vi.fn(),
  ongoto: vi.fn(),
  onhelp: vi.fn(),
  onvisible: vi.fn(async () => null),
});

describe('AddressField', () => {
  it('lists the 34 provinces (with the ones merged in), then the chosen province’s communes', async () => {
    const onchange = vi.fn();
    render(AddressField, { value: { province: '', commune: '', detail: '' }, path: 'noi_o', provinces, onchange });
    const province = screen.getByLabelText('Tỉnh, thành phố') as HTMLSelectElement;
    expect(within(province).getByRole('option', { name: 'Hải Phòng (gồm cả Hải Dương cũ)' })).toBeInTheDocument();
    // No province yet: the commune waits for it.
    expect(screen.getByLabelText('Xã, phường, đặc khu')).toBeDisabled();

    await fireEvent.change(province, { target: { value: 'Hà Nội' } });
    const commune = screen.getByLabelText('Xã, phường, đặc khu') as HTMLSelectElement;
    expect(commune.tagName).toBe('SELECT');
    expect(within(commune).getAllByRole('option').map((o) => o.textContent)).toEqual(['— Chọn xã, phường —', 'Phường Ba Đình', 'Phường Cửa Nam']);
    expect(screen.getByText(/chỉ là một phần/)).toBeInTheDocument();
    await fireEvent.change(commune, { target: { value: 'Phường Cửa Nam' } });
    expect(commune.value).toBe('Phường Cửa Nam');

    // Another province without a list: the commune is typed, and starts empty.
    await fireEvent.change(province, { target: { value: 'Huế' } });
    const typed = screen.getByLabelText('Xã, phường, đặc khu') as HTMLInputElement;
    expect(typed.tagName).toBe('INPUT');
    expect(typed.value).toBe('');
    expect(onchange).toHaveBeenCalledTimes(3);
  });

  it('sends province, commune and detail as one answer', async () => {
    const h = handlers();
    render(StepPage, { view: view({ id: 'dia-chi', kind: 'form', fields: [addressField] }), provinces, ...h });
    await fireEvent.change(screen.getByLabelText('Tỉnh, thành phố'), { target: { value: 'Hà Nội' } });
    await fireEvent.change(screen.getByLabelText('Xã, phường, đặc khu'), { target: { value: 'Phường Ba Đình' } });
    await fireEvent.input(screen.getByLabelText(/Số nhà/), { target: { value: 'Số 1 Hùng Vương' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(h.onsubmit).toHaveBeenCalledWith({ noi_o: { province: 'Hà Nội', commune: 'Phường Ba Đình', detail: 'Số 1 Hùng Vương' } });
  });
});

describe('RepeatField', () => {
  it('adds rows up to max_rows, removes down to min_rows, and sends the rows', async () => {
    const h = handlers();
    render(StepPage, { view: view({ id: 'cu-tru', kind: 'form', fields: [historyField] }), ...h });
    expect(screen.getAllByRole('region', { name: /^Dòng/ })).toHaveLength(1);
    expect(screen.queryByRole('button', { name: /Xoá dòng/ })).not.toBeInTheDocument(); // min_rows 1

    const row1 = screen.getByRole('region', { name: 'Dòng 1' });
    await fireEvent.input(within(row1).getByLabelText('Nơi cư trú'), { target: { value: 'Hải Phòng' } });
    await fireEvent.click(screen.getByRole('button', { name: /Thêm dòng/ }));
    const row2 = screen.getByRole('region', { name: 'Dòng 2' });
    // The new row's first field takes the focus (the day of "Từ ngày").
    expect(document.activeElement).toBe(within(row2).getByLabelText('Ngày'));
    expect(screen.queryByRole('button', { name: /Thêm dòng/ })).not.toBeInTheDocument(); // max_rows 2
    expect(screen.getByText('Đã đủ số dòng tối đa (2).')).toBeInTheDocument();

    await fireEvent.input(within(row2).getByLabelText('Ngày'), { target: { value: '1' } });
    await fireEvent.input(within(row2).getByLabelText('Tháng'), { target: { value: '7' } });
    await fireEvent.input(within(row2).getByLabelText('Năm'), { target: { value: '2012' } });
    await fireEvent.input(within(row2).getByLabelText('Nơi cư trú'), { target: { value: 'Hà Nội' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(h.onsubmit).toHaveBeenLastCalledWith({
      qua_trinh: [
        { tu_ngay: '', noi_o: 'Hải Phòng' },
        { tu_ngay: '01/07/2012', noi_o: 'Hà Nội' },
      ],
    });

    await fireEvent.click(screen.getByRole('button', { name: 'Xoá dòng 1' }));
    expect(screen.getAllByRole('region', { name: /^Dòng/ })).toHaveLength(1);
    await fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục' }));
    expect(h.onsubmit).toHaveBeenLastCalledWith({ qua_trinh: [{ tu_ngay: '01/07/2012', noi_o: 'Hà Nội' }] });
  });

  it('links an error in a row to that row’s field', async () => {
    const h = handlers();
    const v = view({ id: 'cu-tru', kind: 'form', fields: [historyField] });
    render(StepPage, {
      view: v,
      ...h,
      errors: [{ field: 'qua_trinh.0.noi_o', code: 'field.required', message: { vi: 'Vui lòng điền mục này.', en: 'Fill it.' } }],
    });
    const link = screen.getByRole('link', { name: /Quá trình cư trú, dòng 1 – Nơi cư trú: Vui lòng điền mục này/ });
    expect(link).toHaveAttribute('href', '#' + elementId('qua_trinh.0.noi_o'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('alert')));
    await fireEvent.click(link);
    expect(document.activeElement).toBe(within(screen.getByRole('region', { name: 'Dòng 1' })).getByLabelText('Nơi cư trú'));
  });
});

describe('SearchField', () => {
  it('finds procedures typed without marks and sends the one chosen', async () => {
    const h = handlers();
    const opts = [
      { value: 'khai-sinh', label: { vi: 'Đăng ký khai sinh', en: 'Birth' }, detail: { vi: 'UBND cấp xã', en: '' } },
      { value: 'khai-tu', label: { vi: 'Đăng ký khai tử', en: 'Death' }, detail: { vi: 'UBND cấp xã', en: '' }, keywords: 'bao tu' },
    ];
    const search = field({ id: 'thu_tuc', type: 'search', label: { vi: 'Tìm kiếm thủ tục', en: 'Search' }, options: opts });
    render(StepPage, { view: view({ id: 'tim', kind: 'find', fields: [search] }), ...h });
    expect(screen.queryByRole('radio')).not.toBeInTheDocument();
    await fireEvent.input(screen.getByLabelText('Tìm kiếm thủ tục'), { target: { value: 'khai tu' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Tìm kiếm' }));
    expect(screen.getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual(['khai-tu', 'khai-sinh']);
    await fireEvent.click(screen.getByRole('radio', { name: /Đăng ký khai tử/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Chọn thủ tục này' }));
    expect(h.onsubmit).toHaveBeenCalledWith({ thu_tuc: 'khai-tu' });
  });
});

describe('field helpers', () => {
  it('fold and searchOptions ignore marks and case; more words matched come first', () => {
    expect(fold('  Đăng ký KHAI TỬ ')).toBe('dang ky khai tu');
    const o = (vi: string, keywords = '') => ({ value: vi, label: { vi, en: '' }, detail: { vi: '', en: '' }, keywords });
    const opts = [o('Đăng ký khai sinh'), o('Đăng ký khai tử', 'qua doi'), o('Cấp bản sao trích lục khai tử')];
    expect(searchOptions(opts, 'khai tu').map((x) => x.value)).toEqual(['Đăng ký khai tử', 'Cấp bản sao trích lục khai tử', 'Đăng ký khai sinh']);
    expect(searchOptions(opts, 'qua đời').map((x) => x.value)).toEqual(['Đăng ký khai tử']);
    expect(searchOptions(opts, 'trích lục, khai tử').map((x) => x.value)[0]).toBe('Cấp bản sao trích lục khai tử');
    expect(searchOptions(opts, 'xyz')).toEqual([]);
    expect(searchOptions(opts, ' , ')).toEqual([]);
  });

  it.each([
    ['cccd', 'numeric', 'off', 'numeric'],
    ['phone', 'tel', 'tel', 'numeric'],
    ['otp', 'numeric', 'one-time-code', 'numeric'],
    ['passcode', 'numeric', 'off', 'numeric'],
    ['number', 'numeric', 'off', 'numeric'],
    ['email', 'email', 'email', 'plain'],
  ])('%s gets inputmode %s, autocomplete %s and the %s keyboard', (type, mode, auto, kbd) => {
    const a = inputAttrs(field({ id: 'x', type }), 'form');
    expect([a.inputmode, a.autocomplete, a.keyboard]).toEqual([mode, auto, kbd]);
  });

  it('passwords: current on a login page, new on a password page; names in capitals get capitals', () => {
    expect(inputAttrs(field({ id: 'p', type: 'password' }), 'login')).toMatchObject({ type: 'password', autocomplete: 'current-password' });
    expect(inputAttrs(field({ id: 'p', type: 'password' }), 'password')).toMatchObject({ autocomplete: 'new-password' });
    expect(inputAttrs(nameField, 'form').autocapitalize).toBe('characters');
    expect(inputAttrs(field({ id: 'n', type: 'text', example: 'Bệnh tuổi già' }), 'form').autocapitalize).toBe('sentences');
  });

  it('initialAnswers: stored answers first, then the sample where it may fill in, else empty', () => {
    const check = field({ id: 'cam_doan', type: 'checkbox', example: true });
    const fields = [nameField, addressField, historyField, check];
    expect(initialAnswers(fields, undefined, false, 'form')).toEqual({
      ho_ten: '',
      noi_o: { province: '', commune: '', detail: '' },
      qua_trinh: [{ tu_ngay: '', noi_o: '' }],
      cam_doan: false,
    });
    const sampled = initialAnswers(fields, undefined, true, 'submit');
    expect(sampled.ho_ten).toBe('HOÀNG VĂN THỌ');
    expect(sampled.noi_o).toEqual({ province: 'Hà Nội', commune: 'Phường Cửa Nam', detail: 'Số 20 phố Hàng Bông' });
    expect(sampled.cam_doan).toBe(false); // a declaration is ticked by the person
    expect(initialAnswers([nameField], { ho_ten: 'LÊ VĂN A' }, true, 'form')).toEqual({ ho_ten: 'LÊ VĂN A' });
  });

  it('the sample never answers a quiz question, but fills the same cards elsewhere', () => {
    const cards = field({ id: 'q', type: 'cards', example: 'cup-may', options: [{ value: 'cup-may', label: { vi: 'Cúp máy', en: 'Hang up' }, detail: { vi: '', en: '' } }] });
    expect(initialAnswers([cards], undefined, true, 'quiz').q).toBe('');
    expect(samplable(cards, 'quiz')).toBe(false);
    expect(samplable(cards, 'choice')).toBe(true);
    expect(initialAnswers([cards], undefined, true, 'choice').q).toBe('cup-may');
  });

  it('display writes examples the way people read them', () => {
    expect(display(addressField, addressField.example)).toBe('Số 20 phố Hàng Bông, Phường Cửa Nam, Hà Nội');
    expect(display(field({ id: 'c', type: 'checkbox' }), true)).toBe('Có');
    expect(display(historyField, [{ tu_ngay: '01/07/2012', noi_o: 'Hà Nội' }])).toBe('01/07/2012 · Hà Nội');
  });
});

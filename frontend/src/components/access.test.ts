import { describe, it, expect, afterEach, vi } from 'vitest';
import { render, cleanup, screen, fireEvent } from '@testing-library/svelte';
import { tick } from 'svelte';
import DateEntry from './DateEntry.svelte';
import ReadingSettings from './ReadingSettings.svelte';
import SpeakButton from './SpeakButton.svelte';
import { isKioskScreen } from '../lib/kiosk';
import { reading, resetReading, STORAGE_KEY } from '../lib/reading.svelte';
import { i18n } from '../lib/i18n.svelte';

afterEach(() => {
  cleanup();
  resetReading();
  i18n.lang = 'vi';
  vi.unstubAllGlobals();
});

describe('isKioskScreen', () => {
  it.each([
    ['', false, false],
    ['', true, true],
    ['?kiosk=1', false, true],
    ['?a=b&kiosk=1', false, true],
    ['?kiosk=0', true, false],
    ['?kiosk=yes', false, false],
  ])('%j in the window=%s → %s', (search, inWindow, want) => {
    expect(isKioskScreen({ search, inWindow })).toBe(want);
  });
});

describe('DateEntry', () => {
  it('emits dd/mm/yyyy once day, month and year are typed', async () => {
    const changes: string[] = [];
    render(DateEntry, { label: 'Ngày sinh', onchange: (v: string) => changes.push(v) });
    const [day, month, year] = ['Ngày', 'Tháng', 'Năm'].map((l) => screen.getByLabelText(l) as HTMLInputElement);
    expect(day.getAttribute('inputmode')).toBe('numeric');
    await fireEvent.input(day, { target: { value: '5' } });
    await fireEvent.input(month, { target: { value: '9' } });
    expect(changes).toEqual([]);
    await fireEvent.input(year, { target: { value: '19a60' } }); // letters are dropped
    expect(year.value).toBe('1960');
    expect(changes).toEqual(['05/09/1960']);
  });

  it('steps with − and +, wrapping around', async () => {
    const changes: string[] = [];
    render(DateEntry, { label: 'Ngày sinh', value: '31/12/1960', onchange: (v: string) => changes.push(v) });
    await fireEvent.click(screen.getByRole('button', { name: 'Tăng ngày' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Giảm tháng' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Tăng năm' }));
    expect(changes).toEqual(['01/12/1960', '01/11/1960', '01/11/1961']);
    expect((screen.getByLabelText('Ngày') as HTMLInputElement).value).toBe('01');
  });

  it('shows a value set from outside, and an empty value clears the parts', async () => {
    const r = render(DateEntry, { label: 'Ngày sinh', value: '2/3/2001' });
    expect((screen.getByLabelText('Tháng') as HTMLInputElement).value).toBe('3');
    await r.rerender({ label: 'Ngày sinh', value: '' });
    await tick();
    expect((screen.getByLabelText('Năm') as HTMLInputElement).value).toBe('');
    expect(screen.getByRole('group', { name: 'Ngày sinh' })).toBeInTheDocument();
  });
});

describe('ReadingSettings', () => {
  it('changes text size, contrast and motion on <html>, for this session only', async () => {
    render(ReadingSettings);
    await fireEvent.click(screen.getByRole('button', { name: 'Cỡ chữ và cách hiển thị' }));
    const dialog = screen.getByRole('dialog', { name: 'Cho dễ đọc, dễ gõ' });
    expect(dialog).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Rất lớn' }));
    expect(document.documentElement.dataset.textSize).toBe('xlarge');
    const [contrastOn, motionOn] = screen.getAllByRole('button', { name: 'Bật' });
    await fireEvent.click(contrastOn);
    await fireEvent.click(motionOn);
    expect(document.documentElement.dataset.contrast).toBe('high');
    expect(document.documentElement.dataset.motion).toBe('reduce');
    expect(JSON.parse(sessionStorage.getItem(STORAGE_KEY)!)).toMatchObject({ size: 'xlarge', contrast: true, reduceMotion: true });
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    resetReading();
    expect(reading.size).toBe('normal');
    expect(document.documentElement.dataset.contrast).toBeUndefined();
  });
});

describe('SpeakButton', () => {
  it('is hidden when the kiosk cannot speak', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ available: false, languages: [] }))));
    render(SpeakButton, { text: 'Nhập họ tên' });
    await new Promise((r) => setTimeout(r, 0));
    await tick();
    expect(screen.queryByRole('button')).toBeNull();
  });
});

import { describe, it, expect, vi, afterEach } from 'vitest';
import { render, screen, fireEvent } from '@testing-library/svelte';
import Attract from './Attract.svelte';
import CatalogScreen from './Catalog.svelte';
import ErrorScreen from './ErrorScreen.svelte';
import { i18n } from '../lib/i18n.svelte';
import type { Catalog } from '../lib/api';

afterEach(() => {
  i18n.lang = 'vi';
});

const catalog: Catalog = {
  site: 'Phường Ba Đình',
  languages: ['vi', 'en'],
  packs: [
    {
      id: 'khai-sinh',
      version: 1,
      title: { vi: 'Đăng ký khai sinh', en: 'Birth registration' },
      summary: { vi: 'Liên thông', en: 'Linked' },
      life_event: { vi: 'Sinh con', en: 'Having a baby' },
      minutes: 15,
    },
    {
      id: 'kich-hoat-vneid',
      version: 1,
      title: { vi: 'Kích hoạt VNeID', en: 'Activate VNeID' },
      summary: { vi: '', en: '' },
      life_event: { vi: '', en: '' },
      minutes: 0,
    },
  ],
};

describe('Attract', () => {
  it('invites a touch in Vietnamese and starts on touch', async () => {
    const onstart = vi.fn();
    render(Attract, { onstart });
    const start = screen.getByRole('button', { name: /Chạm vào màn hình để bắt đầu/ });
    expect(screen.getByText('Trạm Học Số')).toBeInTheDocument();
    await fireEvent.click(start);
    expect(onstart).toHaveBeenCalledOnce();
  });

  it('switches to English without starting', async () => {
    const onstart = vi.fn();
    render(Attract, { onstart });
    await fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByText('Touch the screen to start')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
    expect(onstart).not.toHaveBeenCalled();
  });
});

describe('Catalog', () => {
  it('lists every pack as a touch card and reports the choice', async () => {
    const onchoose = vi.fn();
    render(CatalogScreen, { catalog, onchoose, onhome: vi.fn() });
    const cards = screen.getAllByRole('button').filter((b) => b.dataset.pack);
    expect(cards.map((c) => c.dataset.pack)).toEqual(['khai-sinh', 'kich-hoat-vneid']);
    expect(screen.getByText('Khoảng 15 phút')).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: /Đăng ký khai sinh/ }));
    expect(onchoose).toHaveBeenCalledWith(catalog.packs[0]);
  });

  it('shows pack titles in English after switching', async () => {
    render(CatalogScreen, { catalog, onchoose: vi.fn(), onhome: vi.fn() });
    await fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(screen.getByText('Birth registration')).toBeInTheDocument();
    expect(screen.getByText('Which procedure would you like to practise?')).toBeInTheDocument();
  });

  it('says so when there are no packs', () => {
    render(CatalogScreen, { catalog: { ...catalog, packs: [] }, onchoose: vi.fn(), onhome: vi.fn() });
    expect(screen.getByText(/Chưa có bài luyện tập nào/)).toBeInTheDocument();
  });
});

describe('ErrorScreen', () => {
  it('shows the message and retries', async () => {
    const onretry = vi.fn();
    render(ErrorScreen, { message: 'Không kết nối được', onretry });
    expect(screen.getByRole('alert')).toHaveTextContent('Không kết nối được');
    await fireEvent.click(screen.getByRole('button', { name: 'Thử lại' }));
    expect(onretry).toHaveBeenCalledOnce();
  });
});

import { describe, it, expect, vi, afterEach } from 'vitest';
import { render, screen, fireEvent } from '@testing-library/svelte';
import App from './App.svelte';

afterEach(() => vi.unstubAllGlobals());

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('App', () => {
  it('goes from the attract screen to the catalog from the API', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        json(200, {
          site: 'Phường Ba Đình',
          languages: ['vi', 'en'],
          packs: [{ id: 'khai-sinh', version: 1, title: { vi: 'Đăng ký khai sinh', en: 'Birth' }, summary: { vi: '', en: '' }, life_event: { vi: '', en: '' }, minutes: 15 }],
        }),
      ),
    );
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: /Chạm vào màn hình/ }));
    expect(await screen.findByRole('button', { name: /Đăng ký khai sinh/ })).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: /Đăng ký khai sinh/ }));
    expect(screen.getByRole('heading', { name: 'Đăng ký khai sinh' })).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: /Quay lại/ }));
    await fireEvent.click(screen.getByRole('button', { name: /Về màn hình đầu/ }));
    expect(screen.getByRole('button', { name: /Chạm vào màn hình/ })).toBeInTheDocument();
  });

  it('shows the error screen when the API fails, reports it, and retries', async () => {
    const fetch = vi.fn(async (path: string) =>
      path === '/api/catalog' ? json(500, { code: 'internal', message: 'Máy gặp lỗi.' }) : new Response(null, { status: 204 }),
    );
    vi.stubGlobal('fetch', fetch);
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: /Chạm vào màn hình/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Máy gặp lỗi.');
    expect(fetch.mock.calls.some(([p]) => p === '/api/client-errors')).toBe(true);
    await fireEvent.click(screen.getByRole('button', { name: 'Thử lại' }));
    expect(fetch.mock.calls.filter(([p]) => p === '/api/catalog')).toHaveLength(2);
  });

  it('says the kiosk server is unreachable on a network failure', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    render(App);
    await fireEvent.click(screen.getByRole('button', { name: /Chạm vào màn hình/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Không kết nối được với máy chủ của trạm.');
  });
});

describe('App resume offer', () => {
  const catalog = {
    site: 'Phường Ba Đình',
    languages: ['vi', 'en'],
    packs: [{ id: 'khai-sinh', version: 2, title: { vi: 'Đăng ký khai sinh', en: 'Birth' }, summary: { vi: '', en: '' }, life_event: { vi: '', en: '' }, minutes: 15 }],
  };
  const offer = { id: 'a'.repeat(32), pack: 'khai-sinh', title: { vi: 'Đăng ký khai sinh', en: 'Birth' }, index: 3, total: 9 };
  const stepView = {
    pack: 'khai-sinh', version: 2, title: offer.title, sample: false, index: 3, total: 9, can_back: true, from_review: false, finished: false,
    step: { id: 'buoc-3', kind: 'info', title: { vi: 'Bước đã lưu', en: 'Saved step' }, body: { vi: '', en: '' }, hint: { vi: '', en: '' }, fields: [] },
  };

  function server() {
    return vi.fn(async (path: string, init?: RequestInit) => {
      if (path === '/api/practice/resume') return json(200, { practice: offer });
      if (path === '/api/catalog') return json(200, catalog);
      if (path === `/api/practice/${offer.id}` && (init?.method ?? 'GET') === 'GET') return json(200, stepView);
      return new Response(null, { status: 204 });
    });
  }

  it('offers the unfinished practice and continues it at the saved step', async () => {
    const fetch = server();
    vi.stubGlobal('fetch', fetch);
    render(App);
    const dialog = await screen.findByRole('alertdialog', { name: 'Tiếp tục bài đang làm?' });
    expect(dialog).toHaveTextContent('Đăng ký khai sinh, đang ở bước 3/9');
    await fireEvent.click(screen.getByRole('button', { name: 'Tiếp tục bài này' }));
    expect(await screen.findByRole('heading', { name: 'Bước đã lưu' })).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fetch.mock.calls.some(([p, i]) => p === '/api/practice' && i?.method === 'POST')).toBe(false);
  });

  it('wipes the practice when the citizen says no', async () => {
    const fetch = server();
    vi.stubGlobal('fetch', fetch);
    render(App);
    await screen.findByRole('alertdialog');
    await fireEvent.click(screen.getByRole('button', { name: 'Không, xoá bài này' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fetch.mock.calls.some(([p, i]) => p === `/api/practice/${offer.id}/end` && i?.method === 'POST')).toBe(true);
    expect(screen.getByRole('button', { name: /Chạm vào màn hình/ })).toBeInTheDocument();
  });
});

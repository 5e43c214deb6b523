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

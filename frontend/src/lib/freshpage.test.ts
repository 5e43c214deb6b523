import { describe, it, expect, vi, afterEach } from 'vitest';
import { freshPage } from './freshpage';
import { endPractice } from './api';

afterEach(() => vi.unstubAllGlobals());

describe('freshPage', () => {
  it('waits for the running requests, then replaces the page by the same address', async () => {
    let finish: (r: Response) => void = () => {};
    vi.stubGlobal('fetch', vi.fn(() => new Promise<Response>((r) => (finish = r))));
    const loc = { pathname: '/', search: '?kiosk=1', replace: vi.fn() };
    const ending = endPractice('p1');
    const leaving = freshPage(loc);
    await new Promise((r) => setTimeout(r, 10));
    expect(loc.replace).not.toHaveBeenCalled(); // "end this practice" is still running
    finish(new Response(null, { status: 204 }));
    await ending;
    await leaving;
    expect(loc.replace).toHaveBeenCalledWith('/?kiosk=1');
  });
});

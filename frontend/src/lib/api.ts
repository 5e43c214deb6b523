// The one module that talks to the Go side. In the kiosk window the requests
// never leave the process (Wails AssetServer handler); on a phone or in a
// browser they go to the same routes over HTTP.
import { i18n, type Text } from './i18n.svelte';

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  commit: string;
  kiosk_id: string;
  config_id: string;
  uptime_s: number;
}

export interface PackHeader {
  id: string;
  version: number;
  title: Text;
  summary: Text;
  life_event: Text;
  minutes: number;
}

export interface Catalog {
  site: string;
  languages: string[];
  packs: PackHeader[];
}

/** ApiError carries the server's {code, message}; code "network" means no answer at all. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': i18n.lang };
  let payload: string | undefined;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: payload, cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'network', String((e as Error)?.message ?? e));
  }
  if (res.status === 204) return undefined as T;
  let data: unknown;
  try {
    data = await res.json();
  } catch {
    throw new ApiError(res.status, 'bad_response', `HTTP ${res.status}`);
  }
  if (!res.ok) {
    const err = data as { code?: string; message?: string };
    throw new ApiError(res.status, err.code ?? 'http_' + res.status, err.message ?? `HTTP ${res.status}`);
  }
  return data as T;
}

export const getHealth = () => request<Health>('GET', '/api/health');
export const getCatalog = () => request<Catalog>('GET', '/api/catalog');

/** reportClientError leaves a trace in the kiosk's log; it never throws. */
export async function reportClientError(screen: string, code: string, message: string): Promise<void> {
  try {
    await request<void>('POST', '/api/client-errors', { screen, code, message: message.slice(0, 300) });
  } catch {
    // Nothing more to do: the error screen is already showing.
  }
}

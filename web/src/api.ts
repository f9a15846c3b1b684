/** The service's API as the dashboard calls it: the key from this browser session, problems turned into errors that say what went wrong. */

export type Role = 'read' | 'operate' | 'admin';
const RANK: Record<Role, number> = { read: 1, operate: 2, admin: 3 };
const KEY = 'opendom.key';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  keep: (key: string) => sessionStorage.setItem(KEY, key),
  forget: () => sessionStorage.removeItem(KEY),
};

/** Whether a key of `role` may do what needs `needed`. */
export const may = (role: Role, needed: Role) => RANK[role] >= RANK[needed];

export async function api<T>(method: string, path: string, body?: unknown, key = session.key()): Promise<T> {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  const value = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const detail = value?.detail ?? response.statusText;
    const fields = Array.isArray(value?.errors) ? value.errors.map((e: { field?: string; message: string }) => (e.field ? `${e.field}: ${e.message}` : e.message)) : [];
    throw new ApiError(response.status, value?.code ?? 'E_HTTP', [detail, ...fields.slice(0, 3)].join(' — '));
  }
  return value as T;
}

export const get = <T,>(path: string) => api<T>('GET', path);
export const post = <T,>(path: string, body?: unknown) => api<T>('POST', path, body ?? {});

/** A query string of the values given (undefined and empty ones left out). */
export function query(values: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface Profile { id: string; name?: string; enabled?: boolean; autoApply?: boolean; schedule?: { cron: string; timeZone: string } | null; nextDue: string | null }
export interface Run { id: string; profileId: string; status: string; batchesDone: number; batchesTotal: number | null; ordersApplied: number; ordersTotal: number | null; planId: string | null; error: string | null; startedAt: string; finishedAt: string | null; scheduledFor: string | null }
export interface Kpis {
  planId: string; runId: string | null; profileId: string; createdAt: string; solverId: string; solverStatus: string; gap: number | null; seconds: number;
  orders: number; lines: number; units: number; unitsFulfilled: number; fillRate: number; cost: number; costPerUnit: number;
  shipmentsPerOrder: number; splitOrders: number; splitRate: number; exceptions: number; costByFactor: Record<string, number>;
}

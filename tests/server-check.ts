/**
 * Looking at the server from a test, the way a second phone would: sign in to the API, register a
 * throwaway device, and read every page of GET /api/sync/pull. Used to prove what arrived, and how
 * many times, without trusting the app under test.
 */
import { expect, type APIRequestContext, type Page, type PlaywrightWorkerArgs } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { ORGANISATION } from './fixtures';

export type Playwright = PlaywrightWorkerArgs['playwright'];

export const BASE_URL = `http://localhost:${process.env.POLKU_E2E_PORT ?? '8799'}`;

export interface Change {
	entity: string;
	id: string;
	version: number;
	/** A tombstone has `deletedAt` set and `data` null. */
	deletedAt?: string | null;
	data: Record<string, unknown> | null;
}

/** Signs in to the API as `username` and registers a throwaway device. Dispose `api` when done. */
export async function apiAs(playwright: Playwright, username: string, password: string): Promise<{ api: APIRequestContext; token: string }> {
	const api = await playwright.request.newContext({ baseURL: BASE_URL });
	const login = await api.post('/api/auth/login', { data: { organisation: ORGANISATION, username, password } });
	expect(login.status(), 'API login').toBe(200);
	const device = await api.post('/api/devices', { data: { id: randomUUID(), label: 'e2e server check' } });
	expect([200, 201]).toContain(device.status());
	const { token } = (await device.json()) as { token: string };
	return { api, token };
}

/** Every change the user may see, all pages of GET /api/sync/pull. */
export async function pullAll(playwright: Playwright, username: string, password: string): Promise<Change[]> {
	const { api, token } = await apiAs(playwright, username, password);
	const changes: Change[] = [];
	let since = '';
	for (let page = 0; page < 50; page++) {
		const query = since ? `?since=${encodeURIComponent(since)}&limit=1000` : '?limit=1000';
		const res = await api.get(`/api/sync/pull${query}`, { headers: { authorization: `Bearer ${token}` } });
		expect(res.status(), 'pull').toBe(200);
		const body = (await res.json()) as { changes: Change[]; cursor: string; more: boolean };
		changes.push(...body.changes);
		since = body.cursor;
		if (!body.more) break;
	}
	await api.dispose();
	return changes;
}

/** STACK.md G8: a synchronous predicate, so that Playwright really waits for the worker. */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
}

/** The organisation's audit trail as the demo admin reads it (GET /api/audit), newest first. */
export async function auditTrail(playwright: Playwright, adminPassword: string, limit = 500): Promise<{ action: string; entity: string | null; entityId: string | null; actorId: string | null; detail: Record<string, unknown> }[]> {
	const api = await playwright.request.newContext({ baseURL: BASE_URL });
	const login = await api.post('/api/auth/login', { data: { organisation: ORGANISATION, username: 'admin', password: adminPassword } });
	expect(login.status(), 'admin API login').toBe(200);
	const res = await api.get(`/api/audit?limit=${limit}`);
	expect(res.status(), 'audit').toBe(200);
	const body = (await res.json()) as { items: { action: string; entity: string | null; entityId: string | null; actorId: string | null; detail: Record<string, unknown> }[] };
	await api.dispose();
	return body.items;
}

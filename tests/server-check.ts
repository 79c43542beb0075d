/**
 * Looking at the server from a test, the way a second phone would: sign in to the API, register a
 * throwaway device, and read every page of GET /api/sync/pull. Used to prove what arrived, and how
 * many times, without trusting the app under test.
 */
import { expect, type APIRequestContext, type Page, type PlaywrightWorkerArgs } from '@playwright/test';
import { OrganisationPublicKeySchema, sealForOrg, SYNC_SCHEMA_VERSION, syncAad, type Me, type Mutation, type PushResponse } from '@polku/shared';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
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

/**
 * A throwaway device of `username` that records through sync like a phone: each mutation sealed to
 * the organisation's public key (associated data as the app makes it) and pushed in one batch, in
 * order. `me` tells the user's units. Dispose `api` when done.
 */
export async function deviceAs(
	playwright: Playwright,
	username: string,
	password: string
): Promise<{ api: APIRequestContext; me: Me; push: (mutations: Mutation[]) => Promise<PushResponse['results']> }> {
	const { api, token } = await apiAs(playwright, username, password);
	const me = (await (await api.get('/api/me')).json()) as Me;
	const key = OrganisationPublicKeySchema.parse(await (await api.get('/api/organisation/public-key')).json());
	const push = async (mutations: Mutation[]) => {
		const items = [];
		for (const mutation of mutations) {
			const mutationId = uuidv7();
			const aad = syncAad(me.organisation.id, mutationId, SYNC_SCHEMA_VERSION);
			const envelope = await sealForOrg(key.jwk, key.kid, new TextEncoder().encode(JSON.stringify(mutation)), aad);
			items.push({ mutationId, schemaVersion: SYNC_SCHEMA_VERSION, envelope });
		}
		const res = await api.post('/api/sync/push', { data: { items }, headers: { authorization: `Bearer ${token}` } });
		expect(res.status(), 'push').toBe(200);
		return ((await res.json()) as PushResponse).results;
	};
	return { api, me, push };
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

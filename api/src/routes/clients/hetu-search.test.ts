import { ClientHetuSearchResultSchema, HETU_MASK, ROLES, type Client, type PullResponse } from '@polku/shared';
import { and, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { hetuOf, newClient, pushOne, setOrgSettings } from '../../test/record-helpers';

/**
 * The henkilötunnus is never derivable on a device: what a device receives holds no part of the code
 * and nothing that can test a guess of it (a keyed digest plus its key gave the code back after about
 * a thousand guesses, with no audit row). Exact search by code is online, against the server's blind
 * index, audited. Real SQLite file, real sealing, real field encryption and blind index.
 */
let t: TestApp;
let coach: { id: string; token: string };
let worker: { id: string; token: string };
/** The worker's own client, in their outreach unit; no birth date is recorded. */
let reached: string;
/** A workshop client of the coach's that the worker does not reach. */
let other: string;
const HETU = hetuOf('170307', 'A', '947');
const OTHER_HETU = hetuOf('280899', '-', '412');
/** A valid code that nobody has: the same birth date and sign, another individual number. */
const WRONG_HETU = hetuOf('170307', 'A', '948');

beforeAll(async () => {
	t = await createTestApp();
	coach = await t.registerDevice('coach');
	worker = await t.registerDevice('outreach-worker');
	// This organisation records the code in outreach too, so the worker's own client can have one.
	setOrgSettings(t, { hetuUnitKinds: ['outreach', 'workshop'] });
	const a = newClient(t.unitIds[0] ?? '', { firstName: 'Hilla', lastName: 'Haettava', birthYear: null });
	const b = newClient(t.unitIds[1] ?? '', { firstName: 'Muu', lastName: 'Asiakas' });
	reached = a.id;
	other = b.id;
	for (const [device, client, hetu] of [
		[worker, a, HETU],
		[coach, b, OTHER_HETU]
	] as const) {
		expect(await pushOne(t, device.token, { kind: 'client.create', data: client })).toMatchObject({ status: 'applied' });
		expect(await pushOne(t, device.token, { kind: 'client.set-hetu', data: { clientId: client.id, hetu } })).toMatchObject({ status: 'applied' });
	}
});
afterAll(() => t.close());

/** Every string (keys too) in a JSON value, with where it was. */
function strings(value: unknown, path = '$'): { path: string; text: string }[] {
	if (typeof value === 'string') return [{ path, text: value }];
	if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
	if (value !== null && typeof value === 'object') {
		return Object.entries(value).flatMap(([k, v]) => [{ path: `${path}.${k}(key)`, text: k }, ...strings(v, `${path}.${k}`)]);
	}
	return [];
}

/**
 * Every page of the worker's first sync, as the raw JSON the device gets (not parsed: a schema
 * would drop a field it does not know, and such a field is exactly what this looks for).
 */
async function pullAll(token: string): Promise<unknown[]> {
	const pages: unknown[] = [];
	let since: string | undefined;
	for (;;) {
		const res = await t.request('GET', `/api/sync/pull${since === undefined ? '' : `?since=${since}`}`, {
			cookie: t.sessionCookie('outreach-worker'),
			headers: { authorization: `Bearer ${token}` }
		});
		expect(res.status).toBe(200);
		const page = (await res.json()) as PullResponse;
		pages.push(page);
		if (!page.more) return pages;
		since = page.cursor;
	}
}

const search = (role: (typeof ROLES)[number], hetu: unknown) =>
	t.request('POST', '/api/clients/search-by-hetu', { cookie: t.sessionCookie(role), json: { hetu } });

describe('what a device receives', () => {
	it('holds no part of a henkilötunnus and nothing that could test a guess of it', async () => {
		// Everything a device fetches when a worker signs in and syncs.
		const received: unknown[] = [...(await pullAll(worker.token))];
		for (const path of ['/api/me', '/api/organisation/public-key']) {
			const res = await t.request('GET', path, { cookie: t.sessionCookie('outreach-worker') });
			expect(res.status).toBe(200);
			received.push(await res.json());
		}
		const client = received
			.flatMap((p) => (p as Partial<PullResponse>).changes ?? [])
			.find((c) => c.entity === 'client' && c.id === reached)?.data as Client | undefined;
		expect(client?.firstName).toBe('Hilla');

		// The client says that it has a code, and nothing more: not even the birth date the record lacks.
		expect(client?.birthDate).toBeNull();
		expect(client?.hetuMasked).toBe(HETU_MASK);
		expect(Object.keys(client ?? {}).filter((k) => /hetu|tag|index|digest|hash|key/i.test(k))).toEqual(['hetuMasked']);

		const all = strings(received);
		const individualPart = HETU.slice(7); // the individual number and the check character
		const datePart = HETU.slice(0, 7); // the birth date and the century sign
		expect(all.filter((s) => s.text.toUpperCase().includes(HETU) || s.text.includes(individualPart) || s.text.includes(datePart))).toEqual([]);
		// No value of the client looks like a keyed digest (HMAC-SHA-256 as base64url or hex).
		const digestLike = /^(?:[A-Za-z0-9_-]{43}|[0-9a-f]{64})$/;
		expect(strings(client).filter((s) => digestLike.test(s.text))).toEqual([]);
	});

	it('there is no search key to fetch, for any role', async () => {
		for (const role of ROLES) {
			const res = await t.request('GET', '/api/sync/search-key', { cookie: t.sessionCookie(role) });
			expect(res.status, role).toBe(404);
		}
	});
});

describe('POST /api/clients/search-by-hetu', () => {
	const auditSince = () => t.org.db.select({ seq: auditLog.seq }).from(auditLog).all().reduce((max, r) => Math.max(max, r.seq), 0);
	const auditAfter = (seq: number) => t.org.db.select().from(auditLog).where(gt(auditLog.seq, seq)).all();

	it('finds the client by its code (typed loosely), answers no-store, and audits which client was found', async () => {
		const before = auditSince();
		const res = await search('outreach-worker', ` ${HETU.toLowerCase()} `);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		const body = ClientHetuSearchResultSchema.parse(await res.json());
		expect(body.clients.map((c) => [c.id, c.hetuMasked])).toEqual([[reached, HETU_MASK]]);
		expect(JSON.stringify(body)).not.toContain(HETU);

		const rows = auditAfter(before);
		expect(rows.map((r) => [r.action, r.entity, r.entityId, r.actorId])).toEqual([
			['client.hetu-search', 'client', reached, t.userId('outreach-worker')],
			['client.read', 'client', reached, t.userId('outreach-worker')]
		]);
		expect(rows[0]?.detail).toEqual({ found: 1 });
		expect(rows[1]?.detail).toEqual({ via: 'hetu-search' });
	});

	it('finds nobody by a wrong code, nor a client outside the caller scope, and names no client then', async () => {
		for (const hetu of [WRONG_HETU, OTHER_HETU]) {
			const before = auditSince();
			const res = await search('outreach-worker', hetu);
			expect(res.status).toBe(200);
			expect(ClientHetuSearchResultSchema.parse(await res.json()).clients).toEqual([]);
			const rows = auditAfter(before);
			expect(rows.map((r) => [r.action, r.entityId, r.detail])).toEqual([['client.hetu-search', null, { found: 0 }]]);
		}
		// The coach reaches the other client: the same code finds it for them.
		const res = await search('coach', OTHER_HETU);
		expect(ClientHetuSearchResultSchema.parse(await res.json()).clients.map((c) => c.id)).toEqual([other]);
	});

	it('refuses an invalid code naming the field and the reason only, and roles without client read', async () => {
		const bad = `${HETU.slice(0, 10)}${HETU.endsWith('A') ? 'B' : 'A'}`;
		const before = auditSince();
		const res = await search('outreach-worker', bad);
		expect(res.status).toBe(422);
		const text = await res.text();
		expect(JSON.parse(text)).toMatchObject({ code: 'validation-failed', errors: [{ field: 'hetu', code: 'hetu-checksum' }] });
		expect(text).not.toContain(bad);
		expect(auditAfter(before)).toEqual([]);
		expect((await search('admin', HETU)).status).toBe(403);
		expect((await t.request('POST', '/api/clients/search-by-hetu', { json: { hetu: HETU } })).status).toBe(401);
	});

	it('never writes the code into the audit trail or the log', async () => {
		const trail = JSON.stringify(t.org.db.select().from(auditLog).where(and(eq(auditLog.action, 'client.hetu-search'))).all());
		expect(trail).toContain('client.hetu-search');
		for (const code of [HETU, WRONG_HETU, OTHER_HETU]) {
			expect(trail.toUpperCase()).not.toContain(code);
			expect(t.logs().toUpperCase()).not.toContain(code);
		}
	});
});

import { type Mutation, type SyncChange } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, clients } from '../../db/schema';
import { nextChangeSeq } from '../../services/sync-records.service';
import { createTestApp, type TestApp } from '../../test/create-test-app';

let t: TestApp;
let worker: { id: string; token: string };
let encounterIds: string[];

beforeAll(async () => {
	t = await createTestApp();
	worker = await t.registerDevice('outreach-worker');
	encounterIds = [];
	const items = [];
	for (let i = 0; i < 4; i++) {
		const id = randomUUID();
		encounterIds.push(id);
		const m: Mutation = {
			kind: 'encounter.create',
			data: {
				id,
				unitId: t.unitIds[0] ?? '',
				occurredAt: '2026-03-02T07:00:00.000Z',
				channel: 'school',
				clientId: t.clientIds[i] ?? null,
				anonymousContactId: null,
				topics: [],
				actions: ['information'],
				durationMinutes: null,
				note: `muistiinpano ${i}`,
				followUpDate: null
			}
		};
		items.push(await t.sealMutation(m));
	}
	const res = await t.push(worker.token, items);
	expect(res.results.every((r) => r.status === 'applied')).toBe(true);
});
afterAll(() => t.close());

/** The fixture's outreach clients (the worker's unit); 8 and 9 are the workshop's. */
const outreachClients = () => t.clientIds.slice(0, 8);
const ids = (changes: SyncChange[], entity: SyncChange['entity']) => changes.filter((c) => c.entity === entity).map((c) => c.id);

describe('get /api/sync/pull', () => {
	it("gives a worker their unit's clients and encounters, notes decrypted", async () => {
		const page = await t.pull('outreach-worker', worker.token);
		expect(page.more).toBe(false);
		expect(page.device).toEqual({ status: 'active', wipe: false });
		expect(ids(page.changes, 'client').sort()).toEqual(outreachClients().sort());
		expect(ids(page.changes, 'encounter')).toEqual(encounterIds);
		const first = page.changes.find((c) => c.id === encounterIds[0]);
		expect(first?.data).toMatchObject({ note: 'muistiinpano 0', channel: 'school', createdBy: t.userId('outreach-worker') });
		// Nothing new since the cursor.
		const again = await t.pull('outreach-worker', worker.token, { since: page.cursor });
		expect(again).toMatchObject({ changes: [], cursor: page.cursor, more: false });
	});

	it('gives a coach no outreach encounters or clients, and an unassigned supervisor no clients', async () => {
		const coach = await t.registerDevice('coach');
		const forCoach = await t.pull('coach', coach.token);
		// Only the workshop's clients and their records, nothing of the outreach unit.
		expect(ids(forCoach.changes, 'client').sort()).toEqual(t.clientIds.slice(8).sort());
		expect(ids(forCoach.changes, 'encounter')).toEqual([]);
		expect(forCoach.changes.every((c) => c.entity !== 'anonymous-contact')).toBe(true);
		const supervisor = await t.registerDevice('supervisor');
		const forSupervisor = await t.pull('supervisor', supervisor.token);
		expect(forSupervisor.changes).toEqual([]);
		// The cursor still moves to the head, so the next pull does not scan the same rows again.
		expect(Number(forSupervisor.cursor)).toBeGreaterThan(0);
	});

	it('pages in change order with a cursor and `more`', async () => {
		const seen: SyncChange[] = [];
		let cursor: string | undefined;
		let pages = 0;
		for (;;) {
			const page = await t.pull('outreach-worker', worker.token, { ...(cursor ? { since: cursor } : {}), limit: 3 });
			pages++;
			expect(page.changes.length).toBeLessThanOrEqual(3);
			seen.push(...page.changes);
			if (cursor) expect(Number(page.cursor)).toBeGreaterThanOrEqual(Number(cursor));
			cursor = page.cursor;
			if (!page.more) break;
			expect(page.changes).toHaveLength(3);
		}
		expect(pages).toBe(4); // 8 clients + 4 encounters = 12 → 3+3+3+3, the last page says no more
		expect(seen.map((c) => c.id)).toEqual([...outreachClients(), ...encounterIds]);
		expect(new Set(seen.map((c) => c.id)).size).toBe(12);
	});

	it('sends a deleted client as a tombstone without content', async () => {
		const first = await t.pull('outreach-worker', worker.token);
		const id = t.clientIds[7] ?? '';
		t.org.write((tx) =>
			tx
				.update(clients)
				.set({ deletedAt: t.now().toISOString(), updatedAt: t.now().toISOString(), version: 2, changeSeq: nextChangeSeq(tx) })
				.where(eq(clients.id, id))
				.run()
		);
		const page = await t.pull('outreach-worker', worker.token, { since: first.cursor });
		expect(page.changes).toEqual([{ entity: 'client', id, version: 2, updatedAt: t.now().toISOString(), deletedAt: t.now().toISOString(), data: null }]);
	});

	it('audits each page with counts only', async () => {
		await t.pull('outreach-worker', worker.token, { limit: 2 });
		const rows = t.org.db.select().from(auditLog).where(eq(auditLog.action, 'sync.pull')).all();
		const last = rows[rows.length - 1];
		expect(last).toMatchObject({ actorId: t.userId('outreach-worker'), entity: 'device', entityId: worker.id });
		expect(last?.detail).toMatchObject({ count: 2, more: true, counts: { client: 2 } });
		expect(JSON.stringify(rows)).not.toContain('muistiinpano');
	});

	it('needs the session and a device token of the same user', async () => {
		const cookie = t.sessionCookie('outreach-worker');
		const noToken = await t.request('GET', '/api/sync/pull', { cookie });
		expect(noToken.status).toBe(401);
		expect(((await noToken.json()) as { code: string }).code).toBe('device-unknown');
		const noSession = await t.request('GET', '/api/sync/pull', { headers: { authorization: `Bearer ${worker.token}` } });
		expect(noSession.status).toBe(401);
		const coach = await t.registerDevice('coach');
		const foreign = await t.request('GET', '/api/sync/pull', { cookie, headers: { authorization: `Bearer ${coach.token}` } });
		expect(foreign.status).toBe(403);
		const badCursor = await t.request('GET', '/api/sync/pull?since=abc', { cookie, headers: { authorization: `Bearer ${worker.token}` } });
		expect(badCursor.status).toBe(422);
	});
});

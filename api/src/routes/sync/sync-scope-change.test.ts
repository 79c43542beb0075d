import type { PullResponse, PushResult, SyncChange } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientWorkers } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { newClient, pushOne } from '../../test/record-helpers';

/**
 * A change of who reaches a client (its responsible workers, by an update, a merge that fills them
 * or its undo) re-sends the client's older records: a newly assigned worker's next incremental pull,
 * from the cursor they already hold, brings the client, everything recorded on it and the special
 * categories that being responsible opens. Only a worker of the client's unit can be named
 * (client-workers.ts), so the outreach worker is attached to the workshop unit too.
 */
let t: TestApp;
let coach: { id: string; token: string };
let worker: { id: string; token: string };
let workshop: string;

beforeAll(async () => {
	t = await createTestApp();
	coach = await t.registerDevice('coach');
	worker = await t.registerDevice('outreach-worker');
	workshop = t.unitIds[1] ?? '';
	const attach = await t.request('PATCH', `/api/users/${t.userId('outreach-worker')}`, { cookie: t.sessionCookie('admin'), json: { unitIds: [t.unitIds[0], workshop] } });
	expect(attach.status).toBe(200);
});
afterAll(() => t.close());

const applied = (r: PushResult) => expect(r.status, JSON.stringify(r)).toBe('applied');

/** Every page from `since` to the head, as the outreach worker's device; the changes and the last cursor. */
async function pullToHead(since?: string): Promise<{ changes: SyncChange[]; cursor: string }> {
	const changes: SyncChange[] = [];
	let cursor = since;
	let page: PullResponse;
	do {
		page = await t.pull('outreach-worker', worker.token, { ...(cursor !== undefined ? { since: cursor } : {}), limit: 50 });
		changes.push(...page.changes);
		cursor = page.cursor;
	} while (page.more);
	return { changes, cursor: page.cursor };
}

const ofClient = (changes: SyncChange[], clientId: string) =>
	changes.filter((c) => c.id === clientId || (c.data as { clientId?: string } | null)?.clientId === clientId).map((c) => `${c.entity}:${c.id}`);

/** A workshop client the coach made, with a consent, a service, a memo and special categories. */
async function recordedClient(over: Parameters<typeof newClient>[1] = {}) {
	const c = newClient(workshop, over);
	applied(await pushOne(t, coach.token, { kind: 'client.create', data: c }));
	const consent = randomUUID();
	const service = randomUUID();
	const memo = randomUUID();
	applied(
		await pushOne(t, coach.token, {
			kind: 'consent.create',
			data: { id: consent, clientId: c.id, purpose: 'processing', recipient: null, channel: null, textVersion: '1', method: 'oral', attachmentId: null, givenAt: '2026-02-01T10:00:00.000Z' }
		})
	);
	applied(await pushOne(t, coach.token, { kind: 'service.create', data: { id: service, clientId: c.id, type: 'workshop', status: 'active', startDate: '2026-02-01', endDate: null } }));
	applied(await pushOne(t, coach.token, { kind: 'memo.create', data: { id: memo, clientId: c.id, date: '2026-02-02', text: 'Sovittu' } }));
	applied(await pushOne(t, coach.token, { kind: 'client-sensitive.update', data: { id: c.id, baseVersion: 0, changes: { health: { from: null, to: 'Astma' } } } }));
	return { client: c, consent, service, memo };
}

describe('a newly responsible worker', () => {
	it('gets the client and its older records in the next incremental pull after being assigned', async () => {
		const { client, consent, service, memo } = await recordedClient();
		const head = await pullToHead();
		// A worker of the unit reads the client, not its special categories.
		expect(ofClient(head.changes, client.id)).toContain(`client:${client.id}`);
		expect(head.changes.find((c) => c.entity === 'client-sensitive' && c.id === client.id)?.data ?? null).toBeNull();

		applied(
			await pushOne(t, coach.token, {
				kind: 'client.update',
				data: { id: client.id, baseVersion: 1, changes: { responsibleWorkerIds: { from: [], to: [t.userId('outreach-worker')] } } }
			})
		);
		const next = await pullToHead(head.cursor);
		expect(next.changes.find((c) => c.entity === 'client' && c.id === client.id)).toMatchObject({ version: 2, data: { responsibleWorkerIds: [t.userId('outreach-worker')] } });
		// Re-sent, not changed: the same version as before.
		expect(next.changes.find((c) => c.id === consent)).toMatchObject({ entity: 'consent', version: 1, data: { clientId: client.id } });
		expect(next.changes.find((c) => c.id === service)).toMatchObject({ entity: 'service', version: 1 });
		expect(next.changes.find((c) => c.id === memo)).toMatchObject({ entity: 'memo', data: { text: 'Sovittu' } });
		// Responsible: the outreach worker's `own` reach of special categories covers it.
		expect(next.changes.find((c) => c.entity === 'client-sensitive' && c.id === client.id)).toMatchObject({ data: { health: 'Astma' } });
		// The client comes before its records.
		const order = next.changes.map((c) => c.id);
		expect(order.indexOf(client.id)).toBeLessThan(order.indexOf(consent));

		// Nothing changed since: the next pull is empty of this client.
		expect(ofClient((await pullToHead(next.cursor)).changes, client.id)).toEqual([]);
	});

	it('gets the target of a merge that made them responsible, with the target\'s older records; the undo restores the source\'s', async () => {
		const { client: target, service: targetService } = await recordedClient();
		const source = newClient(workshop, { firstName: 'Toinen', responsibleWorkerIds: [t.userId('outreach-worker')] });
		applied(await pushOne(t, coach.token, { kind: 'client.create', data: source }));
		const sourceService = randomUUID();
		applied(await pushOne(t, coach.token, { kind: 'service.create', data: { id: sourceService, clientId: source.id, type: 'individual-guidance', status: 'active', startDate: '2026-02-01', endDate: null } }));
		const head = await pullToHead();
		expect(head.changes.find((c) => c.entity === 'client-sensitive' && c.id === target.id)?.data ?? null).toBeNull();
		expect(ofClient(head.changes, source.id)).toContain(`service:${sourceService}`);

		const mergeId = randomUUID();
		applied(await pushOne(t, coach.token, { kind: 'client.merge', data: { id: mergeId, targetId: target.id, source: { entity: 'client', id: source.id } } }));
		// The target took the source's responsible worker, in client_workers too.
		const workers = (id: string) => t.org.db.select().from(clientWorkers).where(eq(clientWorkers.clientId, id)).all().map((w) => w.userId);
		expect(workers(target.id)).toEqual([t.userId('outreach-worker')]);
		const afterMerge = await pullToHead(head.cursor);
		expect(afterMerge.changes.find((c) => c.entity === 'client' && c.id === target.id)).toMatchObject({ data: { responsibleWorkerIds: [t.userId('outreach-worker')] } });
		expect(afterMerge.changes.find((c) => c.id === targetService)).toMatchObject({ entity: 'service', version: 1, data: { clientId: target.id } });
		expect(afterMerge.changes.find((c) => c.id === sourceService)).toMatchObject({ data: { clientId: target.id } });
		expect(afterMerge.changes.find((c) => c.id === mergeId)).toMatchObject({ entity: 'client-merge' });
		expect(afterMerge.changes.find((c) => c.entity === 'client' && c.id === source.id)).toMatchObject({ data: null });
		expect(afterMerge.changes.find((c) => c.entity === 'client-sensitive' && c.id === target.id)).toMatchObject({ data: { health: 'Astma' } });

		applied(await pushOne(t, coach.token, { kind: 'client.unmerge', data: { id: mergeId } }));
		expect(workers(target.id)).toEqual([]);
		const afterUndo = await pullToHead(afterMerge.cursor);
		expect(afterUndo.changes.find((c) => c.entity === 'client' && c.id === source.id)).toMatchObject({ data: { firstName: 'Toinen' } });
		expect(afterUndo.changes.find((c) => c.id === sourceService)).toMatchObject({ data: { clientId: source.id } });
		// The worker is no longer responsible for the target: its special categories are not sent again.
		expect(afterUndo.changes.some((c) => c.entity === 'client-sensitive' && c.id === target.id && c.data !== null)).toBe(false);
	});
});

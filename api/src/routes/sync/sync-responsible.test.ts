import { ClientHistorySchema, type Mutation, type PushResult, type Role, type SyncChange } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientMerges, clients, clientSensitive, clientWorkers, fieldHistory, syncConflicts } from '../../db/schema';
import { createSession, sessionCookieValue, SESSION_COOKIE } from '../../services/session.service';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { newClient, pushOne } from '../../test/record-helpers';

/**
 * Responsibility for a client is handed over, never taken (shared client-workers.ts): only a current
 * responsible worker, or the creator while nobody active is, changes the list, and only active
 * outreach workers and coaches of the client's unit are named. Being responsible opens the special
 * categories, so these tests check that reach too. Merging and unmerging two clients need the special
 * categories of both. Real SQLite file, real sealing and field encryption.
 */
let t: TestApp;
let outreach: string;
let workshop: string;
/** The fixture's outreach worker (unit 0). */
let worker: Person;
/** A second outreach worker of unit 0: a colleague who reaches the unit's clients, not their special categories. */
let colleague: Person;
/** A third outreach worker of unit 0, deactivated in one test. */
let leaver: Person;
/** An admin-only account attached to unit 0. */
let unitAdmin: string;

type Person = { userId: string; cookie: string; token: string };

async function addUser(username: string, roles: Role[], unitIds: string[]): Promise<string> {
	const res = await t.request('POST', '/api/users', {
		cookie: t.sessionCookie('admin'),
		json: { username, displayName: username, password: 'a long enough password 42', roles, unitIds, locale: 'fi' }
	});
	expect(res.status).toBe(201);
	return ((await res.json()) as { id: string }).id;
}

async function personOf(userId: string, role: Role): Promise<Person> {
	const { token } = t.org.write((tx) => createSession(tx, userId, t.now(), 12));
	const cookie = `${SESSION_COOKIE}=${sessionCookieValue(t.org.id, token)}`;
	const device = await t.registerDevice(role, { cookie });
	return { userId, cookie, token: device.token };
}

beforeAll(async () => {
	t = await createTestApp();
	outreach = t.unitIds[0] ?? '';
	workshop = t.unitIds[1] ?? '';
	worker = await personOf(t.userId('outreach-worker'), 'outreach-worker');
	colleague = await personOf(await addUser('colleague', ['outreach-worker'], [outreach]), 'outreach-worker');
	leaver = await personOf(await addUser('leaver', ['outreach-worker'], [outreach]), 'outreach-worker');
	unitAdmin = await addUser('unit-admin', ['admin'], [outreach]);
});
afterAll(() => t.close());

const applied = (r: PushResult) => expect(r.status, JSON.stringify(r)).toBe('applied');
const problemOf = (r: PushResult) => {
	expect(r.status, JSON.stringify(r)).toBe('rejected');
	if (r.status !== 'rejected') throw new Error('not rejected');
	return r.problem;
};
const workersOf = (id: string) =>
	t.org.db
		.select()
		.from(clientWorkers)
		.where(eq(clientWorkers.clientId, id))
		.all()
		.map((w) => w.userId)
		.sort();
const setWorkers = (id: string, baseVersion: number, from: string[], to: string[], more: Record<string, { from: unknown; to: unknown }> = {}): Mutation =>
	({ kind: 'client.update', data: { id, baseVersion, changes: { responsibleWorkerIds: { from, to }, ...more } } }) as Mutation;

/** A client of the outreach unit made by `by`, naming `named`, with health data recorded by its creator. */
async function clientOf(by: Person, named: string[] = [], health = 'Astma'): Promise<string> {
	const c = newClient(outreach, { responsibleWorkerIds: named });
	applied(await pushOne(t, by.token, { kind: 'client.create', data: c }));
	applied(await pushOne(t, by.token, { kind: 'client-sensitive.update', data: { id: c.id, baseVersion: 0, changes: { health: { from: null, to: health } } } }));
	return c.id;
}

async function pull(p: Person): Promise<SyncChange[]> {
	const res = await t.request('GET', '/api/sync/pull?limit=1000', { cookie: p.cookie, headers: { authorization: `Bearer ${p.token}` } });
	expect(res.status).toBe(200);
	return ((await res.json()) as { changes: SyncChange[] }).changes;
}
/** The special categories `p` receives for the client (null: withheld or not sent). */
const healthSeenBy = async (p: Person, clientId: string) =>
	((await pull(p)).find((c) => c.entity === 'client-sensitive' && c.id === clientId)?.data as { health?: string } | null | undefined)?.health ?? null;

describe('naming responsible workers', () => {
	it('refuses a worker of the unit who adds themselves to a colleague\'s client; they still do not read its special categories', async () => {
		const id = await clientOf(worker);
		const self = await pushOne(t, colleague.token, setWorkers(id, 2, [], [colleague.userId], { phone: { from: null, to: '040 1234567' } }));
		expect(problemOf(self)).toMatchObject({ status: 403, code: 'forbidden', errors: [expect.objectContaining({ field: 'data.changes.responsibleWorkerIds' })] });
		// The whole item is refused: the phone in the same edit is not applied either.
		expect(t.org.db.select().from(clients).where(eq(clients.id, id)).get()).toMatchObject({ phone: null, version: 1 });
		expect(workersOf(id)).toEqual([]);
		expect(await healthSeenBy(colleague, id)).toBeNull();
		// Nor through a stale base that would only have made a conflict to keep later.
		const stale = await pushOne(t, colleague.token, setWorkers(id, 1, [worker.userId], [colleague.userId]));
		expect(problemOf(stale).status).toBe(403);
		expect(t.org.db.select().from(syncConflicts).where(eq(syncConflicts.entityId, id)).all()).toEqual([]);
		// The colleague still edits the rest of the client (unit scope).
		applied(await pushOne(t, colleague.token, { kind: 'client.update', data: { id, baseVersion: 1, changes: { phone: { from: null, to: '040 1234567' } } } }));
	});

	it('refuses naming a coach of another unit, an admin-only or a supervisor-only account, on create and on update', async () => {
		for (const named of [t.userId('coach'), unitAdmin, t.userId('supervisor')]) {
			const c = newClient(outreach, { responsibleWorkerIds: [named] });
			const created = await pushOne(t, worker.token, { kind: 'client.create', data: c });
			expect(problemOf(created)).toMatchObject({ status: 422, errors: [expect.objectContaining({ field: 'data.responsibleWorkerIds', code: 'not-eligible' })] });
			expect(t.org.db.select().from(clients).where(eq(clients.id, c.id)).get()).toBeUndefined();
		}
		const id = await clientOf(worker, [worker.userId]);
		for (const named of [t.userId('coach'), unitAdmin, t.userId('supervisor')]) {
			const r = await pushOne(t, worker.token, setWorkers(id, 1, [worker.userId], [worker.userId, named]));
			expect(problemOf(r)).toMatchObject({ status: 422, errors: [expect.objectContaining({ field: 'data.changes.responsibleWorkerIds', code: 'not-eligible' })] });
		}
		expect(workersOf(id)).toEqual([worker.userId]);
		// The coach of the workshop does not see the outreach client's special categories.
		const coach = await t.registerDevice('coach');
		expect((await t.pull('coach', coach.token)).changes.some((c) => c.entity === 'client-sensitive' && c.id === id && c.data !== null)).toBe(false);
		// A client of the workshop may name its coach (the coach creates it there).
		applied(await pushOne(t, coach.token, { kind: 'client.create', data: newClient(workshop, { responsibleWorkerIds: [t.userId('coach')] }) }));
	});

	it('accepts a responsible worker naming a colleague of the unit, in the field history; the colleague then reads the special categories', async () => {
		const id = await clientOf(worker, [worker.userId], 'Diabetes');
		expect(await healthSeenBy(colleague, id)).toBeNull();
		applied(await pushOne(t, worker.token, setWorkers(id, 1, [worker.userId], [worker.userId, colleague.userId])));
		expect(workersOf(id)).toEqual([worker.userId, colleague.userId].sort());
		const row = t.org.db.select().from(fieldHistory).where(eq(fieldHistory.clientId, id)).all().find((h) => h.field === 'responsibleWorkerIds');
		expect(row).toMatchObject({ entity: 'client', actorId: worker.userId, protection: 'plain' });
		expect(JSON.parse(row?.fromValue ?? 'null')).toEqual([worker.userId]);
		expect(JSON.parse(row?.toValue ?? 'null')).toEqual([worker.userId, colleague.userId]);
		const res = await t.request('GET', `/api/clients/${id}/history`, { cookie: colleague.cookie });
		expect(res.status).toBe(200);
		expect(ClientHistorySchema.parse(await res.json()).changes).toContainEqual(
			expect.objectContaining({ field: 'responsibleWorkerIds', actorId: worker.userId, from: [worker.userId], to: [worker.userId, colleague.userId], hidden: false })
		);
		expect(await healthSeenBy(colleague, id)).toBe('Diabetes');
		// Now responsible, the colleague may hand on in turn, and take the first worker off.
		applied(await pushOne(t, colleague.token, setWorkers(id, 2, [worker.userId, colleague.userId], [colleague.userId])));
		expect(workersOf(id)).toEqual([colleague.userId]);
	});

	it('lets the creator hand the client on only while no named worker is active', async () => {
		const id = await clientOf(worker, [leaver.userId]);
		const early = await pushOne(t, worker.token, setWorkers(id, 1, [leaver.userId], [leaver.userId, colleague.userId]));
		expect(problemOf(early).status).toBe(403);
		const off = await t.request('PATCH', `/api/users/${leaver.userId}`, { cookie: t.sessionCookie('admin'), json: { active: false } });
		expect(off.status).toBe(200);
		// The departed worker may stay on the list unchecked; whoever is added is checked.
		applied(await pushOne(t, worker.token, setWorkers(id, 1, [leaver.userId], [leaver.userId, colleague.userId])));
		expect(workersOf(id)).toEqual([leaver.userId, colleague.userId].sort());
		// A departed worker is never added again.
		const again = await clientOf(worker);
		const r = await pushOne(t, worker.token, setWorkers(again, 1, [], [leaver.userId]));
		expect(problemOf(r)).toMatchObject({ status: 422, errors: [expect.objectContaining({ code: 'not-eligible' })] });
	});

	it('re-checks a conflicting change when its author keeps theirs', async () => {
		const third = await addUser('third', ['outreach-worker'], [outreach]);
		const id = await clientOf(worker, [worker.userId]);
		applied(await pushOne(t, worker.token, setWorkers(id, 1, [worker.userId], [worker.userId, colleague.userId])));
		// A second edit from the old base conflicts (the server keeps its list) and is stored for its author.
		const second = await pushOne(t, worker.token, setWorkers(id, 1, [worker.userId], [worker.userId, third]));
		expect(second).toMatchObject({ status: 'conflict', reason: 'field-conflict' });
		const conflict = t.org.db.select().from(syncConflicts).where(eq(syncConflicts.entityId, id)).get();
		expect(conflict?.field).toBe('responsibleWorkerIds');
		// Meanwhile the colleague, now responsible, takes the worker off.
		applied(await pushOne(t, colleague.token, setWorkers(id, 2, [worker.userId, colleague.userId], [colleague.userId])));
		// Keeping their own value would put the worker back, which they may no longer do.
		const keep = await pushOne(t, worker.token, { kind: 'conflict.resolve', data: { id: conflict?.id, keep: 'mine' } });
		expect(problemOf(keep)).toMatchObject({ status: 403, errors: [expect.objectContaining({ field: 'data.keep' })] });
		expect(workersOf(id)).toEqual([colleague.userId]);
	});
});

describe('merging two clients needs the special categories of both', () => {
	it('refuses merging a colleague\'s client into one\'s own (and the other way) with 403, moving nothing', async () => {
		const theirs = await clientOf(colleague, [], 'Päihdekuntoutus');
		const mine = await clientOf(worker);
		const sensitiveOf = (id: string) => t.org.db.select().from(clientSensitive).where(eq(clientSensitive.id, id)).get();
		const before = sensitiveOf(theirs);
		const into = await pushOne(t, worker.token, { kind: 'client.merge', data: { id: randomUUID(), targetId: mine, source: { entity: 'client', id: theirs } } });
		expect(problemOf(into)).toMatchObject({ status: 403, code: 'forbidden', errors: [expect.objectContaining({ field: 'data.source.id' })] });
		const onto = await pushOne(t, worker.token, { kind: 'client.merge', data: { id: randomUUID(), targetId: theirs, source: { entity: 'client', id: mine } } });
		expect(problemOf(onto)).toMatchObject({ status: 403, errors: [expect.objectContaining({ field: 'data.targetId' })] });
		expect(t.org.db.select().from(clients).where(eq(clients.id, theirs)).get()).toMatchObject({ deletedAt: null, mergedInto: null });
		expect(sensitiveOf(theirs)).toEqual(before);
		expect(t.org.keyring.decryptField(sensitiveOf(mine)?.health ?? '', `client-sensitive.health:${mine}`)).toBe('Astma');
		expect(t.org.db.select().from(clientMerges).all().filter((m) => m.targetId === mine || m.targetId === theirs)).toEqual([]);
		expect(await healthSeenBy(worker, theirs)).toBeNull();
	});

	it('refuses an undo by a colleague who does not reach both, and lets the merger undo', async () => {
		const target = await clientOf(worker);
		const source = await clientOf(worker, [], 'Migreeni');
		const mergeId = randomUUID();
		applied(await pushOne(t, worker.token, { kind: 'client.merge', data: { id: mergeId, targetId: target, source: { entity: 'client', id: source } } }));
		const undo = await pushOne(t, colleague.token, { kind: 'client.unmerge', data: { id: mergeId } });
		expect(problemOf(undo)).toMatchObject({ status: 403, errors: [expect.objectContaining({ field: 'data.id' })] });
		expect(t.org.db.select().from(clientMerges).where(eq(clientMerges.id, mergeId)).get()?.undoneAt).toBeNull();
		applied(await pushOne(t, worker.token, { kind: 'client.unmerge', data: { id: mergeId } }));
	});

	it('does not fill the target\'s responsible workers with someone who may no longer be named', async () => {
		const departing = await addUser('departing', ['outreach-worker'], [outreach]);
		const target = await clientOf(worker);
		const source = await clientOf(worker, [departing]);
		const off = await t.request('PATCH', `/api/users/${departing}`, { cookie: t.sessionCookie('admin'), json: { active: false } });
		expect(off.status).toBe(200);
		const mergeId = randomUUID();
		applied(await pushOne(t, worker.token, { kind: 'client.merge', data: { id: mergeId, targetId: target, source: { entity: 'client', id: source } } }));
		expect(workersOf(target)).toEqual([]);
		expect(t.org.db.select().from(clientMerges).where(eq(clientMerges.id, mergeId)).get()?.filledFields).not.toContain('responsibleWorkerIds');
	});
});

import { ClientInputSchema, type Mutation, type PushResult } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, syncConflicts } from '../../db/schema';
import { createSession, sessionCookieValue, SESSION_COOKIE } from '../../services/session.service';
import { createTestApp, type TestApp } from '../../test/create-test-app';

/**
 * Field merge of a shared client record between two workers of the same unit (worker and worker2),
 * each with a device: DESIGN.md "Sync rules" — no edit silently lost.
 */
let t: TestApp;
let a: { id: string; token: string };
let b: { id: string; token: string };
let cookieB: string;
let workerB: string;

beforeAll(async () => {
	t = await createTestApp();
	const res = await t.request('POST', '/api/users', {
		cookie: t.sessionCookie('admin'),
		json: {
			username: 'worker2',
			displayName: 'Toinen Etsivä',
			password: 'another long password 42',
			roles: ['outreach-worker'],
			unitIds: [t.unitIds[0]],
			locale: 'fi'
		}
	});
	expect(res.status).toBe(201);
	workerB = ((await res.json()) as { id: string }).id;
	const { token } = t.org.write((tx) => createSession(tx, workerB, t.now(), 12));
	cookieB = `${SESSION_COOKIE}=${sessionCookieValue(t.org.id, token)}`;
	a = await t.registerDevice('outreach-worker');
	b = await t.registerDevice('outreach-worker', { cookie: cookieB });
});
afterAll(() => t.close());

function update(id: string, baseVersion: number, changes: Record<string, { from: unknown; to: unknown }>): Mutation {
	return { kind: 'client.update', data: { id, baseVersion, changes } } as Mutation;
}

const clientRow = (id: string) => t.org.db.select().from(clients).where(eq(clients.id, id)).get();

async function pushOne(token: string, m: Mutation): Promise<PushResult> {
	const res = await t.push(token, [await t.sealMutation(m)]);
	const [r] = res.results;
	if (!r) throw new Error('no result');
	return r;
}

async function pullAs(cookie: string, token: string) {
	const res = await t.request('GET', '/api/sync/pull', { cookie, headers: { authorization: `Bearer ${token}` } });
	expect(res.status).toBe(200);
	return (await res.json()) as { changes: { entity: string; id: string; data: Record<string, unknown> | null }[] };
}

describe('client.update field merge', () => {
	it('applies edits of different fields from both devices', async () => {
		const id = t.clientIds[1] ?? '';
		const before = clientRow(id);
		expect(before?.version).toBe(1);
		const r1 = await pushOne(a.token, update(id, 1, { nickname: { from: before?.nickname, to: 'Leevi' } }));
		expect(r1).toMatchObject({ status: 'applied', entity: 'client', id, version: 2 });
		const r2 = await pushOne(b.token, update(id, 1, { municipality: { from: before?.municipality, to: '049' } }));
		expect(r2).toMatchObject({ status: 'applied', version: 3 });
		expect(clientRow(id)).toMatchObject({ nickname: 'Leevi', municipality: '049', version: 3 });
	});

	it('keeps the server value of a field both changed, stores the conflict, and shows it to its author only', async () => {
		const id = t.clientIds[2] ?? '';
		const base = clientRow(id)?.birthYear;
		expect((await pushOne(a.token, update(id, 1, { birthYear: { from: base, to: 2008 } }))).status).toBe('applied');
		const r = await pushOne(b.token, update(id, 1, { birthYear: { from: base, to: 2009 }, gender: { from: 'male', to: 'other' } }));
		expect(r.status).toBe('conflict');
		if (r.status !== 'conflict') return;
		expect(r.reason).toBe('field-conflict');
		expect(r.server).toMatchObject({ entity: 'client', id, version: 3, data: { birthYear: 2008, gender: 'other' } });
		expect(r.conflicts).toEqual([
			expect.objectContaining({ entity: 'client', entityId: id, field: 'birthYear', base, mine: 2009, server: 2008, authorId: workerB, resolvedAt: null })
		]);
		expect(clientRow(id)).toMatchObject({ birthYear: 2008, gender: 'other' });

		const conflictId = r.conflicts[0]?.id ?? '';
		const forB = await pullAs(cookieB, b.token);
		expect(forB.changes.filter((c) => c.entity === 'conflict').map((c) => c.id)).toEqual([conflictId]);
		const forA = await pullAs(t.sessionCookie('outreach-worker'), a.token);
		expect(forA.changes.filter((c) => c.entity === 'conflict')).toEqual([]);

		// Only the author resolves it.
		const byA = await pushOne(a.token, { kind: 'conflict.resolve', data: { id: conflictId, keep: 'mine' } });
		expect(byA).toMatchObject({ status: 'rejected', problem: { code: 'forbidden' } });

		const resolve = await t.sealMutation({ kind: 'conflict.resolve', data: { id: conflictId, keep: 'mine' } });
		const resolved = await t.push(b.token, [resolve]);
		expect(resolved.results[0]).toMatchObject({ status: 'applied', entity: 'conflict', id: conflictId, version: 2 });
		expect(clientRow(id)).toMatchObject({ birthYear: 2009, version: 4 });
		expect(t.org.db.select().from(syncConflicts).where(eq(syncConflicts.id, conflictId)).get()).toMatchObject({ resolution: 'mine' });
		expect((await t.push(b.token, [resolve])).results[0]?.status).toBe('duplicate');
		// Resolving again under a new mutation id is a no-op too.
		expect((await pushOne(b.token, { kind: 'conflict.resolve', data: { id: conflictId, keep: 'server' } })).status).toBe('duplicate');

		const pulled = await pullAs(cookieB, b.token);
		const change = pulled.changes.find((c) => c.id === conflictId);
		expect(change?.data).toMatchObject({ resolution: 'mine', resolvedAt: expect.any(String) });
	});

	it('keep server marks the conflict resolved and leaves the record alone', async () => {
		const id = t.clientIds[3] ?? '';
		const base = clientRow(id)?.nickname;
		await pushOne(a.token, update(id, 1, { nickname: { from: base, to: 'Helmi-A' } }));
		const r = await pushOne(b.token, update(id, 1, { nickname: { from: base, to: 'Helmi-B' } }));
		if (r.status !== 'conflict') throw new Error(`expected a conflict, got ${r.status}`);
		const conflictId = r.conflicts[0]?.id ?? '';
		const res = await pushOne(b.token, { kind: 'conflict.resolve', data: { id: conflictId, keep: 'server' } });
		expect(res).toMatchObject({ status: 'applied', entity: 'conflict' });
		expect(clientRow(id)).toMatchObject({ nickname: 'Helmi-A', version: 2 });
	});

	it('refuses an update that would leave the client without any name, and one of an unknown client', async () => {
		const id = t.clientIds[6] ?? ''; // nickname only
		const r = await pushOne(a.token, update(id, 1, { nickname: { from: 'Kettu', to: null } }));
		expect(r).toMatchObject({ status: 'rejected', problem: { code: 'validation-failed', errors: [expect.objectContaining({ field: 'data.changes.nickname' })] } });
		const unknown = await pushOne(a.token, update(randomUUID(), 1, { nickname: { from: 'x', to: 'y' } }));
		expect(unknown).toMatchObject({ status: 'rejected', problem: { code: 'unknown-reference', errors: [expect.objectContaining({ field: 'data.id' })] } });
	});

	it('creates a client and answers duplicate for the same content under a new mutation id', async () => {
		const m: Mutation = {
			kind: 'client.create',
			data: ClientInputSchema.parse({
				id: randomUUID(),
				unitId: t.unitIds[0] ?? '',
				firstName: null,
				lastName: null,
				nickname: 'Uusi',
				birthYear: null,
				gender: 'unknown',
				municipality: 'unknown',
				startDate: '2026-03-01'
			})
		};
		expect(await pushOne(a.token, m)).toMatchObject({ status: 'applied', entity: 'client', version: 1 });
		expect(await pushOne(b.token, m)).toMatchObject({ status: 'duplicate' });
		const changed = { ...m, data: { ...m.data, nickname: 'Toinen' } } as Mutation;
		expect(await pushOne(b.token, changed)).toMatchObject({ status: 'conflict', reason: 'record-exists', server: { entity: 'client' } });
	});
});

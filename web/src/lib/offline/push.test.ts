import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { PushResult, SyncConflict } from '@polku/shared';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pushAllUsers } from './background-sync';
import { openPolkuDb, userKeyOf, type PolkuDb } from './db';
import { enqueueMutation, outboxRows, recordIdOf, type SealTarget } from './outbox';
import { pushOutbox } from './push';
import { ORG_ID, USER_A_ID, USER_B_ID, encounterMutation, fakeSyncServer, makeOrgKeyPair, type OrgKeyPair } from './sync-test-server';
import { createVault, decryptRecord, recordAad } from './vault';

const A = userKeyOf(ORG_ID, USER_A_ID);
const B = userKeyOf(ORG_ID, USER_B_ID);
const TOKEN_A = 'pd1.device-a.secret';
const TOKEN_B = 'pd1.device-b.secret';
let keys: OrgKeyPair;
let db: PolkuDb;

beforeAll(async () => {
	keys = await makeOrgKeyPair(ORG_ID);
});
beforeEach(async () => {
	db = openPolkuDb({ indexedDB: new IDBFactory(), IDBKeyRange });
	await db.devices.put({ userKey: A, deviceId: 'device-a', token: TOKEN_A, registeredAt: 1 });
});
afterEach(async () => {
	await db.delete();
});

const target = (userKey = A): SealTarget => ({ userKey, organisationId: ORG_ID, publicKey: keys.publicKey });

async function queue(n: number, userKey = A): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 1; i <= n; i++) ids.push((await enqueueMutation(db, target(userKey), encounterMutation(i))).mutationId);
	return ids;
}

function rejection(mutationId: string): PushResult {
	return {
		mutationId,
		status: 'rejected',
		problem: { type: 'about:blank', title: 'Forbidden', status: 403, code: 'forbidden', errors: [{ field: 'data.unitId', code: 'forbidden', message: 'Not your unit' }] }
	};
}

describe('pushOutbox', () => {
	it('sends in mutationId order across batches of the given size and empties the outbox', async () => {
		const ids = await queue(7);
		const server = fakeSyncServer({ keys, token: TOKEN_A });
		const summary = await pushOutbox(db, A, { fetch: server.fetch, batchSize: 3 });
		expect(server.batches).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6)]);
		expect(server.received.map((r) => r.mutationId)).toEqual(ids);
		expect(summary).toMatchObject({ sent: 7, applied: 7, rejected: 0, error: null, device: { status: 'active', wipe: false } });
		expect(await db.outbox.count()).toBe(0);
		expect((await db.meta.get([A, 'lastPushAt']))?.value).toEqual(expect.any(Number));
	});

	it('quarantines a rejected item with its problem and still delivers every later item', async () => {
		const ids = await queue(5);
		const server = fakeSyncServer({ keys, token: TOKEN_A, decide: (item) => (item.mutationId === ids[1] ? rejection(item.mutationId) : 'default') });
		const summary = await pushOutbox(db, A, { fetch: server.fetch, batchSize: 2 });
		expect(summary).toMatchObject({ applied: 4, rejected: 1, error: null });
		const left = await db.outbox.toArray();
		expect(left).toHaveLength(1);
		expect(left[0]).toMatchObject({ mutationId: ids[1], state: 'rejected', attempts: 1, problem: { code: 'forbidden' } });
		expect(left[0]?.problem?.errors?.[0]?.field).toBe('data.unitId');

		// A second run does not resend the quarantined item (nothing queued: no request at all).
		const again = fakeSyncServer({ keys, token: TOKEN_A });
		expect((await pushOutbox(db, A, { fetch: again.fetch })).sent).toBe(0);
		expect(again.requests).toBe(0);
	});

	it('keeps every item on a network failure, marks it and delivers it later', async () => {
		const ids = await queue(3);
		const offline = fakeSyncServer({ keys, token: TOKEN_A, fail: () => 'network' });
		const summary = await pushOutbox(db, A, { fetch: offline.fetch });
		expect(summary).toMatchObject({ sent: 0, error: 'network' });
		const rows = await outboxRows(db, A, 'queued');
		expect(rows.map((r) => r.mutationId)).toEqual(ids);
		expect(rows.every((r) => r.lastError === 'network' && r.attempts === 1 && r.lastAttemptAt !== null)).toBe(true);

		const online = fakeSyncServer({ keys, token: TOKEN_A });
		expect((await pushOutbox(db, A, { fetch: online.fetch })).applied).toBe(3);
		expect(await db.outbox.count()).toBe(0);
	});

	it('keeps items on a 5xx and stops after the first failed batch', async () => {
		await queue(4);
		const server = fakeSyncServer({ keys, token: TOKEN_A, fail: (i) => (i === 1 ? 503 : null) });
		const summary = await pushOutbox(db, A, { fetch: server.fetch, batchSize: 2 });
		expect(summary).toMatchObject({ sent: 2, applied: 2, error: 'http-503' });
		const rows = await outboxRows(db, A, 'queued');
		expect(rows).toHaveLength(2);
		expect(rows.every((r) => r.lastError === 'http-503')).toBe(true);
		expect(server.requests).toBe(2);
	});

	it('drops an item answered duplicate after the answer to a committed push was lost', async () => {
		const [id] = await queue(1);
		const server = fakeSyncServer({ keys, token: TOKEN_A });
		// The server commits, then the connection is cut before the answer arrives.
		const cut: typeof fetch = async (input, init) => {
			await server.fetch(input, init);
			throw new TypeError('connection reset');
		};
		expect((await pushOutbox(db, A, { fetch: cut })).error).toBe('network');
		expect(await db.outbox.count()).toBe(1);
		const summary = await pushOutbox(db, A, { fetch: server.fetch });
		expect(summary).toMatchObject({ duplicate: 1, applied: 0 });
		expect(server.received.map((r) => r.mutationId)).toEqual([id, id]);
		expect(await db.outbox.count()).toBe(0);
	});

	it('drops items the server holds for an admin (a blocked device) and still hears the wipe', async () => {
		const ids = await queue(3);
		const server = fakeSyncServer({
			keys,
			token: TOKEN_A,
			device: { status: 'revoked', wipe: true },
			decide: (item) => ({ mutationId: item.mutationId, status: 'held' })
		});
		const summary = await pushOutbox(db, A, { fetch: server.fetch });
		expect(summary).toMatchObject({ sent: 3, held: 3, applied: 0, rejected: 0, error: null, device: { status: 'revoked', wipe: true } });
		expect(server.received.map((r) => r.mutationId)).toEqual(ids);
		expect(await db.outbox.count()).toBe(0);
		expect((await db.records.toArray()).filter((r) => r.entity === 'mutation')).toEqual([]);
	});

	it('on 401 device-expired stops, keeps every item and the token (a sign-in renews it), then delivers them', async () => {
		const ids = await queue(2);
		const expired: typeof fetch = async () =>
			new Response(JSON.stringify({ type: 'about:blank', title: 'Device token expired', status: 401, code: 'device-expired' }), {
				status: 401,
				headers: { 'content-type': 'application/problem+json' }
			});
		const summary = await pushOutbox(db, A, { fetch: expired });
		expect(summary.error).toBe('device-expired');
		const rows = await outboxRows(db, A, 'queued');
		expect(rows.map((r) => r.mutationId)).toEqual(ids);
		expect(rows.every((r) => r.lastError === 'device-expired')).toBe(true);
		expect((await db.devices.get(A))?.token).toBe(TOKEN_A);
		// The service worker leaves it to the page: not a retryable failure.
		expect((await pushAllUsers(db, { fetch: expired })).retry).toBe(false);

		// After the sign-in the renewed token pushes them normally.
		await db.devices.update(A, { token: 'pd1.device-a.renewed' });
		const renewed = fakeSyncServer({ keys, token: 'pd1.device-a.renewed' });
		expect(await pushOutbox(db, A, { fetch: renewed.fetch })).toMatchObject({ applied: 2, error: null });
		expect(await db.outbox.count()).toBe(0);
	});

	it('on 401 device-unknown stops, keeps everything and forgets the token', async () => {
		await queue(2);
		const server = fakeSyncServer({ keys, token: 'another-token' });
		const summary = await pushOutbox(db, A, { fetch: server.fetch });
		expect(summary.error).toBe('device-unknown');
		expect(await outboxRows(db, A, 'queued')).toHaveLength(2);
		expect((await db.devices.get(A))?.token).toBeNull();
		expect((await pushOutbox(db, A, { fetch: server.fetch })).error).toBe('no-device');
	});

	it('keeps a record-exists conflict quarantined with the server version encrypted; a field conflict leaves the outbox', async () => {
		const dek = await createVault(db, A, 'salasana', { iterations: 1000, allowWeakForTests: true });
		const [first, second] = await queue(2);
		const conflict: SyncConflict = {
			id: '0190a0b2-7c4e-7a11-8f00-0000000cf001',
			entity: 'client',
			entityId: '0190a0b2-7c4e-7a11-8f00-0000000000c1',
			field: 'nickname',
			base: 'Aada',
			mine: 'Aatu',
			server: 'Ada',
			mutationId: second!,
			authorId: USER_A_ID,
			createdAt: '2025-05-01T10:00:00.000Z',
			resolvedAt: null,
			resolution: null
		};
		const serverVersion = {
			entity: 'encounter' as const,
			id: recordIdOf(encounterMutation(1)),
			version: 3,
			updatedAt: '2025-05-01T10:00:00.000Z',
			deletedAt: null,
			data: null
		};
		const server = fakeSyncServer({
			keys,
			token: TOKEN_A,
			decide: (item) =>
				item.mutationId === first
					? { mutationId: first, status: 'conflict', reason: 'record-exists', server: serverVersion, conflicts: [] }
					: { mutationId: second!, status: 'conflict', reason: 'field-conflict', server: null, conflicts: [conflict] }
		});
		const summary = await pushOutbox(db, A, { fetch: server.fetch, dek });
		expect(summary.conflicts).toBe(2);
		const left = await db.outbox.toArray();
		expect(left.map((r) => [r.mutationId, r.state, r.reason])).toEqual([[first, 'conflict', 'record-exists']]);
		const stored = await db.records.get([A, 'quarantine-server', first!]);
		expect(await decryptRecord(dek, recordAad(A, 'records.quarantine-server', first!), stored!.box)).toEqual({ data: serverVersion });
		const c = await db.records.get([A, 'conflict', conflict.id]);
		expect(await decryptRecord(dek, recordAad(A, 'records.conflict', conflict.id), c!.box)).toEqual({ data: conflict });
	});

	it('sends a heartbeat when asked and nothing is queued, to learn the device status', async () => {
		const server = fakeSyncServer({ keys, token: TOKEN_A, device: { status: 'revoked', wipe: true } });
		const summary = await pushOutbox(db, A, { fetch: server.fetch, heartbeat: true });
		expect(server.batches).toEqual([[]]);
		expect(summary.device).toEqual({ status: 'revoked', wipe: true });
	});
});

describe('pushAllUsers (service worker)', () => {
	it('pushes every registered user and wipes only a revoked user, after their items went', async () => {
		await db.devices.put({ userKey: B, deviceId: 'device-b', token: TOKEN_B, registeredAt: 1 });
		await queue(2, A);
		await queue(3, B);
		await createVault(db, A, 'a', { iterations: 1000, allowWeakForTests: true });
		await createVault(db, B, 'b', { iterations: 1000, allowWeakForTests: true });
		const serverA = fakeSyncServer({ keys, token: TOKEN_A });
		const serverB = fakeSyncServer({ keys, token: TOKEN_B, device: { status: 'revoked', wipe: true } });
		const fetch: typeof globalThis.fetch = (input, init) =>
			new Headers(init?.headers).get('authorization') === `Bearer ${TOKEN_B}` ? serverB.fetch(input, init) : serverA.fetch(input, init);
		const result = await pushAllUsers(db, { fetch });
		expect(serverA.received).toHaveLength(2);
		expect(serverB.received).toHaveLength(3);
		expect(result.wiped).toEqual([B]);
		expect(result.retry).toBe(false);
		expect(await db.vaults.get(B)).toBeUndefined();
		expect(await db.devices.get(B)).toBeUndefined();
		expect(await db.vaults.get(A)).toBeDefined();
		expect(await db.devices.get(A)).toBeDefined();
		expect((await db.meta.get([B, 'wiped']))?.value).toEqual(expect.any(Number));
	});

	it('asks for a retry when the network is down and wipes nothing', async () => {
		await queue(1, A);
		const server = fakeSyncServer({ keys, token: TOKEN_A, fail: () => 'network', device: { status: 'revoked', wipe: true } });
		const result = await pushAllUsers(db, { fetch: server.fetch });
		expect(result.retry).toBe(true);
		expect(result.wiped).toEqual([]);
		expect(await db.outbox.count()).toBe(1);
	});
});

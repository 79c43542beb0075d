import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { PullResponse, SyncChange } from '@polku/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPolkuDb, userKeyOf, type PolkuDb } from './db';
import { pullChanges } from './pull';
import { recordBox } from './push';
import { CLIENT_ID, ORG_ID, UNIT_ID, USER_A_ID, USER_B_ID, dumpIndexedDb, wireClient } from './sync-test-server';
import { createVault, decryptRecord, recordAad } from './vault';

const A = userKeyOf(ORG_ID, USER_A_ID);
const B = userKeyOf(ORG_ID, USER_B_ID);
const FAST = { iterations: 1000, allowWeakForTests: true } as const;
const active = { status: 'active', wipe: false } as const;
const T = '2025-05-01T10:00:00.000Z';
const meta = { version: 1, createdBy: USER_A_ID, createdAt: T, updatedAt: T, deletedAt: null };

function client(id: string, firstName: string, nickname: string): SyncChange {
	return {
		entity: 'client',
		id,
		version: 1,
		updatedAt: T,
		deletedAt: null,
		data: wireClient({ id, unitId: UNIT_ID, firstName, lastName: 'Esimerkki', nickname, birthYear: 2005, gender: 'female', municipality: '091', ...meta })
	};
}

let factory: IDBFactory;
let db: PolkuDb;
beforeEach(() => {
	factory = new IDBFactory();
	db = openPolkuDb({ indexedDB: factory, IDBKeyRange });
});
afterEach(async () => {
	await db.delete();
});

describe('pullChanges', () => {
	it('pages until more is false, stores records encrypted, applies tombstones and keeps the cursor', async () => {
		const dek = await createVault(db, A, 'pw', FAST);
		const C2 = '0190a0b2-7c4e-7a11-8f00-0000000000c2';
		const pages: PullResponse[] = [
			{ changes: [client(CLIENT_ID, 'Aada', 'Kettu'), client(C2, 'Leo', 'Leksa')], cursor: '2', more: true, device: active },
			{ changes: [{ entity: 'client', id: C2, version: 2, updatedAt: T, deletedAt: T, data: null }], cursor: '3', more: false, device: active }
		];
		const asked: (string | undefined)[] = [];
		const summary = await pullChanges(db, dek, A, async (since) => {
			asked.push(since);
			return pages[asked.length - 1]!;
		});
		expect(asked).toEqual([undefined, '2']);
		expect(summary).toMatchObject({ pages: 2, changes: 3 });
		expect((await db.meta.get([A, 'cursor']))?.value).toBe('3');
		const rows = await db.records.toArray();
		expect(rows.map((r) => [r.entity, r.id, r.pending])).toEqual([['client', CLIENT_ID, false]]);
		const back = await decryptRecord<{ data: { firstName: string } }>(dek, recordAad(A, 'records.client', CLIENT_ID), rows[0]!.box);
		expect(back.data.firstName).toBe('Aada');
		const dump = await dumpIndexedDb(factory);
		for (const secret of ['Aada', 'Kettu', 'Esimerkki', 'Leksa']) expect(dump).not.toContain(secret);

		// The next pull starts from the stored cursor.
		const next: (string | undefined)[] = [];
		await pullChanges(db, dek, A, async (since) => {
			next.push(since);
			return { changes: [], cursor: '3', more: false, device: active };
		});
		expect(next).toEqual(['3']);
	});

	it('stores the client record entities of issue 4 encrypted and removes them on tombstones', async () => {
		const dek = await createVault(db, A, 'pw', FAST);
		const M = '0190a0b2-7c4e-7a11-8f00-0000000a0001';
		const meta4 = { unitId: UNIT_ID, ...meta };
		const changes: SyncChange[] = [
			{ entity: 'client-sensitive', id: CLIENT_ID, version: 1, updatedAt: T, deletedAt: null, data: { id: CLIENT_ID, health: 'Diabetes tyypin 1', substanceUse: null, ...meta4 } },
			{ entity: 'memo', id: M, version: 1, updatedAt: T, deletedAt: null, data: { id: M, clientId: CLIENT_ID, date: '2025-05-01', text: 'Sovittu muistio', ...meta4 } },
			{ entity: 'attachment', id: M.replace('a0001', 'a0002'), version: 1, updatedAt: T, deletedAt: null, data: { id: M.replace('a0001', 'a0002'), clientId: CLIENT_ID, kind: 'signed-form', contentType: 'image/jpeg', size: 10, label: 'Lomake Aada', ...meta4 } }
		];
		await pullChanges(db, dek, A, async () => ({ changes, cursor: '3', more: false, device: active }));
		expect((await db.records.toArray()).map((r) => r.entity).sort()).toEqual(['attachment', 'client-sensitive', 'memo']);
		const dump = await dumpIndexedDb(factory);
		for (const secret of ['Diabetes', 'Sovittu', 'Lomake Aada']) expect(dump).not.toContain(secret);
		await pullChanges(db, dek, A, async () => ({ changes: [{ entity: 'memo', id: M, version: 2, updatedAt: T, deletedAt: T, data: null }], cursor: '4', more: false, device: active }));
		expect((await db.records.toArray()).map((r) => r.entity).sort()).toEqual(['attachment', 'client-sensitive']);
	});

	it('makes a pending local copy non-pending when it is pulled back, and leaves other users alone', async () => {
		const dek = await createVault(db, A, 'pw', FAST);
		const dekB = await createVault(db, B, 'pw', FAST);
		const id = '0190a0b2-7c4e-7a11-8f00-0000000e0001';
		const local = { id, note: 'local' };
		await db.records.put({ userKey: A, entity: 'encounter', id, version: 0, updatedAt: 1, deletedAt: null, pending: true, box: await recordBox(dek, A, 'encounter', id, local) });
		await db.records.put({ userKey: B, entity: 'encounter', id, version: 0, updatedAt: 1, deletedAt: null, pending: true, box: await recordBox(dekB, B, 'encounter', id, local) });
		const data = {
			id,
			unitId: UNIT_ID,
			occurredAt: T,
			channel: 'street' as const,
			clientId: CLIENT_ID,
			anonymousContactId: null,
			topics: [],
			actions: [],
			durationMinutes: null,
			note: 'server',
			followUpDate: null,
			...meta
		};
		await pullChanges(db, dek, A, async () => ({ changes: [{ entity: 'encounter', id, version: 1, updatedAt: T, deletedAt: null, data }], cursor: '1', more: false, device: active }));
		expect((await db.records.get([A, 'encounter', id]))?.pending).toBe(false);
		expect((await db.records.get([B, 'encounter', id]))?.pending).toBe(true);
		expect(await db.meta.get([B, 'cursor'])).toBeUndefined();
	});

	it('stores nothing when the answer says wipe', async () => {
		const dek = await createVault(db, A, 'pw', FAST);
		const summary = await pullChanges(db, dek, A, async () => ({
			changes: [client(CLIENT_ID, 'Aada', 'Kettu')],
			cursor: '9',
			more: false,
			device: { status: 'revoked', wipe: true }
		}));
		expect(summary.device?.wipe).toBe(true);
		expect(await db.records.count()).toBe(0);
		expect(await db.meta.get([A, 'cursor'])).toBeUndefined();
	});
});

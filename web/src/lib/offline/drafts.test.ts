import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPolkuDb, userKeyOf, type PolkuDb } from './db';
import { countDrafts, deleteDraft, getDraft, listDrafts, putDraft } from './drafts';
import { ORG_ID, USER_A_ID, USER_B_ID, dumpIndexedDb } from './sync-test-server';
import { createVault } from './vault';

const FAST = { iterations: 1_000, allowWeakForTests: true } as const;
const A = userKeyOf(ORG_ID, USER_A_ID);
const B = userKeyOf(ORG_ID, USER_B_ID);
const ID1 = '0190a0b2-7c4e-7a11-8f00-0000000d0001';
const ID2 = '0190a0b2-7c4e-7a11-8f00-0000000d0002';

let factory: IDBFactory;
let db: PolkuDb;
beforeEach(() => {
	factory = new IDBFactory();
	db = openPolkuDb({ indexedDB: factory, IDBKeyRange });
});
afterEach(async () => {
	await db.delete();
});

describe('drafts', () => {
	it('round-trips a draft encrypted: the raw IndexedDB holds none of what was typed', async () => {
		const dek = await createVault(db, A, 'salasana-A', FAST);
		const draft = { nickname: 'Kettu-Aada', note: 'Puhuimme vuokrarästeistä ja koulusta', topics: ['housing'] };
		await putDraft(db, dek, A, ID1, draft, 1000);
		expect(await getDraft(db, dek, A, ID1)).toEqual(draft);

		const dump = await dumpIndexedDb(factory);
		expect(dump).toContain(ID1); // ids are not personal and stay readable
		for (const secret of ['Kettu-Aada', 'vuokrarästeistä', 'Puhuimme', 'housing']) expect(dump).not.toContain(secret);
	});

	it('overwrites on save, lists newest first and deletes', async () => {
		const dek = await createVault(db, A, 'salasana-A', FAST);
		await putDraft(db, dek, A, ID1, { n: 1 }, 1000);
		await putDraft(db, dek, A, ID2, { n: 2 }, 2000);
		await putDraft(db, dek, A, ID1, { n: 3 }, 3000);
		expect(await listDrafts(db, dek, A)).toEqual([
			{ id: ID1, updatedAt: 3000, value: { n: 3 } },
			{ id: ID2, updatedAt: 2000, value: { n: 2 } }
		]);
		await deleteDraft(db, A, ID2);
		expect(await countDrafts(db, A)).toBe(1);
	});

	it('keeps users apart: another user cannot read, list, overwrite or delete a draft', async () => {
		const dekA = await createVault(db, A, 'salasana-A', FAST);
		const dekB = await createVault(db, B, 'salasana-B', FAST);
		await putDraft(db, dekA, A, ID1, { note: 'A:n luonnos' });
		expect(await getDraft(db, dekB, B, ID1)).toBeNull();
		expect(await listDrafts(db, dekB, B)).toEqual([]);
		await expect(putDraft(db, dekB, B, ID1, { note: 'B' })).rejects.toThrow();
		await deleteDraft(db, B, ID1);
		expect(await getDraft(db, dekA, A, ID1)).toEqual({ note: 'A:n luonnos' });
		// A's box does not open under B's key even if B read the row directly.
		const row = await db.drafts.get(ID1);
		expect(row?.userKey).toBe(A);
	});
});

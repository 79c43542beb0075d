import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPolkuDb, userKeyOf, type PolkuDb } from './db';
import { putDraft } from './drafts';
import { enqueueMutation } from './outbox';
import { recordBox } from './push';
import { ORG_ID, USER_A_ID, USER_B_ID, encounterMutation, makeOrgKeyPair } from './sync-test-server';
import { createVault } from './vault';
import { wipeUser } from './wipe';

const A = userKeyOf(ORG_ID, USER_A_ID);
const B = userKeyOf(ORG_ID, USER_B_ID);
const FAST = { iterations: 1000, allowWeakForTests: true } as const;

let db: PolkuDb;
beforeEach(() => {
	db = openPolkuDb({ indexedDB: new IDBFactory(), IDBKeyRange });
});
afterEach(async () => {
	await db.delete();
});

async function fill(userKey: string, n: number) {
	const dek = await createVault(db, userKey, 'pw', FAST);
	const keys = await makeOrgKeyPair(ORG_ID);
	await db.devices.put({ userKey, deviceId: `d-${n}`, token: `t-${n}`, registeredAt: 1 });
	await putDraft(db, dek, userKey, `0190a0b2-7c4e-7a11-8f00-00000000d00${n}`, { n });
	await enqueueMutation(db, { userKey, organisationId: ORG_ID, publicKey: keys.publicKey }, encounterMutation(n));
	await db.records.put({ userKey, entity: 'client', id: 'c1', version: 1, updatedAt: 1, deletedAt: null, pending: false, box: await recordBox(dek, userKey, 'client', 'c1', { n }) });
	await db.meta.put({ userKey, key: 'cursor', value: '5' });
}

describe('wipeUser', () => {
	it("deletes only that user's vault, device, drafts, outbox, records and meta", async () => {
		await fill(A, 1);
		await fill(B, 2);
		await wipeUser(db, B, 42);
		const owners = async () => ({
			vaults: (await db.vaults.toArray()).map((r) => r.userKey),
			devices: (await db.devices.toArray()).map((r) => r.userKey),
			drafts: (await db.drafts.toArray()).map((r) => r.userKey),
			outbox: (await db.outbox.toArray()).map((r) => r.userKey),
			records: (await db.records.toArray()).map((r) => r.userKey)
		});
		expect(await owners()).toEqual({ vaults: [A], devices: [A], drafts: [A], outbox: [A], records: [A] });
		expect((await db.meta.toArray()).map((r) => [r.userKey, r.key, r.value])).toEqual([
			[A, 'cursor', '5'],
			[B, 'wiped', 42]
		]);
	});
});

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { SYNC_SCHEMA_VERSION, syncAad, type Mutation } from '@polku/shared';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPolkuDb, userKeyOf, type PolkuDb } from './db';
import { enqueueMutation, outboxCounts, outboxRows, recordIdOf, sealMutation, type SealTarget } from './outbox';
import { ORG_ID, USER_A_ID, encounterMutation, makeOrgKeyPair, openEnvelope, type OrgKeyPair } from './sync-test-server';

const UK = userKeyOf(ORG_ID, USER_A_ID);
let keys: OrgKeyPair;
let target: SealTarget;
let db: PolkuDb;

beforeAll(async () => {
	keys = await makeOrgKeyPair(ORG_ID);
	target = { userKey: UK, organisationId: ORG_ID, publicKey: keys.publicKey };
});
beforeEach(() => {
	db = openPolkuDb({ indexedDB: new IDBFactory(), IDBKeyRange });
});
afterEach(async () => {
	await db.delete();
});

describe('outbox', () => {
	it('seals a mutation that the organisation key opens with the sync AAD, and nothing else does', async () => {
		const mutation = encounterMutation(1, 'Nuori kertoi asunnottomuudesta');
		const row = await sealMutation(target, mutation);
		expect(row).toMatchObject({ userKey: UK, kind: 'encounter.create', recordId: recordIdOf(mutation), state: 'queued', attempts: 0 });
		expect(row.schemaVersion).toBe(SYNC_SCHEMA_VERSION);
		expect(row.mutationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(JSON.stringify(row.envelope)).not.toContain('asunnottomuudesta');

		const aad = syncAad(ORG_ID, row.mutationId, SYNC_SCHEMA_VERSION);
		const plain = JSON.parse(new TextDecoder().decode(await openEnvelope(keys, row.envelope, aad))) as Mutation;
		expect(plain).toEqual(mutation);

		// The AAD binds mutation id, organisation and schema version.
		await expect(openEnvelope(keys, row.envelope, syncAad(ORG_ID, '0190a0b2-7c4e-7a11-8f00-0000000000ff', 1))).rejects.toThrow();
		await expect(openEnvelope(keys, row.envelope, syncAad('other-org', row.mutationId, 1))).rejects.toThrow();
		await expect(openEnvelope(keys, row.envelope, syncAad(ORG_ID, row.mutationId, 2))).rejects.toThrow();
		// A flipped bit in the ciphertext fails.
		const ct = row.envelope.ct;
		const flipped = { ...row.envelope, ct: (ct[0] === 'A' ? 'B' : 'A') + ct.slice(1) };
		await expect(openEnvelope(keys, flipped, aad)).rejects.toThrow();
		// Another organisation's key does not open it.
		const other = await makeOrgKeyPair(ORG_ID);
		await expect(openEnvelope(other, row.envelope, aad)).rejects.toThrow();
	});

	it('validates with the shared schema before sealing and stores nothing invalid', async () => {
		const bad = { kind: 'encounter.create', data: { ...encounterMutation(1).data, channel: 'moon' } } as unknown as Mutation;
		await expect(enqueueMutation(db, target, bad)).rejects.toMatchObject({ name: 'ZodError' });
		expect(await db.outbox.count()).toBe(0);
	});

	it('gives ids that sort in the order the mutations were queued and lists rows in that order', async () => {
		const made: string[] = [];
		for (let i = 1; i <= 40; i++) made.push((await enqueueMutation(db, target, encounterMutation(i))).mutationId);
		expect([...made].sort()).toEqual(made);
		expect((await outboxRows(db, UK, 'queued')).map((r) => r.mutationId)).toEqual(made);
		expect((await outboxRows(db, UK, 'queued', 5)).map((r) => r.mutationId)).toEqual(made.slice(0, 5));
		expect(await outboxCounts(db, UK)).toEqual({ queued: 40, rejected: 0, conflict: 0 });
	});
});

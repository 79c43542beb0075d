import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DB_NAME, openPolkuDb, userKeyOf, withDb, type PolkuDb, type VaultRow } from './db';

let db: PolkuDb | undefined;

afterEach(async () => {
	await db?.delete();
	db = undefined;
});

function row(userKey: string): VaultRow {
	return {
		userKey,
		salt: new Uint8Array(16),
		iterations: 600_000,
		wrappedDek: new Uint8Array(48),
		iv: new Uint8Array(12),
		createdAt: 1,
		updatedAt: 1,
		kdf: 'PBKDF2-SHA256',
		v: 1
	};
}

describe('PolkuDb', () => {
	it('opens the polku database on an injected IndexedDB with a vaults table keyed by userKey', async () => {
		const factory = new IDBFactory();
		db = openPolkuDb({ indexedDB: factory, IDBKeyRange });
		await db.vaults.put(row('org1:user1'));
		expect(db.name).toBe(DB_NAME);
		expect(db.vaults.schema.primKey.keyPath).toBe('userKey');
		expect((await factory.databases()).map((d) => d.name)).toEqual([DB_NAME]);
		const back = await db.vaults.get('org1:user1');
		expect(back?.salt).toBeInstanceOf(Uint8Array);
	});

	it('withDb reopens a connection closed under it and retries once', async () => {
		db = openPolkuDb({ indexedDB: new IDBFactory(), IDBKeyRange });
		await db.vaults.put(row('org1:user1'));
		db.close();
		expect(db.isOpen()).toBe(false);
		const fn = vi.fn((d: PolkuDb) => d.vaults.get('org1:user1'));
		const got = await withDb(db, fn);
		expect(got?.userKey).toBe('org1:user1');
		expect(fn).toHaveBeenCalledTimes(2);
		expect(db.isOpen()).toBe(true);
	});

	it('withDb does not retry other errors', async () => {
		db = openPolkuDb({ indexedDB: new IDBFactory(), IDBKeyRange });
		await db.vaults.add(row('org1:user1'));
		const fn = vi.fn((d: PolkuDb) => d.vaults.add(row('org1:user1')));
		await expect(withDb(db, fn)).rejects.toMatchObject({ name: 'ConstraintError' });
		expect(fn).toHaveBeenCalledTimes(1);
	});

	it('userKeyOf joins ids and refuses anything that is not an id', () => {
		expect(userKeyOf('0190a0b2-org', '0190a0b2-user')).toBe('0190a0b2-org:0190a0b2-user');
		expect(() => userKeyOf('org', 'maija@example.fi')).toThrow(TypeError);
		expect(() => userKeyOf('', 'u')).toThrow(TypeError);
		expect(() => userKeyOf('o', 'a:b')).toThrow(TypeError);
	});

	it('upgrades a version 1 database to the current version and keeps its vaults', async () => {
		const factory = new IDBFactory();
		const v1 = new Dexie(DB_NAME, { indexedDB: factory, IDBKeyRange });
		v1.version(1).stores({ vaults: 'userKey' });
		await v1.table('vaults').put(row('org1:user1'));
		v1.close();

		db = openPolkuDb({ indexedDB: factory, IDBKeyRange });
		await db.open();
		expect(db.verno).toBe(3);
		expect(db.tables.map((t) => t.name).sort()).toEqual(['devices', 'drafts', 'meta', 'outbox', 'records', 'vaults']);
		const kept = await db.vaults.get('org1:user1');
		expect(kept?.iterations).toBe(600_000);
		expect(kept?.wrappedDek).toEqual(new Uint8Array(48));
		expect(db.outbox.schema.indexes.map((i) => i.name).sort()).toEqual(['[userKey+state]', 'userKey']);
		expect(db.records.schema.primKey.name).toBe('[userKey+entity+id]');
	});

	it('version 3 deletes the henkilötunnus search key older versions kept, for every user, and nothing else', async () => {
		const factory = new IDBFactory();
		const v2 = new Dexie(DB_NAME, { indexedDB: factory, IDBKeyRange });
		v2.version(1).stores({ vaults: 'userKey' });
		v2.version(2).stores({ vaults: 'userKey', devices: 'userKey', drafts: 'id, userKey', outbox: 'mutationId, userKey, [userKey+state]', records: '[userKey+entity+id], [userKey+entity]', meta: '[userKey+key]' });
		const box = { iv: new Uint8Array(12), ct: new Uint8Array(48) };
		for (const userKey of ['org1:user1', 'org1:user2']) {
			await v2.table('meta').bulkPut([
				{ userKey, key: 'searchKey', value: box },
				{ userKey, key: 'cursor', value: '42' },
				{ userKey, key: 'profile', value: box }
			]);
		}
		v2.close();

		db = openPolkuDb({ indexedDB: factory, IDBKeyRange });
		await db.open();
		expect(db.verno).toBe(3);
		const left = (await db.meta.toArray()).map((m) => `${m.userKey} ${m.key}`).sort();
		expect(left).toEqual(['org1:user1 cursor', 'org1:user1 profile', 'org1:user2 cursor', 'org1:user2 profile']);
	});
});

import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openPolkuDb, userKeyOf, type PolkuDb, type VaultRow } from './db';
import {
	PBKDF2_ITERATIONS,
	RecordDecryptError,
	VaultExistsError,
	VaultLockedError,
	VaultMissingError,
	VaultSession,
	WrongPasswordError,
	createVault,
	decryptRecord,
	deleteVault,
	encryptRecord,
	hasVault,
	recordAad,
	rewrapVault,
	unlockVault,
	type TimerFns
} from './vault';

// Real WebCrypto, real (fake-indexeddb) IndexedDB. Lower iterations keep the suite fast; one test
// below runs the production default.
const FAST = { iterations: 1_000, allowWeakForTests: true } as const;
const ORG = '0190a0b2-7c4e-7a11-8f00-000000000001';
const USER_A = userKeyOf(ORG, '0190a0b2-7c4e-7a11-8f00-00000000000a');
const USER_B = userKeyOf(ORG, '0190a0b2-7c4e-7a11-8f00-00000000000b');
const PASSWORD_A = 'Sade-kadulla-2024!';
const PASSWORD_B = 'toinen salasana ä';

let db: PolkuDb;

beforeEach(() => {
	db = openPolkuDb();
});

afterEach(async () => {
	await db.delete();
});

async function rowOf(userKey: string): Promise<VaultRow> {
	const row = await db.vaults.get(userKey);
	if (!row) throw new Error(`no row for ${userKey}`);
	return row;
}

function bytesContain(haystack: Uint8Array, needle: Uint8Array): boolean {
	outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
		for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
		return true;
	}
	return false;
}

describe('vault', () => {
	it('creates a vault and unlocks it with the same password, giving the same key', async () => {
		expect(await hasVault(db, USER_A)).toBe(false);
		const dek = await createVault(db, USER_A, PASSWORD_A, FAST);
		expect(await hasVault(db, USER_A)).toBe(true);

		const box = await encryptRecord(dek, recordAad(USER_A, 'drafts', 'd1'), { note: 'kohtaaminen' });
		const again = await unlockVault(db, USER_A, PASSWORD_A);
		expect(await decryptRecord(again, recordAad(USER_A, 'drafts', 'd1'), box)).toEqual({ note: 'kohtaaminen' });
		expect(again.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
	});

	it('hands out only non-extractable keys', async () => {
		const dek = await createVault(db, USER_A, PASSWORD_A, FAST);
		expect(dek.extractable).toBe(false);
		await expect(crypto.subtle.exportKey('raw', dek)).rejects.toThrow();
		const unlocked = await unlockVault(db, USER_A, PASSWORD_A);
		expect(unlocked.extractable).toBe(false);
		await expect(crypto.subtle.exportKey('jwk', unlocked)).rejects.toThrow();
	});

	it('says a wrong password is wrong and unlocks nothing', async () => {
		await createVault(db, USER_A, PASSWORD_A, FAST);
		const before = await rowOf(USER_A);
		await expect(unlockVault(db, USER_A, 'väärä salasana')).rejects.toBeInstanceOf(WrongPasswordError);
		expect(await rowOf(USER_A)).toEqual(before);
	});

	it('reports a missing vault as missing, not as a wrong password', async () => {
		await expect(unlockVault(db, USER_A, PASSWORD_A)).rejects.toBeInstanceOf(VaultMissingError);
	});

	it('stores no password and no raw key, only salt, wrapped key and iv', async () => {
		await createVault(db, USER_A, PASSWORD_A, FAST);
		const row = await rowOf(USER_A);
		expect(row).toMatchObject({ userKey: USER_A, kdf: 'PBKDF2-SHA256', v: 1, iterations: 1_000 });
		expect(row.salt).toHaveLength(16);
		expect(row.iv).toHaveLength(12);
		expect(row.wrappedDek).toHaveLength(32 + 16); // 256-bit key + GCM tag
		const json = JSON.stringify(row, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
		expect(json).not.toContain(PASSWORD_A);
		const serialised = new TextEncoder().encode(JSON.stringify(row) + String.fromCharCode(...row.wrappedDek));
		expect(bytesContain(serialised, new TextEncoder().encode(PASSWORD_A))).toBe(false);

		// The wrapped bytes are not the key: a key imported from them does not decrypt what the DEK encrypted.
		const dek = await unlockVault(db, USER_A, PASSWORD_A);
		const box = await encryptRecord(dek, 'a', 1);
		const first32 = await crypto.subtle.importKey('raw', row.wrappedDek.slice(0, 32), 'AES-GCM', false, ['decrypt']);
		await expect(decryptRecord(first32, 'a', box)).rejects.toBeInstanceOf(RecordDecryptError);
	});

	it('makes a new random salt per user and refuses to overwrite an existing vault', async () => {
		await createVault(db, USER_A, PASSWORD_A, FAST);
		await createVault(db, USER_B, PASSWORD_A, FAST);
		const a = await rowOf(USER_A);
		const b = await rowOf(USER_B);
		expect(a.salt).not.toEqual(b.salt);
		expect(a.wrappedDek).not.toEqual(b.wrappedDek);
		await expect(createVault(db, USER_A, 'something else', FAST)).rejects.toBeInstanceOf(VaultExistsError);
		expect(await rowOf(USER_A)).toEqual(a);
	});

	it('keeps two users on one device apart: B creating and deleting never touches A', async () => {
		const dekA = await createVault(db, USER_A, PASSWORD_A, FAST);
		const boxA = await encryptRecord(dekA, recordAad(USER_A, 'drafts', 'x'), { n: 1 });
		const rowA = await rowOf(USER_A);

		await createVault(db, USER_B, PASSWORD_B, FAST);
		expect(await rowOf(USER_A)).toEqual(rowA);
		// B's password does not open A's vault, and A's wrapped key does not unwrap as B's.
		await expect(unlockVault(db, USER_A, PASSWORD_B)).rejects.toBeInstanceOf(WrongPasswordError);
		await db.vaults.put({ ...rowA, userKey: `${USER_B}-copy` });
		await expect(unlockVault(db, `${USER_B}-copy`, PASSWORD_A)).rejects.toBeInstanceOf(WrongPasswordError);

		await deleteVault(db, USER_B);
		expect(await hasVault(db, USER_B)).toBe(false);
		expect(await rowOf(USER_A)).toEqual(rowA);
		const dekA2 = await unlockVault(db, USER_A, PASSWORD_A);
		expect(await decryptRecord(dekA2, recordAad(USER_A, 'drafts', 'x'), boxA)).toEqual({ n: 1 });
	});

	it('re-wraps on a password change: same key, new salt, old password refused', async () => {
		const dek = await createVault(db, USER_A, PASSWORD_A, FAST);
		const aad = recordAad(USER_A, 'drafts', 'before-change');
		const box = await encryptRecord(dek, aad, { text: 'kirjoitettu ennen vaihtoa' });
		const before = await rowOf(USER_A);

		await rewrapVault(db, USER_A, PASSWORD_A, PASSWORD_B, FAST);
		const after = await rowOf(USER_A);
		expect(after.salt).not.toEqual(before.salt);
		expect(after.iv).not.toEqual(before.iv);
		expect(after.wrappedDek).not.toEqual(before.wrappedDek);
		expect(after.createdAt).toBe(before.createdAt);

		await expect(unlockVault(db, USER_A, PASSWORD_A)).rejects.toBeInstanceOf(WrongPasswordError);
		const dek2 = await unlockVault(db, USER_A, PASSWORD_B);
		expect(dek2.extractable).toBe(false);
		expect(await decryptRecord(dek2, aad, box)).toEqual({ text: 'kirjoitettu ennen vaihtoa' });
	});

	it('leaves the row unchanged when re-wrap gets the wrong old password', async () => {
		await createVault(db, USER_A, PASSWORD_A, FAST);
		const before = await rowOf(USER_A);
		await expect(rewrapVault(db, USER_A, 'not it', PASSWORD_B, FAST)).rejects.toBeInstanceOf(WrongPasswordError);
		expect(await rowOf(USER_A)).toEqual(before);
		await expect(unlockVault(db, USER_A, PASSWORD_A)).resolves.toBeDefined();
	});

	it('uses 600000 iterations by default and refuses fewer without the test flag', async () => {
		expect(PBKDF2_ITERATIONS).toBe(600_000);
		await createVault(db, USER_A, PASSWORD_A);
		expect((await rowOf(USER_A)).iterations).toBe(600_000);

		await expect(createVault(db, USER_B, PASSWORD_B, { iterations: 599_999 })).rejects.toBeInstanceOf(RangeError);
		await expect(createVault(db, USER_B, PASSWORD_B, { iterations: 1_000, allowWeakForTests: false })).rejects.toBeInstanceOf(
			RangeError
		);
		await expect(rewrapVault(db, USER_A, PASSWORD_A, PASSWORD_B, { iterations: 10 })).rejects.toBeInstanceOf(RangeError);
		expect(await hasVault(db, USER_B)).toBe(false);
		await expect(createVault(db, USER_B, PASSWORD_B, { iterations: 0, allowWeakForTests: true })).rejects.toBeInstanceOf(
			RangeError
		);
	});

	it('re-wrap raises a weak test vault to the production minimum by default', async () => {
		await createVault(db, USER_A, PASSWORD_A, FAST);
		await rewrapVault(db, USER_A, PASSWORD_A, PASSWORD_B);
		expect((await rowOf(USER_A)).iterations).toBe(PBKDF2_ITERATIONS);
		await expect(unlockVault(db, USER_A, PASSWORD_B)).resolves.toBeDefined();
	});
});

describe('encryptRecord and decryptRecord', () => {
	async function key(): Promise<CryptoKey> {
		return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
	}

	it('round-trips a JSON value with a fresh 96-bit iv each time', async () => {
		const dek = await key();
		const aad = recordAad(USER_A, 'encounters', 'e1');
		const value = { nickname: 'Kettu', year: 2007, topics: ['asuminen', 'koulu'], note: null };
		const one = await encryptRecord(dek, aad, value);
		const two = await encryptRecord(dek, aad, value);
		expect(one.iv).toHaveLength(12);
		expect(one.iv).not.toEqual(two.iv);
		expect(new TextDecoder().decode(one.ct)).not.toContain('Kettu');
		expect(await decryptRecord(dek, aad, one)).toEqual(value);
	});

	it('fails for a ciphertext moved to another user, table or row', async () => {
		const dek = await key();
		const box = await encryptRecord(dek, recordAad(USER_A, 'encounters', 'e1'), { x: 1 });
		for (const aad of [
			recordAad(USER_B, 'encounters', 'e1'),
			recordAad(USER_A, 'drafts', 'e1'),
			recordAad(USER_A, 'encounters', 'e2')
		]) {
			await expect(decryptRecord(dek, aad, box)).rejects.toBeInstanceOf(RecordDecryptError);
		}
	});

	it('fails for a tampered ciphertext or iv', async () => {
		const dek = await key();
		const aad = recordAad(USER_A, 'encounters', 'e1');
		const box = await encryptRecord(dek, aad, { x: 1 });
		const ct = box.ct.slice();
		ct[0] = (ct[0] ?? 0) ^ 1;
		await expect(decryptRecord(dek, aad, { iv: box.iv, ct })).rejects.toBeInstanceOf(RecordDecryptError);
		const iv = box.iv.slice();
		iv[11] = (iv[11] ?? 0) ^ 0x80;
		await expect(decryptRecord(dek, aad, { iv, ct: box.ct })).rejects.toBeInstanceOf(RecordDecryptError);
	});

	it('refuses an ambiguous AAD part and a non-JSON value', async () => {
		expect(() => recordAad(USER_A, 'a|b', 'c')).toThrow(TypeError);
		expect(() => recordAad(USER_A, 'drafts', '')).toThrow(TypeError);
		await expect(encryptRecord(await key(), 'x', undefined)).rejects.toBeInstanceOf(TypeError);
	});
});

describe('VaultSession', () => {
	async function dek(): Promise<CryptoKey> {
		return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
	}

	afterEach(() => {
		vi.useRealTimers();
	});

	it('locks after the idle time, and touch() postpones it', async () => {
		vi.useFakeTimers();
		const onLock = vi.fn();
		const session = new VaultSession({ onLock });
		const key = await dek();
		session.unlock(USER_A, key);
		expect(session.isUnlocked).toBe(true);
		expect(session.dekFor(USER_A)).toBe(key);

		vi.advanceTimersByTime(14 * 60 * 1000);
		session.touch();
		vi.advanceTimersByTime(14 * 60 * 1000);
		expect(session.isUnlocked).toBe(true);

		vi.advanceTimersByTime(60 * 1000);
		expect(session.isUnlocked).toBe(false);
		expect(session.userKey).toBeNull();
		expect(() => session.dekFor(USER_A)).toThrow(VaultLockedError);
		expect(onLock).toHaveBeenCalledExactlyOnceWith('idle');
	});

	it('uses injected timers and the organisation idle time; lock() forgets at once', async () => {
		const pending = new Map<number, () => void>();
		let next = 0;
		const timers: TimerFns = {
			setTimeout: (fn, ms) => {
				expect(ms).toBe(5_000);
				pending.set(++next, fn);
				return next;
			},
			clearTimeout: (h) => pending.delete(h as number)
		};
		const onLock = vi.fn();
		const session = new VaultSession({ idleMs: 5_000, timers, onLock });
		session.unlock(USER_A, await dek());
		session.touch();
		session.touch();
		expect(pending.size).toBe(1);

		session.lock();
		expect(session.isUnlocked).toBe(false);
		expect(pending.size).toBe(0);
		expect(onLock).toHaveBeenCalledExactlyOnceWith('manual');
		session.lock();
		expect(onLock).toHaveBeenCalledTimes(1);
	});

	it('gives the key only to the user it was unlocked for and holds no extractable key', async () => {
		const session = new VaultSession({ timers: { setTimeout: () => 1, clearTimeout: () => {} } });
		session.unlock(USER_A, await dek());
		expect(() => session.dekFor(USER_B)).toThrow(VaultLockedError);
		const extractable = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, true, ['encrypt']);
		expect(() => session.unlock(USER_B, extractable)).toThrow(TypeError);
	});
});

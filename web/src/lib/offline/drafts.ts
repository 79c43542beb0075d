/**
 * Encrypted drafts (issue 3, point 2). A draft is the encounter form as the worker left it; every
 * save is one DEK-encrypted put, so a tab closed or killed by the phone loses at most the last
 * debounce interval. Only the id, owner and time stay outside the ciphertext.
 *
 * Per-user namespace: every read and delete checks the row's `userKey`; another user's draft is
 * invisible here even when its id is known.
 */
import { withDb, type PolkuDb } from './db';
import { decryptRecord, encryptRecord, recordAad } from './vault';

const TABLE = 'drafts';

/** One encrypted put; idempotent (the same id overwrites the previous version of the draft). */
export async function putDraft<T>(db: PolkuDb, dek: CryptoKey, userKey: string, id: string, value: T, now = Date.now()): Promise<void> {
	const box = await encryptRecord(dek, recordAad(userKey, TABLE, id), value);
	await withDb(db, async (d) => {
		const existing = await d.drafts.get(id);
		// A draft id belongs to whoever made it: never overwrite another user's row.
		if (existing && existing.userKey !== userKey) throw new Error('putDraft: the id belongs to another user');
		await d.drafts.put({ id, userKey, kind: 'encounter', updatedAt: now, box });
	});
}

export async function getDraft<T>(db: PolkuDb, dek: CryptoKey, userKey: string, id: string): Promise<T | null> {
	const row = await withDb(db, (d) => d.drafts.get(id));
	if (!row || row.userKey !== userKey) return null;
	return decryptRecord<T>(dek, recordAad(userKey, TABLE, id), row.box);
}

/** The user's drafts, newest first. */
export async function listDrafts<T>(db: PolkuDb, dek: CryptoKey, userKey: string): Promise<{ id: string; updatedAt: number; value: T }[]> {
	const rows = await withDb(db, (d) => d.drafts.where('userKey').equals(userKey).toArray());
	rows.sort((a, b) => b.updatedAt - a.updatedAt);
	return Promise.all(
		rows.map(async (row) => ({ id: row.id, updatedAt: row.updatedAt, value: await decryptRecord<T>(dek, recordAad(userKey, TABLE, row.id), row.box) }))
	);
}

export async function countDrafts(db: PolkuDb, userKey: string): Promise<number> {
	return withDb(db, (d) => d.drafts.where('userKey').equals(userKey).count());
}

/** Deletes the draft if it is this user's; idempotent. */
export async function deleteDraft(db: PolkuDb, userKey: string, id: string): Promise<void> {
	await withDb(db, (d) =>
		d.transaction('rw', d.drafts, async () => {
			const row = await d.drafts.get(id);
			if (row && row.userKey === userKey) await d.drafts.delete(id);
		})
	);
}

/**
 * Remote wipe (issue 3, point 6; DESIGN.md "Keys"): a revoked device, or a deactivated user's,
 * erases that user's data at its next contact — after its queued items were pushed (the caller's
 * duty: the server accepts what was sealed before the revocation).
 *
 * Only the rows of `userKey` are touched; other users of the same browser profile keep theirs.
 * A `wiped` marker (a time, nothing personal) is left in `meta` so that a page can say what happened
 * when the service worker did the wipe.
 */
import { USER_TABLES, withDb, type PolkuDb } from './db';

export async function wipeUser(db: PolkuDb, userKey: string, now = Date.now()): Promise<void> {
	await withDb(db, (d) =>
		d.transaction('rw', [d.vaults, ...USER_TABLES.map((t) => d.table(t))], async () => {
			await d.vaults.delete(userKey);
			await d.devices.delete(userKey);
			await d.drafts.where('userKey').equals(userKey).delete();
			await d.outbox.where('userKey').equals(userKey).delete();
			await d.records.where('[userKey+entity]').between([userKey, ''], [userKey, '\uffff']).delete();
			await d.meta.where('[userKey+key]').between([userKey, ''], [userKey, '\uffff']).delete();
			await d.meta.put({ userKey, key: 'wiped', value: now });
		})
	);
}

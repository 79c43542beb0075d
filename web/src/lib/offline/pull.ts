/**
 * Pulling changes (issue 3, point 4): pages of what the user may see since the device's cursor,
 * kept DEK-encrypted in `records` for offline lookup.
 *
 * Guarantees:
 * - Each page is stored in ONE transaction together with the new cursor, so an interrupted pull
 *   resumes where the last stored page ended and never skips a change.
 * - A tombstone (deletedAt set, data null) removes the device's copy.
 * - A pulled record replaces the local pending copy of the same id: it is no longer pending.
 * - Conflicts: only open ones are kept; a resolved one removes the device's copy.
 * - A `wipe: true` answer stores nothing and stops; the caller wipes after pushing.
 */
import type { DeviceStatus, PullResponse, SyncChange } from '@polku/shared';
import { withDb, type PolkuDb, type RecordRow } from './db';
import { recordBox } from './push';

/** Fetches one page after `since` (undefined on the first pull). The page passes `api.pull`. */
export type PullPage = (since: string | undefined) => Promise<PullResponse>;

export interface PullSummary {
	pages: number;
	changes: number;
	device: DeviceStatus | null;
}

function keep(change: SyncChange): boolean {
	if (change.deletedAt !== null || change.data === null) return false;
	if (change.entity === 'conflict' && change.data.resolvedAt !== null) return false;
	return true;
}

/** Throws what `fetchPage` throws (NetworkError, ApiError); pages stored before that stay stored. */
export async function pullChanges(db: PolkuDb, dek: CryptoKey, userKey: string, fetchPage: PullPage, maxPages = 1000): Promise<PullSummary> {
	const summary: PullSummary = { pages: 0, changes: 0, device: null };
	let cursor = (await withDb(db, (d) => d.meta.get([userKey, 'cursor'])))?.value as string | undefined;
	for (let i = 0; i < maxPages; i++) {
		const page = await fetchPage(cursor);
		summary.pages++;
		summary.device = page.device;
		if (page.device.wipe) return summary;

		const puts: RecordRow[] = [];
		const deletes: [string, string, string][] = [];
		for (const change of page.changes) {
			if (!keep(change)) {
				deletes.push([userKey, change.entity, change.id]);
				continue;
			}
			puts.push({
				userKey,
				entity: change.entity,
				id: change.id,
				version: change.version,
				updatedAt: Date.parse(change.updatedAt) || Date.now(),
				deletedAt: null,
				pending: false,
				box: await recordBox(dek, userKey, change.entity, change.id, change.data)
			});
		}
		await withDb(db, (d) =>
			d.transaction('rw', d.records, d.meta, async () => {
				if (deletes.length > 0) await d.records.bulkDelete(deletes);
				if (puts.length > 0) await d.records.bulkPut(puts);
				await d.meta.put({ userKey, key: 'cursor', value: page.cursor });
			})
		);
		summary.changes += page.changes.length;
		const advanced = page.cursor !== cursor;
		cursor = page.cursor;
		if (!page.more || !advanced) break;
	}
	return summary;
}

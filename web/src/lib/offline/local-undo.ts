/**
 * Undoing what the device applied locally when the server will not have it (issue 4): a rejected or
 * discarded mutation of the client record leaves a local copy the server never confirms. Rather than
 * reconstruct the record by hand, the copy goes and the device pulls from the start, so the server's
 * version comes back (a rare, whole re-pull rather than a wrong record). No DEK needed.
 */
import type { MutationKind } from '@polku/shared';
import { withDb, type PolkuDb, type RecordEntity } from './db';

/** The cached record each issue-4/5 kind changes on the device (the outbox row's `recordId` is its id). */
export const LOCAL_ENTITY_OF_KIND: Partial<Record<MutationKind, RecordEntity>> = {
	'client.update': 'client',
	'client.set-hetu': 'client',
	'client-sensitive.update': 'client-sensitive',
	'situation.create': 'situation',
	'situation.update': 'situation',
	'service.create': 'service',
	'service.update': 'service',
	'consent.create': 'consent',
	'consent.withdraw': 'consent',
	'memo.create': 'memo',
	'follow-up.create': 'follow-up',
	'client.merge': 'client-merge',
	'client.unmerge': 'client-merge',
	// Issue 5: workshop coaching (an attendance mark's id is derived from its period and day).
	'coaching-period.create': 'coaching-period',
	'coaching-period.update': 'coaching-period',
	'goal.create': 'goal',
	'goal.update': 'goal',
	'goal-note.create': 'goal-note',
	'attendance.set': 'attendance',
	'diary.create': 'diary',
	'assessment.create': 'assessment',
	'coaching-report.create': 'coaching-report',
	'coaching-report.update': 'coaching-report',
	// Issue 6: ESF participation.
	'esf-participation.create': 'esf-participation',
	'esf-participation.update': 'esf-participation'
};

/** Kinds whose local effect reaches beyond the one record (a merge re-points encounters, hides the source). */
const WIDE_KINDS: ReadonlySet<MutationKind> = new Set(['client.merge', 'client.unmerge']);

/**
 * A merge the server refused (rejected, or a conflict that changed nothing) is undone on the device at
 * once: its pending local merge record goes (so the source shows again and the target loses what the
 * merge filled in the view) and the cursor is reset so the next pull restores the encounters the merge
 * re-pointed. Returns the number of merges undone. Idempotent.
 */
export async function undoRefusedMerges(db: PolkuDb, userKey: string): Promise<number> {
	return withDb(db, (d) =>
		d.transaction('rw', d.outbox, d.records, d.meta, async () => {
			const refused = await d.outbox
				.where('userKey')
				.equals(userKey)
				.filter((r) => (r.kind === 'client.merge' || r.kind === 'client.unmerge') && r.state !== 'queued')
				.toArray();
			let undone = 0;
			for (const row of refused) {
				const local = await d.records.get([userKey, 'client-merge', row.recordId]);
				if (!local?.pending) continue;
				await d.records.delete([userKey, 'client-merge', row.recordId]);
				undone++;
			}
			if (undone > 0) await d.meta.delete([userKey, 'cursor']);
			return undone;
		})
	);
}

/**
 * After an issue-4 item was discarded from quarantine (inside the caller's transaction): forget its
 * local copy when nothing else in the outbox refers to the record; for an update or a merge also
 * re-pull from the start. Returns true when it handled the kind.
 */
export async function forgetLocalEffect(d: PolkuDb, userKey: string, kind: MutationKind, recordId: string): Promise<boolean> {
	const entity = LOCAL_ENTITY_OF_KIND[kind];
	if (!entity || kind === 'client.update') return false;
	const others = await d.outbox.where('userKey').equals(userKey).filter((r) => r.recordId === recordId).count();
	if (others > 0) return true;
	const local = await d.records.get([userKey, entity, recordId]);
	if (local?.pending) await d.records.delete([userKey, entity, recordId]);
	if (kind.endsWith('.update') || kind === 'attendance.set' || kind === 'client.set-hetu' || kind === 'consent.withdraw' || WIDE_KINDS.has(kind)) {
		await d.meta.delete([userKey, 'cursor']);
	}
	return true;
}

/**
 * The service worker's part of sync (issue 3, point 3; STACK.md G10), kept free of service-worker
 * globals so it can be tested in Node.
 *
 * The worker uses workbox-background-sync's `Queue` named OUTBOX_QUEUE only for its sync-event
 * plumbing (tag SYNC_TAG, retries, the start-up fallback where the browser has no Background Sync):
 * the items themselves live in Dexie's `outbox`, so the Queue's own request store stays empty.
 */
import { outboxCounts } from './outbox';
import { pushOutbox } from './push';
import { wipeUser } from './wipe';
import { withDb, type PolkuDb } from './db';
import type { PushSummary } from './types';

export const OUTBOX_QUEUE = 'polku-outbox';
/** The tag workbox-background-sync's Queue listens for; the page registers this one. */
export const SYNC_TAG = `workbox-background-sync:${OUTBOX_QUEUE}`;
/** Also accepted: the tag named in the issue 3 contract. */
export const LEGACY_SYNC_TAG = OUTBOX_QUEUE;
/** Posted to every client after the worker pushed, so pages refresh their counts. */
export const SYNC_DONE_MESSAGE = 'polku-sync-done';

/** Errors after which the browser should retry the sync later. */
const RETRYABLE = /^(network|http-5\d\d|http-429|no-result)$/;

export interface PushAllResult {
	summaries: Record<string, PushSummary>;
	wiped: string[];
	/** True when some user's queue could not be delivered and a later sync should try again. */
	retry: boolean;
}

/**
 * Pushes the queued outbox of every user registered on this device (no DEK: envelopes only).
 * A user whose device the server revoked is wiped once nothing of theirs is queued any more.
 */
export async function pushAllUsers(db: PolkuDb, opts: { fetch?: typeof fetch } = {}): Promise<PushAllResult> {
	const devices = await withDb(db, (d) => d.devices.toArray());
	const result: PushAllResult = { summaries: {}, wiped: [], retry: false };
	for (const device of devices) {
		if (!device.token) continue;
		if ((await outboxCounts(db, device.userKey)).queued === 0) continue;
		const summary = await pushOutbox(db, device.userKey, opts);
		result.summaries[device.userKey] = summary;
		if (summary.error && RETRYABLE.test(summary.error)) result.retry = true;
		if (summary.device?.wipe && (await outboxCounts(db, device.userKey)).queued === 0) {
			await wipeUser(db, device.userKey);
			result.wiped.push(device.userKey);
		}
	}
	return result;
}

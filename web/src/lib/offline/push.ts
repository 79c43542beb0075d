/**
 * Pushing the outbox (issue 3, points 3–4). Runs in the page and in the service worker: it needs
 * the device token, never the DEK (envelopes are sealed to the organisation, not to the device).
 *
 * Guarantees:
 * - Rows go in mutationId (UUIDv7) order, in batches of at most PUSH_BATCH_MAX.
 * - A row leaves the outbox only when the server answered `applied`, `duplicate`, a
 *   `field-conflict` (applied, with the losing fields kept as conflicts on the server) or `held`
 *   (the device was blocked: the server keeps the item for an admin to accept or refuse, and the
 *   device is being wiped; the server has it, so nothing is lost by dropping it here). A rejected
 *   item, or a conflict that changed nothing (`mutation-reused`, `record-exists`), is quarantined
 *   with its problem/reason: it stays visible and never blocks the rows after it.
 * - A network failure, a 5xx or any answer that is not a valid PushResponse keeps every row as it
 *   was (attempts + 1, lastError set) and stops: nothing is lost, the next trigger tries again.
 *   Replaying is safe: the server applies each mutation id exactly once.
 * - 401 `device-unknown`: the token is no longer valid; the token is forgotten (the device
 *   re-registers at the next login) and the run stops, keeping every row.
 * - 401 `device-expired`: the token outlived the organisation's `deviceTokenDays` without a sign-in;
 *   the run stops keeping every row and the token (the next sign-in renews it, then they go).
 * - Personal data in answers (the server's version in a conflict) is only stored when a DEK is
 *   given (the page), DEK-encrypted; the service worker drops it and the page pulls it later.
 */
import { PUSH_BATCH_MAX, type PushRequest, type PushResponse, type PushResult, type SyncConflict } from '@polku/shared';
import { ApiError, NetworkError, createApiClient } from '../api/client';
import { withDb, type OutboxRow, type PolkuDb, type RecordRow } from './db';
import { outboxRows } from './outbox';
import type { PushSummary } from './types';
import { encryptRecord, recordAad } from './vault';

export type PushTransport = (token: string, body: PushRequest) => Promise<PushResponse>;

export interface PushOptions {
	/** The fetch used when no `transport` is given (tests, service worker). */
	fetch?: typeof fetch;
	/** How the batch reaches the server; the page passes `api.push` (the app's only fetch). */
	transport?: PushTransport;
	/** 1..PUSH_BATCH_MAX, default PUSH_BATCH_MAX. */
	batchSize?: number;
	/** With the DEK (page only), conflict answers are kept DEK-encrypted in `records`. */
	dek?: CryptoKey;
	/** Send an empty batch when nothing is queued, to learn the device's status (remote wipe). */
	heartbeat?: boolean;
	now?: () => number;
}

/** Encrypts a record's `{ data }` for `records`. */
export async function recordBox(dek: CryptoKey, userKey: string, entity: RecordRow['entity'], id: string, data: unknown) {
	return encryptRecord(dek, recordAad(userKey, `records.${entity}`, id), { data });
}

function errorCode(err: unknown): string {
	if (err instanceof ApiError) {
		if (err.status === 401 && err.code === 'device-unknown') return 'device-unknown';
		if (err.status === 401 && err.code === 'device-expired') return 'device-expired';
		return `http-${err.status}`;
	}
	if (err instanceof NetworkError) return 'network';
	if ((err as { name?: unknown } | null)?.name === 'AbortError') return 'network';
	return 'network';
}

/** Runs `fn` holding a per-user Web Lock where there is one, so the page and the SW do not push at once. */
async function exclusive<T>(userKey: string, fn: () => Promise<T>): Promise<T> {
	const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
	if (!locks) return fn();
	return locks.request(`polku-push:${userKey}`, fn) as Promise<T>;
}

export async function pushOutbox(db: PolkuDb, userKey: string, opts: PushOptions = {}): Promise<PushSummary> {
	return exclusive(userKey, () => pushLocked(db, userKey, opts));
}

async function pushLocked(db: PolkuDb, userKey: string, opts: PushOptions): Promise<PushSummary> {
	const now = opts.now ?? (() => Date.now());
	const batchSize = Math.min(Math.max(1, Math.floor(opts.batchSize ?? PUSH_BATCH_MAX)), PUSH_BATCH_MAX);
	const send: PushTransport = opts.transport ?? createApiClient(opts.fetch ? { fetch: opts.fetch } : {}).push;
	const summary: PushSummary = { sent: 0, applied: 0, duplicate: 0, rejected: 0, conflicts: 0, held: 0, device: null, error: null };

	const device = await withDb(db, (d) => d.devices.get(userKey));
	if (!device?.token) {
		summary.error = 'no-device';
		return summary;
	}
	const token = device.token;
	// Each row is sent at most once per run: a row the answer left untouched must not loop.
	const tried = new Set<string>();
	let first = true;

	for (;;) {
		const rows = (await outboxRows(db, userKey, 'queued', batchSize + tried.size)).filter((r) => !tried.has(r.mutationId)).slice(0, batchSize);
		if (rows.length === 0 && !(first && opts.heartbeat)) break;
		first = false;
		for (const r of rows) tried.add(r.mutationId);

		let response: PushResponse;
		try {
			response = await send(token, {
				items: rows.map((r) => ({ mutationId: r.mutationId, schemaVersion: r.schemaVersion, envelope: r.envelope }))
			});
		} catch (err) {
			const code = errorCode(err);
			summary.error = code;
			await markFailed(db, rows, code, now());
			if (code === 'device-unknown') {
				await withDb(db, (d) => d.devices.update(userKey, { token: null }));
			}
			break;
		}
		summary.sent += rows.length;
		summary.device = response.device;
		await applyResults(db, userKey, rows, response.results, opts.dek, now(), summary);
		if (rows.length === 0) break;
	}
	if (summary.sent > 0 && summary.error === null) {
		await withDb(db, (d) => d.meta.put({ userKey, key: 'lastPushAt', value: now() }));
	}
	return summary;
}

async function markFailed(db: PolkuDb, rows: OutboxRow[], code: string, at: number): Promise<void> {
	if (rows.length === 0) return;
	await withDb(db, (d) =>
		d.transaction('rw', d.outbox, async () => {
			for (const row of rows) {
				const current = await d.outbox.get(row.mutationId);
				if (current?.state !== 'queued') continue;
				await d.outbox.update(row.mutationId, { attempts: current.attempts + 1, lastAttemptAt: at, lastError: code });
			}
		})
	);
}

/**
 * Crucial: the results of one batch are applied in ONE transaction, so a crash leaves either the
 * old rows (resent later, answered `duplicate`) or the new state, never a row half-way.
 */
async function applyResults(
	db: PolkuDb,
	userKey: string,
	rows: OutboxRow[],
	results: PushResult[],
	dek: CryptoKey | undefined,
	at: number,
	summary: PushSummary
): Promise<void> {
	const byId = new Map(results.map((r) => [r.mutationId, r]));
	// WebCrypto cannot run inside an IndexedDB transaction (it would auto-commit): encrypt first.
	const records: RecordRow[] = [];
	if (dek) {
		for (const result of results) {
			if (result.status !== 'conflict') continue;
			if (result.reason === 'field-conflict') {
				for (const c of result.conflicts) records.push(await conflictRecord(dek, userKey, c));
			} else if (result.server) {
				records.push({
					userKey,
					entity: 'quarantine-server',
					id: result.mutationId,
					version: result.server.version,
					updatedAt: at,
					deletedAt: null,
					pending: false,
					box: await recordBox(dek, userKey, 'quarantine-server', result.mutationId, result.server)
				});
			}
		}
	}

	await withDb(db, (d) =>
		d.transaction('rw', d.outbox, d.records, async () => {
			for (const row of rows) {
				const result = byId.get(row.mutationId);
				const current = await d.outbox.get(row.mutationId);
				if (!current) continue; // another pusher (page or SW) settled it meanwhile
				if (!result) {
					await d.outbox.update(row.mutationId, { attempts: current.attempts + 1, lastAttemptAt: at, lastError: 'no-result' });
					continue;
				}
				const base = { attempts: current.attempts + 1, lastAttemptAt: at };
				switch (result.status) {
					case 'applied':
					case 'duplicate':
						await settle(d, userKey, row.mutationId);
						if (result.status === 'applied') summary.applied++;
						else summary.duplicate++;
						break;
					case 'conflict':
						summary.conflicts++;
						if (result.reason === 'field-conflict') await settle(d, userKey, row.mutationId);
						else await d.outbox.update(row.mutationId, { ...base, state: 'conflict', reason: result.reason, lastError: null });
						break;
					case 'rejected':
						summary.rejected++;
						await d.outbox.update(row.mutationId, { ...base, state: 'rejected', problem: result.problem, lastError: null });
						break;
					case 'held':
						// Kept by the server for an admin: the device hands it over like an accepted item.
						summary.held++;
						await settle(d, userKey, row.mutationId);
						break;
				}
			}
			if (records.length > 0) await d.records.bulkPut(records);
		})
	);
}

/** The server has the mutation: the row and its plaintext copy go; the record's local copy stays until pulled back. */
async function settle(d: PolkuDb, userKey: string, mutationId: string): Promise<void> {
	await d.outbox.delete(mutationId);
	await d.records.delete([userKey, 'mutation', mutationId]);
	await d.records.delete([userKey, 'quarantine-server', mutationId]);
}

export async function conflictRecord(dek: CryptoKey, userKey: string, c: SyncConflict): Promise<RecordRow> {
	return {
		userKey,
		entity: 'conflict',
		id: c.id,
		version: 1,
		updatedAt: Date.parse(c.createdAt) || Date.now(),
		deletedAt: null,
		pending: false,
		box: await recordBox(dek, userKey, 'conflict', c.id, c)
	};
}

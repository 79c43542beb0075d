/**
 * The outbox (issue 3, point 3): sealed mutations under client-made UUIDv7 ids.
 *
 * Invariants:
 * - A mutation is validated with the shared MutationSchema BEFORE it is sealed: the server runs the
 *   same schema, so an item that fails here would only be rejected there.
 * - The envelope is sealed to the organisation's public key with associated data
 *   `syncAad(organisationId, mutationId, SYNC_SCHEMA_VERSION)`: it cannot be replayed under another
 *   id, organisation or schema version. The device cannot open it again.
 * - Mutation ids come from uuid's v7, which is monotonic within a page: rows made one after another
 *   sort in the order they were made, and the outbox is sent in mutationId order.
 * - Nothing here needs the DEK: the service worker uses these rows as they are.
 */
import {
	MutationSchema,
	SYNC_SCHEMA_VERSION,
	sealForOrg,
	syncAad,
	type Mutation,
	type OrganisationPublicKey
} from '@polku/shared';
import { v7 as uuidv7 } from 'uuid';
import { withDb, type OutboxRow, type OutboxRowState, type PolkuDb } from './db';

export interface SealTarget {
	userKey: string;
	organisationId: string;
	publicKey: OrganisationPublicKey;
}

export function newMutationId(): string {
	return uuidv7();
}

/**
 * The id of the record a mutation creates or changes (the conflict's id for conflict.resolve, the
 * client's id for client.set-hetu and client.viewed, the merge's id for client.merge/unmerge, the
 * report's id for coaching-report.printed).
 */
export function recordIdOf(mutation: Mutation): string {
	const data = mutation.data;
	if ('id' in data) return data.id;
	// Issue 5: `coaching-report.printed` names the report it was printed from.
	if ('reportId' in data) return data.reportId;
	return data.clientId;
}

/**
 * Validates and seals one mutation into an outbox row (not stored). Throws the ZodError of an
 * invalid mutation. `mutationId` is for tests and resends; by default a fresh UUIDv7.
 */
export async function sealMutation(target: SealTarget, mutation: Mutation, mutationId = newMutationId(), now = Date.now()): Promise<OutboxRow> {
	const valid = MutationSchema.parse(mutation);
	const plaintext = new TextEncoder().encode(JSON.stringify(valid));
	const envelope = await sealForOrg(
		target.publicKey.jwk,
		target.publicKey.kid,
		plaintext,
		syncAad(target.organisationId, mutationId, SYNC_SCHEMA_VERSION)
	);
	return {
		mutationId,
		userKey: target.userKey,
		kind: valid.kind,
		recordId: recordIdOf(valid),
		schemaVersion: SYNC_SCHEMA_VERSION,
		envelope,
		state: 'queued',
		attempts: 0,
		lastAttemptAt: null,
		lastError: null,
		problem: null,
		reason: null,
		createdAt: now
	};
}

/** Seal + put. Idempotent for a given row (put by mutationId). */
export async function enqueueMutation(db: PolkuDb, target: SealTarget, mutation: Mutation): Promise<OutboxRow> {
	const row = await sealMutation(target, mutation);
	await withDb(db, (d) => d.outbox.put(row));
	return row;
}

export interface OutboxCounts {
	queued: number;
	rejected: number;
	conflict: number;
}

export async function outboxCounts(db: PolkuDb, userKey: string): Promise<OutboxCounts> {
	return withDb(db, (d) =>
		d.transaction('r', d.outbox, async () => {
			const count = (state: OutboxRowState) => d.outbox.where('[userKey+state]').equals([userKey, state]).count();
			const [queued, rejected, conflict] = await Promise.all([count('queued'), count('rejected'), count('conflict')]);
			return { queued, rejected, conflict };
		})
	);
}

/** The user's rows in one state, in mutationId (= sending) order. */
export async function outboxRows(db: PolkuDb, userKey: string, state: OutboxRowState, limit?: number): Promise<OutboxRow[]> {
	return withDb(db, (d) => {
		const q = d.outbox.where('[userKey+state]').equals([userKey, state]);
		return (limit === undefined ? q : q.limit(limit)).toArray();
	});
}

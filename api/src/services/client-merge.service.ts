/**
 * Merging a pseudonymous contact or a duplicate client into a client, and undoing it within
 * MERGE_UNDO_DAYS (issue 4 contract, "Merge"). The source's content stays on the server (tombstoned,
 * `mergedInto` set) so an undo restores it; `client_merges.moved` lists exactly what moved, so undo
 * moves exactly that back. Audit rows are never rewritten: history and reads of the target include
 * its merged sources' rows (looked up through client_merges).
 */
import { CLIENT_ENCRYPTED_FIELDS, CLIENT_MERGE_FIELDS, clientFieldIssues, MERGE_UNDO_DAYS, scopeFor, type ClientFields, type ClientMergeInput, type ClientUnmerge } from '@polku/shared';
import { and, eq, isNull, ne } from 'drizzle-orm';
import type { OrgDbOrTx } from '../db';
import { anonymousContacts, attachments, clientMerges, clients, clientSensitive, consents, encounters, esfParticipations, followUps, memos, services, situations } from '../db/schema';
import { clientReaches } from './client-scope';
import { clientFor, responsibleProblem, unitKindOf } from './client-record.service';
import { checkEsfMerge } from './esf-participation.service';
import {
	audit,
	existingCreate,
	forbidden,
	invalid,
	recordMutation,
	reject,
	unknownReference,
	writeHistory,
	type ItemContext,
	type Outcome
} from './sync-push.service';
import {
	bumpClientRecords,
	clientColumnsOf,
	clientFieldsOf,
	clientHetu,
	clientMergeChange,
	hetuContext,
	newSyncedRow,
	nextChangeSeq,
	reaches,
	sensitiveContext,
	sensitiveFieldsOf,
	setClientWorkers,
	workersDiffer,
	type AnonymousContactRow,
	type ClientRow,
	type ClientSensitiveRow
} from './sync-records.service';

const DAY_MS = 24 * 60 * 60 * 1000;
const ENCRYPTED = new Set<string>(CLIENT_ENCRYPTED_FIELDS);

/** Records of a client that move with it (besides encounters), by the entity name kept in `moved`. */
const CLIENT_PARTS = {
	situation: situations,
	service: services,
	consent: consents,
	memo: memos,
	'follow-up': followUps,
	attachment: attachments,
	'esf-participation': esfParticipations
} as const;

type Fillable = Partial<ClientFields>;

/** A field counts as empty (fillable) when null or "unknown". */
const isEmpty = (v: unknown) => v === null || v === 'unknown' || (Array.isArray(v) && v.length === 0);
/** The value a field returns to when an undo clears a filled value. */
const emptyOf = (field: keyof ClientFields): unknown =>
	field === 'gender' || field === 'municipality' ? 'unknown' : field === 'birthDateEstimated' ? false : field === 'responsibleWorkerIds' ? [] : null;

/** What the source offers the target's empty fields. */
function sourceValues(ctx: ItemContext, source: { entity: 'client'; row: ClientRow } | { entity: 'anonymous-contact'; row: AnonymousContactRow }): Fillable {
	if (source.entity === 'anonymous-contact') {
		const a = source.row;
		return {
			nickname: a.nickname,
			gender: a.gender,
			municipality: a.municipality,
			...(a.birthYearEstimate !== null ? { birthYear: a.birthYearEstimate, birthDateEstimated: true } : {})
		};
	}
	return clientFieldsOf(source.row, ctx.org.keyring);
}

function computeFill(target: ClientFields, offered: Fillable): { next: ClientFields; filled: (keyof ClientFields)[] } {
	const next: ClientFields = { ...target };
	let filled: (keyof ClientFields)[] = [];
	for (const field of CLIENT_MERGE_FIELDS) {
		if (field === 'birthDateEstimated') continue;
		const offer = offered[field];
		if (offer === undefined || isEmpty(offer) || !isEmpty(target[field])) continue;
		(next as Record<string, unknown>)[field] = offer;
		filled.push(field);
	}
	if (filled.includes('birthYear') && offered.birthDateEstimated === true && !target.birthDateEstimated) {
		next.birthDateEstimated = true;
		filled.push('birthDateEstimated');
	}
	// A fill must not make the record inconsistent: drop filled fields an issue names, until none is left.
	for (let i = 0; i < 5; i++) {
		const bad = clientFieldIssues(next).map((x) => x.field).filter((f) => filled.includes(f));
		if (bad.length === 0) break;
		for (const f of bad) (next as Record<string, unknown>)[f] = target[f];
		filled = filled.filter((f) => !bad.includes(f));
	}
	return { next, filled };
}

/**
 * A fill of the target's empty responsible workers names people like an edit does (shared
 * client-workers.ts): it stays only when the writer may name them for the target and each may be
 * responsible in the target's unit; otherwise that field is left empty, the rest of the merge goes on.
 */
function workersFillAllowed(
	ctx: ItemContext,
	target: ClientRow,
	current: ClientFields,
	fill: { next: ClientFields; filled: (keyof ClientFields)[] }
): { next: ClientFields; filled: (keyof ClientFields)[] } {
	if (!fill.filled.includes('responsibleWorkerIds')) return fill;
	if (responsibleProblem(ctx, target, current.responsibleWorkerIds, fill.next.responsibleWorkerIds) === null) return fill;
	return { next: { ...fill.next, responsibleWorkerIds: current.responsibleWorkerIds }, filled: fill.filled.filter((f) => f !== 'responsibleWorkerIds') };
}

function bumpClient(ctx: ItemContext, row: ClientRow, set: Partial<ClientRow>): void {
	const at = ctx.meta.now.toISOString();
	ctx.tx
		.update(clients)
		.set({ ...set, version: row.version + 1, updatedAt: at, changeSeq: nextChangeSeq(ctx.tx) })
		.where(eq(clients.id, row.id))
		.run();
}

function moveEncounters(ctx: ItemContext, ids: string[], set: { clientId: string | null; anonymousContactId: string | null }): void {
	const at = ctx.meta.now.toISOString();
	for (const id of ids) {
		const row = ctx.tx.select({ version: encounters.version }).from(encounters).where(eq(encounters.id, id)).get();
		if (!row) continue;
		ctx.tx
			.update(encounters)
			.set({ ...set, version: row.version + 1, updatedAt: at, changeSeq: nextChangeSeq(ctx.tx) })
			.where(eq(encounters.id, id))
			.run();
	}
}

function moveParts(ctx: ItemContext, moved: Record<string, string[]>, to: { clientId: string; unitId: string }): void {
	const at = ctx.meta.now.toISOString();
	for (const [entity, table] of Object.entries(CLIENT_PARTS)) {
		for (const id of moved[entity] ?? []) {
			const row = ctx.tx.select({ version: table.version }).from(table).where(eq(table.id, id)).get();
			if (!row) continue;
			ctx.tx
				.update(table)
				.set({ ...to, version: row.version + 1, updatedAt: at, changeSeq: nextChangeSeq(ctx.tx) })
				.where(eq(table.id, id))
				.run();
		}
	}
}

/** Keys of `moved` for the parts of a client source that are not lists of record ids of their own. */
const MOVED_HETU = 'hetu';
const MOVED_SENSITIVE = 'client-sensitive';
const SENSITIVE_FIELDS = ['health', 'substanceUse'] as const;

const sensitiveRow = (ctx: ItemContext, clientId: string): ClientSensitiveRow | undefined =>
	ctx.tx.select().from(clientSensitive).where(eq(clientSensitive.id, clientId)).get();
/** A live special-category row with at least one value. */
const hasSensitive = (row: ClientSensitiveRow | undefined): row is ClientSensitiveRow =>
	row !== undefined && row.deletedAt === null && (row.health !== null || row.substanceUse !== null);

/**
 * Moves the source's special categories to a target that has none: the target's row gets the values
 * (encrypted under the target's contexts), the source's row is tombstoned (its content kept for undo).
 */
function moveSensitive(ctx: ItemContext, source: ClientRow, target: ClientRow): void {
	const { tx, org, viewer } = ctx;
	const at = ctx.meta.now.toISOString();
	const from = sensitiveRow(ctx, source.id);
	if (!from) return;
	const values = sensitiveFieldsOf(from, org.keyring);
	const sealed = Object.fromEntries(
		SENSITIVE_FIELDS.map((f) => [f, values[f] === null ? null : org.keyring.encryptField(values[f], sensitiveContext(f, target.id))])
	) as { health: string | null; substanceUse: string | null };
	const existing = sensitiveRow(ctx, target.id);
	if (existing) {
		tx.update(clientSensitive)
			.set({ ...sealed, unitId: target.unitId, deletedAt: null, version: existing.version + 1, updatedAt: at, changeSeq: nextChangeSeq(tx) })
			.where(eq(clientSensitive.id, target.id))
			.run();
	} else {
		tx.insert(clientSensitive)
			.values({ id: target.id, unitId: target.unitId, ...sealed, ...newSyncedRow(tx, viewer.userId, at) })
			.run();
	}
	tx.update(clientSensitive)
		.set({ deletedAt: at, version: from.version + 1, updatedAt: at, changeSeq: nextChangeSeq(tx) })
		.where(eq(clientSensitive.id, source.id))
		.run();
	for (const f of SENSITIVE_FIELDS) {
		if (values[f] === null) continue;
		writeHistory(ctx, { clientId: target.id, entity: 'client-sensitive', entityId: target.id, field: f, from: null, to: values[f], protection: 'encrypted' });
	}
}

/** Undo of moveSensitive: the source's row comes back; the target's values still equal to it are cleared. */
function restoreSensitive(ctx: ItemContext, source: ClientRow, target: ClientRow): void {
	const { tx, org } = ctx;
	const at = ctx.meta.now.toISOString();
	const from = sensitiveRow(ctx, source.id);
	if (!from) return;
	const back = sensitiveFieldsOf(from, org.keyring);
	const onTarget = sensitiveRow(ctx, target.id);
	if (onTarget && onTarget.deletedAt === null) {
		const now = sensitiveFieldsOf(onTarget, org.keyring);
		const cleared = SENSITIVE_FIELDS.filter((f) => now[f] !== null && now[f] === back[f]);
		if (cleared.length > 0) {
			tx.update(clientSensitive)
				.set({ ...Object.fromEntries(cleared.map((f) => [f, null])), version: onTarget.version + 1, updatedAt: at, changeSeq: nextChangeSeq(tx) })
				.where(eq(clientSensitive.id, target.id))
				.run();
			for (const f of cleared) {
				writeHistory(ctx, { clientId: target.id, entity: 'client-sensitive', entityId: target.id, field: f, from: now[f], to: null, protection: 'encrypted' });
			}
		}
	}
	tx.update(clientSensitive)
		.set({ deletedAt: null, version: from.version + 1, updatedAt: at, changeSeq: nextChangeSeq(tx) })
		.where(eq(clientSensitive.id, source.id))
		.run();
}

/**
 * What of a client source's henkilötunnus and special categories moves, checked before anything is
 * written: two different henkilötunnus codes are two different people (409 `hetu-differs`); a code
 * goes only into a unit that records one.
 */
function identityMoves(ctx: ItemContext, source: ClientRow, target: ClientRow): Record<string, string[]> {
	const out: Record<string, string[]> = {};
	if (source.hetuIndex !== null && target.hetuIndex !== null && source.hetuIndex !== target.hetuIndex) {
		throw reject(409, 'conflict', 'data.source.id', 'hetu-differs', 'Both records have a henkilötunnus and they differ: they are two different people.');
	}
	if (source.hetuIndex !== null && target.hetuIndex === null) {
		const kind = unitKindOf(ctx, target.unitId);
		if (kind === null || !ctx.settings.hetuUnitKinds.includes(kind)) {
			throw invalid('data.targetId', 'hetu-not-allowed', 'The source has a henkilötunnus, which the target\'s unit does not record: merge the other way.');
		}
		out[MOVED_HETU] = [source.id];
	}
	if (hasSensitive(sensitiveRow(ctx, source.id)) && !hasSensitive(sensitiveRow(ctx, target.id))) out[MOVED_SENSITIVE] = [source.id];
	return out;
}

/**
 * Merging or unmerging two clients moves a henkilötunnus and the special categories (health,
 * substance use) between them, so the writer must reach the special categories of both (read and
 * change): otherwise merging a colleague's client into one's own would carry its health data to
 * where the writer reads it. Refused (403) naming `field`, before anything is written.
 */
function requireSensitiveReach(ctx: ItemContext, row: ClientRow, field: string): void {
	const { tx, viewer } = ctx;
	if (!clientReaches(tx, viewer, row, 'client-sensitive', 'read') || !clientReaches(tx, viewer, row, 'client-sensitive', 'update')) {
		throw forbidden(field, 'Merging two clients needs access to the special categories (health, substance use) of both.');
	}
}

export function mergeClient(ctx: ItemContext, data: ClientMergeInput): Outcome {
	const { tx, viewer, org } = ctx;
	const existing = tx.select().from(clientMerges).where(eq(clientMerges.id, data.id)).get();
	if (existing) {
		const same = existing.targetId === data.targetId && existing.sourceEntity === data.source.entity && existing.sourceId === data.source.id;
		return existingCreate(ctx, 'client.merge', same && existing.createdBy === viewer.userId, same ? clientMergeChange(existing) : null);
	}
	const target = clientFor(ctx, data.targetId, 'data.targetId');
	let source: { entity: 'client'; row: ClientRow } | { entity: 'anonymous-contact'; row: AnonymousContactRow };
	const moved: Record<string, string[]> = {};
	if (data.source.entity === 'client') {
		source = { entity: 'client', row: clientFor(ctx, data.source.id, 'data.source.id') };
		requireSensitiveReach(ctx, target, 'data.targetId');
		requireSensitiveReach(ctx, source.row, 'data.source.id');
		Object.assign(moved, identityMoves(ctx, source.row, target));
		checkEsfMerge(ctx, source.row.id, target.id);
		moved.encounter = tx.select({ id: encounters.id }).from(encounters).where(eq(encounters.clientId, data.source.id)).all().map((r) => r.id);
		for (const [entity, table] of Object.entries(CLIENT_PARTS)) {
			const ids = tx.select({ id: table.id }).from(table).where(eq(table.clientId, data.source.id)).all().map((r) => r.id);
			if (ids.length > 0) moved[entity] = ids;
		}
	} else {
		const row = tx.select().from(anonymousContacts).where(eq(anonymousContacts.id, data.source.id)).get();
		if (row && !row.deletedAt && !reaches(scopeFor(viewer.roles, 'anonymous-contact', 'update'), viewer, row)) {
			throw forbidden('data.source.id', 'That contact is not yours to change.');
		}
		if (!row || row.deletedAt) throw unknownReference('data.source.id');
		source = { entity: 'anonymous-contact', row };
		moved.encounter = tx
			.select({ id: encounters.id })
			.from(encounters)
			.where(eq(encounters.anonymousContactId, data.source.id))
			.all()
			.map((r) => r.id);
	}
	const at = ctx.meta.now.toISOString();
	const current = clientFieldsOf(target, org.keyring);
	const { next, filled } = workersFillAllowed(ctx, target, current, computeFill(current, sourceValues(ctx, source)));
	const fillValues = Object.fromEntries(filled.map((f) => [f, next[f]])) as Partial<ClientFields>;

	moveEncounters(ctx, moved.encounter ?? [], { clientId: target.id, anonymousContactId: null });
	moveParts(ctx, moved, { clientId: target.id, unitId: target.unitId });
	let hetuSet: Partial<ClientRow> = {};
	if (source.entity === 'client' && moved[MOVED_HETU]) {
		const hetu = clientHetu(source.row, org.keyring);
		if (hetu === null) throw new Error('unreachable: a blind index without a henkilötunnus');
		// The unique index on live clients' hetu_index: the source lets go before the target takes it.
		// The source keeps its (encrypted) code for an undo, without the index.
		tx.update(clients).set({ hetuIndex: null }).where(eq(clients.id, source.row.id)).run();
		hetuSet = { hetu: org.keyring.encryptField(hetu, hetuContext(target.id)), hetuIndex: source.row.hetuIndex };
		writeHistory(ctx, { clientId: target.id, entity: 'hetu', entityId: target.id, field: 'hetu', from: null, to: null, protection: 'withheld' });
	}
	if (source.entity === 'client' && moved[MOVED_SENSITIVE]) moveSensitive(ctx, source.row, target);
	bumpClient(ctx, target, { ...clientColumnsOf(fillValues, target.id, org.keyring), ...hetuSet });
	const scopeChanged = workersDiffer(current.responsibleWorkerIds, next.responsibleWorkerIds);
	if (scopeChanged) setClientWorkers(tx, target.id, next.responsibleWorkerIds);
	for (const field of filled) {
		writeHistory(ctx, {
			clientId: target.id,
			entity: 'client',
			entityId: target.id,
			field,
			from: current[field],
			to: next[field],
			protection: ENCRYPTED.has(field) ? 'encrypted' : 'plain'
		});
	}
	if (source.entity === 'client') {
		bumpClient(ctx, source.row, { deletedAt: at, mergedInto: target.id });
	} else {
		tx.update(anonymousContacts)
			.set({ deletedAt: at, mergedInto: target.id, version: source.row.version + 1, updatedAt: at, changeSeq: nextChangeSeq(tx) })
			.where(eq(anonymousContacts.id, source.row.id))
			.run();
	}
	tx.insert(clientMerges)
		.values({
			id: data.id,
			targetId: target.id,
			unitId: target.unitId,
			sourceEntity: data.source.entity,
			sourceId: data.source.id,
			moved,
			filledFields: filled,
			undoUntil: new Date(ctx.meta.now.getTime() + MERGE_UNDO_DAYS * DAY_MS).toISOString(),
			undoneAt: null,
			undoneBy: null,
			...newSyncedRow(tx, viewer.userId, at)
		})
		.run();
	writeHistory(ctx, { clientId: target.id, entity: 'merge', entityId: data.id, field: 'merged', from: null, to: data.source.id, protection: 'plain' });
	// New responsible workers reach the target: re-send all its records (those moved included).
	if (scopeChanged) bumpClientRecords(tx, target.id);
	recordMutation(ctx, 'client.merge', 'applied');
	const counts = Object.fromEntries(Object.entries(moved).map(([k, v]) => [k, v.length]));
	audit(ctx, 'client.merge', 'client', target.id, { mergeId: data.id, sourceEntity: data.source.entity, sourceId: data.source.id, moved: counts, filledFields: filled });
	return { status: 'applied', entity: 'client-merge', id: data.id, version: 1 };
}

export function unmergeClient(ctx: ItemContext, data: ClientUnmerge): Outcome {
	const { tx, viewer, org } = ctx;
	const merge = tx.select().from(clientMerges).where(eq(clientMerges.id, data.id)).get();
	if (!merge) throw unknownReference('data.id');
	const target = clientFor(ctx, merge.targetId, 'data.id');
	// An undo moves the special categories and the henkilötunnus back: the same reach as the merge.
	if (merge.sourceEntity === 'client') {
		const sourceRow = tx.select().from(clients).where(eq(clients.id, merge.sourceId)).get();
		if (!sourceRow) throw unknownReference('data.id');
		requireSensitiveReach(ctx, target, 'data.id');
		requireSensitiveReach(ctx, sourceRow, 'data.id');
	}
	if (merge.undoneAt !== null) {
		recordMutation(ctx, 'client.unmerge', 'duplicate');
		return { status: 'duplicate' };
	}
	if (ctx.meta.now.toISOString() > merge.undoUntil) {
		throw reject(409, 'conflict', 'data.id', 'merge-expired', `A merge can be undone for ${MERGE_UNDO_DAYS} days.`);
	}
	const at = ctx.meta.now.toISOString();
	const moved = merge.moved;
	let offered: Fillable;
	/** A client source that comes back: all its records are re-sent (it was a tombstone on devices). */
	let restored: string | null = null;
	if (merge.sourceEntity === 'client') {
		const source = tx.select().from(clients).where(eq(clients.id, merge.sourceId)).get();
		if (!source) throw unknownReference('data.id');
		// The henkilötunnus that moved goes back (its index recomputed from the code the source kept).
		const hetuMoved = moved[MOVED_HETU] !== undefined;
		const sourceHetu = hetuMoved ? clientHetu(source, org.keyring) : null;
		const restoreIndex = sourceHetu !== null ? org.keyring.blindIndex(sourceHetu, 'hetu') : source.hetuIndex;
		const takeBack = hetuMoved && restoreIndex !== null && target.hetuIndex === restoreIndex;
		if (restoreIndex !== null) {
			const holder = tx
				.select({ id: clients.id })
				.from(clients)
				.where(and(eq(clients.hetuIndex, restoreIndex), isNull(clients.deletedAt), ne(clients.id, source.id)))
				.get();
			if (holder && !(takeBack && holder.id === target.id)) {
				throw reject(409, 'conflict', 'data.id', 'hetu-duplicate', 'Another client now has the source\'s henkilötunnus.');
			}
		}
		if (takeBack) {
			// The target lets go of the index before the restored source takes it (unique on live clients).
			tx.update(clients).set({ hetu: null, hetuIndex: null }).where(eq(clients.id, target.id)).run();
			writeHistory(ctx, { clientId: target.id, entity: 'hetu', entityId: target.id, field: 'hetu', from: null, to: null, protection: 'withheld' });
		}
		offered = clientFieldsOf(source, org.keyring);
		bumpClient(ctx, source, { deletedAt: null, mergedInto: null, hetuIndex: restoreIndex });
		moveEncounters(ctx, moved.encounter ?? [], { clientId: source.id, anonymousContactId: null });
		moveParts(ctx, moved, { clientId: source.id, unitId: source.unitId });
		if (moved[MOVED_SENSITIVE]) restoreSensitive(ctx, source, target);
		restored = source.id;
	} else {
		const source = tx.select().from(anonymousContacts).where(eq(anonymousContacts.id, merge.sourceId)).get();
		if (!source) throw unknownReference('data.id');
		offered = sourceValues(ctx, { entity: 'anonymous-contact', row: source });
		tx.update(anonymousContacts)
			.set({ deletedAt: null, mergedInto: null, version: source.version + 1, updatedAt: at, changeSeq: nextChangeSeq(tx) })
			.where(eq(anonymousContacts.id, source.id))
			.run();
		moveEncounters(ctx, moved.encounter ?? [], { clientId: null, anonymousContactId: source.id });
	}
	// Clear the filled fields that still hold the value the merge put there.
	const current = clientFieldsOf(target, org.keyring);
	const cleared: Partial<ClientFields> = {};
	for (const f of merge.filledFields as (keyof ClientFields)[]) {
		if (JSON.stringify(current[f]) === JSON.stringify(offered[f])) (cleared as Record<string, unknown>)[f] = emptyOf(f);
	}
	bumpClient(ctx, target, clientColumnsOf(cleared, target.id, org.keyring));
	const scopeChanged = cleared.responsibleWorkerIds !== undefined && workersDiffer(current.responsibleWorkerIds, cleared.responsibleWorkerIds);
	if (scopeChanged) setClientWorkers(tx, target.id, cleared.responsibleWorkerIds ?? []);
	for (const [field, to] of Object.entries(cleared)) {
		writeHistory(ctx, {
			clientId: target.id,
			entity: 'client',
			entityId: target.id,
			field,
			from: current[field as keyof ClientFields],
			to,
			protection: ENCRYPTED.has(field) ? 'encrypted' : 'plain'
		});
	}
	const version = merge.version + 1;
	tx.update(clientMerges)
		.set({ undoneAt: at, undoneBy: viewer.userId, version, updatedAt: at, changeSeq: nextChangeSeq(tx) })
		.where(eq(clientMerges.id, merge.id))
		.run();
	writeHistory(ctx, { clientId: target.id, entity: 'merge', entityId: merge.id, field: 'unmerged', from: null, to: merge.sourceId, protection: 'plain' });
	if (restored !== null) bumpClientRecords(tx, restored);
	if (scopeChanged) bumpClientRecords(tx, target.id);
	recordMutation(ctx, 'client.unmerge', 'applied');
	audit(ctx, 'client.unmerge', 'client', target.id, { mergeId: merge.id, sourceEntity: merge.sourceEntity, sourceId: merge.sourceId, cleared: Object.keys(cleared) });
	return { status: 'applied', entity: 'client-merge', id: merge.id, version };
}

/** Ids of the clients and contacts merged (not undone) into `clientId`, for history and reads. */
export function mergedSourceIds(db: OrgDbOrTx, clientId: string): string[] {
	return db
		.select({ sourceId: clientMerges.sourceId })
		.from(clientMerges)
		.where(and(eq(clientMerges.targetId, clientId), isNull(clientMerges.undoneAt)))
		.all()
		.map((r) => r.sourceId);
}

/**
 * Server sync (issue 3; DESIGN.md "The way data travels" 4–5, "Sync rules").
 *
 * Push takes sealed mutations from a device and answers each one, in order: `applied`, `duplicate`,
 * `conflict` or `rejected`. An item never fails the batch. Per item:
 *   schema version → cut-off (revoked device / deactivated user) → open the envelope with
 *   aad = syncAad(org, mutation id, schema version) → validate with the shared MutationSchema →
 *   then, in ONE IMMEDIATE transaction: mutation id seen? → permission and scope → references →
 *   apply → record the mutation id → audit.
 * **Exactly once:** the mutation id is recorded in the same transaction as the change, and looked up
 * inside that transaction before anything is written; writes are serialised, so the same mutation
 * sent twice at once (page and service worker, or a retried request) is applied once and answered
 * `duplicate` the second time. Resending is always safe.
 *
 * Pull returns what the user may read, changed since the cursor, in change-sequence order, with
 * tombstones; the audit row of each page counts records, never shows them.
 */
import {
	ClientFieldsSchema,
	MUTATION_PERMISSION,
	MutationSchema,
	scopeFor,
	SUPPORTED_SYNC_SCHEMA_VERSIONS,
	syncAad,
	type AnonymousContactInput,
	type ClientFields,
	type ClientInput,
	type ClientUpdate,
	type ConflictResolve,
	type EncounterInput,
	type FieldError,
	type Mutation,
	type ProblemCode,
	type PullResponse,
	type PushItem,
	type PushResponse,
	type PushResult,
	type SyncChange,
	type SyncConflict,
	mergeFields,
	type FieldChanges
} from '@polku/shared';
import { and, asc, eq, gt } from 'drizzle-orm';
import { createHash, randomUUID } from 'node:crypto';
import type { OrgTx } from '../db';
import { hotStatements, type HotStatements } from '../db/hot-statements';
import type { OrgHandle } from '../db/org-registry';
import { anonymousContacts, clients, encounters, syncConflicts } from '../db/schema';
import type { DeviceAuth } from '../lib/app-types';
import { canonicalJson } from '../lib/canonical-json';
import { ValidationFailed } from '../lib/errors';
import { buildProblem, fieldErrors } from '../middlewares/on-error';
import { appendAudit, appendAuditFast } from './audit.service';
import { deviceStatus, touchDevice, type DeviceRow } from './device.service';
import {
	anonymousContactChange,
	canSee,
	clientChange,
	conflictChange,
	currentChangeSeq,
	encounterChange,
	encounterNoteContext,
	insertClient,
	nextChangeSeq,
	reaches,
	scopeCondition,
	toAnonymousContactDto,
	toConflictDto,
	toEncounterDto,
	type ClientRow,
	type Viewer
} from './sync-records.service';

export type SyncMeta = { now: Date; address: string | null; instance: string; requestId: string };

/** The millisecond timestamp of a UUIDv7 (its first 48 bits). */
export function uuidv7Time(id: string): number {
	return Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
}

/** A per-item refusal: becomes `rejected` with a problem; nothing of the item was written. */
class ItemRejected extends Error {
	constructor(
		readonly status: number,
		readonly code: ProblemCode,
		readonly errors: FieldError[],
		readonly detail: string
	) {
		super(code);
	}
}

const reject = (status: number, code: ProblemCode, field: string, errorCode: string, detail: string) =>
	new ItemRejected(status, code, [{ field, code: errorCode, message: detail }], detail);

const forbidden = (field: string, detail = 'Your role or units do not allow this.') => reject(403, 'forbidden', field, 'forbidden', detail);
const unknownReference = (field: string) => reject(422, 'unknown-reference', field, 'unknown-reference', 'The referenced record does not exist.');

/** Answers of one item that are not rejections (rejections travel as ItemRejected). */
type Outcome =
	| { status: 'applied'; entity: 'client' | 'encounter' | 'anonymous-contact' | 'conflict'; id: string; version: number }
	| { status: 'duplicate' }
	| { status: 'conflict'; reason: 'field-conflict' | 'mutation-reused' | 'record-exists'; server: SyncChange | null; conflicts: SyncConflict[] };

type ItemContext = {
	tx: OrgTx;
	/** Prepared statements on the same connection (db/hot-statements.ts): the encounter path uses them. */
	hot: HotStatements;
	org: OrgHandle;
	viewer: Viewer;
	device: DeviceRow;
	mutationId: string;
	contentHash: string;
	meta: SyncMeta;
};

export function push(auth: DeviceAuth, items: PushItem[], meta: SyncMeta): PushResponse {
	const { org, device, user } = auth;
	const status = deviceStatus(device, user, meta.now);
	const viewer: Viewer = { userId: user.id, roles: user.roles, unitIds: auth.unitIds };
	const rejected = (error: ItemRejected, mutationId: string): PushResult => ({
		mutationId,
		status: 'rejected',
		problem: buildProblem(error.status, error.code, { detail: error.detail, errors: error.errors, instance: meta.instance, requestId: meta.requestId })
	});
	// Opening and validating needs no lock: done for every item before the transaction.
	const opened = items.map((item) => {
		try {
			return { item, ready: openItem(auth, status.cutoffMs, item) };
		} catch (error) {
			if (error instanceof ItemRejected) return { item, error };
			throw error;
		}
	});
	// Crucial transaction: one IMMEDIATE transaction for the batch, one SAVEPOINT per item. An item
	// that is refused rolls back to its savepoint and leaves the others; each applied item's change,
	// its mutation id and its audit row commit together, or (on a crash) not at all, and the device
	// then sends the batch again and gets `duplicate` for what did commit.
	const results = org.write((tx) => {
		const out = opened.map(({ item, ready, error }): PushResult => {
			if (error) return rejected(error, item.mutationId);
			if (!ready) throw new Error('unreachable');
			try {
				const outcome = tx.transaction((sp) => applyItem(sp, org, viewer, device, item.mutationId, ready, meta));
				return { mutationId: item.mutationId, ...outcome } as PushResult;
			} catch (e) {
				if (e instanceof ItemRejected) return rejected(e, item.mutationId);
				throw e;
			}
		});
		touchDevice(tx, device.id, meta.now);
		return out;
	});
	return { results, device: { status: status.status, wipe: status.wipe }, serverTime: meta.now.toISOString() };
}

type OpenedItem = { mutation: Mutation; contentHash: string };

/** Steps 1–3 of an item: schema version, cut-off, envelope, validation. Throws ItemRejected. */
function openItem(auth: DeviceAuth, cutoffMs: number | null, item: PushItem): OpenedItem {
	const { org } = auth;
	if (!SUPPORTED_SYNC_SCHEMA_VERSIONS.includes(item.schemaVersion)) {
		throw reject(422, 'schema-unsupported', 'schemaVersion', 'unsupported', 'This schema version is not supported by the server.');
	}
	if (cutoffMs !== null && uuidv7Time(item.mutationId) > cutoffMs) {
		throw reject(403, 'device-revoked', 'mutationId', 'after-revocation', 'Made after the device was revoked or its user deactivated.');
	}
	let plaintext: Uint8Array;
	try {
		plaintext = org.keyring.openSync(item.envelope, syncAad(org.id, item.mutationId, item.schemaVersion));
	} catch {
		throw reject(422, 'seal-invalid', 'envelope', 'seal-invalid', 'The envelope does not open for this organisation, mutation id and schema version.');
	}
	let raw: unknown;
	try {
		raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
	} catch {
		throw reject(422, 'validation-failed', '', 'malformed-json', 'The sealed content is not JSON.');
	}
	const parsed = MutationSchema.safeParse(raw);
	if (!parsed.success) throw new ItemRejected(422, 'validation-failed', fieldErrors(parsed.error), 'The mutation is not valid.');
	return { mutation: parsed.data, contentHash: createHash('sha256').update(canonicalJson(raw)).digest('hex') };
}

/** Steps 4–8, inside the item's savepoint: mutation id seen? → permission → references → apply. */
function applyItem(tx: OrgTx, org: OrgHandle, viewer: Viewer, device: DeviceRow, mutationId: string, opened: OpenedItem, meta: SyncMeta): Outcome {
	const { mutation, contentHash } = opened;
	const hot = hotStatements(org.sqlite);
	const seen = hot.mutationHash.get(mutationId);
	if (seen) {
		return seen.contentHash === contentHash ? { status: 'duplicate' } : { status: 'conflict', reason: 'mutation-reused', server: null, conflicts: [] };
	}
	const grant = MUTATION_PERMISSION[mutation.kind];
	if (scopeFor(viewer.roles, grant.resource, grant.action) === null) throw forbidden('kind');
	return apply({ tx, hot, org, viewer, device, mutationId, contentHash, meta }, mutation);
}

function apply(ctx: ItemContext, mutation: Mutation): Outcome {
	switch (mutation.kind) {
		case 'encounter.create':
			return createEncounter(ctx, mutation.data);
		case 'anonymous-contact.create':
			return createAnonymousContact(ctx, mutation.data);
		case 'client.create':
			return createClient(ctx, mutation.data);
		case 'client.update':
			return updateClient(ctx, mutation.data);
		case 'conflict.resolve':
			return resolveConflict(ctx, mutation.data);
	}
}

function recordMutation(ctx: ItemContext, kind: Mutation['kind'], result: string): void {
	ctx.hot.insertMutation.run({
		mutationId: ctx.mutationId,
		userId: ctx.viewer.userId,
		deviceId: ctx.device.id,
		kind,
		contentHash: ctx.contentHash,
		result,
		at: ctx.meta.now.toISOString()
	});
}

function audit(ctx: ItemContext, action: Mutation['kind'], entity: string, entityId: string, detail: Record<string, unknown> = {}): void {
	appendAuditFast(ctx.org.sqlite, {
		at: ctx.meta.now,
		actorId: ctx.viewer.userId,
		action,
		entity,
		entityId,
		address: ctx.meta.address,
		detail: { mutationId: ctx.mutationId, deviceId: ctx.device.id, ...detail }
	});
}

/** A record that is created: `unitId` must be one of the writer's units (any unit for organisation scope). */
function requireCreateUnit(ctx: ItemContext, resource: 'client' | 'encounter' | 'anonymous-contact', unitId: string): void {
	const scope = scopeFor(ctx.viewer.roles, resource, 'create');
	if (scope !== 'organisation' && !ctx.viewer.unitIds.includes(unitId)) throw forbidden('data.unitId', 'You may only add records to your own units.');
	const unit = ctx.hot.unit.get(unitId);
	if (!unit || unit.deletedAt) throw unknownReference('data.unitId');
}

/** A create whose id exists: the same content is a duplicate (recorded), other content a conflict. */
function existingCreate(ctx: ItemContext, kind: Mutation['kind'], same: boolean, server: SyncChange | null): Outcome {
	if (same) {
		recordMutation(ctx, kind, 'duplicate');
		return { status: 'duplicate' };
	}
	return { status: 'conflict', reason: 'record-exists', server, conflicts: [] };
}

const sameContent = <T extends object>(input: T, stored: Record<string, unknown>): boolean =>
	canonicalJson(input) === canonicalJson(Object.fromEntries(Object.keys(input).map((k) => [k, stored[k]])));

function createEncounter(ctx: ItemContext, data: EncounterInput): Outcome {
	const { tx, org, viewer } = ctx;
	requireCreateUnit(ctx, 'encounter', data.unitId);
	if (data.clientId !== null) {
		const client = ctx.hot.clientRef.get(data.clientId);
		if (client && !client.deletedAt && !canSee(viewer, 'client', client)) throw forbidden('data.clientId', 'That client is not yours to see.');
		if (!client || client.deletedAt) throw unknownReference('data.clientId');
	}
	if (data.anonymousContactId !== null) {
		const contact = ctx.hot.contactRef.get(data.anonymousContactId);
		if (contact && !contact.deletedAt && !canSee(viewer, 'anonymous-contact', contact)) {
			throw forbidden('data.anonymousContactId', 'That contact is not yours to see.');
		}
		if (!contact || contact.deletedAt) throw unknownReference('data.anonymousContactId');
	}
	const existing = ctx.hot.encounterExists.get(data.id) ? tx.select().from(encounters).where(eq(encounters.id, data.id)).get() : undefined;
	if (existing) {
		const visible = canSee(viewer, 'encounter', existing);
		const same = !existing.deletedAt && sameContent(data, toEncounterDto(existing, org.keyring));
		return existingCreate(ctx, 'encounter.create', same && visible, visible ? encounterChange(existing, org.keyring) : null);
	}
	const at = ctx.meta.now.toISOString();
	ctx.hot.insertEncounter.run({
		...data,
		topics: JSON.stringify(data.topics),
		actions: JSON.stringify(data.actions),
		note: org.keyring.encryptField(data.note, encounterNoteContext(data.id)),
		createdBy: viewer.userId,
		at,
		changeSeq: ctx.hot.nextSeq.get()?.seq ?? nextChangeSeq(tx)
	});
	recordMutation(ctx, 'encounter.create', 'applied');
	audit(ctx, 'encounter.create', 'encounter', data.id, { unitId: data.unitId });
	return { status: 'applied', entity: 'encounter', id: data.id, version: 1 };
}

function createAnonymousContact(ctx: ItemContext, data: AnonymousContactInput): Outcome {
	const { tx, viewer } = ctx;
	requireCreateUnit(ctx, 'anonymous-contact', data.unitId);
	const existing = tx.select().from(anonymousContacts).where(eq(anonymousContacts.id, data.id)).get();
	if (existing) {
		const visible = canSee(viewer, 'anonymous-contact', existing);
		const same = !existing.deletedAt && sameContent(data, toAnonymousContactDto(existing));
		return existingCreate(ctx, 'anonymous-contact.create', same && visible, visible ? anonymousContactChange(existing) : null);
	}
	const at = ctx.meta.now.toISOString();
	tx.insert(anonymousContacts)
		.values({ ...data, version: 1, createdBy: viewer.userId, createdAt: at, updatedAt: at, deletedAt: null, changeSeq: nextChangeSeq(tx) })
		.run();
	recordMutation(ctx, 'anonymous-contact.create', 'applied');
	audit(ctx, 'anonymous-contact.create', 'anonymous-contact', data.id, { unitId: data.unitId });
	return { status: 'applied', entity: 'anonymous-contact', id: data.id, version: 1 };
}

function createClient(ctx: ItemContext, data: ClientInput): Outcome {
	const { tx, viewer } = ctx;
	requireCreateUnit(ctx, 'client', data.unitId);
	const existing = tx.select().from(clients).where(eq(clients.id, data.id)).get();
	if (existing) {
		const visible = canSee(viewer, 'client', existing);
		const same = !existing.deletedAt && sameContent(data, existing);
		return existingCreate(ctx, 'client.create', same && visible, visible ? clientChange(existing) : null);
	}
	insertClient(tx, data, viewer.userId, ctx.meta.now);
	recordMutation(ctx, 'client.create', 'applied');
	audit(ctx, 'client.create', 'client', data.id, { unitId: data.unitId });
	return { status: 'applied', entity: 'client', id: data.id, version: 1 };
}

/** A client the viewer may update, or the rejection naming `field`. */
function clientForUpdate(ctx: ItemContext, id: string, field: string): ClientRow {
	const row = ctx.tx.select().from(clients).where(eq(clients.id, id)).get();
	if (row && !row.deletedAt && !reaches(scopeFor(ctx.viewer.roles, 'client', 'update'), ctx.viewer, row)) {
		throw forbidden(field, 'That client is not yours to change.');
	}
	if (!row || row.deletedAt) throw unknownReference(field);
	return row;
}

const fieldsOf = (row: ClientRow): ClientFields => ({
	firstName: row.firstName,
	lastName: row.lastName,
	nickname: row.nickname,
	birthYear: row.birthYear,
	gender: row.gender,
	municipality: row.municipality
});

const hasSomeName = (f: ClientFields) => f.nickname !== null || (f.firstName !== null && f.lastName !== null);

function nameRequired(field: string): ItemRejected {
	return reject(422, 'validation-failed', field, 'name-required', 'A client needs a first and last name, or a nickname.');
}

function updateClient(ctx: ItemContext, data: ClientUpdate): Outcome {
	const { tx } = ctx;
	const row = clientForUpdate(ctx, data.id, 'data.id');
	const merged = mergeFields(fieldsOf(row), data.changes as FieldChanges<ClientFields>);
	if (!hasSomeName(merged.next)) throw nameRequired('data.changes.nickname');
	const at = ctx.meta.now.toISOString();
	let current: ClientRow = row;
	if (merged.applied.length > 0) {
		current = { ...row, ...merged.next, version: row.version + 1, updatedAt: at, changeSeq: nextChangeSeq(tx) };
		tx.update(clients).set(current).where(eq(clients.id, row.id)).run();
	}
	const conflicts = merged.conflicts.map((c) => {
		const conflict = {
			id: randomUUID(),
			entity: 'client' as const,
			entityId: row.id,
			field: c.field,
			base: c.base,
			mine: c.mine,
			server: c.server,
			mutationId: ctx.mutationId,
			authorId: ctx.viewer.userId,
			version: 1,
			createdAt: at,
			updatedAt: at,
			resolvedAt: null,
			resolution: null,
			changeSeq: nextChangeSeq(tx)
		};
		tx.insert(syncConflicts).values(conflict).run();
		return toConflictDto(conflict);
	});
	recordMutation(ctx, 'client.update', conflicts.length > 0 ? 'field-conflict' : 'applied');
	audit(ctx, 'client.update', 'client', row.id, { fields: merged.applied, conflictFields: conflicts.map((c) => c.field) });
	if (conflicts.length > 0) return { status: 'conflict', reason: 'field-conflict', server: clientChange(current), conflicts };
	return { status: 'applied', entity: 'client', id: row.id, version: current.version };
}

function resolveConflict(ctx: ItemContext, data: ConflictResolve): Outcome {
	const { tx } = ctx;
	const conflict = tx.select().from(syncConflicts).where(eq(syncConflicts.id, data.id)).get();
	if (conflict && conflict.authorId !== ctx.viewer.userId) throw forbidden('data.id', 'Only its author resolves a conflict.');
	if (!conflict) throw unknownReference('data.id');
	if (conflict.resolvedAt) {
		recordMutation(ctx, 'conflict.resolve', 'duplicate');
		return { status: 'duplicate' };
	}
	const at = ctx.meta.now.toISOString();
	if (data.keep === 'mine') {
		const row = clientForUpdate(ctx, conflict.entityId, 'data.id');
		const field = ClientFieldsSchema.keyof().parse(conflict.field);
		const value = ClientFieldsSchema.shape[field].safeParse(conflict.mine);
		if (!value.success) throw reject(422, 'validation-failed', 'data.keep', 'invalid', 'The kept value is no longer valid.');
		const next = { ...fieldsOf(row), [field]: value.data };
		if (!hasSomeName(next)) throw nameRequired('data.keep');
		tx.update(clients)
			.set({ ...next, version: row.version + 1, updatedAt: at, changeSeq: nextChangeSeq(tx) })
			.where(eq(clients.id, row.id))
			.run();
	}
	const version = conflict.version + 1;
	tx.update(syncConflicts)
		.set({ resolvedAt: at, resolution: data.keep, version, updatedAt: at, changeSeq: nextChangeSeq(tx) })
		.where(eq(syncConflicts.id, conflict.id))
		.run();
	recordMutation(ctx, 'conflict.resolve', 'applied');
	audit(ctx, 'conflict.resolve', 'conflict', conflict.id, { keep: data.keep, entityId: conflict.entityId, field: conflict.field });
	return { status: 'applied', entity: 'conflict', id: conflict.id, version };
}

// ---------------------------------------------------------------------------------------------------
// Pull

export type PullInput = { since?: string | undefined; limit: number };

function parseCursor(since: string | undefined): number {
	if (since === undefined || since === '') return 0;
	if (!/^\d{1,15}$/.test(since)) {
		throw new ValidationFailed([{ field: 'since', code: 'invalid-cursor', message: 'Not a cursor this server gave out.' }]);
	}
	return Number(since);
}

/**
 * One page of changes the viewer may read, oldest first. The page and the cursor come from one
 * IMMEDIATE transaction (which also writes the audit row), so the cursor is exact: when nothing more
 * waits, it moves to the head of the sequence, past changes the viewer may not see.
 */
export function pull(org: OrgHandle, viewer: Viewer, device: DeviceRow, input: PullInput, meta: SyncMeta): PullResponse {
	const since = parseCursor(input.since);
	const limit = input.limit;
	return org.write((tx) => {
		if (device.revokedAt) {
			appendAudit(tx, {
				at: meta.now,
				actorId: viewer.userId,
				action: 'sync.pull',
				entity: 'device',
				entityId: device.id,
				address: meta.address,
				detail: { since, count: 0, revoked: true }
			});
			return { changes: [], cursor: String(since), more: false, device: { status: 'revoked', wipe: true } };
		}
		type Row = { seq: number; change: () => SyncChange; entity: SyncChange['entity'] };
		const rows: Row[] = [];
		const take = limit + 1;
		const scoped = <T extends typeof clients | typeof encounters | typeof anonymousContacts>(table: T, resource: 'client' | 'encounter' | 'anonymous-contact') => {
			const cond = scopeCondition(table, resource, viewer);
			return cond === false ? null : and(gt(table.changeSeq, since), cond);
		};
		const clientWhere = scoped(clients, 'client');
		if (clientWhere) {
			for (const r of tx.select().from(clients).where(clientWhere).orderBy(asc(clients.changeSeq)).limit(take).all()) {
				rows.push({ seq: r.changeSeq, entity: 'client', change: () => clientChange(r) });
			}
		}
		const contactWhere = scoped(anonymousContacts, 'anonymous-contact');
		if (contactWhere) {
			for (const r of tx.select().from(anonymousContacts).where(contactWhere).orderBy(asc(anonymousContacts.changeSeq)).limit(take).all()) {
				rows.push({ seq: r.changeSeq, entity: 'anonymous-contact', change: () => anonymousContactChange(r) });
			}
		}
		const encounterWhere = scoped(encounters, 'encounter');
		if (encounterWhere) {
			for (const r of tx.select().from(encounters).where(encounterWhere).orderBy(asc(encounters.changeSeq)).limit(take).all()) {
				rows.push({ seq: r.changeSeq, entity: 'encounter', change: () => encounterChange(r, org.keyring) });
			}
		}
		const conflictWhere = and(gt(syncConflicts.changeSeq, since), eq(syncConflicts.authorId, viewer.userId));
		for (const r of tx.select().from(syncConflicts).where(conflictWhere).orderBy(asc(syncConflicts.changeSeq)).limit(take).all()) {
			rows.push({ seq: r.changeSeq, entity: 'conflict', change: () => conflictChange(r) });
		}
		rows.sort((a, b) => a.seq - b.seq);
		const page = rows.slice(0, limit);
		const more = rows.length > limit;
		const last = page[page.length - 1];
		const cursor = more && last ? last.seq : Math.max(since, currentChangeSeq(tx));
		const changes = page.map((r) => r.change());
		const counts: Record<string, number> = {};
		for (const r of page) counts[r.entity] = (counts[r.entity] ?? 0) + 1;
		appendAudit(tx, {
			at: meta.now,
			actorId: viewer.userId,
			action: 'sync.pull',
			entity: 'device',
			entityId: device.id,
			address: meta.address,
			detail: { since, cursor, count: changes.length, counts, more }
		});
		return { changes, cursor: String(cursor), more, device: { status: 'active', wipe: false } };
	});
}

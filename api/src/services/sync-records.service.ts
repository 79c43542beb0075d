/**
 * The synced records (clients, anonymous contacts, encounters, conflicts): their wire shapes, who may
 * see them, and the organisation's change sequence that orders them for pull.
 *
 * Invariant: every insert or update of a synced row sets `changeSeq = nextChangeSeq(tx)` in the same
 * transaction, so a pull cursor (the last sequence seen) never skips a committed change.
 */
import {
	scopeFor,
	type AnonymousContact,
	type Client,
	type ClientInput,
	type Encounter,
	type Resource,
	type Role,
	type Scope,
	type SyncChange,
	type SyncConflict
} from '@polku/shared';
import { eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { OrgDbOrTx } from '../db';
import { anonymousContacts, clients, encounters, syncConflicts, syncCounter } from '../db/schema';
import type { OrgKeyring } from '../lib/crypto';

export type ClientRow = typeof clients.$inferSelect;
export type EncounterRow = typeof encounters.$inferSelect;
export type AnonymousContactRow = typeof anonymousContacts.$inferSelect;
export type ConflictRow = typeof syncConflicts.$inferSelect;

/** Whose eyes: the device owner (push) or the signed-in user (pull). */
export type Viewer = { userId: string; roles: readonly Role[]; unitIds: readonly string[] };

/** Takes the next value of the organisation's change sequence. Call inside the writing transaction. */
export function nextChangeSeq(tx: OrgDbOrTx): number {
	const row = tx
		.insert(syncCounter)
		.values({ id: 1, seq: 1 })
		.onConflictDoUpdate({ target: syncCounter.id, set: { seq: sql`${syncCounter.seq} + 1` } })
		.returning({ seq: syncCounter.seq })
		.get();
	return row.seq;
}

export function currentChangeSeq(db: OrgDbOrTx): number {
	return db.select({ seq: syncCounter.seq }).from(syncCounter).where(eq(syncCounter.id, 1)).get()?.seq ?? 0;
}

export const encounterNoteContext = (id: string) => `encounter.note:${id}`;

export function toClientDto(row: ClientRow): Client {
	return {
		id: row.id,
		unitId: row.unitId,
		firstName: row.firstName,
		lastName: row.lastName,
		nickname: row.nickname,
		birthYear: row.birthYear,
		gender: row.gender,
		municipality: row.municipality,
		version: row.version,
		createdBy: row.createdBy,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		deletedAt: row.deletedAt
	};
}

export function toAnonymousContactDto(row: AnonymousContactRow): AnonymousContact {
	return {
		id: row.id,
		unitId: row.unitId,
		nickname: row.nickname,
		birthYearEstimate: row.birthYearEstimate,
		gender: row.gender,
		municipality: row.municipality,
		version: row.version,
		createdBy: row.createdBy,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		deletedAt: row.deletedAt
	};
}

/** Decrypts the note: the only place an encounter's note leaves its field token. */
export function toEncounterDto(row: EncounterRow, keyring: OrgKeyring): Encounter {
	return {
		id: row.id,
		unitId: row.unitId,
		occurredAt: row.occurredAt,
		channel: row.channel,
		clientId: row.clientId,
		anonymousContactId: row.anonymousContactId,
		topics: row.topics,
		actions: row.actions,
		durationMinutes: row.durationMinutes,
		note: keyring.decryptField(row.note, encounterNoteContext(row.id)),
		followUpDate: row.followUpDate,
		version: row.version,
		createdBy: row.createdBy,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		deletedAt: row.deletedAt
	};
}

export function toConflictDto(row: ConflictRow): SyncConflict {
	return {
		id: row.id,
		entity: row.entity,
		entityId: row.entityId,
		field: row.field,
		base: row.base ?? null,
		mine: row.mine ?? null,
		server: row.server ?? null,
		mutationId: row.mutationId,
		authorId: row.authorId,
		createdAt: row.createdAt,
		resolvedAt: row.resolvedAt,
		resolution: row.resolution
	};
}

type Meta = { id: string; version: number; updatedAt: string; deletedAt: string | null };
const meta = (row: Meta) => ({ id: row.id, version: row.version, updatedAt: row.updatedAt, deletedAt: row.deletedAt });

/** Tombstones (deletedAt set) carry no content. */
export function clientChange(row: ClientRow): SyncChange {
	return { entity: 'client', ...meta(row), data: row.deletedAt ? null : toClientDto(row) };
}

export function anonymousContactChange(row: AnonymousContactRow): SyncChange {
	return { entity: 'anonymous-contact', ...meta(row), data: row.deletedAt ? null : toAnonymousContactDto(row) };
}

export function encounterChange(row: EncounterRow, keyring: OrgKeyring): SyncChange {
	return { entity: 'encounter', ...meta(row), data: row.deletedAt ? null : toEncounterDto(row, keyring) };
}

export function conflictChange(row: ConflictRow): SyncChange {
	return { entity: 'conflict', id: row.id, version: row.version, updatedAt: row.updatedAt, deletedAt: null, data: toConflictDto(row) };
}

/**
 * Scope rule of the synced records (shared/permissions.ts): `unit` reaches the viewer's units and
 * what they made themselves, `own` only what they made, `organisation` everything.
 */
export function reaches(scope: Scope | null, viewer: Viewer, row: { unitId: string; createdBy: string }): boolean {
	if (scope === null) return false;
	if (scope === 'organisation' || row.createdBy === viewer.userId) return true;
	return scope === 'unit' && viewer.unitIds.includes(row.unitId);
}

export function canSee(viewer: Viewer, resource: Resource, row: { unitId: string; createdBy: string }): boolean {
	return reaches(scopeFor(viewer.roles, resource, 'read'), viewer, row);
}

type ScopedTable = typeof clients | typeof encounters | typeof anonymousContacts;

/** The same rule as `reaches`, as a WHERE condition; `false` when the viewer may read none. */
export function scopeCondition(table: ScopedTable, resource: Resource, viewer: Viewer): SQL | undefined | false {
	const scope = scopeFor(viewer.roles, resource, 'read');
	if (scope === null) return false;
	if (scope === 'organisation') return undefined;
	const own = eq(table.createdBy, viewer.userId);
	return scope === 'unit' && viewer.unitIds.length > 0 ? or(own, inArray(table.unitId, [...viewer.unitIds])) : own;
}

/** Inserts a new client at version 1 (push and the seed; callers audit). */
export function insertClient(tx: OrgDbOrTx, input: ClientInput, createdBy: string, now: Date): ClientRow {
	const at = now.toISOString();
	const row: ClientRow = {
		id: input.id,
		unitId: input.unitId,
		firstName: input.firstName,
		lastName: input.lastName,
		nickname: input.nickname,
		birthYear: input.birthYear,
		gender: input.gender,
		municipality: input.municipality,
		version: 1,
		createdBy,
		createdAt: at,
		updatedAt: at,
		deletedAt: null,
		changeSeq: nextChangeSeq(tx)
	};
	tx.insert(clients).values(row).run();
	return row;
}

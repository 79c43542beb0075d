/**
 * Tables of one organisation's file (`<dataDir>/orgs/<organisation-id>.sqlite`). Every table a
 * device will sync has a client-made `id`, `updatedAt` and `deletedAt` (tombstone). Timestamps are
 * ISO 8601 strings in UTC, as on the wire.
 *
 * To change: edit here, then `npm run db:generate --workspace @polku/api -- --name <what>`; never
 * edit a migration that has been applied.
 */
import type { EncounterAction, EncounterChannel, EncounterTopic, Gender, Locale, Municipality, Role, UnitKind } from '@polku/shared';
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const units = sqliteTable('units', {
	id: text().primaryKey(),
	name: text().notNull(),
	kind: text().$type<UnitKind>().notNull(),
	createdAt: text().notNull(),
	updatedAt: text().notNull(),
	deletedAt: text()
});

export const users = sqliteTable('users', {
	id: text().primaryKey(),
	username: text().notNull().unique(),
	displayName: text().notNull(),
	email: text(),
	passwordHash: text().notNull(),
	roles: text({ mode: 'json' }).$type<Role[]>().notNull(),
	locale: text().$type<Locale>().notNull().default('fi'),
	active: integer({ mode: 'boolean' }).notNull().default(true),
	createdAt: text().notNull(),
	updatedAt: text().notNull(),
	deactivatedAt: text(),
	deletedAt: text()
});

export const userUnits = sqliteTable(
	'user_units',
	{
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		unitId: text()
			.notNull()
			.references(() => units.id),
		createdAt: text().notNull()
	},
	(t) => [primaryKey({ columns: [t.userId, t.unitId] }), index('user_units_unit_idx').on(t.unitId)]
);

/**
 * Sessions: only the SHA-256 of the token is stored, so a copy of the file cannot be used to sign in.
 * No address or user agent is kept: nothing needs them.
 */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text().primaryKey(),
		tokenHash: text().notNull().unique(),
		userId: text()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		createdAt: text().notNull(),
		lastSeenAt: text().notNull(),
		/** Absolute expiry; the idle expiry is `lastSeenAt` + the organisation's idle timeout. */
		expiresAt: text().notNull()
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** One row: the organisation's keys, wrapped by the master key (lib/crypto WrappedOrgKeys). */
export const orgKeys = sqliteTable('org_keys', {
	id: integer().primaryKey(),
	wrapped: text({ mode: 'json' }).$type<unknown>().notNull(),
	createdAt: text().notNull()
});

/**
 * Append-only, hash-chained audit trail (services/audit.service.ts). Triggers in the migration
 * `audit_append_only` refuse UPDATE and DELETE.
 */
export const auditLog = sqliteTable(
	'audit_log',
	{
		seq: integer().primaryKey({ autoIncrement: true }),
		id: text().notNull().unique(),
		at: text().notNull(),
		actorId: text(),
		action: text().notNull(),
		entity: text(),
		entityId: text(),
		address: text(),
		detail: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
		prevHash: text().notNull(),
		hash: text().notNull()
	},
	(t) => [index('audit_log_entity_idx').on(t.entity, t.entityId), index('audit_log_actor_idx').on(t.actorId)]
);

/**
 * The organisation's change counter (one row, id 1). Every write to a synced table takes the next
 * value in the same transaction and stores it in the row's `changeSeq`; pull cursors are positions
 * in this sequence. Writes are serialised (IMMEDIATE transactions), so a committed row never gets a
 * sequence number below one a device has already pulled past.
 */
export const syncCounter = sqliteTable('sync_counter', {
	id: integer().primaryKey(),
	seq: integer().notNull()
});

/**
 * The bookkeeping every synced record carries (DESIGN.md "Sync rules"): the record's own `version`
 * (the base of field merges), its author, times, tombstone, and `changeSeq` from `sync_counter`,
 * which orders pulls. A function, so each table gets its own column builders.
 */
const syncedColumns = () => ({
	version: integer().notNull(),
	createdBy: text()
		.notNull()
		.references(() => users.id),
	createdAt: text().notNull(),
	updatedAt: text().notNull(),
	deletedAt: text(),
	changeSeq: integer().notNull()
});

/** Clients (issue 3: the minimal shape of shared/schemas/client.ts). A shared, field-merged record. */
export const clients = sqliteTable(
	'clients',
	{
		id: text().primaryKey(),
		unitId: text()
			.notNull()
			.references(() => units.id),
		firstName: text(),
		lastName: text(),
		nickname: text(),
		birthYear: integer(),
		gender: text().$type<Gender>().notNull(),
		municipality: text().$type<Municipality>().notNull(),
		...syncedColumns()
	},
	(t) => [index('clients_change_seq_idx').on(t.changeSeq), index('clients_unit_idx').on(t.unitId)]
);

/** Pseudonymous first contacts of outreach work (nickname, estimated birth year). */
export const anonymousContacts = sqliteTable(
	'anonymous_contacts',
	{
		id: text().primaryKey(),
		unitId: text()
			.notNull()
			.references(() => units.id),
		nickname: text().notNull(),
		birthYearEstimate: integer(),
		gender: text().$type<Gender>().notNull(),
		municipality: text().$type<Municipality>().notNull(),
		...syncedColumns()
	},
	(t) => [index('anonymous_contacts_change_seq_idx').on(t.changeSeq), index('anonymous_contacts_unit_idx').on(t.unitId)]
);

/**
 * Encounters (kohtaamiset): one author, append-only. `note` is a field token of the organisation's
 * keyring (context `encounter.note:<id>`), never plain text; topics and actions are code arrays.
 */
export const encounters = sqliteTable(
	'encounters',
	{
		id: text().primaryKey(),
		unitId: text()
			.notNull()
			.references(() => units.id),
		occurredAt: text().notNull(),
		channel: text().$type<EncounterChannel>().notNull(),
		clientId: text().references(() => clients.id),
		anonymousContactId: text().references(() => anonymousContacts.id),
		topics: text({ mode: 'json' }).$type<EncounterTopic[]>().notNull(),
		actions: text({ mode: 'json' }).$type<EncounterAction[]>().notNull(),
		durationMinutes: integer(),
		note: text().notNull(),
		followUpDate: text(),
		...syncedColumns()
	},
	(t) => [
		index('encounters_change_seq_idx').on(t.changeSeq),
		index('encounters_unit_idx').on(t.unitId),
		index('encounters_client_idx').on(t.clientId),
		index('encounters_anonymous_contact_idx').on(t.anonymousContactId)
	]
);

/**
 * Every mutation id the server has applied (or answered as a duplicate of an existing record),
 * written in the same transaction as the change: the exactly-once guarantee of push. `contentHash`
 * is the SHA-256 of the canonical JSON of the opened envelope; `result` the status answered.
 */
export const syncMutations = sqliteTable(
	'sync_mutations',
	{
		mutationId: text().primaryKey(),
		userId: text()
			.notNull()
			.references(() => users.id),
		deviceId: text().notNull(),
		kind: text().notNull(),
		contentHash: text().notNull(),
		result: text().notNull(),
		at: text().notNull()
	},
	(t) => [index('sync_mutations_device_idx').on(t.deviceId)]
);

/**
 * A field both sides changed (shared/merge.ts): the server kept its value; the author's value waits
 * here for them to resolve. base/mine/server are JSON values of the field.
 */
export const syncConflicts = sqliteTable(
	'sync_conflicts',
	{
		id: text().primaryKey(),
		entity: text().$type<'client'>().notNull(),
		entityId: text().notNull(),
		field: text().notNull(),
		base: text({ mode: 'json' }).$type<unknown>(),
		mine: text({ mode: 'json' }).$type<unknown>(),
		server: text({ mode: 'json' }).$type<unknown>(),
		mutationId: text().notNull(),
		authorId: text()
			.notNull()
			.references(() => users.id),
		version: integer().notNull(),
		createdAt: text().notNull(),
		updatedAt: text().notNull(),
		resolvedAt: text(),
		resolution: text().$type<'server' | 'mine'>(),
		changeSeq: integer().notNull()
	},
	(t) => [index('sync_conflicts_change_seq_idx').on(t.changeSeq), index('sync_conflicts_author_idx').on(t.authorId)]
);

/**
 * Registered devices. The token (`pd1.<id>.<secret>`) authenticates sealed pushes; only its SHA-256
 * is stored. A revoked device keeps its row (the id can never be registered again).
 */
export const devices = sqliteTable(
	'devices',
	{
		id: text().primaryKey(),
		userId: text()
			.notNull()
			.references(() => users.id),
		label: text().notNull(),
		tokenHash: text().notNull().unique(),
		createdAt: text().notNull(),
		lastSeenAt: text(),
		revokedAt: text()
	},
	(t) => [index('devices_user_idx').on(t.userId)]
);

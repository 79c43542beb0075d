/**
 * Tables of one organisation's file (`<dataDir>/orgs/<organisation-id>.sqlite`). Every table a
 * device will sync has a client-made `id`, `updatedAt` and `deletedAt` (tombstone). Timestamps are
 * ISO 8601 strings in UTC, as on the wire.
 *
 * To change: edit here, then `npm run db:generate --workspace @polku/api -- --name <what>`; never
 * edit a migration that has been applied.
 */
import type { Locale, Role, UnitKind } from '@polku/shared';
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

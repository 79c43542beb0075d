/**
 * The control database (`<dataDir>/control.sqlite`): which organisations exist, their settings, and
 * the anchor of each organisation's audit chain. Nothing personal lives here; everything of an
 * organisation is in its own file (see schema.ts).
 *
 * To change: edit here, then `npm run db:generate:control --workspace @polku/api -- --name <what>`.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const organisations = sqliteTable('organisations', {
	id: text().primaryKey(),
	slug: text().notNull().unique(),
	name: text().notNull(),
	/** OrganisationSettingsSchema (@polku/shared organisation-settings.ts), JSON; missing keys take defaults. */
	settings: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
	createdAt: text().notNull(),
	updatedAt: text().notNull()
});

/**
 * The newest audit row of each organisation, as last seen by the writer. Kept outside the
 * organisation's file so that cutting rows off the end of its audit chain (which leaves a chain that
 * is valid in itself) is still detected: the anchored row must exist and have the anchored hash.
 * Written after the organisation's transaction commits, so it may lag by the last write after a
 * crash, never lead.
 */
export const auditAnchors = sqliteTable('audit_anchors', {
	organisationId: text()
		.primaryKey()
		.references(() => organisations.id, { onDelete: 'cascade' }),
	seq: integer().notNull(),
	hash: text().notNull(),
	updatedAt: text().notNull()
});

/**
 * Which organisation a device belongs to: a device token (`pd1.<deviceId>.<secret>`) names no
 * organisation, so push finds the organisation's file here. Ids only; the token hash and the owner
 * live in the organisation's own file.
 */
export const deviceDirectory = sqliteTable('device_directory', {
	deviceId: text().primaryKey(),
	organisationId: text()
		.notNull()
		.references(() => organisations.id, { onDelete: 'cascade' }),
	createdAt: text().notNull()
});

/**
 * Failed sign-ins (lib/login-throttle.ts), shared by every process on the data directory and kept
 * over a restart. A row is one counter: of an account from one address (`pair`), of an account from
 * anywhere (`account`), of an address on any account (`address`), or a `known` pair that signed in
 * successfully. The key is a keyed hash of the account and address, never the name or address
 * itself. Rows are deleted once `expiresAt` has passed.
 */
export const loginThrottle = sqliteTable(
	'login_throttle',
	{
		key: text().primaryKey(),
		scope: text({ enum: ['pair', 'account', 'address', 'known'] }).notNull(),
		/** Consecutive failures (0 for a `known` pair). */
		failures: integer().notNull(),
		/** Epoch milliseconds of the last failure (of the last success for a `known` pair). */
		lastAt: integer().notNull(),
		/** Epoch milliseconds after which the row is forgotten. */
		expiresAt: integer().notNull()
	},
	(t) => [index('login_throttle_expires_idx').on(t.expiresAt)]
);

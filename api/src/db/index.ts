/**
 * Opening SQLite files: the control database and one file per organisation (DESIGN.md, Tenancy).
 * Every open applies the pending drizzle-kit migrations of its kind, so a file is always current
 * before anyone reads it.
 */
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as controlSchema from './control-schema';
import * as orgSchema from './schema';

export type OrgDb = BetterSQLite3Database<typeof orgSchema>;
export type ControlDb = BetterSQLite3Database<typeof controlSchema>;
/** What a synchronous Drizzle transaction callback receives; services accept either. */
export type OrgTx = Parameters<Parameters<OrgDb['transaction']>[0]>[0];
export type OrgDbOrTx = OrgDb | OrgTx;

const MIGRATIONS = {
	control: fileURLToPath(new URL('./migrations/control', import.meta.url)),
	org: fileURLToPath(new URL('./migrations/org', import.meta.url))
};

function openSqlite(path: string): Database.Database {
	const sqlite = new Database(path);
	// Owner only, before the WAL and shared-memory files exist (SQLite gives them the same mode).
	chmodSync(path, 0o600);
	sqlite.pragma('journal_mode = WAL');
	// FULL: a commit is on disk (the WAL fsynced) before it is acknowledged. NORMAL would fsync only
	// at checkpoints, so a power cut could lose pushes the devices were told are applied and have
	// dropped from their queues. Costs one fsync per write transaction (`npm run bench`, sync).
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	return sqlite;
}

export function openControlDb(path: string): { db: ControlDb; sqlite: Database.Database } {
	const sqlite = openSqlite(path);
	const db = drizzle({ client: sqlite, schema: controlSchema, casing: 'snake_case' });
	migrate(db, { migrationsFolder: MIGRATIONS.control });
	return { db, sqlite };
}

export function openOrgDb(path: string): { db: OrgDb; sqlite: Database.Database } {
	const sqlite = openSqlite(path);
	const db = drizzle({ client: sqlite, schema: orgSchema, casing: 'snake_case' });
	migrate(db, { migrationsFolder: MIGRATIONS.org });
	return { db, sqlite };
}

export { controlSchema, orgSchema };

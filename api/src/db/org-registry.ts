/**
 * The open organisations of this process. Each organisation is one SQLite file, opened once
 * (migrated, then its keyed data conversions run: org-data-upgrade.ts) and kept open with its
 * unwrapped keyring; requests find it by id (session cookie) or slug (login). Only organisations
 * listed in the control database are ever opened, so an id from a cookie can never name an
 * arbitrary file.
 */
import type Database from 'better-sqlite3';
import { desc, eq, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createOrgKeys, openOrgKeys, type MasterKey, type OrgKeyring, type WrappedOrgKeys } from '../lib/crypto';
import { auditAnchors, organisations } from './control-schema';
import { openOrgDb, type ControlDb, type OrgDb, type OrgTx } from './index';
import { upgradeOrgData } from './org-data-upgrade';
import { auditLog, orgKeys } from './schema';

export type OrganisationRow = typeof organisations.$inferSelect;

export interface OrgHandle {
	readonly id: string;
	readonly slug: string;
	readonly name: string;
	readonly db: OrgDb;
	readonly sqlite: Database.Database;
	readonly keyring: OrgKeyring;
	/**
	 * Runs `fn` in an IMMEDIATE transaction (the write lock is taken at BEGIN, so a concurrent writer
	 * waits on busy_timeout instead of failing halfway), then moves the audit anchor forward.
	 * Audit rows must be appended inside `fn`, in the same transaction as the change they describe.
	 */
	write<T>(fn: (tx: OrgTx) => T): T;
}

export class OrgRegistry {
	#open = new Map<string, Promise<OrgHandle>>();

	constructor(
		readonly dataDir: string,
		private readonly control: ControlDb,
		private readonly master: MasterKey
	) {
		mkdirSync(join(dataDir, 'orgs'), { recursive: true, mode: 0o700 });
	}

	orgPath(id: string): string {
		return join(this.dataDir, 'orgs', `${id}.sqlite`);
	}

	list(): OrganisationRow[] {
		return this.control.select().from(organisations).orderBy(organisations.slug).all();
	}

	find(by: { id: string } | { slug: string }): OrganisationRow | undefined {
		const where = 'id' in by ? eq(organisations.id, by.id) : eq(organisations.slug, by.slug);
		return this.control.select().from(organisations).where(where).get();
	}

	/** The open organisation, or null when the control database does not list it. */
	async get(by: { id: string } | { slug: string }): Promise<OrgHandle | null> {
		const row = this.find(by);
		return row ? this.#openRow(row) : null;
	}

	async openAll(): Promise<OrgHandle[]> {
		return Promise.all(this.list().map((row) => this.#openRow(row)));
	}

	/**
	 * Creates the organisation's file with fresh keys, then lists it in the control database. A slug
	 * already taken fails before any file is made; a failure after that removes the file again.
	 */
	async create(input: { slug: string; name: string }, now: Date): Promise<OrgHandle> {
		if (this.find({ slug: input.slug })) throw new SlugTaken(input.slug);
		const id = randomUUID();
		const path = this.orgPath(id);
		const { db, sqlite } = openOrgDb(path);
		try {
			const wrapped = await createOrgKeys(this.master, id);
			const at = now.toISOString();
			db.insert(orgKeys).values({ id: 1, wrapped, createdAt: at }).run();
			sqlite.close();
			this.control
				.insert(organisations)
				.values({ id, slug: input.slug, name: input.name, createdAt: at, updatedAt: at })
				.run();
		} catch (error) {
			if (sqlite.open) sqlite.close();
			for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
			if (error instanceof Error && /UNIQUE constraint failed: organisations\.slug/.test(error.message)) {
				throw new SlugTaken(input.slug);
			}
			throw error;
		}
		const handle = await this.get({ id });
		if (!handle) throw new Error('Organisation vanished right after it was created');
		return handle;
	}

	/** The anchored tail of an organisation's audit chain (see control-schema.ts). */
	anchor(orgId: string): { seq: number; hash: string } | null {
		const row = this.control.select().from(auditAnchors).where(eq(auditAnchors.organisationId, orgId)).get();
		return row ? { seq: row.seq, hash: row.hash } : null;
	}

	async close(): Promise<void> {
		const handles = await Promise.allSettled(this.#open.values());
		this.#open.clear();
		for (const h of handles) if (h.status === 'fulfilled' && h.value.sqlite.open) h.value.sqlite.close();
	}

	#openRow(row: OrganisationRow): Promise<OrgHandle> {
		let pending = this.#open.get(row.id);
		if (!pending) {
			pending = this.#load(row);
			this.#open.set(row.id, pending);
			pending.catch(() => this.#open.delete(row.id));
		}
		return pending;
	}

	async #load(row: OrganisationRow): Promise<OrgHandle> {
		const { db, sqlite } = openOrgDb(this.orgPath(row.id));
		try {
			const keys = db.select().from(orgKeys).where(eq(orgKeys.id, 1)).get();
			if (!keys) throw new Error(`Organisation ${row.slug} has no keys in its file`);
			const keyring = await openOrgKeys(this.master, row.id, keys.wrapped as WrappedOrgKeys);
			upgradeOrgData(sqlite, keyring);
			const moveAnchor = () => this.#moveAnchor(row.id, db);
			return {
				id: row.id,
				slug: row.slug,
				name: row.name,
				db,
				sqlite,
				keyring,
				write<T>(fn: (tx: OrgTx) => T): T {
					const result = db.transaction(fn, { behavior: 'immediate' });
					moveAnchor();
					return result;
				}
			};
		} catch (error) {
			sqlite.close();
			throw error;
		}
	}

	#moveAnchor(orgId: string, db: OrgDb): void {
		const tail = db.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get();
		if (!tail) return;
		const updatedAt = new Date().toISOString();
		this.control
			.insert(auditAnchors)
			.values({ organisationId: orgId, seq: tail.seq, hash: tail.hash, updatedAt })
			.onConflictDoUpdate({
				target: auditAnchors.organisationId,
				set: { seq: tail.seq, hash: tail.hash, updatedAt },
				// Only forward: another process may have anchored a newer row meanwhile.
				setWhere: sql`excluded.seq > ${auditAnchors.seq}`
			})
			.run();
	}
}

export class SlugTaken extends Error {
	constructor(readonly slug: string) {
		super(`An organisation with the slug "${slug}" already exists`);
	}
}

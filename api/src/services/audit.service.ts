/**
 * The audit trail (DESIGN.md, Privacy duties): who did what, when, to which record, from where.
 *
 * Invariants:
 * - Append-only. Triggers refuse UPDATE and DELETE; rows are only ever added by `appendAudit`.
 * - Hash-chained. Row n stores `prevHash` = hash of row n-1 (GENESIS for the first) and
 *   `hash` = sha256(prevHash + canonical JSON of the row without `hash`), `seq` included. Editing,
 *   deleting or reordering any row breaks the chain from that row on.
 * - Anchored. The control database keeps the newest (seq, hash) (db/org-registry.ts), so cutting
 *   rows off the end, which leaves a valid shorter chain, is detected too.
 * - Written in the same transaction as the change it records (call it inside `OrgHandle.write`).
 * - `detail` never holds secrets: no passwords, tokens or hashes of them.
 */
import { desc, gt, lt } from 'drizzle-orm';
import { createHash, randomUUID } from 'node:crypto';
import type { OrgDbOrTx } from '../db';
import type { OrgHandle, OrgRegistry } from '../db/org-registry';
import type { Caller } from './caller';
import type Database from 'better-sqlite3';
import { hotStatements } from '../db/hot-statements';
import { auditLog } from '../db/schema';
import { canonicalJson } from '../lib/canonical-json';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditAction =
	| 'auth.login'
	| 'auth.login-failed'
	| 'auth.logout'
	| 'auth.password-reset'
	| 'auth.address-refused'
	| 'organisation.create'
	| 'organisation.settings-update'
	| 'unit.create'
	| 'unit.update'
	| 'user.create'
	| 'user.update'
	| 'user.deactivate'
	| 'user.reactivate'
	| 'user.self-grant-refused'
	| 'user.read'
	| 'user.list'
	| 'audit.read'
	| 'audit.verify'
	| 'export'
	| 'device.register'
	| 'device.rotate'
	| 'device.revoke'
	| 'device.hold'
	| 'device.held-accept'
	| 'device.held-refuse'
	| 'client.create'
	| 'client.update'
	| 'anonymous-contact.create'
	| 'encounter.create'
	| 'conflict.resolve'
	| 'sync.pull'
	// issue 4, REST routes of the client record (api-rest)
	| 'attachment.create'
	| 'attachment.read'
	| 'attachment.delete'
	| 'client.history-read'
	| 'client.hetu-reveal'
	| 'client.hetu-search'
	| 'code-list.update'
	// issue 4, sync of the client record (api-record)
	| 'client.read'
	| 'client.set-hetu'
	| 'client-sensitive.update'
	| 'situation.create'
	| 'situation.update'
	| 'service.create'
	| 'service.update'
	| 'consent.create'
	| 'consent.withdraw'
	| 'memo.create'
	| 'follow-up.create'
	| 'client.merge'
	| 'client.unmerge'
	// issue 5, sync of workshop coaching (api-sync)
	| 'coaching-period.create'
	| 'coaching-period.update'
	| 'goal.create'
	| 'goal.update'
	| 'goal-note.create'
	| 'attendance.set'
	| 'attendance.correct'
	| 'diary.create'
	| 'assessment.create'
	| 'coaching-report.create'
	| 'coaching-report.update'
	| 'coaching-report.print'
	// issue 5, REST routes of workshop coaching (api-rest)
	| 'coaching-report.download'
	| 'attendance.summary-read'
	| 'attendance.export'
	// issue 6, statistics
	| 'statistics.read'
	| 'statistics.completeness-read'
	| 'statistics.deliver'
	| 'statistics.export'
	| 'statistics.dashboard-read'
	// issue 6, ESF participation (client record)
	| 'esf-participation.create'
	| 'esf-participation.update';

export type AuditInput = {
	at: Date;
	actorId: string | null;
	action: AuditAction;
	entity?: string | null;
	entityId?: string | null;
	address?: string | null;
	detail?: Record<string, unknown>;
};

export type AuditRow = typeof auditLog.$inferSelect;

export function hashAuditRow(row: Omit<AuditRow, 'hash'>): string {
	const body = {
		seq: row.seq,
		id: row.id,
		at: row.at,
		actorId: row.actorId,
		action: row.action,
		entity: row.entity,
		entityId: row.entityId,
		address: row.address,
		detail: row.detail,
		prevHash: row.prevHash
	};
	return createHash('sha256').update(row.prevHash).update(canonicalJson(body)).digest('hex');
}

/** Appends one row; returns its seq and hash. Call inside the transaction of the change it records. */
export function appendAudit(tx: OrgDbOrTx, input: AuditInput): { seq: number; hash: string } {
	const last = tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get();
	const row: Omit<AuditRow, 'hash'> = {
		seq: (last?.seq ?? 0) + 1,
		id: randomUUID(),
		at: input.at.toISOString(),
		actorId: input.actorId,
		action: input.action,
		entity: input.entity ?? null,
		entityId: input.entityId ?? null,
		address: input.address ?? null,
		detail: input.detail ?? {},
		prevHash: last?.hash ?? GENESIS_HASH
	};
	const hash = hashAuditRow(row);
	tx.insert(auditLog).values({ ...row, hash }).run();
	return { seq: row.seq, hash };
}

/**
 * `appendAudit` on prepared statements (db/hot-statements.ts), for the push hot path: the same row,
 * the same hash. Call inside the transaction of the change it records.
 */
export function appendAuditFast(sqlite: Database.Database, input: AuditInput): { seq: number; hash: string } {
	const hot = hotStatements(sqlite);
	const last = hot.auditTail.get();
	const row: Omit<AuditRow, 'hash'> = {
		seq: (last?.seq ?? 0) + 1,
		id: randomUUID(),
		at: input.at.toISOString(),
		actorId: input.actorId,
		action: input.action,
		entity: input.entity ?? null,
		entityId: input.entityId ?? null,
		address: input.address ?? null,
		detail: input.detail ?? {},
		prevHash: last?.hash ?? GENESIS_HASH
	};
	const hash = hashAuditRow(row);
	hot.insertAudit.run({ ...row, detail: JSON.stringify(row.detail), hash });
	return { seq: row.seq, hash };
}

export type AuditVerification = { ok: boolean; checked: number; firstBadSeq: number | null };

/**
 * Walks the whole chain in seq order. `checked` counts the rows found intact before the first bad
 * one; `firstBadSeq` is the first seq that was edited, missing, out of place, or (with `anchor`)
 * cut off the end.
 */
export function verifyAuditChain(db: OrgDbOrTx, anchor: { seq: number; hash: string } | null = null): AuditVerification {
	let expectedSeq = 1;
	let prevHash = GENESIS_HASH;
	let checked = 0;
	let anchorSeen = false;
	let lastSeq = 0;
	const bad = (seq: number): AuditVerification => ({ ok: false, checked, firstBadSeq: seq });
	// Iterate in chunks: a chain can be long, and this must not hold it all in memory.
	const CHUNK = 2000;
	for (;;) {
		const rows = db.select().from(auditLog).where(gt(auditLog.seq, lastSeq)).orderBy(auditLog.seq).limit(CHUNK).all();
		for (const row of rows) {
			if (row.seq !== expectedSeq) return bad(expectedSeq);
			if (row.prevHash !== prevHash || hashAuditRow(row) !== row.hash) return bad(row.seq);
			if (anchor && row.seq === anchor.seq) {
				if (row.hash !== anchor.hash) return bad(row.seq);
				anchorSeen = true;
			}
			prevHash = row.hash;
			lastSeq = row.seq;
			expectedSeq++;
			checked++;
		}
		if (rows.length < CHUNK) break;
	}
	if (anchor && !anchorSeen && anchor.seq >= expectedSeq) return bad(expectedSeq);
	return { ok: true, checked, firstBadSeq: null };
}

/** Newest first; `before` is an exclusive seq cursor. */
export function listAudit(db: OrgDbOrTx, opts: { before?: number | undefined; limit: number }): {
	items: AuditRow[];
	nextCursor: number | null;
} {
	const rows = db
		.select()
		.from(auditLog)
		.where(opts.before === undefined ? undefined : lt(auditLog.seq, opts.before))
		.orderBy(desc(auditLog.seq))
		.limit(opts.limit + 1)
		.all();
	const items = rows.slice(0, opts.limit);
	const last = items[items.length - 1];
	return { items, nextCursor: rows.length > opts.limit && last ? last.seq : null };
}

/** A page of the trail for the audit route; the read itself is audited. */
export function readAuditPage(
	org: OrgHandle,
	caller: Caller,
	query: { before?: number | undefined; limit: number }
): { items: AuditRow[]; nextCursor: number | null } {
	return org.write((tx) => {
		const page = listAudit(tx, query);
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'audit.read',
			entity: 'audit',
			address: caller.address,
			detail: { before: query.before ?? null, limit: query.limit, count: page.items.length }
		});
		return page;
	});
}

/**
 * Verifies an organisation's chain against its anchor. With a caller (the API) the verification is
 * itself audited afterwards, so the row it adds is not part of what it checked.
 */
export function verifyOrganisationAudit(registry: OrgRegistry, org: OrgHandle, caller: Caller | null): AuditVerification {
	const result = verifyAuditChain(org.db, registry.anchor(org.id));
	if (caller) {
		org.write((tx) =>
			appendAudit(tx, {
				at: caller.now,
				actorId: caller.userId,
				action: 'audit.verify',
				entity: 'audit',
				address: caller.address,
				detail: { ...result }
			})
		);
	}
	return result;
}

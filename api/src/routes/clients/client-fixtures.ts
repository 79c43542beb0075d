/**
 * Test fixtures of the client-record REST tests: clients and their records inserted straight into the
 * organisation's SQLite file with drizzle (the sync push of the new kinds is tested on its own), with
 * the same encryption contexts the server uses.
 */
import type { Role } from '@polku/shared';
import { randomUUID } from 'node:crypto';
import { clientMerges, clients, fieldHistory } from '../../db/schema';
import { appendAudit, type AuditAction } from '../../services/audit.service';
import { hetuContext, historyContext } from '../../services/client-history.service';
import { nextChangeSeq } from '../../services/sync-records.service';
import type { TestApp } from '../../test/create-test-app';

/** The fixture's units: 0 outreach (worker, supervisor), 1 workshop (coach, supervisor), 2 employment. */
export function insertClient(t: TestApp, opts: { unit: 0 | 1 | 2; createdBy: Role | 'nobody-here'; hetu?: string; firstName?: string }): string {
	const id = randomUUID();
	const at = t.now().toISOString();
	const createdBy = opts.createdBy === 'nobody-here' ? t.userId('admin') : t.userId(opts.createdBy);
	t.org.write((tx) => {
		tx.insert(clients)
			.values({
				id,
				unitId: t.unitIds[opts.unit] ?? '',
				firstName: opts.firstName ?? 'Testi',
				lastName: 'Asiakas',
				nickname: null,
				birthYear: 2004,
				gender: 'unknown',
				municipality: 'unknown',
				hetu: opts.hetu ? t.org.keyring.encryptField(opts.hetu, hetuContext(id)) : null,
				hetuIndex: opts.hetu ? t.org.keyring.blindIndex(opts.hetu, 'hetu') : null,
				version: 1,
				createdBy,
				createdAt: at,
				updatedAt: at,
				deletedAt: null,
				changeSeq: nextChangeSeq(tx)
			})
			.run();
	});
	return id;
}

/** One field_history row written the way sync-push's writeHistory writes it. */
export function insertHistory(
	t: TestApp,
	row: { clientId: string; actor: Role; entity: string; entityId?: string; field: string; from: unknown; to: unknown; protection: 'plain' | 'encrypted' | 'withheld'; at?: string }
): string {
	const id = randomUUID();
	const value = (v: unknown): string | null => {
		if (row.protection === 'withheld') return null;
		const json = JSON.stringify(v);
		return row.protection === 'encrypted' ? t.org.keyring.encryptField(json, historyContext(id)) : json;
	};
	t.org.write((tx) => {
		tx.insert(fieldHistory)
			.values({
				id,
				at: row.at ?? t.now().toISOString(),
				actorId: t.userId(row.actor),
				clientId: row.clientId,
				entity: row.entity,
				entityId: row.entityId ?? row.clientId,
				field: row.field,
				fromValue: value(row.from),
				toValue: value(row.to),
				protection: row.protection,
				mutationId: null
			})
			.run();
	});
	return id;
}

/** A merge of client `sourceId` into `targetId` (the source tombstoned), as client.merge leaves it. */
export function insertMerge(t: TestApp, targetId: string, sourceId: string, by: Role, undone = false): string {
	const id = randomUUID();
	const now = t.now();
	const at = now.toISOString();
	t.org.write((tx) => {
		const target = tx.select().from(clients).all().find((c) => c.id === targetId);
		tx.insert(clientMerges)
			.values({
				id,
				targetId,
				unitId: target?.unitId ?? '',
				sourceEntity: 'client',
				sourceId,
				moved: {},
				filledFields: [],
				undoUntil: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
				undoneAt: undone ? at : null,
				undoneBy: undone ? t.userId(by) : null,
				version: 1,
				createdBy: t.userId(by),
				createdAt: at,
				updatedAt: at,
				deletedAt: null,
				changeSeq: nextChangeSeq(tx)
			})
			.run();
	});
	return id;
}

export function insertAudit(t: TestApp, action: AuditAction, actor: Role, entity: string, entityId: string): void {
	t.org.write((tx) => appendAudit(tx, { at: t.now(), actorId: t.userId(actor), action, entity, entityId }));
}

/**
 * The audited reads of a client record that are not pulls: its field history with "who has seen my
 * data" (`GET /api/clients/:id/history`), and revealing its henkilötunnus
 * (`POST /api/clients/:id/hetu/reveal`).
 *
 * Invariants:
 * - A client the caller cannot read is a 404 (never a 403 that would leak that it exists).
 * - Audit rows are never rewritten by a merge, so the history of a client includes the rows of every
 *   record merged into it (client_merges not undone, followed transitively).
 * - Values are shown decrypted only where the caller may see them: the henkilötunnus never (only that
 *   it changed), special categories only when the caller's `client-sensitive` read reaches the client.
 * - Each of these reads writes its own audit row, in the same transaction as the read.
 */
import { ESF_SENSITIVE_FIELDS, parseHetu, type ClientHistory, type FieldHistoryEntry, type HetuReveal } from '@polku/shared';
import { and, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { OrgDbOrTx } from '../db';
import type { OrgHandle } from '../db/org-registry';
import { attachments, auditLog, clientMerges, fieldHistory, users } from '../db/schema';
import { NotFound } from '../lib/errors';
import { appendAudit } from './audit.service';
import type { Caller } from './caller';
import { clientReaches, clientVisible } from './client-scope';

/** The audit actions that are reads of a client's personal data ("who has seen my data"). */
export const CLIENT_READ_ACTIONS = ['client.read', 'client.hetu-reveal', 'attachment.read', 'client.history-read'] as const;

/** At most this many reads are listed (newest first). */
export const HISTORY_READS_LIMIT = 1000;

/** Entities whose history values are special categories (GDPR art. 9). */
const SPECIAL_CATEGORY_ENTITIES = new Set(['client-sensitive']);
/** Fields of other entities that are special categories: an ESF participant's disadvantages. */
const SPECIAL_CATEGORY_FIELDS = new Set(ESF_SENSITIVE_FIELDS.map((f) => `esf-participation.${f}`));

export const hetuContext = (clientId: string) => `client.hetu:${clientId}`;
export const historyContext = (rowId: string) => `history:${rowId}`;

/** `clientId` and every record merged into it (transitively), while the merge is not undone. */
export function mergedSourceIds(db: OrgDbOrTx, clientId: string): string[] {
	const ids = [clientId];
	const seen = new Set(ids);
	for (let i = 0; i < ids.length; i++) {
		const rows = db
			.select({ sourceId: clientMerges.sourceId })
			.from(clientMerges)
			.where(and(eq(clientMerges.targetId, ids[i] ?? ''), isNull(clientMerges.undoneAt)))
			.all();
		for (const { sourceId } of rows) {
			if (!seen.has(sourceId)) {
				seen.add(sourceId);
				ids.push(sourceId);
			}
		}
	}
	return ids;
}

function parseJson(text: string | null): unknown {
	if (text === null) return null;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

export function readClientHistory(org: OrgHandle, caller: Caller, clientId: string): ClientHistory {
	return org.write((tx) => {
		const client = clientVisible(tx, caller, clientId, 'client', 'read');
		if (!client) throw new NotFound();
		const seesSpecial = clientReaches(tx, caller, client, 'client-sensitive', 'read');
		const ids = mergedSourceIds(tx, clientId);

		const names = new Map(tx.select({ id: users.id, displayName: users.displayName }).from(users).all().map((u) => [u.id, u.displayName]));
		const nameOf = (id: string | null) => (id === null ? '' : (names.get(id) ?? ''));

		const changes: FieldHistoryEntry[] = tx
			.select()
			.from(fieldHistory)
			.where(inArray(fieldHistory.clientId, ids))
			.orderBy(desc(fieldHistory.at), desc(fieldHistory.id))
			.all()
			.map((row) => {
				const special = SPECIAL_CATEGORY_ENTITIES.has(row.entity) || SPECIAL_CATEGORY_FIELDS.has(`${row.entity}.${row.field}`);
				const hidden = row.protection === 'withheld' || (special && !seesSpecial);
				const value = (v: string | null): unknown => {
					if (hidden || v === null) return null;
					return parseJson(row.protection === 'encrypted' ? org.keyring.decryptField(v, historyContext(row.id)) : v);
				};
				return {
					at: row.at,
					actorId: row.actorId,
					actorName: nameOf(row.actorId),
					entity: row.entity,
					entityId: row.entityId,
					field: row.field,
					from: value(row.fromValue),
					to: value(row.toValue),
					hidden
				};
			});

		const attachmentIds = tx.select({ id: attachments.id }).from(attachments).where(inArray(attachments.clientId, ids)).all().map((r) => r.id);
		const about = or(
			and(eq(auditLog.entity, 'client'), inArray(auditLog.entityId, ids)),
			attachmentIds.length > 0 ? and(eq(auditLog.entity, 'attachment'), inArray(auditLog.entityId, attachmentIds)) : undefined
		);
		const reads = tx
			.select({ at: auditLog.at, actorId: auditLog.actorId, action: auditLog.action })
			.from(auditLog)
			.where(and(inArray(auditLog.action, [...CLIENT_READ_ACTIONS]), about))
			.orderBy(desc(auditLog.seq))
			.limit(HISTORY_READS_LIMIT)
			.all()
			.map((r) => ({ at: r.at, actorId: r.actorId, actorName: nameOf(r.actorId), action: r.action }));

		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'client.history-read',
			entity: 'client',
			entityId: clientId,
			address: caller.address,
			detail: { changes: changes.length, reads: reads.length }
		});
		return { changes, reads };
	});
}

/** The client's henkilötunnus in full; audited (`client.hetu-reveal`). 404 when none or not visible. */
export function revealHetu(org: OrgHandle, caller: Caller, clientId: string): HetuReveal {
	return org.write((tx) => {
		const client = clientVisible(tx, caller, clientId, 'client', 'read');
		if (!client?.hetu) throw new NotFound();
		const hetu = org.keyring.decryptField(client.hetu, hetuContext(clientId));
		const parsed = parseHetu(hetu);
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'client.hetu-reveal',
			entity: 'client',
			entityId: clientId,
			address: caller.address
		});
		return { hetu, temporary: parsed.valid ? parsed.temporary : false };
	});
}

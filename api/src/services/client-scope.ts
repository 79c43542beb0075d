/**
 * Who reaches a client (issue 4 contract, "Scope"). A client is visible to a viewer when
 * `scopeFor(roles, resource, action)` is `organisation`; or `unit` and the client's unit is one of
 * the viewer's; or (any scope) the viewer created it or is responsible for it (`client_workers`).
 * Every record of a client (situation, service, consent, memo, follow-up, attachment, merge) is
 * visible exactly when its client is. `client-sensitive` uses the same rule with that resource.
 * Issue 5: a client with a live coaching period the viewer may read is visible (read only) to them.
 */
import { scopeFor, type Role } from '@polku/shared';
import { and, eq, exists, inArray, isNull, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { OrgDbOrTx } from '../db';
import { clients, clientWorkers, coachingPeriods } from '../db/schema';
import { periodScopeCondition } from './workshop-data';

export type ClientRow = typeof clients.$inferSelect;
export type ClientScopeResource = 'client' | 'client-sensitive';
export type ClientScopeAction = 'read' | 'update';

/** Whose eyes (structurally the same as sync's Viewer and the services' Caller). */
export type ScopeViewer = { userId: string; roles: readonly Role[]; unitIds: readonly string[] };

/** True when the viewer is responsible for the client (a row in client_workers). */
export function isResponsible(db: OrgDbOrTx, clientId: string, userId: string): boolean {
	return (
		db
			.select({ one: sql<number>`1` })
			.from(clientWorkers)
			.where(and(eq(clientWorkers.clientId, clientId), eq(clientWorkers.userId, userId)))
			.get() !== undefined
	);
}

/** The scope rule on a row already loaded (no tombstone check). */
export function clientReaches(
	db: OrgDbOrTx,
	viewer: ScopeViewer,
	row: { id: string; unitId: string; createdBy: string },
	resource: ClientScopeResource,
	action: ClientScopeAction
): boolean {
	const scope = scopeFor(viewer.roles, resource, action);
	if (scope === null) return false;
	if (scope === 'organisation' || row.createdBy === viewer.userId) return true;
	if (scope === 'unit' && viewer.unitIds.includes(row.unitId)) return true;
	if (isResponsible(db, row.id, viewer.userId)) return true;
	return resource === 'client' && action === 'read' && inCoachedPeriod(db, viewer, row.id);
}

/**
 * A coach sees their own workshop's participants (issue 5): the client has a live coaching period the
 * viewer may read (workshop-data.ts). Read only: edits follow the client rule alone.
 */
export function inCoachedPeriod(db: OrgDbOrTx, viewer: ScopeViewer, clientId: string): boolean {
	const cond = periodScopeCondition(viewer);
	if (cond === false) return false;
	return (
		db
			.select({ one: sql<number>`1` })
			.from(coachingPeriods)
			.where(and(eq(coachingPeriods.clientId, clientId), isNull(coachingPeriods.deletedAt), cond))
			.get() !== undefined
	);
}

/** The same as `inCoachedPeriod` as a condition on `clients`, or null when the viewer reads no periods. */
function coachedCondition(viewer: ScopeViewer): SQL | null {
	const cond = periodScopeCondition(viewer);
	if (cond === false) return null;
	const where = and(sql`${coachingPeriods.clientId} = ${clients.id}`, isNull(coachingPeriods.deletedAt), cond);
	return exists(sql`(SELECT 1 FROM ${coachingPeriods} WHERE ${where})`);
}

/**
 * The client when the viewer reaches it for `resource`/`action`, else null. Tombstoned (deleted or
 * merged-away) clients are null unless `opts.includeDeleted`.
 */
export function clientVisible(
	db: OrgDbOrTx,
	viewer: ScopeViewer,
	clientId: string,
	resource: ClientScopeResource,
	action: ClientScopeAction,
	opts: { includeDeleted?: boolean } = {}
): ClientRow | null {
	const row = db.select().from(clients).where(eq(clients.id, clientId)).get();
	if (!row) return null;
	if (row.deletedAt && !opts.includeDeleted) return null;
	return clientReaches(db, viewer, row, resource, action) ? row : null;
}

/**
 * The same rule as a WHERE condition on `clients`: `undefined` = every client, `false` = none.
 * (Does not filter tombstones: pulls need them.)
 */
export function clientScopeCondition(viewer: ScopeViewer, resource: ClientScopeResource, action: ClientScopeAction): SQL | undefined | false {
	const base = baseScopeCondition(viewer, resource, action);
	if (base === undefined || resource !== 'client' || action !== 'read') return base;
	const coached = coachedCondition(viewer);
	if (coached === null) return base;
	return base === false ? coached : (or(base, coached) as SQL);
}

function baseScopeCondition(viewer: ScopeViewer, resource: ClientScopeResource, action: ClientScopeAction): SQL | undefined | false {
	const scope = scopeFor(viewer.roles, resource, action);
	if (scope === null) return false;
	if (scope === 'organisation') return undefined;
	const responsible = exists(
		sql`(SELECT 1 FROM ${clientWorkers} WHERE ${clientWorkers.clientId} = ${clients.id} AND ${clientWorkers.userId} = ${viewer.userId})`
	);
	const own = or(eq(clients.createdBy, viewer.userId), responsible) as SQL;
	if (scope === 'unit' && viewer.unitIds.length > 0) return or(own, inArray(clients.unitId, [...viewer.unitIds])) as SQL;
	return own;
}

/**
 * The rule for a record of a client: `column` (the record's client id) is one of the clients the
 * viewer reaches. `undefined` = all, `false` = none.
 */
export function clientIdInScope(column: SQLWrapper, viewer: ScopeViewer, resource: ClientScopeResource, action: ClientScopeAction): SQL | undefined | false {
	const cond = clientScopeCondition(viewer, resource, action);
	if (cond === false || cond === undefined) return cond;
	return sql`${column} IN (SELECT ${clients.id} FROM ${clients} WHERE ${cond})`;
}

/** Live (not tombstoned) clients only, combined with a scope condition. */
export function liveClientCondition(cond: SQL | undefined): SQL {
	return (cond ? and(isNull(clients.deletedAt), cond) : isNull(clients.deletedAt)) as SQL;
}

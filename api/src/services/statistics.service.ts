/**
 * Statistics (issue 6): reports per the definitions in shared/, computed from the organisation's
 * records (statistics-facts.ts + the shared engine), small cells suppressed; the completeness check;
 * the units and workers a caller may report on. Deliveries: statistics-deliveries.service.ts; the
 * dashboard: statistics-dashboard.service.ts.
 *
 * Scope: a caller reports on the units of their `statistics` scope (`unit`: their own units, deleted
 * ones included, as past windows still count them; `organisation`: all). Asking for a unit outside
 * it, or one that does not exist, is a 404; without units, every unit in scope the report counts.
 * The threshold is the organisation's `smallCellThreshold`.
 *
 * Privacy: a report carries no value of a suppressed cell and names nobody. The completeness check
 * names clients only where the caller may read the client (services/client-scope.ts), and counts the
 * rest. Every read is audited; the detail holds the report, the window and the units, never a name.
 */
import {
	computeReport,
	reportDefinition,
	scopeFor,
	type Completeness,
	type CompletenessField,
	type ReportDefinition,
	type ReportId,
	type ResolvedWindow,
	type StatisticsReport,
	type StatisticsScope
} from '@polku/shared';
import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { AppContext } from '../context';
import type { OrgDbOrTx } from '../db';
import type { OrgHandle } from '../db/org-registry';
import { clients, coachingPeriods, esfParticipations, units, userUnits, users } from '../db/schema';
import { NotFound, ValidationFailed } from '../lib/errors';
import { appendAudit, type AuditAction } from './audit.service';
import type { Caller } from './caller';
import { clientScopeCondition } from './client-scope';
import { organisationSettings } from './organisation.service';
import { loadReportFacts, windowInstants } from './statistics-facts';
import { participantName } from './workshop-report.service';

export type StatisticsAction = 'read' | 'export';
export type UnitRow = typeof units.$inferSelect;

/** `?window=&unitId=` after validation. */
export type StatisticsQuery = { window: ResolvedWindow; unitId?: string[] | undefined; project?: string | undefined };

/** The units `caller` may report on (for `action` and reading), sorted by name. */
export function unitsInScope(db: OrgDbOrTx, caller: Caller, action: StatisticsAction = 'read'): UnitRow[] {
	const scopes = [scopeFor(caller.roles, 'statistics', 'read'), scopeFor(caller.roles, 'statistics', action)];
	if (scopes.includes(null)) return [];
	const all = scopes.every((s) => s === 'organisation');
	if (!all && caller.unitIds.length === 0) return [];
	return db
		.select()
		.from(units)
		.where(all ? undefined : inArray(units.id, caller.unitIds))
		.orderBy(asc(units.name), asc(units.id))
		.all();
}

/**
 * The units to count, sorted by id: the ones asked for (each in scope, else 404), or every unit in
 * scope of a kind the report counts.
 */
export function chooseUnits(db: OrgDbOrTx, caller: Caller, requested: readonly string[] | undefined, def: ReportDefinition | null, action: StatisticsAction = 'read'): string[] {
	const inScope = unitsInScope(db, caller, action);
	if (requested === undefined) {
		return inScope
			.filter((u) => def === null || def.unitKinds.includes(u.kind))
			.map((u) => u.id)
			.sort();
	}
	const ids = new Set(inScope.map((u) => u.id));
	for (const id of requested) if (!ids.has(id)) throw new NotFound('No such unit in your statistics scope.');
	return [...new Set(requested)].sort();
}

/** The `esf` report's project (null: every project); asking another report for one is a 422 naming `project`. */
export function reportProject(reportId: ReportId, project: string | null | undefined): string | null {
	if (project === undefined || project === null) return null;
	if (reportId !== 'esf') throw new ValidationFailed([{ field: 'project', code: 'invalid_value', message: 'Only the esf report counts one project.' }]);
	return project;
}

export function requireDefinition(reportId: ReportId): ReportDefinition {
	const def = reportDefinition(reportId);
	if (!def) throw new ValidationFailed([{ field: 'reportId', code: 'invalid_value', message: `Unknown report ${reportId}` }]);
	return def;
}

export function smallCellThreshold(ctx: AppContext, org: OrgHandle): number {
	return organisationSettings(ctx, org.id).smallCellThreshold;
}

/** The report, suppressed, without an audit row. */
export function buildStatisticsReport(
	ctx: AppContext,
	org: OrgHandle,
	caller: Caller,
	reportId: ReportId,
	window: ResolvedWindow,
	unitIds: string[],
	project: string | null = null
): StatisticsReport {
	const def = requireDefinition(reportId);
	const settings = organisationSettings(ctx, org.id);
	// The esf report: disadvantages are opened with the keyring; `project` limits it to one project.
	const facts = loadReportFacts(org.db, reportId, window, unitIds, settings.codeOverrides, { keyring: org.keyring, esfProject: project });
	const threshold = settings.smallCellThreshold;
	return {
		reportId,
		definitionVersion: def.version,
		window: window.id,
		windowSpec: window.spec,
		from: window.from,
		to: window.to,
		unitIds,
		threshold,
		computedAt: caller.now.toISOString(),
		sections: computeReport(def, facts, { threshold }),
		...(reportId === 'esf' ? { project } : {})
	};
}

export function auditStatistics(org: OrgHandle, caller: Caller, action: AuditAction, detail: Record<string, unknown>, entityId: string | null = null): void {
	org.write((tx) =>
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action,
			entity: entityId ? 'statistics-delivery' : 'statistics',
			entityId,
			address: caller.address,
			detail
		})
	);
}

/** `GET /api/statistics/reports/:reportId`: audited `statistics.read`. */
export function readStatisticsReport(ctx: AppContext, org: OrgHandle, caller: Caller, reportId: ReportId, query: StatisticsQuery): StatisticsReport {
	const project = reportProject(reportId, query.project);
	const unitIds = chooseUnits(org.db, caller, query.unitId, requireDefinition(reportId));
	const report = buildStatisticsReport(ctx, org, caller, reportId, query.window, unitIds, project);
	auditStatistics(org, caller, 'statistics.read', { report: reportId, window: query.window.id, units: unitIds, ...(project ? { project } : {}) });
	return report;
}

/** `GET /api/statistics/scope`: the units and workers the caller may report on, and the threshold. */
export function readStatisticsScope(ctx: AppContext, org: OrgHandle, caller: Caller): StatisticsScope {
	const inScope = unitsInScope(org.db, caller);
	return {
		units: inScope.map((u) => ({ id: u.id, name: u.name, kind: u.kind })),
		workers: workersOf(
			org.db,
			inScope.map((u) => u.id)
		),
		threshold: smallCellThreshold(ctx, org)
	};
}

/** Users (not deleted) attached to any of the units, by name: the dashboard's worker filter. */
export function workersOf(db: OrgDbOrTx, unitIds: readonly string[]): { id: string; displayName: string }[] {
	if (unitIds.length === 0) return [];
	return db
		.selectDistinct({ id: users.id, displayName: users.displayName })
		.from(users)
		.innerJoin(userUnits, eq(userUnits.userId, users.id))
		.where(and(inArray(userUnits.unitId, [...unitIds]), isNull(users.deletedAt)))
		.orderBy(asc(users.displayName), asc(users.id))
		.all();
}

// ---------------------------------------------------------------------------------------------------
// Completeness

type Missing = CompletenessField[];
type CompletenessRecord = Completeness['records'][number];

/** Fields each report checks, in COMPLETENESS_FIELDS order. */
const REPORT_FIELDS: Partial<Record<ReportId, CompletenessField[]>> = {
	'youth-work': ['start-date', 'birth', 'mother-tongue', 'referral-source', 'main-activity-at-start', 'placement-at-end'],
	workshop: ['period-placement'],
	esf: ['esf-employment-status-at-start', 'esf-education-at-start', 'esf-status-on-leaving', 'esf-qualification']
};

/** Of `clientIds`, those the caller may read (client read scope, services/client-scope.ts). */
function readableClients(db: OrgDbOrTx, caller: Caller, clientIds: string[]): Set<string> {
	const cond = clientScopeCondition(caller, 'client', 'read');
	if (cond === false) return new Set();
	if (cond === undefined) return new Set(clientIds);
	const readable = new Set<string>();
	const unique = [...new Set(clientIds)];
	for (let i = 0; i < unique.length; i += 500) {
		const chunk = unique.slice(i, i + 500);
		for (const { id } of db.select({ id: clients.id }).from(clients).where(and(inArray(clients.id, chunk), cond)).all()) readable.add(id);
	}
	return readable;
}

/**
 * Youth work: the clients the report would count, and the live clients of the units with no start
 * date (made before the window ended), which it cannot count. A field is missing when unanswered
 * (null); "ei tietoa" is an answer. The main activity is the first start situation's.
 */
function youthWorkIncomplete(db: OrgDbOrTx, caller: Caller, window: ResolvedWindow, unitIds: string[]): { checked: number; items: CompletenessRecord[] } {
	// Select fields of a one-table query name columns unqualified: the client is named in full here.
	const firstStart = sql<string | null>`(SELECT COALESCE(s.main_activity, '') FROM situations s WHERE s.client_id = "clients"."id" AND s.phase = 'start' AND s.deleted_at IS NULL ORDER BY s.date, s.created_at, s.id LIMIT 1)`;
	const rows = db
		.select({
			id: clients.id,
			unitId: clients.unitId,
			firstName: clients.firstName,
			lastName: clients.lastName,
			nickname: clients.nickname,
			birthDate: clients.birthDate,
			birthYear: clients.birthYear,
			motherTongue: clients.motherTongue,
			referralSource: clients.referralSource,
			startDate: clients.startDate,
			endDate: clients.endDate,
			placementAtEnd: clients.placementAtEnd,
			mainActivity: firstStart
		})
		.from(clients)
		.where(
			and(
				inArray(clients.unitId, unitIds),
				isNull(clients.deletedAt),
				or(
					and(isNull(clients.startDate), lt(clients.createdAt, windowInstants(window).end)),
					and(isNotNull(clients.startDate), lte(clients.startDate, window.to), or(isNull(clients.endDate), gte(clients.endDate, window.from)))
				)
			)
		)
		.all();
	const items = rows.flatMap((r) => {
		const missing: Missing = [];
		if (r.startDate === null) missing.push('start-date');
		if (r.birthDate === null && r.birthYear === null) missing.push('birth');
		if (r.motherTongue === null) missing.push('mother-tongue');
		if (r.referralSource === null) missing.push('referral-source');
		if (r.mainActivity === null || r.mainActivity === '') missing.push('main-activity-at-start');
		if (r.endDate !== null && r.endDate >= window.from && r.endDate <= window.to && r.placementAtEnd === null) missing.push('placement-at-end');
		if (missing.length === 0) return [];
		return [{ kind: 'client' as const, id: r.id, clientId: r.id, name: participantName(r), unitId: r.unitId, missing }];
	});
	return { checked: rows.length, items };
}

/** Workshop: periods overlapping the window; one ended within it needs its placement after. */
function workshopIncomplete(db: OrgDbOrTx, caller: Caller, window: ResolvedWindow, unitIds: string[]): { checked: number; items: CompletenessRecord[] } {
	const rows = db
		.select({
			id: coachingPeriods.id,
			clientId: coachingPeriods.clientId,
			unitId: coachingPeriods.unitId,
			endDate: coachingPeriods.endDate,
			placementAfter: coachingPeriods.placementAfter,
			firstName: clients.firstName,
			lastName: clients.lastName,
			nickname: clients.nickname
		})
		.from(coachingPeriods)
		.innerJoin(clients, eq(clients.id, coachingPeriods.clientId))
		.where(
			and(
				inArray(coachingPeriods.unitId, unitIds),
				isNull(coachingPeriods.deletedAt),
				isNull(clients.deletedAt),
				lte(coachingPeriods.startDate, window.to),
				or(isNull(coachingPeriods.endDate), gte(coachingPeriods.endDate, window.from))
			)
		)
		.all();
	const items = rows.flatMap((r) => {
		if (r.endDate === null || r.endDate > window.to || r.placementAfter !== null) return [];
		const missing: Missing = ['period-placement'];
		return [{ kind: 'period' as const, id: r.id, clientId: r.clientId, name: participantName(r), unitId: r.unitId, missing }];
	});
	return { checked: rows.length, items };
}

/**
 * ESF: the participations the report counts (overlapping the window; of the project, when asked; one
 * per client per project, as the table keeps only one live). EURA needs the start situation and, for
 * a participant who left within the window, the end situation: "ei tietoa" (`unknown`) is missing
 * here as much as no answer.
 */
function esfIncomplete(db: OrgDbOrTx, window: ResolvedWindow, unitIds: string[], project: string | null): { checked: number; items: CompletenessRecord[] } {
	const rows = db
		.select({
			id: esfParticipations.id,
			clientId: esfParticipations.clientId,
			unitId: esfParticipations.unitId,
			statusAtStart: esfParticipations.employmentStatusAtStart,
			educationAtStart: esfParticipations.educationAtStart,
			endDate: esfParticipations.endDate,
			statusAtEnd: esfParticipations.employmentStatusAtEnd,
			qualification: esfParticipations.qualificationGained,
			firstName: clients.firstName,
			lastName: clients.lastName,
			nickname: clients.nickname
		})
		.from(esfParticipations)
		.innerJoin(clients, eq(clients.id, esfParticipations.clientId))
		.where(
			and(
				inArray(esfParticipations.unitId, unitIds),
				isNull(esfParticipations.deletedAt),
				isNull(clients.deletedAt),
				project === null ? undefined : eq(esfParticipations.projectCode, project),
				lte(esfParticipations.startDate, window.to),
				or(isNull(esfParticipations.endDate), gte(esfParticipations.endDate, window.from))
			)
		)
		.all();
	const unanswered = (code: string | null) => code === null || code === 'unknown';
	const items = rows.flatMap((r) => {
		const missing: Missing = [];
		if (unanswered(r.statusAtStart)) missing.push('esf-employment-status-at-start');
		if (unanswered(r.educationAtStart)) missing.push('esf-education-at-start');
		if (r.endDate !== null && r.endDate <= window.to) {
			if (unanswered(r.statusAtEnd)) missing.push('esf-status-on-leaving');
			if (unanswered(r.qualification)) missing.push('esf-qualification');
		}
		if (missing.length === 0) return [];
		return [{ kind: 'esf-participation' as const, id: r.id, clientId: r.clientId, name: participantName(r), unitId: r.unitId, missing }];
	});
	return { checked: rows.length, items };
}

/** `GET /api/statistics/reports/:reportId/completeness`: audited `statistics.completeness-read`. */
export function readCompleteness(org: OrgHandle, caller: Caller, reportId: ReportId, query: StatisticsQuery): Completeness {
	const project = reportProject(reportId, query.project);
	const unitIds = chooseUnits(org.db, caller, query.unitId, requireDefinition(reportId));
	const window = query.window;
	const { checked, items } =
		unitIds.length === 0
			? { checked: 0, items: [] }
			: reportId === 'workshop'
				? workshopIncomplete(org.db, caller, window, unitIds)
				: reportId === 'youth-work'
					? youthWorkIncomplete(org.db, caller, window, unitIds)
					: esfIncomplete(org.db, window, unitIds, project);
	const fields = (REPORT_FIELDS[reportId] ?? []).map((field) => ({ field, count: items.filter((i) => i.missing.includes(field)).length }));
	const readable = readableClients(
		org.db,
		caller,
		items.map((i) => i.clientId)
	);
	const records = items.filter((i) => readable.has(i.clientId)).sort((a, b) => a.name.localeCompare(b.name, 'fi') || a.id.localeCompare(b.id));
	const hiddenRecords = items.length - records.length;
	auditStatistics(org, caller, 'statistics.completeness-read', { report: reportId, window: window.id, units: unitIds, ...(project ? { project } : {}), records: records.length, hiddenRecords });
	return { reportId, window: window.id, from: window.from, to: window.to, unitIds, checked, fields, records, hiddenRecords };
}

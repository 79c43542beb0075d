/**
 * The month's attendance summary of a workshop (`GET /api/attendance/summary[.csv|.xlsx]`): the live
 * periods of the unit that overlap the month, with their live marks of the month, counted by the shared
 * `attendanceSummary` (the same rules as the tablet and the reports).
 *
 * Scope (issue 5 contract): the unit must lie within the caller's `attendance` read scope (and, for the
 * files, export scope), else 404; within it, only periods the caller reaches under the workshop rule
 * are counted. Reading is audited (`attendance.summary-read`), each file `attendance.export`; the detail
 * holds the unit, the month and the format, never a name.
 */
import { attendanceSummary, monthRange, scopeFor, type AttendanceSummary, type AttendanceSummaryQuery, type Locale, type SummaryInput } from '@polku/shared';
import { and, eq, gte, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import type { OrgHandle } from '../db/org-registry';
import { attendanceMarks, clients, coachingPeriods, units } from '../db/schema';
import { NotFound } from '../lib/errors';
import { appendAudit } from './audit.service';
import type { Caller } from './caller';
import { attendanceSummaryCsv, attendanceSummaryXlsx } from './export/attendance-summary.export';
import { markOf, periodOf, periodScopeCondition } from './workshop-data';
import { participantName } from './workshop-report.service';

type Action = 'read' | 'export';

/**
 * The unit is one the caller may see attendance of (`own` scope: any unit, its own periods only). A
 * deleted unit still answers: its past months stay billable.
 */
function unitInScope(org: OrgHandle, caller: Caller, unitId: string, action: Action): boolean {
	const unit = org.db.select({ id: units.id }).from(units).where(eq(units.id, unitId)).get();
	if (!unit) return false;
	const scopes = [scopeFor(caller.roles, 'attendance', 'read'), scopeFor(caller.roles, 'attendance', action)];
	return scopes.every((scope) => scope === 'organisation' || scope === 'own' || (scope === 'unit' && caller.unitIds.includes(unitId)));
}

/** The summary without an audit row (the route functions below write it). NotFound when out of scope. */
export function loadAttendanceSummary(org: OrgHandle, caller: Caller, query: AttendanceSummaryQuery, locale: Locale, action: Action = 'read'): AttendanceSummary {
	if (!unitInScope(org, caller, query.unitId, action)) throw new NotFound();
	const { from, to } = monthRange(query.month);
	const conditions: (SQL | undefined)[] = [
		eq(coachingPeriods.unitId, query.unitId),
		isNull(coachingPeriods.deletedAt),
		lte(coachingPeriods.startDate, to),
		or(isNull(coachingPeriods.endDate), gte(coachingPeriods.endDate, from))
	];
	for (const a of new Set<Action>(['read', action])) {
		const scope = periodScopeCondition(caller, 'attendance', a);
		if (scope === false) throw new NotFound();
		conditions.push(scope);
	}
	const db = org.db;
	const periodRows = db.select().from(coachingPeriods).where(and(...conditions)).all();
	const periodIds = periodRows.map((p) => p.id);
	const marks =
		periodIds.length === 0
			? []
			: db
					.select()
					.from(attendanceMarks)
					.where(and(inArray(attendanceMarks.periodId, periodIds), isNull(attendanceMarks.deletedAt), gte(attendanceMarks.date, from), lte(attendanceMarks.date, to)))
					.all()
					.map((r) => markOf(r));
	const clientIds = [...new Set(periodRows.map((p) => p.clientId))];
	const clientRows =
		clientIds.length === 0
			? []
			: db
					.select({ id: clients.id, firstName: clients.firstName, lastName: clients.lastName, nickname: clients.nickname })
					.from(clients)
					.where(inArray(clients.id, clientIds))
					.all();
	const names = new Map(clientRows.map((c) => [c.id, participantName(c)]));
	const marksOf = new Map<string, typeof marks>();
	for (const m of marks) {
		const list = marksOf.get(m.periodId);
		if (list) list.push(m);
		else marksOf.set(m.periodId, [m]);
	}
	const inputs: SummaryInput[] = periodRows.map((row) => {
		const period = periodOf(row, org.keyring);
		return { period, participant: names.get(period.clientId) ?? '–', marks: marksOf.get(period.id) ?? [] };
	});
	return attendanceSummary(query.unitId, query.month, inputs, locale);
}

function audit(org: OrgHandle, caller: Caller, query: AttendanceSummaryQuery, detail: Record<string, unknown>, action: 'attendance.summary-read' | 'attendance.export') {
	org.write((tx) =>
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action,
			entity: 'unit',
			entityId: query.unitId,
			address: caller.address,
			detail: { unitId: query.unitId, month: query.month, ...detail }
		})
	);
}

/** `GET /api/attendance/summary`: audited `attendance.summary-read`. */
export function readAttendanceSummary(org: OrgHandle, caller: Caller, query: AttendanceSummaryQuery, locale: Locale): AttendanceSummary {
	const summary = loadAttendanceSummary(org, caller, query, locale, 'read');
	audit(org, caller, query, {}, 'attendance.summary-read');
	return summary;
}

export type SummaryFile = { body: Uint8Array<ArrayBuffer>; contentType: string; filename: string };

export const SUMMARY_CONTENT_TYPES = {
	csv: 'text/csv; charset=utf-8',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
} as const;

/** `GET /api/attendance/summary.csv|.xlsx`: the file, audited `attendance.export`. Named `lasnaolo-<month>.<ext>`. */
export async function exportAttendanceSummary(org: OrgHandle, caller: Caller, query: AttendanceSummaryQuery, locale: Locale, format: 'csv' | 'xlsx'): Promise<SummaryFile> {
	const summary = loadAttendanceSummary(org, caller, query, locale, 'export');
	const body = format === 'csv' ? new Uint8Array(Buffer.from(attendanceSummaryCsv(summary, locale), 'utf8')) : new Uint8Array(await attendanceSummaryXlsx(summary, locale, { createdAt: caller.now }));
	audit(org, caller, query, { format }, 'attendance.export');
	return { body, contentType: SUMMARY_CONTENT_TYPES[format], filename: `lasnaolo-${query.month}.${format}` };
}

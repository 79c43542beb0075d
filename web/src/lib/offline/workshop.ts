/**
 * Pure helpers of workshop coaching on the device (issue 5; plain TS, testable without Svelte): the
 * scope of a cached period, the roll-call of a day from cached periods and marks, and the names of
 * the input fields in validation errors. The rules themselves (expected days, contract days) are the
 * shared ones (@polku/shared workshop/attendance.ts), so the tablet counts as the server does.
 */
import {
	contractCovers,
	expectedOn,
	helsinkiDate,
	instrumentItemCodes,
	scopeFor,
	withinPeriod,
	type Action,
	type Instrument,
	type SyncConflict,
	type AttendanceMark,
	type AttendanceValues,
	type CoachingPeriod,
	type Resource
} from '@polku/shared';
import { clientDisplayName, type ClientData, type Viewer } from './client-record';
import type { RollCall, RollCallRow } from './workshop-types';

type Pending<T> = T & { pending: boolean };

/** Who may act on a period's records (contract "Scope"): organisation, unit, or own (creator or coach). */
export function reachesPeriod(
	viewer: Viewer,
	resource: Resource,
	action: Action,
	period: Pick<CoachingPeriod, 'unitId' | 'workCoachId' | 'individualCoachId'> & { createdBy?: string }
): boolean {
	const scope = scopeFor(viewer.roles, resource, action);
	if (scope === null) return false;
	if (scope === 'organisation') return true;
	if (scope === 'unit' && viewer.unitIds.includes(period.unitId)) return true;
	return period.createdBy === viewer.userId || period.workCoachId === viewer.userId || period.individualCoachId === viewer.userId;
}

/** The values of a mark (what `attendance.set` sends as `values` and `base`). */
export function markValues(mark: Pick<AttendanceMark, 'status' | 'absenceReason' | 'hours' | 'extraReason'>): AttendanceValues {
	return { status: mark.status, absenceReason: mark.absenceReason, hours: mark.hours, extraReason: mark.extraReason };
}

/** Not yet ended on `date` (open, or ending that day or later). */
export function periodActive(period: Pick<CoachingPeriod, 'endDate'>, date: string): boolean {
	return period.endDate === null || period.endDate >= date;
}

export interface RollCallInput {
	unitId: string;
	date: string;
	/** The workshop's live periods (pulled or pending local copies). */
	periods: Pending<CoachingPeriod>[];
	/** Live marks of `date` (any period). */
	marks: Pending<AttendanceMark>[];
	/** clientId → display name. */
	names: ReadonlyMap<string, string>;
	/** Mark ids with an open field conflict. */
	conflicts: ReadonlySet<string>;
	locale?: string;
}

/**
 * The day's roll-call: a row for each period the contract expects on the day (within the period, on a
 * contract weekday within the contract's dates), plus each period marked on the day without being
 * expected; `addable` = the other periods in force on the day. Rows and addable sorted by name.
 */
export function buildRollCall(input: RollCallInput): RollCall {
	const { unitId, date } = input;
	const byPeriod = new Map(input.marks.filter((m) => m.date === date).map((m) => [m.periodId, m]));
	const rows: RollCallRow[] = [];
	const addable: RollCall['addable'] = [];
	for (const p of input.periods) {
		if (p.unitId !== unitId || p.deletedAt !== null) continue;
		const displayName = input.names.get(p.clientId) ?? '';
		const mark = byPeriod.get(p.id) ?? null;
		const expected = expectedOn(p, date);
		if (expected || (mark !== null && withinPeriod(p, date))) {
			rows.push({
				periodId: p.id,
				clientId: p.clientId,
				displayName,
				periodType: p.type,
				expected,
				contractHours: p.hoursPerDay,
				mark,
				conflict: mark !== null && input.conflicts.has(mark.id)
			});
		} else if (withinPeriod(p, date)) {
			addable.push({ periodId: p.id, clientId: p.clientId, displayName });
		}
	}
	const collator = new Intl.Collator(input.locale ?? 'fi');
	const byName = (a: { displayName: string; periodId: string }, b: { displayName: string; periodId: string }) =>
		collator.compare(a.displayName, b.displayName) || a.periodId.localeCompare(b.periodId);
	return { unitId, date, rows: rows.sort(byName), addable: addable.sort(byName) };
}

/** Why a mark on `date` is refused on the device (the server checks the same), or null. */
export function markDateIssue(period: Pick<CoachingPeriod, 'startDate' | 'endDate'>, date: string, today: string): { code: 'future' | 'outside-period'; message: string } | null {
	if (date > today) return { code: 'future', message: 'A day in the future cannot be marked' };
	if (!withinPeriod(period, date)) return { code: 'outside-period', message: 'The day is outside the period' };
	return null;
}

/** A mark off the contract needs its reason. */
export function needsExtraReason(period: Parameters<typeof contractCovers>[0], date: string, values: Pick<AttendanceValues, 'extraReason'>): boolean {
	return !contractCovers(period, date) && (values.extraReason === null || values.extraReason.trim() === '');
}

/** Today's date in Helsinki at epoch ms (workshop days are Helsinki days). */
export function helsinkiToday(ms: number): string {
	return helsinkiDate(new Date(ms));
}

/** Ids of marks with an open field conflict (the roll-call flags them). */
export function openConflictIds(conflicts: readonly Pick<SyncConflict, 'entity' | 'entityId' | 'resolvedAt'>[], entity: SyncConflict['entity']): Set<string> {
	return new Set(conflicts.filter((c) => c.entity === entity && c.resolvedAt === null).map((c) => c.entityId));
}

/** clientId → display name, for the wanted ids only. */
export function namesOf(clients: readonly { id: string; data: Pick<ClientData, 'firstName' | 'lastName' | 'nickname'> }[], wanted: Iterable<string>): Map<string, string> {
	const ids = new Set(wanted);
	return new Map(clients.filter((c) => ids.has(c.id)).map((c) => [c.id, clientDisplayName(c.data)]));
}

/** The device's check of answers against the instrument (the server checks the same): codes, or none. */
export function answerIssues(instrument: Instrument, answers: Readonly<Record<string, number | null>>): ('unknown-item' | 'out-of-scale' | 'empty')[] {
	const codes = new Set(instrumentItemCodes(instrument));
	const entries = Object.entries(answers);
	const issues: ('unknown-item' | 'out-of-scale' | 'empty')[] = [];
	if (entries.some(([k]) => !codes.has(k))) issues.push('unknown-item');
	if (entries.some(([, v]) => v !== null && (!Number.isInteger(v) || v < instrument.scale.min || v > instrument.scale.max))) issues.push('out-of-scale');
	if (!entries.some(([, v]) => v !== null)) issues.push('empty');
	return issues;
}

/** GET /api/coaching-reports/:id/pdf?lang= (ids and the language only). */
export function reportPdfPath(reportId: string, lang: 'fi' | 'sv' | 'en'): string {
	return `/api/coaching-reports/${encodeURIComponent(reportId)}/pdf?${new URLSearchParams({ lang }).toString()}`;
}

/** GET /api/attendance/summary.(csv|xlsx)?unitId=&month=[&lang=] (ids, the month, the language). */
export function summaryPath(unitId: string, month: string, format: 'csv' | 'xlsx', lang?: 'fi' | 'sv' | 'en'): string {
	const query = new URLSearchParams({ unitId, month });
	if (lang) query.set('lang', lang);
	return `/api/attendance/summary.${format}?${query.toString()}`;
}

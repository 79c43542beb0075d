/**
 * Workshop coaching records (issue 5) as the wire has them: decrypting row → DTO mappers, their pull
 * changes, the field-token contexts, and the workshop scope rule (contract "Scope"). Used by the push
 * appliers (workshop-record.service.ts), pull (sync.service.ts) and the REST loaders (PDF, summary).
 *
 * Scope: a workshop record carries its period's `unitId` and `clientId`. A viewer reaches it for
 * `action` when `scopeFor(roles, resource, action)` is `organisation`, or `unit` and the record's
 * unit is one of the viewer's, or `own` and the viewer created the record's period or is its work or
 * individual coach. Resources: period, goal, goal-note, report → `coaching-period`; mark →
 * `attendance`; diary → `diary`; assessment → `assessment`.
 */
import {
	scopeFor,
	type Assessment,
	type AttendanceMark,
	type AttendanceValues,
	type CoachingPeriod,
	type CoachingPeriodFields,
	type CoachingReport,
	type CoachingReportFields,
	type DiaryEntry,
	type Goal,
	type GoalFields,
	type GoalNote,
	type Resource,
	type Role,
	type SyncChange
} from '@polku/shared';
import { eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { assessments, attendanceMarks, coachingPeriods, coachingReports, diaryEntries, goalNotes, goals } from '../db/schema';
import type { OrgKeyring } from '../lib/crypto';

export type PeriodRow = typeof coachingPeriods.$inferSelect;
export type GoalRow = typeof goals.$inferSelect;
export type GoalNoteRow = typeof goalNotes.$inferSelect;
export type MarkRow = typeof attendanceMarks.$inferSelect;
export type DiaryRow = typeof diaryEntries.$inferSelect;
export type AssessmentRow = typeof assessments.$inferSelect;
export type ReportRow = typeof coachingReports.$inferSelect;

/** Field-token contexts (contract "Encryption at rest"). */
export const periodPlanContext = (id: string) => `period.workTimePlan:${id}`;
export const goalTextContext = (id: string) => `goal.text:${id}`;
export const goalNoteTextContext = (id: string) => `goal-note.text:${id}`;
export const diaryTextContext = (id: string) => `diary.text:${id}`;
export const reportTextContext = (id: string) => `coaching-report.text:${id}`;

const decryptOrNull = (keyring: OrgKeyring, token: string | null, context: string): string | null =>
	token === null ? null : keyring.decryptField(token, context);

type Meta = { id: string; version: number; createdBy: string; createdAt: string; updatedAt: string; deletedAt: string | null };
const synced = (row: Meta) => ({ version: row.version, createdBy: row.createdBy, createdAt: row.createdAt, updatedAt: row.updatedAt, deletedAt: row.deletedAt });
const changeMeta = (row: Meta) => ({ id: row.id, version: row.version, updatedAt: row.updatedAt, deletedAt: row.deletedAt });

// ---------------------------------------------------------------------------------------------------
// Row → fields / DTO

export function periodFieldsOf(row: PeriodRow, keyring: OrgKeyring): CoachingPeriodFields {
	return {
		type: row.type,
		workCoachId: row.workCoachId,
		individualCoachId: row.individualCoachId,
		referringOrganisation: row.referringOrganisation,
		referringContact: row.referringContact,
		payingOrganisation: row.payingOrganisation,
		payingContact: row.payingContact,
		contractStart: row.contractStart,
		contractEnd: row.contractEnd,
		daysPerWeek: row.daysPerWeek,
		hoursPerDay: row.hoursPerDay,
		weekdays: row.weekdays,
		priceCents: row.priceCents,
		priceUnit: row.priceUnit,
		expenseCompensationCents: row.expenseCompensationCents,
		startDate: row.startDate,
		endDate: row.endDate,
		placementAfter: row.placementAfter as CoachingPeriodFields['placementAfter'],
		workTimePlan: decryptOrNull(keyring, row.workTimePlan, periodPlanContext(row.id))
	};
}

/** Column values of period fields (the work-time plan encrypted). */
export function periodColumnsOf(fields: CoachingPeriodFields, id: string, keyring: OrgKeyring) {
	return { ...fields, workTimePlan: fields.workTimePlan === null ? null : keyring.encryptField(fields.workTimePlan, periodPlanContext(id)) };
}

export function periodOf(row: PeriodRow, keyring: OrgKeyring): CoachingPeriod {
	return { id: row.id, clientId: row.clientId, unitId: row.unitId, ...periodFieldsOf(row, keyring), ...synced(row) };
}

export function goalFieldsOf(row: GoalRow, keyring: OrgKeyring): GoalFields {
	return { text: keyring.decryptField(row.text, goalTextContext(row.id)), targetDate: row.targetDate, status: row.status };
}

export function goalOf(row: GoalRow, keyring: OrgKeyring): Goal {
	return { id: row.id, periodId: row.periodId, clientId: row.clientId, unitId: row.unitId, ...goalFieldsOf(row, keyring), ...synced(row) };
}

export function goalNoteOf(row: GoalNoteRow, keyring: OrgKeyring): GoalNote {
	return {
		id: row.id,
		goalId: row.goalId,
		periodId: row.periodId,
		clientId: row.clientId,
		unitId: row.unitId,
		date: row.date,
		text: keyring.decryptField(row.text, goalNoteTextContext(row.id)),
		...synced(row)
	};
}

export function markValuesOf(row: MarkRow): AttendanceValues {
	return { status: row.status, absenceReason: row.absenceReason, hours: row.hours, extraReason: row.extraReason };
}

/** Attendance values are plain (no keyring needed); the parameter keeps the mappers alike. */
export function markOf(row: MarkRow, _keyring?: OrgKeyring): AttendanceMark {
	return {
		id: row.id,
		periodId: row.periodId,
		clientId: row.clientId,
		unitId: row.unitId,
		date: row.date,
		...markValuesOf(row),
		updatedBy: row.updatedBy,
		...synced(row)
	};
}

export function diaryOf(row: DiaryRow, keyring: OrgKeyring): DiaryEntry {
	return {
		id: row.id,
		periodId: row.periodId,
		clientId: row.clientId,
		unitId: row.unitId,
		date: row.date,
		kind: row.kind,
		text: keyring.decryptField(row.text, diaryTextContext(row.id)),
		hours: row.hours,
		...synced(row)
	};
}

/** Assessments hold no free text (answers are numbers). */
export function assessmentOf(row: AssessmentRow, _keyring?: OrgKeyring): Assessment {
	return {
		id: row.id,
		periodId: row.periodId,
		clientId: row.clientId,
		unitId: row.unitId,
		instrumentId: row.instrumentId,
		instrumentVersion: row.instrumentVersion,
		mode: row.mode,
		date: row.date,
		answers: row.answers,
		...synced(row)
	};
}

export function reportFieldsOf(row: ReportRow, keyring: OrgKeyring): CoachingReportFields {
	return { date: row.date, text: keyring.decryptField(row.text, reportTextContext(row.id)) };
}

export function reportOf(row: ReportRow, keyring: OrgKeyring): CoachingReport {
	return { id: row.id, periodId: row.periodId, clientId: row.clientId, unitId: row.unitId, kind: row.kind, ...reportFieldsOf(row, keyring), ...synced(row) };
}

// ---------------------------------------------------------------------------------------------------
// Pull changes (tombstones carry no content)

export const periodChange = (row: PeriodRow, keyring: OrgKeyring): SyncChange => ({
	entity: 'coaching-period',
	...changeMeta(row),
	data: row.deletedAt ? null : periodOf(row, keyring)
});
export const goalChange = (row: GoalRow, keyring: OrgKeyring): SyncChange => ({ entity: 'goal', ...changeMeta(row), data: row.deletedAt ? null : goalOf(row, keyring) });
export const goalNoteChange = (row: GoalNoteRow, keyring: OrgKeyring): SyncChange => ({
	entity: 'goal-note',
	...changeMeta(row),
	data: row.deletedAt ? null : goalNoteOf(row, keyring)
});
export const markChange = (row: MarkRow): SyncChange => ({ entity: 'attendance', ...changeMeta(row), data: row.deletedAt ? null : markOf(row) });
export const diaryChange = (row: DiaryRow, keyring: OrgKeyring): SyncChange => ({ entity: 'diary', ...changeMeta(row), data: row.deletedAt ? null : diaryOf(row, keyring) });
export const assessmentChange = (row: AssessmentRow): SyncChange => ({ entity: 'assessment', ...changeMeta(row), data: row.deletedAt ? null : assessmentOf(row) });
export const reportChange = (row: ReportRow, keyring: OrgKeyring): SyncChange => ({
	entity: 'coaching-report',
	...changeMeta(row),
	data: row.deletedAt ? null : reportOf(row, keyring)
});

// ---------------------------------------------------------------------------------------------------
// Scope

export type WorkshopViewer = { userId: string; roles: readonly Role[]; unitIds: readonly string[] };
export type WorkshopResource = Extract<Resource, 'coaching-period' | 'attendance' | 'diary' | 'assessment'>;
export type WorkshopAction = 'read' | 'create' | 'update' | 'export';
type PeriodScopeRow = { unitId: string; createdBy: string; workCoachId: string | null; individualCoachId: string | null };

/** The workshop rule on a period already loaded (no tombstone check). */
export function periodReaches(viewer: WorkshopViewer, period: PeriodScopeRow, resource: WorkshopResource = 'coaching-period', action: WorkshopAction = 'read'): boolean {
	const scope = scopeFor(viewer.roles, resource, action);
	if (scope === null) return false;
	if (scope === 'organisation') return true;
	if (scope === 'unit' && viewer.unitIds.includes(period.unitId)) return true;
	return period.createdBy === viewer.userId || period.workCoachId === viewer.userId || period.individualCoachId === viewer.userId;
}

/** The periods the viewer reaches as the `own` part of the rule (created by them or coached by them). */
function ownPeriods(viewer: WorkshopViewer): SQL {
	return or(
		eq(coachingPeriods.createdBy, viewer.userId),
		eq(coachingPeriods.workCoachId, viewer.userId),
		eq(coachingPeriods.individualCoachId, viewer.userId)
	) as SQL;
}

/** The rule as a WHERE condition on `coaching_periods`: `undefined` = all, `false` = none. */
export function periodScopeCondition(viewer: WorkshopViewer, resource: WorkshopResource = 'coaching-period', action: WorkshopAction = 'read'): SQL | undefined | false {
	const scope = scopeFor(viewer.roles, resource, action);
	if (scope === null) return false;
	if (scope === 'organisation') return undefined;
	const own = ownPeriods(viewer);
	return scope === 'unit' && viewer.unitIds.length > 0 ? (or(own, inArray(coachingPeriods.unitId, [...viewer.unitIds])) as SQL) : own;
}

/**
 * The rule for a record of a period (goal, note, mark, diary, assessment, report): its `unitId` column
 * is one of the viewer's units (`unit` scope), or its `periodId` is a period the viewer owns.
 */
export function workshopRecordCondition(
	table: { unitId: SQLiteColumn; periodId: SQLiteColumn },
	viewer: WorkshopViewer,
	resource: WorkshopResource,
	action: WorkshopAction = 'read'
): SQL | undefined | false {
	const scope = scopeFor(viewer.roles, resource, action);
	if (scope === null) return false;
	if (scope === 'organisation') return undefined;
	const own = sql`${table.periodId} IN (SELECT ${coachingPeriods.id} FROM ${coachingPeriods} WHERE ${ownPeriods(viewer)})`;
	return scope === 'unit' && viewer.unitIds.length > 0 ? (or(own, inArray(table.unitId, [...viewer.unitIds])) as SQL) : own;
}

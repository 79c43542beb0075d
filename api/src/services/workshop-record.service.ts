/**
 * Push appliers of workshop coaching (issue 5 contract): coaching periods, goals and their notes,
 * attendance marks, diaries, assessments and reports. Each runs inside the item's savepoint
 * (sync.service.ts) and either returns an Outcome or throws ItemRejected.
 *
 * A workshop record takes its `unitId` and `clientId` from its period; scope follows the period's
 * workshop (workshop-data.ts). Free texts are stored as field tokens; attendance values, codes, dates
 * and numbers are plain.
 */
import {
	attendanceMarkId,
	AttendanceValuesSchema,
	COACHING_UNIT_KINDS,
	CoachingPeriodFieldsSchema,
	CoachingReportFieldsSchema,
	contractCovers,
	GoalFieldsSchema,
	helsinkiDate,
	instrumentById,
	instrumentItemCodes,
	periodFieldIssues,
	PLACEMENTS,
	withinPeriod,
	type AssessmentInput,
	type AttendanceSet,
	type AttendanceValues,
	type CodeList,
	type CoachingPeriodFields,
	type CoachingPeriodInput,
	type CoachingPeriodUpdate,
	type CoachingReportFields,
	type CoachingReportInput,
	type CoachingReportPrinted,
	type CoachingReportUpdate,
	type DiaryEntryInput,
	type FieldChanges,
	type GoalFields,
	type GoalInput,
	type GoalNoteInput,
	type GoalUpdate
} from '@polku/shared';
import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { z } from 'zod';
import { assessments, attendanceMarks, clients, coachingPeriods, coachingReports, diaryEntries, goalNotes, goals, units, users } from '../db/schema';
import { clientVisible } from './client-scope';
import {
	applyPatch,
	audit,
	checkLocalCodes,
	existingCreate,
	forbidden,
	invalid,
	recordMutation,
	sameContent,
	unknownReference,
	type ItemContext,
	type Outcome,
	type PatchSpec
} from './sync-push.service';
import { bumpClientRecords, newSyncedRow, nextChangeSeq } from './sync-records.service';
import {
	assessmentChange,
	assessmentOf,
	diaryChange,
	diaryOf,
	diaryTextContext,
	goalChange,
	goalFieldsOf,
	goalNoteChange,
	goalNoteOf,
	goalNoteTextContext,
	goalOf,
	goalTextContext,
	markChange,
	markValuesOf,
	periodChange,
	periodColumnsOf,
	periodFieldsOf,
	periodOf,
	periodReaches,
	reportChange,
	reportFieldsOf,
	reportOf,
	reportTextContext,
	type GoalRow,
	type MarkRow,
	type PeriodRow,
	type ReportRow,
	type WorkshopAction,
	type WorkshopResource
} from './workshop-data';

const PERIOD_CODE_LISTS: Record<string, CodeList> = { placementAfter: PLACEMENTS };
const at = (ctx: ItemContext) => ctx.meta.now.toISOString();
const toValues = (changes: Record<string, { to: unknown } | undefined>) => Object.fromEntries(Object.entries(changes).map(([k, c]) => [k, c?.to]));
const synced = (tx: ItemContext['tx'], ctx: ItemContext) => newSyncedRow(tx, ctx.viewer.userId, at(ctx));

/**
 * A live period the viewer reaches for `resource`/`action`: unknown-reference naming `field` when it
 * does not exist, is a tombstone or is not visible to them; forbidden when visible but not writable.
 */
export function periodFor(ctx: ItemContext, id: string, field: string, resource: WorkshopResource, action: WorkshopAction): PeriodRow {
	const row = ctx.tx.select().from(coachingPeriods).where(eq(coachingPeriods.id, id)).get();
	if (!row || row.deletedAt || !periodReaches(ctx.viewer, row, resource, 'read')) throw unknownReference(field);
	if (action !== 'read' && !periodReaches(ctx.viewer, row, resource, action)) throw forbidden(field, 'That workshop is not yours to change.');
	return row;
}

/** Coaches named on a period must be active users of the organisation. */
function checkCoach(ctx: ItemContext, id: string | null | undefined, field: string): void {
	if (id === null || id === undefined) return;
	const found = ctx.tx
		.select({ id: users.id })
		.from(users)
		.where(and(eq(users.id, id), eq(users.active, true), isNull(users.deletedAt)))
		.get();
	if (!found) throw unknownReference(field);
}

function firstPeriodIssue(next: CoachingPeriodFields): void {
	const [issue] = periodFieldIssues(next);
	if (issue) throw invalid(`data.${issue.field}`, issue.code, issue.message);
}

// ---------------------------------------------------------------------------------------------------
// Coaching periods

export function createPeriod(ctx: ItemContext, data: CoachingPeriodInput): Outcome {
	const { tx, viewer, org } = ctx;
	const existing = tx.select().from(coachingPeriods).where(eq(coachingPeriods.id, data.id)).get();
	if (existing) {
		const visible = periodReaches(viewer, existing);
		const same = !existing.deletedAt && sameContent(data, periodOf(existing, org.keyring));
		return existingCreate(ctx, 'coaching-period.create', same && visible, visible ? periodChange(existing, org.keyring) : null);
	}
	const unit = tx.select().from(units).where(eq(units.id, data.unitId)).get();
	if (!unit || unit.deletedAt) throw unknownReference('data.unitId');
	if (!periodReaches(viewer, { unitId: data.unitId, createdBy: '', workCoachId: null, individualCoachId: null }, 'coaching-period', 'create')) {
		throw forbidden('data.unitId', 'You may only add periods to your own workshops.');
	}
	if (!(COACHING_UNIT_KINDS as readonly string[]).includes(unit.kind)) throw invalid('data.unitId', 'unit-kind', 'Coaching periods belong to a workshop unit.');
	if (!clientVisible(tx, viewer, data.clientId, 'client', 'read')) throw unknownReference('data.clientId');
	checkCoach(ctx, data.workCoachId, 'data.workCoachId');
	checkCoach(ctx, data.individualCoachId, 'data.individualCoachId');
	checkLocalCodes(ctx, PERIOD_CODE_LISTS, data, (f) => `data.${f}`);
	const { id, clientId, unitId, ...fields } = data;
	firstPeriodIssue(fields);
	tx.insert(coachingPeriods)
		.values({ id, clientId, unitId, ...periodColumnsOf(fields, id, org.keyring), ...synced(tx, ctx) })
		.run();
	// The client is now visible to the workshop's coaches: re-send it and its records to their next pull.
	tx.update(clients).set({ changeSeq: nextChangeSeq(tx) }).where(eq(clients.id, clientId)).run();
	bumpClientRecords(tx, clientId);
	recordMutation(ctx, 'coaching-period.create', 'applied');
	audit(ctx, 'coaching-period.create', 'coaching-period', id, { clientId, unitId, type: data.type });
	return { status: 'applied', entity: 'coaching-period', id, version: 1 };
}

function periodPatch(ctx: ItemContext, row: PeriodRow, changes: FieldChanges<CoachingPeriodFields>): PatchSpec<CoachingPeriodFields> {
	const { tx, org } = ctx;
	return {
		kind: 'coaching-period.update',
		entity: 'coaching-period',
		id: row.id,
		clientId: row.clientId,
		version: row.version,
		current: periodFieldsOf(row, org.keyring),
		changes,
		validate: (next) => {
			firstPeriodIssue(next);
			const outside = tx
				.select({ date: attendanceMarks.date })
				.from(attendanceMarks)
				.where(
					and(
						eq(attendanceMarks.periodId, row.id),
						isNull(attendanceMarks.deletedAt),
						next.endDate === null ? lt(attendanceMarks.date, next.startDate) : or(lt(attendanceMarks.date, next.startDate), gt(attendanceMarks.date, next.endDate))
					)
				)
				.all();
			if (outside.length > 0) {
				const early = outside.some((m) => m.date < next.startDate);
				throw invalid(early ? 'data.startDate' : 'data.endDate', 'marks-outside', 'Attendance is marked on days outside these dates.');
			}
		},
		save: (next, version, changeSeq) =>
			void tx
				.update(coachingPeriods)
				.set({ ...periodColumnsOf(next, row.id, org.keyring), version, updatedAt: at(ctx), changeSeq })
				.where(eq(coachingPeriods.id, row.id))
				.run(),
		serverChange: () => periodChange(tx.select().from(coachingPeriods).where(eq(coachingPeriods.id, row.id)).get() ?? row, org.keyring),
		protection: (field) => (field === 'workTimePlan' ? 'encrypted' : 'plain'),
		auditAction: 'coaching-period.update',
		auditEntity: 'coaching-period'
	};
}

export function updatePeriod(ctx: ItemContext, data: CoachingPeriodUpdate): Outcome {
	const row = periodFor(ctx, data.id, 'data.id', 'coaching-period', 'update');
	const changes = data.changes as FieldChanges<CoachingPeriodFields>;
	checkLocalCodes(ctx, PERIOD_CODE_LISTS, toValues(changes), (f) => `data.changes.${f}`);
	if (changes.workCoachId) checkCoach(ctx, changes.workCoachId.to, 'data.changes.workCoachId');
	if (changes.individualCoachId) checkCoach(ctx, changes.individualCoachId.to, 'data.changes.individualCoachId');
	return applyPatch(ctx, periodPatch(ctx, row, changes));
}

// ---------------------------------------------------------------------------------------------------
// Goals and notes

function goalFor(ctx: ItemContext, id: string, field: string): { goal: GoalRow; period: PeriodRow } {
	const goal = ctx.tx.select().from(goals).where(eq(goals.id, id)).get();
	if (!goal || goal.deletedAt) throw unknownReference(field);
	const period = periodFor(ctx, goal.periodId, field, 'coaching-period', 'update');
	return { goal, period };
}

export function createGoal(ctx: ItemContext, data: GoalInput): Outcome {
	const { tx, org } = ctx;
	const period = periodFor(ctx, data.periodId, 'data.periodId', 'coaching-period', 'update');
	const existing = tx.select().from(goals).where(eq(goals.id, data.id)).get();
	if (existing) {
		const same = !existing.deletedAt && existing.periodId === data.periodId && sameContent(data, goalOf(existing, org.keyring));
		return existingCreate(ctx, 'goal.create', same, existing.periodId === data.periodId ? goalChange(existing, org.keyring) : null);
	}
	tx.insert(goals)
		.values({
			...data,
			text: org.keyring.encryptField(data.text, goalTextContext(data.id)),
			clientId: period.clientId,
			unitId: period.unitId,
			...synced(tx, ctx)
		})
		.run();
	recordMutation(ctx, 'goal.create', 'applied');
	audit(ctx, 'goal.create', 'goal', data.id, { periodId: period.id, clientId: period.clientId, status: data.status });
	return { status: 'applied', entity: 'goal', id: data.id, version: 1 };
}

function goalPatch(ctx: ItemContext, id: string, field: string, changes: FieldChanges<GoalFields>): PatchSpec<GoalFields> {
	const { tx, org } = ctx;
	const { goal } = goalFor(ctx, id, field);
	return {
		kind: 'goal.update',
		entity: 'goal',
		id: goal.id,
		clientId: goal.clientId,
		version: goal.version,
		current: goalFieldsOf(goal, org.keyring),
		changes,
		validate: () => undefined,
		save: (next, version, changeSeq) =>
			void tx
				.update(goals)
				.set({ ...next, text: org.keyring.encryptField(next.text, goalTextContext(goal.id)), version, updatedAt: at(ctx), changeSeq })
				.where(eq(goals.id, goal.id))
				.run(),
		serverChange: () => goalChange(tx.select().from(goals).where(eq(goals.id, goal.id)).get() ?? goal, org.keyring),
		protection: (f) => (f === 'text' ? 'encrypted' : 'plain'),
		auditAction: 'goal.update',
		auditEntity: 'goal'
	};
}

export function updateGoal(ctx: ItemContext, data: GoalUpdate): Outcome {
	return applyPatch(ctx, goalPatch(ctx, data.id, 'data.id', data.changes as FieldChanges<GoalFields>));
}

export function createGoalNote(ctx: ItemContext, data: GoalNoteInput): Outcome {
	const { tx, org } = ctx;
	const { goal, period } = goalFor(ctx, data.goalId, 'data.goalId');
	const existing = tx.select().from(goalNotes).where(eq(goalNotes.id, data.id)).get();
	if (existing) {
		const same = !existing.deletedAt && existing.goalId === data.goalId && sameContent(data, goalNoteOf(existing, org.keyring));
		return existingCreate(ctx, 'goal-note.create', same, existing.goalId === data.goalId ? goalNoteChange(existing, org.keyring) : null);
	}
	if (data.date < period.startDate) throw invalid('data.date', 'before-period', 'The date is before the period started.');
	tx.insert(goalNotes)
		.values({
			...data,
			text: org.keyring.encryptField(data.text, goalNoteTextContext(data.id)),
			periodId: goal.periodId,
			clientId: goal.clientId,
			unitId: goal.unitId,
			...synced(tx, ctx)
		})
		.run();
	recordMutation(ctx, 'goal-note.create', 'applied');
	audit(ctx, 'goal-note.create', 'goal-note', data.id, { goalId: goal.id, periodId: goal.periodId, clientId: goal.clientId, date: data.date });
	return { status: 'applied', entity: 'goal-note', id: data.id, version: 1 };
}

// ---------------------------------------------------------------------------------------------------
// Attendance

/** The merged values still obey the values' own rules, and a day off the contract has its reason. */
function checkMarkValues(period: PeriodRow, date: string, values: AttendanceValues): void {
	const parsed = AttendanceValuesSchema.safeParse(values);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		const code = ((issue as { params?: { code?: unknown } } | undefined)?.params)?.code;
		throw invalid(`data.values.${issue?.path.map(String).join('.') ?? ''}`, typeof code === 'string' ? code : 'invalid', issue?.message ?? 'Invalid values');
	}
	if (!contractCovers(period, date) && values.extraReason === null) {
		throw invalid('data.values.extraReason', 'reason-required', 'The contract does not cover this day: give the reason.');
	}
}

function markPatch(ctx: ItemContext, period: PeriodRow, mark: MarkRow, changes: FieldChanges<AttendanceValues>, onValidate?: (applied: string[]) => void): PatchSpec<AttendanceValues> {
	const { tx } = ctx;
	return {
		kind: 'attendance.set',
		entity: 'attendance',
		id: mark.id,
		clientId: mark.clientId,
		version: mark.version,
		current: markValuesOf(mark),
		changes,
		validate: (next, applied) => {
			checkMarkValues(period, mark.date, next);
			onValidate?.(applied);
		},
		save: (next, version, changeSeq) =>
			void tx
				.update(attendanceMarks)
				.set({ ...next, updatedBy: ctx.viewer.userId, version, updatedAt: at(ctx), changeSeq })
				.where(eq(attendanceMarks.id, mark.id))
				.run(),
		serverChange: () => markChange(tx.select().from(attendanceMarks).where(eq(attendanceMarks.id, mark.id)).get() ?? mark),
		protection: () => 'plain',
		auditAction: 'attendance.correct',
		auditEntity: 'attendance'
	};
}

function markFor(ctx: ItemContext, id: string, field: string): { mark: MarkRow; period: PeriodRow } {
	const mark = ctx.tx.select().from(attendanceMarks).where(eq(attendanceMarks.id, id)).get();
	if (!mark || mark.deletedAt) throw unknownReference(field);
	const period = periodFor(ctx, mark.periodId, field, 'attendance', 'update');
	return { mark, period };
}

export function setAttendance(ctx: ItemContext, data: AttendanceSet): Outcome {
	const { tx } = ctx;
	if (data.id !== attendanceMarkId(data.periodId, data.date)) {
		throw invalid('data.id', 'id-mismatch', 'The mark id must be derived from the period and the day.');
	}
	const period = periodFor(ctx, data.periodId, 'data.periodId', 'attendance', 'create');
	if (!withinPeriod(period, data.date)) throw invalid('data.date', 'outside-period', 'The day is outside the period.');
	if (data.date > helsinkiDate(ctx.meta.now)) throw invalid('data.date', 'future', 'Attendance cannot be marked ahead.');
	const existing = tx.select().from(attendanceMarks).where(eq(attendanceMarks.id, data.id)).get();
	if (existing && existing.deletedAt) throw unknownReference('data.id');
	if (!existing) {
		checkMarkValues(period, data.date, data.values);
		tx.insert(attendanceMarks)
			.values({
				id: data.id,
				periodId: period.id,
				clientId: period.clientId,
				unitId: period.unitId,
				date: data.date,
				...data.values,
				updatedBy: ctx.viewer.userId,
				...synced(tx, ctx)
			})
			.run();
		recordMutation(ctx, 'attendance.set', 'applied');
		audit(ctx, 'attendance.set', 'attendance', data.id, { periodId: period.id, date: data.date, status: data.values.status });
		return { status: 'applied', entity: 'attendance', id: data.id, version: 1 };
	}
	// An existing mark: a correction (or the same day marked on another tablet), merged field by field.
	if (!periodReaches(ctx.viewer, period, 'attendance', 'update')) throw forbidden('data.id', 'You may not correct attendance here.');
	const changes: FieldChanges<AttendanceValues> = {};
	for (const f of Object.keys(data.values) as (keyof AttendanceValues)[]) {
		const from = data.base === null ? undefined : data.base[f];
		const to = data.values[f];
		if (from !== to) (changes as Record<string, unknown>)[f] = { from, to };
	}
	return correctMark(ctx, period, existing, changes, true);
}

/** Applies a merge to an existing mark; records and audits (`attendance.correct` when a field changed). */
function correctMark(ctx: ItemContext, period: PeriodRow, mark: MarkRow, changes: FieldChanges<AttendanceValues>, record: boolean): Outcome {
	let applied: string[] = [];
	const outcome = applyPatch(ctx, { ...markPatch(ctx, period, mark, changes, (a) => (applied = a)), record: false });
	if (record) {
		const conflictFields = outcome.status === 'conflict' ? outcome.conflicts.map((c) => c.field) : [];
		recordMutation(ctx, 'attendance.set', conflictFields.length > 0 ? 'field-conflict' : 'applied');
		if (applied.length > 0) {
			audit(ctx, 'attendance.correct', 'attendance', mark.id, { periodId: mark.periodId, date: mark.date, fields: applied, conflictFields });
		} else {
			audit(ctx, 'attendance.set', 'attendance', mark.id, { periodId: mark.periodId, date: mark.date, fields: [], conflictFields });
		}
	}
	return outcome;
}

// ---------------------------------------------------------------------------------------------------
// Diary and assessments

export function createDiary(ctx: ItemContext, data: DiaryEntryInput): Outcome {
	const { tx, org } = ctx;
	const period = periodFor(ctx, data.periodId, 'data.periodId', 'diary', 'create');
	const existing = tx.select().from(diaryEntries).where(eq(diaryEntries.id, data.id)).get();
	if (existing) {
		const same = !existing.deletedAt && existing.periodId === data.periodId && sameContent(data, diaryOf(existing, org.keyring));
		return existingCreate(ctx, 'diary.create', same, existing.periodId === data.periodId ? diaryChange(existing, org.keyring) : null);
	}
	if (!withinPeriod(period, data.date)) throw invalid('data.date', 'outside-period', 'The day is outside the period.');
	tx.insert(diaryEntries)
		.values({
			...data,
			text: org.keyring.encryptField(data.text, diaryTextContext(data.id)),
			clientId: period.clientId,
			unitId: period.unitId,
			...synced(tx, ctx)
		})
		.run();
	recordMutation(ctx, 'diary.create', 'applied');
	audit(ctx, 'diary.create', 'diary', data.id, { periodId: period.id, clientId: period.clientId, date: data.date, kind: data.kind });
	return { status: 'applied', entity: 'diary', id: data.id, version: 1 };
}

function checkAnswers(data: AssessmentInput): void {
	const instrument = instrumentById(data.instrumentId);
	if (!instrument || instrument.version !== data.instrumentVersion) {
		throw invalid('data.instrumentId', 'unknown-instrument', 'No such instrument in this version.');
	}
	const codes = new Set(instrumentItemCodes(instrument));
	let answered = 0;
	for (const [key, value] of Object.entries(data.answers)) {
		if (!codes.has(key)) throw invalid(`data.answers.${key}`, 'unknown-item', 'The instrument has no such item.');
		if (value === null) continue;
		if (!Number.isInteger(value) || value < instrument.scale.min || value > instrument.scale.max) {
			throw invalid(`data.answers.${key}`, 'out-of-scale', 'The answer is off the scale.');
		}
		answered++;
	}
	if (answered === 0) throw invalid('data.answers', 'empty', 'Answer at least one statement.');
}

export function createAssessment(ctx: ItemContext, data: AssessmentInput): Outcome {
	const { tx } = ctx;
	const period = periodFor(ctx, data.periodId, 'data.periodId', 'assessment', 'create');
	const existing = tx.select().from(assessments).where(eq(assessments.id, data.id)).get();
	if (existing) {
		const same = !existing.deletedAt && existing.periodId === data.periodId && sameContent(data, assessmentOf(existing));
		return existingCreate(ctx, 'assessment.create', same, existing.periodId === data.periodId ? assessmentChange(existing) : null);
	}
	checkAnswers(data);
	if (data.date < period.startDate) throw invalid('data.date', 'before-period', 'The date is before the period started.');
	tx.insert(assessments)
		.values({ ...data, clientId: period.clientId, unitId: period.unitId, ...synced(tx, ctx) })
		.run();
	recordMutation(ctx, 'assessment.create', 'applied');
	audit(ctx, 'assessment.create', 'assessment', data.id, {
		periodId: period.id,
		clientId: period.clientId,
		instrumentId: data.instrumentId,
		instrumentVersion: data.instrumentVersion,
		mode: data.mode,
		date: data.date
	});
	return { status: 'applied', entity: 'assessment', id: data.id, version: 1 };
}

// ---------------------------------------------------------------------------------------------------
// Reports

function reportFor(ctx: ItemContext, id: string, field: string, action: WorkshopAction): { report: ReportRow; period: PeriodRow } {
	const report = ctx.tx.select().from(coachingReports).where(eq(coachingReports.id, id)).get();
	if (!report || report.deletedAt) throw unknownReference(field);
	const period = periodFor(ctx, report.periodId, field, 'coaching-period', action);
	return { report, period };
}

export function createReport(ctx: ItemContext, data: CoachingReportInput): Outcome {
	const { tx, org } = ctx;
	const period = periodFor(ctx, data.periodId, 'data.periodId', 'coaching-period', 'update');
	const existing = tx.select().from(coachingReports).where(eq(coachingReports.id, data.id)).get();
	if (existing) {
		const same = !existing.deletedAt && existing.periodId === data.periodId && sameContent(data, reportOf(existing, org.keyring));
		return existingCreate(ctx, 'coaching-report.create', same, existing.periodId === data.periodId ? reportChange(existing, org.keyring) : null);
	}
	if (data.kind === 'final' && period.endDate === null) throw invalid('data.kind', 'not-ended', 'A final statement needs the period to have ended.');
	if (data.date < period.startDate) throw invalid('data.date', 'before-period', 'The date is before the period started.');
	tx.insert(coachingReports)
		.values({
			...data,
			text: org.keyring.encryptField(data.text, reportTextContext(data.id)),
			clientId: period.clientId,
			unitId: period.unitId,
			...synced(tx, ctx)
		})
		.run();
	recordMutation(ctx, 'coaching-report.create', 'applied');
	audit(ctx, 'coaching-report.create', 'coaching-report', data.id, { periodId: period.id, clientId: period.clientId, kind: data.kind, date: data.date });
	return { status: 'applied', entity: 'coaching-report', id: data.id, version: 1 };
}

function reportPatch(ctx: ItemContext, id: string, field: string, changes: FieldChanges<CoachingReportFields>): PatchSpec<CoachingReportFields> {
	const { tx, org } = ctx;
	const { report, period } = reportFor(ctx, id, field, 'update');
	return {
		kind: 'coaching-report.update',
		entity: 'coaching-report',
		id: report.id,
		clientId: report.clientId,
		version: report.version,
		current: reportFieldsOf(report, org.keyring),
		changes,
		validate: (next) => {
			if (next.date < period.startDate) throw invalid('data.date', 'before-period', 'The date is before the period started.');
		},
		save: (next, version, changeSeq) =>
			void tx
				.update(coachingReports)
				.set({ ...next, text: org.keyring.encryptField(next.text, reportTextContext(report.id)), version, updatedAt: at(ctx), changeSeq })
				.where(eq(coachingReports.id, report.id))
				.run(),
		serverChange: () => reportChange(tx.select().from(coachingReports).where(eq(coachingReports.id, report.id)).get() ?? report, org.keyring),
		protection: (f) => (f === 'text' ? 'encrypted' : 'plain'),
		auditAction: 'coaching-report.update',
		auditEntity: 'coaching-report'
	};
}

export function updateReport(ctx: ItemContext, data: CoachingReportUpdate): Outcome {
	return applyPatch(ctx, reportPatch(ctx, data.id, 'data.id', data.changes as FieldChanges<CoachingReportFields>));
}

export function reportPrinted(ctx: ItemContext, data: CoachingReportPrinted): Outcome {
	const { report } = reportFor(ctx, data.reportId, 'data.reportId', 'export');
	recordMutation(ctx, 'coaching-report.printed', 'applied');
	audit(ctx, 'coaching-report.print', 'coaching-report', report.id, { periodId: report.periodId, printedAt: data.printedAt });
	return { status: 'applied', entity: 'coaching-report', id: report.id, version: report.version };
}

// ---------------------------------------------------------------------------------------------------
// Conflicts of workshop records (conflict.resolve with keep 'mine', client-record.service.ts)

export const WORKSHOP_CONFLICT_ENTITIES = ['coaching-period', 'goal', 'attendance', 'coaching-report'] as const;
export type WorkshopConflictEntity = (typeof WORKSHOP_CONFLICT_ENTITIES)[number];
export const isWorkshopConflict = (entity: string): entity is WorkshopConflictEntity => (WORKSHOP_CONFLICT_ENTITIES as readonly string[]).includes(entity);

function keptValue(shape: Record<string, z.ZodType>, field: string, value: unknown): unknown {
	const parsed = shape[field]?.safeParse(value);
	if (!parsed?.success) throw invalid('data.keep', 'invalid', 'The kept value is no longer valid.');
	return parsed.data;
}

/**
 * Writes the author's value of a workshop conflict over the server's, through the record's own
 * validation (no mutation record, no audit row: the caller does both).
 */
export function keepMineWorkshop(ctx: ItemContext, entity: WorkshopConflictEntity, entityId: string, field: string, mine: unknown): void {
	const change = <F extends object>(current: F, value: unknown) => ({ [field]: { from: (current as Record<string, unknown>)[field], to: value } }) as FieldChanges<F>;
	if (entity === 'coaching-period') {
		const row = periodFor(ctx, entityId, 'data.id', 'coaching-period', 'update');
		const value = keptValue(CoachingPeriodFieldsSchema.shape, field, mine);
		checkLocalCodes(ctx, PERIOD_CODE_LISTS, { [field]: value }, () => 'data.keep');
		if (field === 'workCoachId' || field === 'individualCoachId') checkCoach(ctx, value as string | null, 'data.keep');
		const spec = periodPatch(ctx, row, {});
		applyPatch(ctx, { ...spec, changes: change(spec.current, value), record: false });
	} else if (entity === 'goal') {
		const value = keptValue(GoalFieldsSchema.shape, field, mine);
		const spec = goalPatch(ctx, entityId, 'data.id', {});
		applyPatch(ctx, { ...spec, changes: change(spec.current, value), record: false });
	} else if (entity === 'coaching-report') {
		const value = keptValue(CoachingReportFieldsSchema.shape, field, mine);
		const spec = reportPatch(ctx, entityId, 'data.id', {});
		applyPatch(ctx, { ...spec, changes: change(spec.current, value), record: false });
	} else {
		const value = keptValue(AttendanceValuesSchema.shape, field, mine);
		const { mark, period } = markFor(ctx, entityId, 'data.id');
		correctMark(ctx, period, mark, change(markValuesOf(mark), value), false);
	}
}

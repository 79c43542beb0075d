/**
 * Workshop coaching (issue 5): what coaches in youth workshops and rehabilitative work activity record
 * all day, on a tablet, offline like everything else. Each record is synced like the client record
 * (./sync.ts): written on the device as a sealed mutation, pulled back DEK-encrypted.
 *
 * - `coaching-period` (valmennusjakso): type, workshop (its `unitId`), coaches, referring and paying
 *   organisation, the contract (dates, days per week, hours per day, weekdays, price), actual start and
 *   end, placement after the period, the work-time plan. Field-merged. A client may have several.
 * - `goal`: a goal of the coaching plan (text, target date, status). Field-merged.
 * - `goal-note`: a dated follow-up note on a goal. Immutable.
 * - `attendance`: one mark per period and day (present with hours, or absent with a reason). Its id is
 *   derived from the period and the day (`attendanceMarkId`, ../workshop/attendance.ts), so two tablets
 *   marking the same person on the same day write the same record; it is field-merged, and a correction
 *   after the day is kept in history and audited.
 * - `diary`: a work-diary line (tasks done, hours) or an everyday observation, per participant per day.
 *   One author, immutable.
 * - `assessment`: answers to an instrument (../assessments/instruments.ts), by the young person (`self`,
 *   given on the coach's tablet in self-assessment mode) or by the coach. Immutable.
 * - `coaching-report`: an interim report (väliraportti) or final statement (loppulausunto): the coach's
 *   text; the figures are drafted from the period's data when shown (../workshop/period-report.ts).
 *
 * Every workshop record carries its period's `unitId` and `clientId` (set by the server from the
 * period): scope follows the period's workshop, never the client's home unit.
 *
 * Free text (work-time plan, goal text and notes, diary, report text) is encrypted at rest on the server.
 */
import { z } from 'zod';
import { PLACEMENTS } from '../codes/client-codes';
import { codeOrLocal } from '../codes/local-codes';
import {
	AbsenceReasonSchema,
	CoachingReportKindSchema,
	DiaryKindSchema,
	GoalStatusSchema,
	PeriodTypeSchema,
	PriceUnitSchema,
	WeekdaySchema
} from '../codes/workshop-codes';
import { changesSchema, updateSchema } from './client';
import { IdSchema, TimestampSchema } from './common';
import { IsoDateSchema, SyncedMetaSchema } from './encounter';

const text = (max: number) => z.string().trim().min(1).max(max);
const issueOf =
	(ctx: z.RefinementCtx) =>
	(path: string, code: string, message: string): void =>
		ctx.addIssue({ code: 'custom', path: [path], message, params: { code } });

/** Unit kinds that run coaching periods (not outreach). */
export const COACHING_UNIT_KINDS = ['workshop', 'rehabilitative', 'employment', 'integration'] as const;

// ---------------------------------------------------------------------------------------------------
// Coaching period and its contract

export const PERIOD_TEXT_MAX = 200;
export const WORK_TIME_PLAN_MAX = 2000;
export const CONTRACT_MAX_HOURS_PER_DAY = 12;

export const CoachingPeriodFieldsSchema = z.strictObject({
	type: PeriodTypeSchema,
	/** Työvalmentaja and yksilövalmentaja: users of the organisation (colleagues), or not named yet. */
	workCoachId: IdSchema.nullable(),
	individualCoachId: IdSchema.nullable(),
	referringOrganisation: text(PERIOD_TEXT_MAX).nullable(),
	referringContact: text(PERIOD_TEXT_MAX).nullable(),
	/** The payer (maksaja), e.g. the municipality's social services; billing groups by it. */
	payingOrganisation: text(PERIOD_TEXT_MAX).nullable(),
	payingContact: text(PERIOD_TEXT_MAX).nullable(),
	contractStart: IsoDateSchema,
	/** Null: open-ended contract. */
	contractEnd: IsoDateSchema.nullable(),
	daysPerWeek: z.number().int().min(1).max(7),
	/** In quarter hours, e.g. 4, 5.5, 6.25. */
	hoursPerDay: z
		.number()
		.min(0.25)
		.max(CONTRACT_MAX_HOURS_PER_DAY)
		.refine((h) => Number.isInteger(h * 4), { message: 'Use quarter hours', params: { code: 'quarter-hours' } }),
	/** ISO weekdays the participant is expected on (1 Monday … 7 Sunday), each once, ascending. */
	weekdays: z
		.array(WeekdaySchema)
		.min(1)
		.max(7)
		.refine((w) => w.every((d, i) => i === 0 || d > w[i - 1]!), { message: 'Each weekday once, in order', params: { code: 'weekdays-order' } }),
	/** Price in euro cents per `priceUnit`; both or neither. */
	priceCents: z.number().int().min(0).max(100_000_000).nullable(),
	priceUnit: PriceUnitSchema.nullable(),
	/** Kulukorvaus: the participant's expense compensation per day present, in euro cents. */
	expenseCompensationCents: z.number().int().min(0).max(100_000).nullable(),
	startDate: IsoDateSchema,
	endDate: IsoDateSchema.nullable(),
	/** Where the participant went after the period (only once it has ended). */
	placementAfter: codeOrLocal(PLACEMENTS).nullable(),
	/** Työaikasuunnitelma in words, e.g. "ma–to 8–12, pe etätehtävä". Encrypted at rest. */
	workTimePlan: text(WORK_TIME_PLAN_MAX).nullable()
});
export type CoachingPeriodFields = z.infer<typeof CoachingPeriodFieldsSchema>;
export const PERIOD_ENCRYPTED_FIELDS = ['workTimePlan'] as const satisfies readonly (keyof CoachingPeriodFields)[];

export interface FieldIssue {
	field: string;
	code: string;
	message: string;
}

/**
 * Cross-field rules of a period, checked on input (device and server) and by the server again after a
 * field merge. `field` is a key of the fields.
 */
export function periodFieldIssues(v: CoachingPeriodFields): FieldIssue[] {
	const issues: FieldIssue[] = [];
	const add = (field: string, code: string, message: string) => issues.push({ field, code, message });
	if (v.contractEnd !== null && v.contractEnd < v.contractStart) add('contractEnd', 'before-start', 'The contract ends before it starts');
	if (v.endDate !== null && v.endDate < v.startDate) add('endDate', 'before-start', 'The period ends before it starts');
	if (v.weekdays.length < v.daysPerWeek) add('weekdays', 'too-few-weekdays', 'Choose at least as many weekdays as days per week');
	if ((v.priceCents === null) !== (v.priceUnit === null)) add(v.priceCents === null ? 'priceCents' : 'priceUnit', 'required', 'Give the price and what it is per, or neither');
	if (v.placementAfter !== null && v.endDate === null) add('placementAfter', 'not-ended', 'Record the placement once the period has ended');
	return issues;
}

const refinePeriod = (v: CoachingPeriodFields, ctx: z.RefinementCtx) => {
	const issue = issueOf(ctx);
	for (const i of periodFieldIssues(v)) issue(i.field, i.code, i.message);
};

export const CoachingPeriodInputSchema = z
	.strictObject({ id: IdSchema, clientId: IdSchema, unitId: IdSchema, ...CoachingPeriodFieldsSchema.shape })
	.superRefine(refinePeriod);
export type CoachingPeriodInput = z.infer<typeof CoachingPeriodInputSchema>;
/** The unit and the client never change; the server checks `periodFieldIssues` after the merge. */
export const CoachingPeriodUpdateSchema = updateSchema(changesSchema(CoachingPeriodFieldsSchema.shape));
export type CoachingPeriodUpdate = z.infer<typeof CoachingPeriodUpdateSchema>;
export const CoachingPeriodSchema = z.object({
	id: IdSchema,
	clientId: IdSchema,
	unitId: IdSchema,
	...CoachingPeriodFieldsSchema.shape,
	...SyncedMetaSchema.shape
});
export type CoachingPeriod = z.infer<typeof CoachingPeriodSchema>;

// ---------------------------------------------------------------------------------------------------
// Coaching plan: goals and their follow-up notes

export const GOAL_TEXT_MAX = 500;
export const GOAL_NOTE_MAX = 2000;
export const GoalFieldsSchema = z.strictObject({
	/** Encrypted at rest. */
	text: text(GOAL_TEXT_MAX),
	targetDate: IsoDateSchema.nullable(),
	status: GoalStatusSchema
});
export type GoalFields = z.infer<typeof GoalFieldsSchema>;
export const GoalInputSchema = z.strictObject({ id: IdSchema, periodId: IdSchema, ...GoalFieldsSchema.shape });
export type GoalInput = z.infer<typeof GoalInputSchema>;
export const GoalUpdateSchema = updateSchema(changesSchema(GoalFieldsSchema.shape));
export type GoalUpdate = z.infer<typeof GoalUpdateSchema>;
export const GoalSchema = z.object({ ...GoalInputSchema.shape, clientId: IdSchema, unitId: IdSchema, ...SyncedMetaSchema.shape });
export type Goal = z.infer<typeof GoalSchema>;

export const GoalNoteInputSchema = z.strictObject({
	id: IdSchema,
	goalId: IdSchema,
	date: IsoDateSchema,
	/** Encrypted at rest. */
	text: text(GOAL_NOTE_MAX)
});
export type GoalNoteInput = z.infer<typeof GoalNoteInputSchema>;
export const GoalNoteSchema = z.object({
	...GoalNoteInputSchema.shape,
	periodId: IdSchema,
	clientId: IdSchema,
	unitId: IdSchema,
	...SyncedMetaSchema.shape
});
export type GoalNote = z.infer<typeof GoalNoteSchema>;

// ---------------------------------------------------------------------------------------------------
// Attendance (läsnäolo): one mark per period and day

export const ATTENDANCE_MAX_HOURS = 12;
export const ATTENDANCE_STATUSES = ['present', 'absent'] as const;
export const AttendanceStatusSchema = z.enum(ATTENDANCE_STATUSES);
export type AttendanceStatus = z.infer<typeof AttendanceStatusSchema>;
export const EXTRA_REASON_MAX = 200;

export const AttendanceValuesSchema = z
	.strictObject({
		status: AttendanceStatusSchema,
		/** Required when absent, else null. */
		absenceReason: AbsenceReasonSchema.nullable(),
		/** Hours present, in quarter hours, 0.25 … 12; null when absent. */
		hours: z
			.number()
			.min(0.25)
			.max(ATTENDANCE_MAX_HOURS)
			.refine((h) => Number.isInteger(h * 4), { message: 'Use quarter hours', params: { code: 'quarter-hours' } })
			.nullable(),
		/**
		 * Why the participant is marked on a day their contract does not cover (not one of its weekdays,
		 * or outside the contract's dates). Required then (the server checks it against the period).
		 */
		extraReason: text(EXTRA_REASON_MAX).nullable()
	})
	.superRefine((v, ctx) => {
		const issue = issueOf(ctx);
		if (v.status === 'present' && v.hours === null) issue('hours', 'required', 'Give the hours present');
		if (v.status === 'present' && v.absenceReason !== null) issue('absenceReason', 'not-allowed', 'Only an absence has a reason');
		if (v.status === 'absent' && v.absenceReason === null) issue('absenceReason', 'required', 'Choose the reason for the absence');
		if (v.status === 'absent' && v.hours !== null) issue('hours', 'not-allowed', 'An absence has no hours');
	});
export type AttendanceValues = z.infer<typeof AttendanceValuesSchema>;

/**
 * Sets the mark of `periodId` on `date`. `id` must equal `attendanceMarkId(periodId, date)`.
 * `base` is the mark the device saw (null when it saw none) at `baseVersion` (0 when none): the server
 * merges field by field against it, so a correction made on another tablet meanwhile is not silently
 * overwritten (it becomes a conflict the author resolves).
 * Server rules: the day lies within the period (start … end) and is not in the future (Helsinki time),
 * else 422 `outside-period` / `future` on `data.date`; a day the contract does not cover needs
 * `values.extraReason` (422 `reason-required` on `data.values.extraReason`).
 */
export const AttendanceSetSchema = z.strictObject({
	id: IdSchema,
	periodId: IdSchema,
	date: IsoDateSchema,
	baseVersion: z.number().int().nonnegative(),
	values: AttendanceValuesSchema,
	base: z.strictObject(AttendanceValuesSchema.shape).nullable()
});
export type AttendanceSet = z.infer<typeof AttendanceSetSchema>;

export const AttendanceMarkSchema = z.object({
	id: IdSchema,
	periodId: IdSchema,
	clientId: IdSchema,
	unitId: IdSchema,
	date: IsoDateSchema,
	status: AttendanceStatusSchema,
	absenceReason: AbsenceReasonSchema.nullable(),
	hours: z.number().nullable(),
	extraReason: z.string().nullable(),
	/** Who set the current values (the author of a correction). */
	updatedBy: IdSchema,
	...SyncedMetaSchema.shape
});
export type AttendanceMark = z.infer<typeof AttendanceMarkSchema>;

// ---------------------------------------------------------------------------------------------------
// Diaries

export const DIARY_TEXT_MAX = 4000;
export const DiaryEntryInputSchema = z
	.strictObject({
		id: IdSchema,
		periodId: IdSchema,
		date: IsoDateSchema,
		kind: DiaryKindSchema,
		/** Tasks done (work diary) or what was observed. Encrypted at rest. */
		text: text(DIARY_TEXT_MAX),
		/** Work diary only: hours spent on the tasks. */
		hours: z
			.number()
			.min(0.25)
			.max(ATTENDANCE_MAX_HOURS)
			.refine((h) => Number.isInteger(h * 4), { message: 'Use quarter hours', params: { code: 'quarter-hours' } })
			.nullable()
	})
	.superRefine((v, ctx) => {
		if (v.kind === 'observation' && v.hours !== null) issueOf(ctx)('hours', 'not-allowed', 'Only a work diary line has hours');
	});
export type DiaryEntryInput = z.infer<typeof DiaryEntryInputSchema>;
export const DiaryEntrySchema = z.object({
	...z.object(DiaryEntryInputSchema.shape).shape,
	clientId: IdSchema,
	unitId: IdSchema,
	...SyncedMetaSchema.shape
});
export type DiaryEntry = z.infer<typeof DiaryEntrySchema>;

// ---------------------------------------------------------------------------------------------------
// Assessments

export const ASSESSMENT_MODES = ['self', 'coach'] as const;
export const AssessmentModeSchema = z.enum(ASSESSMENT_MODES);
export type AssessmentMode = z.infer<typeof AssessmentModeSchema>;

/**
 * Answers keyed `<dimension>.<item>` of the instrument (../assessments/instruments.ts), each within
 * the instrument's scale or null (skipped). The server checks the keys and values against the
 * instrument: an unknown key → 422 `unknown-item` on `data.answers.<key>`, a value off the scale →
 * 422 `out-of-scale`; an unknown instrument or version → 422 `unknown-instrument` on `data.instrumentId`.
 * At least one answer must be given (`empty` on `data.answers`).
 */
export const AssessmentInputSchema = z.strictObject({
	id: IdSchema,
	periodId: IdSchema,
	instrumentId: z.string().min(1).max(60),
	instrumentVersion: z.number().int().positive(),
	mode: AssessmentModeSchema,
	date: IsoDateSchema,
	answers: z.record(z.string().max(100), z.number().int().nullable())
});
export type AssessmentInput = z.infer<typeof AssessmentInputSchema>;
export const AssessmentSchema = z.object({ ...AssessmentInputSchema.shape, clientId: IdSchema, unitId: IdSchema, ...SyncedMetaSchema.shape });
export type Assessment = z.infer<typeof AssessmentSchema>;

// ---------------------------------------------------------------------------------------------------
// Interim report and final statement

export const REPORT_TEXT_MAX = 8000;
export const CoachingReportFieldsSchema = z.strictObject({
	date: IsoDateSchema,
	/** The coach's own text (encrypted at rest). Empty while drafting. */
	text: z.string().max(REPORT_TEXT_MAX)
});
export type CoachingReportFields = z.infer<typeof CoachingReportFieldsSchema>;
export const CoachingReportInputSchema = z.strictObject({
	id: IdSchema,
	periodId: IdSchema,
	kind: CoachingReportKindSchema,
	...CoachingReportFieldsSchema.shape
});
export type CoachingReportInput = z.infer<typeof CoachingReportInputSchema>;
export const CoachingReportUpdateSchema = updateSchema(changesSchema(CoachingReportFieldsSchema.shape));
export type CoachingReportUpdate = z.infer<typeof CoachingReportUpdateSchema>;
export const CoachingReportSchema = z.object({
	...CoachingReportInputSchema.shape,
	clientId: IdSchema,
	unitId: IdSchema,
	...SyncedMetaSchema.shape
});
export type CoachingReport = z.infer<typeof CoachingReportSchema>;

/** The report was printed on a device (online or offline): the server writes the audit row. */
export const CoachingReportPrintedSchema = z.strictObject({ reportId: IdSchema, printedAt: TimestampSchema });
export type CoachingReportPrinted = z.infer<typeof CoachingReportPrintedSchema>;

// ---------------------------------------------------------------------------------------------------
// Attendance summary per month and payer (billing and expense compensation)

export const MonthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

/**
 * `GET /api/attendance/summary?unitId=&month=YYYY-MM` (JSON), `/api/attendance/summary.csv` (UTF-8 with
 * BOM, `;`-separated as Finnish Excel expects) and `/api/attendance/summary.xlsx` (exceljs). The exports
 * are audited (`attendance.export`). No personal data in the query.
 */
export const AttendanceSummaryQuerySchema = z.object({ unitId: IdSchema, month: MonthSchema });
export type AttendanceSummaryQuery = z.infer<typeof AttendanceSummaryQuerySchema>;

export const AttendanceSummaryRowSchema = z.object({
	periodId: IdSchema,
	clientId: IdSchema,
	/** The participant's name as the record has it (names or nickname). */
	participant: z.string(),
	periodType: PeriodTypeSchema,
	/** Null: no payer recorded (its own group). */
	payer: z.string().nullable(),
	/** Days the contract expects in the month (within the period and the contract's dates). */
	contractDays: z.number().int().nonnegative(),
	contractHours: z.number().nonnegative(),
	daysPresent: z.number().int().nonnegative(),
	hoursPresent: z.number().nonnegative(),
	absences: z.object({ sick: z.number().int(), authorised: z.number().int(), unauthorised: z.number().int(), other: z.number().int() }),
	/** Days the contract expected with no mark at all. */
	unmarkedDays: z.number().int().nonnegative(),
	/** Days present outside the contract (each with its reason on the mark). */
	extraDays: z.number().int().nonnegative(),
	/** daysPresent × the period's expense compensation; null when the period has none. */
	expenseCompensationCents: z.number().int().nullable()
});
export type AttendanceSummaryRow = z.infer<typeof AttendanceSummaryRowSchema>;

export const AttendanceSummarySchema = z.object({
	unitId: IdSchema,
	month: MonthSchema,
	/** Rows sorted by payer (null last), then participant. */
	rows: z.array(AttendanceSummaryRowSchema),
	/** One total per payer (key '' for no payer). */
	payers: z.array(
		z.object({
			payer: z.string().nullable(),
			participants: z.number().int(),
			daysPresent: z.number().int(),
			hoursPresent: z.number(),
			contractDays: z.number().int(),
			expenseCompensationCents: z.number().int()
		})
	)
});
export type AttendanceSummary = z.infer<typeof AttendanceSummarySchema>;

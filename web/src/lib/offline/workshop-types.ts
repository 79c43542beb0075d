/**
 * Workshop coaching as the UI sees it (issue 5 contract). The workshop manager
 * (`$lib/managers/workshop-manager.svelte.ts`, singleton `workshop`) implements `WorkshopApi`; the
 * kiosk manager (`$lib/managers/kiosk-manager.svelte.ts`, singleton `kiosk`) implements `KioskApi`.
 * Everything reads the device's DEK-encrypted cache (works offline) unless marked "online".
 *
 * Errors thrown: `SubmitValidationError` (field errors named by the input's field, e.g. `hours`,
 * `extraReason`, `contractEnd`, `answers`), `VaultLockedError`, `OnlineRequiredError` (online calls).
 */
import type {
	Assessment,
	AssessmentInput,
	AttendanceMark,
	AttendanceSummary,
	AttendanceValues,
	CoachingPeriod,
	CoachingPeriodFields,
	CoachingReport,
	CoachingReportKind,
	DiaryEntry,
	DiaryEntryInput,
	Goal,
	GoalFields,
	GoalNote,
	PeriodReportContent
} from '@polku/shared';

type Pending<T> = T & { pending: boolean };

export interface RollCallRow {
	periodId: string;
	clientId: string;
	/** The participant's name as the record has it (names or nickname). */
	displayName: string;
	periodType: CoachingPeriod['type'];
	/** The contract covers the day (else the row was added and its mark needs `extraReason`). */
	expected: boolean;
	/** The contract's hours per day: the default hours of a present mark. */
	contractHours: number;
	/** The day's mark, or null when not marked yet. */
	mark: Pending<AttendanceMark> | null;
	/** A field another tablet changed at the same time: the server kept its value (see /sync). */
	conflict: boolean;
}

export interface RollCall {
	unitId: string;
	date: string;
	/** Expected participants, plus anyone marked on the day without being expected; sorted by name. */
	rows: RollCallRow[];
	/** Participants with a period in force on the day whom the contract does not expect (to add). */
	addable: { periodId: string; clientId: string; displayName: string }[];
}

export interface PeriodListItem {
	id: string;
	clientId: string;
	unitId: string;
	displayName: string;
	type: CoachingPeriod['type'];
	startDate: string;
	endDate: string | null;
	pending: boolean;
}

export interface PeriodView {
	period: Pending<CoachingPeriod>;
	displayName: string;
	goals: Pending<Goal>[];
	notes: Pending<GoalNote>[];
	/** Marks of the period, newest first. */
	marks: Pending<AttendanceMark>[];
	diary: Pending<DiaryEntry>[];
	assessments: Pending<Assessment>[];
	reports: Pending<CoachingReport>[];
	can: { update: boolean; attendance: boolean; diary: boolean; assessment: boolean; export: boolean };
}

/** One point of the progress chart: an assessment's mean per dimension. */
export interface ProgressPoint {
	assessmentId: string;
	date: string;
	mode: 'self' | 'coach';
	scores: Record<string, number | null>;
}

export interface WorkshopApi {
	/** The units where the user may mark attendance (their workshops), for the roll-call's picker. */
	workshops(): { id: string; name: string }[];
	rollCall(unitId: string, date: string): Promise<RollCall>;
	/**
	 * Sets the mark (queues `attendance.set` with the mark the device saw as `base`). Checks the
	 * period's dates (`date`), the contract (`extraReason` required off-contract) and the values.
	 */
	mark(periodId: string, date: string, values: AttendanceValues): Promise<void>;
	/** Periods of the user's workshops (or of one client), newest start first. */
	periods(filter: { unitId?: string; clientId?: string; active?: boolean }): Promise<PeriodListItem[]>;
	period(id: string): Promise<PeriodView | null>;
	createPeriod(clientId: string, unitId: string, fields: CoachingPeriodFields): Promise<string>;
	updatePeriod(id: string, fields: Partial<CoachingPeriodFields>): Promise<boolean>;
	addGoal(periodId: string, fields: GoalFields): Promise<string>;
	updateGoal(id: string, fields: Partial<GoalFields>): Promise<boolean>;
	addGoalNote(goalId: string, input: { date: string; text: string }): Promise<string>;
	addDiary(periodId: string, input: Omit<DiaryEntryInput, 'id' | 'periodId'>): Promise<string>;
	/** Validates the answers against the instrument; returns the id. */
	addAssessment(periodId: string, input: Omit<AssessmentInput, 'id' | 'periodId'>): Promise<string>;
	progress(periodId: string, instrumentId: string): Promise<ProgressPoint[]>;
	createReport(periodId: string, kind: CoachingReportKind, date: string): Promise<string>;
	updateReport(id: string, fields: { date?: string; text?: string }): Promise<boolean>;
	/** The report drafted from the period's cached data (shared `buildPeriodReport`). */
	reportContent(reportId: string): Promise<PeriodReportContent | null>;
	/** Queues `coaching-report.printed` (the server audits it), then the page calls `window.print()`. */
	printed(reportId: string): Promise<void>;
	/** Online: the URL of the report's PDF (GET /api/coaching-reports/:id/pdf?lang=…, audited). */
	reportPdfUrl(reportId: string, lang: 'fi' | 'sv' | 'en'): string;
	/** Online: GET /api/attendance/summary. */
	summary(unitId: string, month: string): Promise<AttendanceSummary>;
	/** The same summary computed from the device's cache, pending marks included (an offline preview). */
	cachedSummary(unitId: string, month: string): Promise<AttendanceSummary>;
	/** Online: the URLs of the CSV and XLSX exports (audited on the server); `lang` sets the headers' language. */
	summaryUrl(unitId: string, month: string, format: 'csv' | 'xlsx', lang?: 'fi' | 'sv' | 'en'): string;
}

/**
 * Self-assessment mode (issue 5 point 5): the coach hands the tablet to the young person; the app shows
 * only `/self-assessment` until the coach unlocks it with their password. The state survives a reload
 * (kept under the user's namespace without personal data: only ids); while active, the root layout
 * sends every navigation back to `/self-assessment` and hides the navigation.
 */
export interface KioskApi {
	readonly active: boolean;
	/** What is being answered (ids only), or null. */
	readonly session: { periodId: string; instrumentId: string; startedAt: string } | null;
	/** The answers were saved: the thank-you screen shows (also after a reload) until the coach unlocks. */
	readonly submitted: boolean;
	start(periodId: string, instrumentId: string): Promise<void>;
	/** Saves the answers as a `self` assessment (queued like any record) and shows a thank-you screen. */
	submit(answers: Record<string, number | null>): Promise<string>;
	/** Ends the mode after checking the coach's password against the vault; false when wrong. */
	unlock(password: string): Promise<boolean>;
}

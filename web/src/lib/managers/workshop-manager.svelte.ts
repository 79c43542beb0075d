/**
 * Workshop coaching on the device (issue 5): singleton `workshop`, implementing WorkshopApi
 * (../offline/workshop-types.ts) over the offline manager's DEK-encrypted cache.
 *
 * Invariants:
 * - Every change is validated here first with the shared schemas and rules (errors name the input's
 *   fields), then queued as sealed mutations through `offline.queueMutations`, with DEK-encrypted
 *   local copies that stay `pending` until the pull brings the server's version back.
 * - An attendance mark's id is `attendanceMarkId(periodId, date)`: marking a person again before
 *   the sync updates the same local record. Each mark queues its own `attendance.set` whose `base` is
 *   the mark the device held (its values, or null) at `baseVersion` (the server version, 0 if never
 *   pulled): the outbox may hold two for one mark, the later based on the first; the server merges.
 * - The roll-call is computed offline from cached periods, marks and client names with the shared
 *   rules (expectedOn / contractCovers / withinPeriod), "today" being the Helsinki date.
 * - Online-only calls (the summary) go through $lib/api and throw OnlineRequiredError without a
 *   connection; the PDF and export URLs are plain links the browser downloads (audited there).
 */
import {
	AssessmentInputSchema,
	AttendanceValuesSchema,
	COACHING_UNIT_KINDS,
	CoachingPeriodFieldsSchema,
	CoachingPeriodInputSchema,
	CoachingReportFieldsSchema,
	CoachingReportInputSchema,
	DiaryEntryInputSchema,
	EXTENSIBLE_CODE_LISTS,
	GoalFieldsSchema,
	GoalInputSchema,
	GoalNoteInputSchema,
	IsoDateSchema,
	attendanceMarkId,
	attendanceSummary,
	buildPeriodReport,
	dimensionScores,
	instrumentById,
	isKnownCode,
	periodFieldIssues,
	sameValue,
	scopeFor,
	withinPeriod,
	type Assessment,
	type AssessmentInput,
	type AttendanceMark,
	type AttendanceSummary,
	type AttendanceValues,
	type CoachingPeriod,
	type CoachingPeriodFields,
	type CoachingReport,
	type CoachingReportKind,
	type DiaryEntry,
	type DiaryEntryInput,
	type FieldError,
	type Goal,
	type GoalFields,
	type GoalNote,
	type Mutation,
	type PeriodReportContent,
	type SyncConflict
} from '@polku/shared';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { api as defaultApi, NetworkError, type ApiClient } from '$lib/api/client';
import { addError, clientDisplayName, isoAt, zodFieldErrors, type ClientData, type Viewer } from '$lib/offline/client-record';
import type { RecordEntity } from '$lib/offline/db';
import { OnlineRequiredError, SubmitValidationError } from '$lib/offline/types';
import {
	answerIssues,
	buildRollCall,
	helsinkiToday,
	markDateIssue,
	markValues,
	namesOf,
	needsExtraReason,
	openConflictIds,
	periodActive,
	reachesPeriod,
	reportPdfPath,
	summaryPath
} from '$lib/offline/workshop';
import type { PeriodListItem, PeriodView, ProgressPoint, RollCall, WorkshopApi } from '$lib/offline/workshop-types';
import { offline as defaultOffline, type CachedRecord, type LocalWrite, type OfflineManager } from './offline-manager.svelte';

export { OnlineRequiredError, SubmitValidationError };
export type * from '$lib/offline/workshop-types';

export type WorkshopHttp = Pick<ApiClient, 'attendanceSummary'>;

export interface WorkshopDeps {
	offline?: OfflineManager;
	api?: WorkshopHttp;
	/** navigator.onLine by default; false makes online-only calls fail at once. */
	online?: () => boolean;
	newId?: () => string;
}

type Pending<T> = T & { pending: boolean };
type Loose = Record<string, unknown>;
/** Wire records as the device holds them (local copies carry the same fields; `version` is the row's). */
type Stored<T> = Omit<T, 'version'>;

const invalid = (field: string, code: string, message: string) => new SubmitValidationError([{ field, code, message }]);
const forbidden = (field: string) => invalid(field, 'forbidden', 'Not allowed for this user');
const unknownReference = (field: string) => invalid(field, 'unknown-reference', 'Not on this device');

/** Trimmed strings; an empty one is null (the forms send '' for an emptied field). */
function normalise<T extends Loose>(fields: T): T {
	const out: Loose = {};
	for (const [k, v] of Object.entries(fields)) {
		if (v === undefined) continue;
		out[k] = typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v;
	}
	return out as T;
}

function pick(data: Loose, keys: readonly string[]): Loose {
	return Object.fromEntries(keys.map((k) => [k, data[k] ?? null]));
}

function changesOf(current: Loose, candidate: Loose, keys: readonly string[]): Record<string, { from: unknown; to: unknown }> {
	const changes: Record<string, { from: unknown; to: unknown }> = {};
	for (const k of keys) {
		const from = current[k] ?? null;
		const to = candidate[k] ?? null;
		if (!sameValue(from, to)) changes[k] = { from, to };
	}
	return changes;
}

/**
 * Zod issues as field errors named by the input's fields; a required field left empty (null after
 * `normalise`) is `required` rather than zod's `invalid_type`.
 */
function issuesOf(error: z.ZodError, input: Loose): FieldError[] {
	return zodFieldErrors(error).map((e) => (e.code === 'invalid_type' && (input[e.field] ?? null) === null ? { ...e, code: 'required' } : e));
}

function withPending<T>(rec: CachedRecord<Stored<T>>): Pending<T> {
	return { ...(rec.data as T), version: rec.version, pending: rec.pending };
}

function live<T extends { deletedAt?: string | null }>(recs: CachedRecord<T>[]): CachedRecord<T>[] {
	return recs.filter((r) => (r.data.deletedAt ?? null) === null);
}

export class WorkshopManager implements WorkshopApi {
	readonly #deps: WorkshopDeps;

	constructor(deps: WorkshopDeps = {}) {
		this.#deps = deps;
	}

	get #offline(): OfflineManager {
		return this.#deps.offline ?? defaultOffline;
	}
	get #api(): WorkshopHttp {
		return this.#deps.api ?? defaultApi;
	}
	#newId(): string {
		return this.#deps.newId ? this.#deps.newId() : uuidv7();
	}
	#nowIso(): string {
		return isoAt(this.#offline.now());
	}
	/** Today in Helsinki (workshop days are Helsinki days). */
	#today(): string {
		return helsinkiToday(this.#offline.now());
	}
	#viewer(): Viewer & ReturnType<OfflineManager['recordContext']> {
		return this.#offline.recordContext();
	}
	#meta(rec?: { data: Loose } | null): Loose {
		const now = this.#nowIso();
		return {
			createdBy: rec?.data.createdBy ?? this.#viewer().userId,
			createdAt: rec?.data.createdAt ?? now,
			updatedAt: now,
			deletedAt: null
		};
	}

	// ---- cache reads ----------------------------------------------------------------------------

	async #periodRec(id: string): Promise<CachedRecord<Stored<CoachingPeriod>> | null> {
		const rec = await this.#offline.cachedRecord<Stored<CoachingPeriod>>('coaching-period', id);
		return rec && rec.data.deletedAt === null ? rec : null;
	}

	/** A cached live period the user may act on with `resource`/`action`, or SubmitValidationError on `field`. */
	async #periodFor(id: string, resource: 'coaching-period' | 'attendance' | 'diary' | 'assessment', action: 'update' | 'create' | 'export', field = 'periodId') {
		const rec = await this.#periodRec(id);
		if (!rec) throw unknownReference(field);
		if (!reachesPeriod(this.#viewer(), resource, action, rec.data)) throw forbidden(field);
		return rec;
	}

	async #ofPeriod<T extends { periodId: string; deletedAt: string | null }>(entity: RecordEntity, periodId: string): Promise<Pending<T>[]> {
		const recs = await this.#offline.cachedRecords<Stored<T>>(entity);
		return live(recs)
			.filter((r) => r.data.periodId === periodId)
			.map((r) => withPending<T>(r));
	}

	async #names(clientIds: Iterable<string>): Promise<Map<string, string>> {
		return namesOf(await this.#offline.cachedRecords<ClientData>('client'), clientIds);
	}

	async #name(clientId: string): Promise<string> {
		const rec = await this.#offline.cachedRecord<ClientData>('client', clientId);
		return rec ? clientDisplayName(rec.data) : '';
	}

	// ---- roll-call --------------------------------------------------------------------------------

	/**
	 * The units where the user may mark attendance: their units (every visible unit with an
	 * organisation-wide grant) of a coaching kind. From the encrypted profile (works offline);
	 * empty while locked. Reactive (the profile is runes state).
	 */
	workshops(): { id: string; name: string }[] {
		const ctx = this.#offline.orgContext;
		if (!ctx) return [];
		const scope = scopeFor(ctx.roles, 'attendance', 'create');
		if (scope === null) return [];
		return ctx.units
			.filter((u) => (COACHING_UNIT_KINDS as readonly string[]).includes(u.kind) && u.deletedAt === null)
			.filter((u) => scope === 'organisation' || ctx.unitIds.includes(u.id))
			.map((u) => ({ id: u.id, name: u.name }))
			.sort((a, b) => a.name.localeCompare(b.name, 'fi'));
	}

	async rollCall(unitId: string, date: string): Promise<RollCall> {
		const [periods, marks, conflicts] = await Promise.all([
			this.#offline.cachedRecords<Stored<CoachingPeriod>>('coaching-period'),
			this.#offline.cachedRecords<Stored<AttendanceMark>>('attendance'),
			this.#offline.cachedRecords<SyncConflict>('conflict')
		]);
		const unitPeriods = live(periods)
			.filter((p) => p.data.unitId === unitId)
			.map((p) => withPending<CoachingPeriod>(p));
		const dayMarks = live(marks)
			.filter((m) => m.data.date === date)
			.map((m) => withPending<AttendanceMark>(m));
		const open = openConflictIds(conflicts.map((c) => c.data), 'attendance');
		const names = await this.#names(unitPeriods.map((p) => p.clientId));
		return buildRollCall({ unitId, date, periods: unitPeriods, marks: dayMarks, names, conflicts: open });
	}

	/**
	 * Queues `attendance.set` (idempotent per mutation id; the server merges field by field against
	 * `base`, a correction made elsewhere meanwhile becomes a conflict). SubmitValidationError fields:
	 * `periodId` (unknown-reference, forbidden), `date` (future, outside-period), `status`,
	 * `absenceReason`, `hours`, `extraReason` (reason-required off the contract).
	 */
	async mark(periodId: string, date: string, values: AttendanceValues): Promise<void> {
		if (!IsoDateSchema.safeParse(date).success) throw invalid('date', 'invalid', 'Give a date');
		const period = await this.#periodFor(periodId, 'attendance', 'create');
		const id = attendanceMarkId(periodId, date);
		const existing = await this.#offline.cachedRecord<Stored<AttendanceMark>>('attendance', id);
		const current = existing && existing.data.deletedAt === null ? existing : null;
		const viewer = this.#viewer();
		if (current && current.version > 0 && !reachesPeriod(viewer, 'attendance', 'update', period.data)) throw forbidden('periodId');
		const errors: FieldError[] = [];
		const dateIssue = markDateIssue(period.data, date, this.#today());
		if (dateIssue) addError(errors, 'date', dateIssue.code, dateIssue.message);
		const next = normalise({ status: values.status, absenceReason: values.absenceReason ?? null, hours: values.hours ?? null, extraReason: values.extraReason ?? null });
		for (const k of ['absenceReason', 'hours', 'extraReason'] as const) next[k] ??= null;
		const parsed = AttendanceValuesSchema.safeParse(next);
		if (!parsed.success) for (const e of issuesOf(parsed.error, next)) addError(errors, e.field, e.code, e.message);
		if (needsExtraReason(period.data, date, next)) addError(errors, 'extraReason', 'reason-required', 'Give the reason for a day off the contract');
		if (errors.length > 0 || !parsed.success) throw new SubmitValidationError(errors);
		const base = current ? markValues(current.data) : null;
		if (base && sameValue(base, parsed.data)) return;
		const mutation: Mutation = {
			kind: 'attendance.set',
			data: { id, periodId, date, baseVersion: current?.version ?? 0, values: parsed.data, base }
		};
		const now = this.#nowIso();
		const local: Stored<AttendanceMark> = {
			id,
			periodId,
			clientId: period.data.clientId,
			unitId: period.data.unitId,
			date,
			...parsed.data,
			updatedBy: viewer.userId,
			createdBy: current?.data.createdBy ?? viewer.userId,
			createdAt: current?.data.createdAt ?? now,
			updatedAt: now,
			deletedAt: null
		};
		await this.#offline.queueMutations([mutation], [{ entity: 'attendance', id, data: local, version: current?.version ?? 0 }]);
	}

	// ---- periods ----------------------------------------------------------------------------------

	async periods(filter: { unitId?: string; clientId?: string; active?: boolean }): Promise<PeriodListItem[]> {
		const today = this.#today();
		const recs = live(await this.#offline.cachedRecords<Stored<CoachingPeriod>>('coaching-period')).filter(
			(p) =>
				(filter.unitId === undefined || p.data.unitId === filter.unitId) &&
				(filter.clientId === undefined || p.data.clientId === filter.clientId) &&
				(filter.active === undefined || periodActive(p.data, today) === filter.active)
		);
		const names = await this.#names(recs.map((p) => p.data.clientId));
		return recs
			.map((p) => ({
				id: p.id,
				clientId: p.data.clientId,
				unitId: p.data.unitId,
				displayName: names.get(p.data.clientId) ?? '',
				type: p.data.type,
				startDate: p.data.startDate,
				endDate: p.data.endDate,
				pending: p.pending
			}))
			.sort((a, b) => b.startDate.localeCompare(a.startDate) || a.displayName.localeCompare(b.displayName, 'fi') || a.id.localeCompare(b.id));
	}

	async period(id: string): Promise<PeriodView | null> {
		const rec = await this.#periodRec(id);
		if (!rec) return null;
		const viewer = this.#viewer();
		const [displayName, goals, notes, marks, diary, assessments, reports] = await Promise.all([
			this.#name(rec.data.clientId),
			this.#ofPeriod<Goal>('goal', id),
			this.#ofPeriod<GoalNote>('goal-note', id),
			this.#ofPeriod<AttendanceMark>('attendance', id),
			this.#ofPeriod<DiaryEntry>('diary', id),
			this.#ofPeriod<Assessment>('assessment', id),
			this.#ofPeriod<CoachingReport>('coaching-report', id)
		]);
		const byDateThenCreated = (a: { date: string; createdAt: string }, b: { date: string; createdAt: string }) =>
			a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt);
		const p = rec.data;
		return {
			period: withPending<CoachingPeriod>(rec),
			displayName,
			goals: goals.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
			notes: notes.sort(byDateThenCreated),
			marks: marks.sort((a, b) => b.date.localeCompare(a.date)),
			diary: diary.sort(byDateThenCreated),
			assessments: assessments.sort(byDateThenCreated),
			reports: reports.sort(byDateThenCreated),
			can: {
				update: reachesPeriod(viewer, 'coaching-period', 'update', p),
				attendance: reachesPeriod(viewer, 'attendance', 'create', p),
				diary: reachesPeriod(viewer, 'diary', 'create', p),
				assessment: reachesPeriod(viewer, 'assessment', 'create', p),
				export: reachesPeriod(viewer, 'coaching-period', 'export', p)
			}
		};
	}

	/** A `local:` placement must be one of the organisation's (`unknown-code`). */
	#placementErrors(fields: Loose, errors: FieldError[]): void {
		const v = fields.placementAfter;
		if (typeof v === 'string' && v.startsWith('local:') && !isKnownCode(EXTENSIBLE_CODE_LISTS.placement, this.#viewer().codeOverrides, v)) {
			addError(errors, 'placementAfter', 'unknown-code', 'Not a code of this organisation');
		}
	}

	/**
	 * Queues `coaching-period.create` (a create with an existing id and other content is refused as
	 * `record-exists`). Fields: `unitId` (unit-kind, forbidden), `clientId` (unknown-reference), every
	 * field of CoachingPeriodFields (schema codes, before-start, too-few-weekdays, required, not-ended).
	 */
	async createPeriod(clientId: string, unitId: string, fields: CoachingPeriodFields): Promise<string> {
		const viewer = this.#viewer();
		const errors: FieldError[] = [];
		const unit = viewer.units.find((u) => u.id === unitId);
		if (!unit || !(COACHING_UNIT_KINDS as readonly string[]).includes(unit.kind)) addError(errors, 'unitId', 'unit-kind', 'Not a workshop unit');
		const scope = scopeFor(viewer.roles, 'coaching-period', 'create');
		if (scope === null || (scope !== 'organisation' && !viewer.unitIds.includes(unitId))) addError(errors, 'unitId', 'forbidden', 'Not one of your units');
		const client = await this.#offline.cachedRecord<ClientData>('client', clientId);
		if (!client) addError(errors, 'clientId', 'unknown-reference', 'The client is not on this device');
		const id = this.#newId();
		const input = { ...normalise(fields as unknown as Loose), id, clientId, unitId };
		const parsed = CoachingPeriodInputSchema.safeParse(input);
		if (!parsed.success) for (const e of issuesOf(parsed.error, input)) addError(errors, e.field, e.code, e.message);
		this.#placementErrors(input, errors);
		if (errors.length > 0 || !parsed.success) throw new SubmitValidationError(errors);
		await this.#offline.queueMutations(
			[{ kind: 'coaching-period.create', data: parsed.data }],
			[{ entity: 'coaching-period', id, data: { ...parsed.data, ...this.#meta() }, version: 0 }]
		);
		return id;
	}

	/**
	 * Queues a field patch `coaching-period.update` ({from: cached, to: new} per changed field; the
	 * server merges). False when nothing changed. Also refuses dates that leave live marks outside the
	 * period (`marks-outside` on `startDate` / `endDate`).
	 */
	updatePeriod(id: string, fields: Partial<CoachingPeriodFields>): Promise<boolean> {
		return this.#patch('coaching-period', id, fields, CoachingPeriodFieldsSchema, async (rec, candidate, errors) => {
			const parsed = CoachingPeriodFieldsSchema.safeParse(candidate);
			if (!parsed.success) return;
			const c = parsed.data;
			for (const i of periodFieldIssues(c)) addError(errors, i.field, i.code, i.message);
			this.#placementErrors(candidate, errors);
			const marks = await this.#ofPeriod<AttendanceMark>('attendance', rec.id);
			for (const m of marks) {
				if (withinPeriod(c, m.date)) continue;
				addError(errors, m.date < c.startDate ? 'startDate' : 'endDate', 'marks-outside', 'Attendance is marked outside these dates');
			}
		});
	}

	// ---- plan: goals and notes ----------------------------------------------------------------------

	async addGoal(periodId: string, fields: GoalFields): Promise<string> {
		const period = await this.#periodFor(periodId, 'coaching-period', 'update');
		const id = this.#newId();
		const input = { ...normalise(fields as unknown as Loose), id, periodId };
		const parsed = GoalInputSchema.safeParse(input);
		if (!parsed.success) throw new SubmitValidationError(issuesOf(parsed.error, input));
		const local = { ...parsed.data, clientId: period.data.clientId, unitId: period.data.unitId, ...this.#meta() };
		await this.#offline.queueMutations([{ kind: 'goal.create', data: parsed.data }], [{ entity: 'goal', id, data: local, version: 0 }]);
		return id;
	}

	updateGoal(id: string, fields: Partial<GoalFields>): Promise<boolean> {
		return this.#patch('goal', id, fields, GoalFieldsSchema, async () => undefined);
	}

	async addGoalNote(goalId: string, input: { date: string; text: string }): Promise<string> {
		const goal = await this.#offline.cachedRecord<Stored<Goal>>('goal', goalId);
		if (!goal || goal.data.deletedAt !== null) throw unknownReference('goalId');
		const period = await this.#periodFor(goal.data.periodId, 'coaching-period', 'update', 'goalId');
		const id = this.#newId();
		const errors: FieldError[] = [];
		const note = { ...normalise(input), id, goalId };
		const parsed = GoalNoteInputSchema.safeParse(note);
		if (!parsed.success) errors.push(...issuesOf(parsed.error, note));
		else if (parsed.data.date < period.data.startDate) addError(errors, 'date', 'before-period', 'Before the period started');
		if (errors.length > 0 || !parsed.success) throw new SubmitValidationError(errors);
		const local = { ...parsed.data, periodId: period.id, clientId: period.data.clientId, unitId: period.data.unitId, ...this.#meta() };
		await this.#offline.queueMutations([{ kind: 'goal-note.create', data: parsed.data }], [{ entity: 'goal-note', id, data: local, version: 0 }]);
		return id;
	}

	// ---- diary and assessments ----------------------------------------------------------------------

	/** Queues `diary.create` (immutable). Fields: `date` (outside-period), `kind`, `text`, `hours`. */
	async addDiary(periodId: string, input: Omit<DiaryEntryInput, 'id' | 'periodId'>): Promise<string> {
		const period = await this.#periodFor(periodId, 'diary', 'create');
		const id = this.#newId();
		const errors: FieldError[] = [];
		const fields = normalise(input as unknown as Loose);
		fields.hours ??= null;
		const parsed = DiaryEntryInputSchema.safeParse({ ...fields, id, periodId });
		if (!parsed.success) errors.push(...issuesOf(parsed.error, fields));
		else if (!withinPeriod(period.data, parsed.data.date)) addError(errors, 'date', 'outside-period', 'The day is outside the period');
		if (errors.length > 0 || !parsed.success) throw new SubmitValidationError(errors);
		const local = { ...parsed.data, clientId: period.data.clientId, unitId: period.data.unitId, ...this.#meta() };
		await this.#offline.queueMutations([{ kind: 'diary.create', data: parsed.data }], [{ entity: 'diary', id, data: local, version: 0 }]);
		return id;
	}

	/**
	 * Queues `assessment.create` (immutable). Fields: `instrumentId` (unknown-instrument), `answers`
	 * (unknown-item, out-of-scale, empty), `date` (before-period), `mode`.
	 */
	async addAssessment(periodId: string, input: Omit<AssessmentInput, 'id' | 'periodId'>): Promise<string> {
		const period = await this.#periodFor(periodId, 'assessment', 'create');
		const id = this.#newId();
		const errors: FieldError[] = [];
		const parsed = AssessmentInputSchema.safeParse({ ...input, id, periodId });
		if (!parsed.success) errors.push(...issuesOf(parsed.error, input as unknown as Loose));
		const instrument = instrumentById(input.instrumentId);
		if (!instrument || instrument.version !== input.instrumentVersion) {
			addError(errors, 'instrumentId', 'unknown-instrument', 'Unknown questionnaire');
		} else if (parsed.success) {
			const messages = { 'unknown-item': 'Not a statement of this questionnaire', 'out-of-scale': 'Outside the scale', empty: 'Answer at least one statement' };
			for (const code of answerIssues(instrument, parsed.data.answers)) addError(errors, 'answers', code, messages[code]);
		}
		if (parsed.success && parsed.data.date < period.data.startDate) addError(errors, 'date', 'before-period', 'Before the period started');
		if (errors.length > 0 || !parsed.success) throw new SubmitValidationError(errors);
		const local = { ...parsed.data, clientId: period.data.clientId, unitId: period.data.unitId, ...this.#meta() };
		await this.#offline.queueMutations([{ kind: 'assessment.create', data: parsed.data }], [{ entity: 'assessment', id, data: local, version: 0 }]);
		return id;
	}

	/** Each assessment of the instrument in the period, oldest first, with its mean per dimension. */
	async progress(periodId: string, instrumentId: string): Promise<ProgressPoint[]> {
		const instrument = instrumentById(instrumentId);
		if (!instrument) return [];
		const list = (await this.#ofPeriod<Assessment>('assessment', periodId)).filter((a) => a.instrumentId === instrumentId);
		return list
			.sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt))
			.map((a) => ({ assessmentId: a.id, date: a.date, mode: a.mode, scores: dimensionScores(instrument, a.answers) }));
	}

	// ---- reports --------------------------------------------------------------------------------------

	/** Queues `coaching-report.create` with empty text. Fields: `kind` (not-ended for a final), `date` (before-period). */
	async createReport(periodId: string, kind: CoachingReportKind, date: string): Promise<string> {
		const period = await this.#periodFor(periodId, 'coaching-period', 'update');
		const id = this.#newId();
		const errors: FieldError[] = [];
		const parsed = CoachingReportInputSchema.safeParse({ id, periodId, kind, date, text: '' });
		if (!parsed.success) errors.push(...zodFieldErrors(parsed.error));
		else {
			if (parsed.data.kind === 'final' && period.data.endDate === null) addError(errors, 'kind', 'not-ended', 'The period has not ended');
			if (parsed.data.date < period.data.startDate) addError(errors, 'date', 'before-period', 'Before the period started');
		}
		if (errors.length > 0 || !parsed.success) throw new SubmitValidationError(errors);
		const local = { ...parsed.data, clientId: period.data.clientId, unitId: period.data.unitId, ...this.#meta() };
		await this.#offline.queueMutations([{ kind: 'coaching-report.create', data: parsed.data }], [{ entity: 'coaching-report', id, data: local, version: 0 }]);
		return id;
	}

	/** A field patch of the report (date, text). Text keeps its whitespace (it is the coach's prose). */
	updateReport(id: string, fields: { date?: string; text?: string }): Promise<boolean> {
		return this.#patch('coaching-report', id, fields, CoachingReportFieldsSchema, async (rec, candidate, errors) => {
			const period = await this.#periodRec(String(rec.data.periodId));
			if (period && typeof candidate.date === 'string' && candidate.date < period.data.startDate) addError(errors, 'date', 'before-period', 'Before the period started');
		}, ['text']);
	}

	async reportContent(reportId: string): Promise<PeriodReportContent | null> {
		const report = await this.#offline.cachedRecord<Stored<CoachingReport>>('coaching-report', reportId);
		if (!report || report.data.deletedAt !== null) return null;
		const period = await this.#periodRec(report.data.periodId);
		if (!period) return null;
		const periodId = period.id;
		const [participant, marks, goals, notes, assessments] = await Promise.all([
			this.#name(period.data.clientId),
			this.#ofPeriod<AttendanceMark>('attendance', periodId),
			this.#ofPeriod<Goal>('goal', periodId),
			this.#ofPeriod<GoalNote>('goal-note', periodId),
			this.#ofPeriod<Assessment>('assessment', periodId)
		]);
		return buildPeriodReport({
			report: report.data,
			participant,
			period: withPending<CoachingPeriod>(period),
			marks,
			goals,
			notes,
			assessments
		});
	}

	/** Queues `coaching-report.printed` (the server audits the print; idempotent per mutation id). */
	async printed(reportId: string): Promise<void> {
		const report = await this.#offline.cachedRecord<Stored<CoachingReport>>('coaching-report', reportId);
		if (!report) throw unknownReference('reportId');
		await this.#periodFor(report.data.periodId, 'coaching-period', 'export', 'reportId');
		await this.#offline.queueMutations([{ kind: 'coaching-report.printed', data: { reportId, printedAt: this.#nowIso() } }]);
	}

	reportPdfUrl(reportId: string, lang: 'fi' | 'sv' | 'en'): string {
		return reportPdfPath(reportId, lang);
	}

	// ---- attendance summary ----------------------------------------------------------------------------

	/** Online: the server's summary (audited). OnlineRequiredError without a connection. */
	async summary(unitId: string, month: string): Promise<AttendanceSummary> {
		const online = this.#deps.online ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false);
		if (!online()) throw new OnlineRequiredError();
		try {
			return await this.#api.attendanceSummary(unitId, month);
		} catch (err) {
			if (err instanceof NetworkError) throw new OnlineRequiredError();
			throw err;
		}
	}

	/**
	 * The same summary computed from this device's cache (shared `attendanceSummary`): what the tablet
	 * holds, pending marks included. For an offline preview; billing uses the server's.
	 */
	async cachedSummary(unitId: string, month: string, locale = 'fi'): Promise<AttendanceSummary> {
		const [periods, marks] = await Promise.all([
			this.#offline.cachedRecords<Stored<CoachingPeriod>>('coaching-period'),
			this.#offline.cachedRecords<Stored<AttendanceMark>>('attendance')
		]);
		const unitPeriods = live(periods).filter((p) => p.data.unitId === unitId);
		const names = await this.#names(unitPeriods.map((p) => p.data.clientId));
		const liveMarks = live(marks).map((m) => m.data);
		return attendanceSummary(
			unitId,
			month,
			unitPeriods.map((p) => ({
				period: { ...p.data, id: p.id },
				participant: names.get(p.data.clientId) ?? '',
				marks: liveMarks.filter((m) => m.periodId === p.id)
			})),
			locale
		);
	}

	/** The export's URL (CSV or XLSX; the server audits the download). `lang`: the CSV header's language. */
	summaryUrl(unitId: string, month: string, format: 'csv' | 'xlsx', lang?: 'fi' | 'sv' | 'en'): string {
		return summaryPath(unitId, month, format, lang);
	}

	// ---- field patches --------------------------------------------------------------------------------

	/**
	 * A field patch of a period, goal or report: validated on the whole candidate, {from: cached, to:
	 * new} per changed field against the cached version (the server merges and reports conflicts).
	 */
	async #patch(
		entity: 'coaching-period' | 'goal' | 'coaching-report',
		id: string,
		fields: Loose,
		schema: z.ZodObject,
		rules: (rec: CachedRecord<Loose & { deletedAt: string | null }>, candidate: Loose, errors: FieldError[]) => Promise<void>,
		keepWhitespace: readonly string[] = []
	): Promise<boolean> {
		const rec = await this.#offline.cachedRecord<Loose & { deletedAt: string | null }>(entity, id);
		if (!rec || rec.data.deletedAt !== null) throw unknownReference('id');
		const periodId = entity === 'coaching-period' ? id : String(rec.data.periodId);
		await this.#periodFor(periodId, 'coaching-period', 'update', 'id');
		const keys = Object.keys(schema.shape);
		const given = Object.fromEntries(keys.filter((k) => k in fields && fields[k] !== undefined).map((k) => [k, fields[k]]));
		const patch: Loose = { ...normalise(given) };
		for (const k of keepWhitespace) if (typeof given[k] === 'string') patch[k] = given[k];
		const current = pick(rec.data, keys);
		const candidate = { ...current, ...patch };
		const errors: FieldError[] = [];
		const parsed = schema.safeParse(candidate);
		if (!parsed.success) errors.push(...issuesOf(parsed.error, candidate));
		await rules(rec, candidate, errors);
		if (errors.length > 0) throw new SubmitValidationError(errors);
		const changes = changesOf(current, candidate, Object.keys(patch));
		if (Object.keys(changes).length === 0) return false;
		const mutation = { kind: `${entity}.update`, data: { id, baseVersion: rec.version, changes } } as Mutation;
		const write: LocalWrite = { entity, id, data: { ...rec.data, ...candidate, updatedAt: this.#nowIso() } };
		await this.#offline.queueMutations([mutation], [write]);
		return true;
	}
}

export const workshop = new WorkshopManager();

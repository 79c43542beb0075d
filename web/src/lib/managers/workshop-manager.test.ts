import {
	SOCIAL_EMPOWERMENT,
	attendanceMarkId,
	instrumentItemCodes,
	type AttendanceMark,
	type AttendanceValues,
	type CoachingPeriodFields,
	type DiaryEntry,
	type Goal,
	type Mutation,
	type SyncChange,
	type SyncConflict
} from '@polku/shared';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '$lib/api/client';
import { dumpIndexedDb, makeOrgKeyPair, ORG_ID, UNIT_ID, USER_A_ID, USER_B_ID, type OrgKeyPair } from '$lib/offline/sync-test-server';
import { OnlineRequiredError, SubmitValidationError, WorkshopManager } from './workshop-manager.svelte';
import { ClientRecordManager } from './client-record-manager.svelte';
import { KioskManager, KIOSK_KEY_PREFIX } from './kiosk-manager.svelte';
import { OfflineManager } from './offline-manager.svelte';
import {
	FAST,
	OTHER_WORKSHOP_ID,
	PW,
	T,
	WORKSHOP_ID,
	change,
	clientChange,
	id,
	period,
	setUp,
	type Harness
} from './workshop-test-fixture';

const P1 = id(0x101); // Aada: Mon–Fri 6 h
const P2 = id(0x102); // Bertta: Mon–Wed 4 h, another payer
const P3 = id(0x103); // Cecilia: the period ended on 3 March
const P4 = id(0x104); // Daniel: the contract ended on 3 March, the period goes on
const P5 = id(0x105); // Eemeli: another workshop
const present = (hours: number, extraReason: string | null = null): AttendanceValues => ({ status: 'present', absenceReason: null, hours, extraReason });
const absent = (absenceReason: AttendanceValues['absenceReason']): AttendanceValues => ({ status: 'absent', absenceReason, hours: null, extraReason: null });

function markChange(periodId: string, clientN: number, date: string, values: AttendanceValues, version = 1): SyncChange {
	const mark: AttendanceMark = {
		id: attendanceMarkId(periodId, date),
		periodId,
		clientId: id(clientN),
		unitId: WORKSHOP_ID,
		date,
		...values,
		updatedBy: USER_B_ID,
		version,
		createdBy: USER_B_ID,
		createdAt: T,
		updatedAt: T,
		deletedAt: null
	};
	return change('attendance', mark);
}

function initialLog(): SyncChange[] {
	return [
		clientChange(1, 'Aada'),
		clientChange(2, 'Bertta'),
		clientChange(3, 'Cecilia'),
		clientChange(4, 'Daniel'),
		clientChange(5, 'Eemeli'),
		change('coaching-period', period(0x101, 1)),
		change('coaching-period', period(0x102, 2, { weekdays: [1, 2, 3], daysPerWeek: 3, hoursPerDay: 4, payingOrganisation: 'TE-palvelut', expenseCompensationCents: null })),
		change('coaching-period', period(0x103, 3, { endDate: '2026-03-03' })),
		change('coaching-period', period(0x104, 4, { contractEnd: '2026-03-03' })),
		change('coaching-period', period(0x105, 5, { unitId: OTHER_WORKSHOP_ID })),
		markChange(P1, 1, '2026-02-02', present(6))
	];
}

let keys: OrgKeyPair;
let h: Harness;
let ws: WorkshopManager;

beforeAll(async () => {
	keys = await makeOrgKeyPair(ORG_ID);
});

beforeEach(async () => {
	h = await setUp(keys, initialLog());
	let n = 0x500;
	ws = new WorkshopManager({ offline: h.offline, api: createApiClient({ fetch: h.fetch }), online: () => h.state.online, newId: () => id(n++) });
});

afterEach(() => {
	h.offline.lock();
	h.db.close();
});

async function outboxKinds(): Promise<string[]> {
	return (await h.db.outbox.orderBy('mutationId').toArray()).map((r) => r.kind);
}

async function fieldErrors(p: Promise<unknown>): Promise<Record<string, string>> {
	const err = await p.then(
		() => null,
		(e: unknown) => e
	);
	expect(err).toBeInstanceOf(SubmitValidationError);
	return Object.fromEntries((err as SubmitValidationError).errors.map((e) => [e.field, e.code]));
}

const names = (list: { displayName: string }[]) => list.map((r) => r.displayName);

const fields = (over: Partial<CoachingPeriodFields> = {}): CoachingPeriodFields => {
	const { id: _i, clientId: _c, unitId: _u, version: _v, createdBy: _b, createdAt: _a, updatedAt: _t, deletedAt: _d, ...f } = period(0, 1);
	return { ...f, payingOrganisation: null, ...over };
};

describe('WorkshopManager', () => {
	it('offers the coach their own workshops only', () => {
		expect(ws.workshops()).toEqual([{ id: WORKSHOP_ID, name: 'Puupaja' }]);
	});

	it('computes the roll-call offline: expected by weekday, contract dates and period end; the rest in force is addable', async () => {
		h.state.online = false;
		// Wednesday: Bertta's Mon–Wed contract covers it; Cecilia's period ended yesterday; Daniel's contract ended.
		let day = await ws.rollCall(WORKSHOP_ID, '2026-03-04');
		expect(names(day.rows)).toEqual(['Aada Esimerkki', 'Bertta Esimerkki']);
		expect(day.rows.map((r) => [r.expected, r.contractHours, r.mark])).toEqual([
			[true, 6, null],
			[true, 4, null]
		]);
		expect(names(day.addable)).toEqual(['Daniel Esimerkki']);
		// Thursday the week before: not Bertta's day; Cecilia and Daniel still under contract.
		day = await ws.rollCall(WORKSHOP_ID, '2026-02-26');
		expect(names(day.rows)).toEqual(['Aada Esimerkki', 'Cecilia Esimerkki', 'Daniel Esimerkki']);
		expect(names(day.addable)).toEqual(['Bertta Esimerkki']);
		// A Saturday: nobody expected, everyone in force may be added.
		day = await ws.rollCall(WORKSHOP_ID, '2026-02-28');
		expect(day.rows).toEqual([]);
		expect(names(day.addable)).toEqual(['Aada Esimerkki', 'Bertta Esimerkki', 'Cecilia Esimerkki', 'Daniel Esimerkki']);
		// Before any period began.
		day = await ws.rollCall(WORKSHOP_ID, '2026-01-02');
		expect([day.rows, day.addable]).toEqual([[], []]);
		// The pulled mark shows on its day, not pending.
		day = await ws.rollCall(WORKSHOP_ID, '2026-02-02');
		expect(day.rows[0]?.mark).toMatchObject({ status: 'present', hours: 6, pending: false, version: 1 });
		expect(day.rows[0]?.conflict).toBe(false);
		// A correction that met another tablet's: the row says so, and /sync finds its participant.
		const conflict: SyncConflict = {
			id: id(0xc01),
			entity: 'attendance',
			entityId: attendanceMarkId(P1, '2026-02-02'),
			field: 'hours',
			base: 6,
			mine: 5,
			server: 4,
			mutationId: id(0xc02),
			authorId: USER_A_ID,
			createdAt: T,
			resolvedAt: null,
			resolution: null
		};
		h.state.online = true;
		h.log.push(change('conflict', { ...conflict, version: 1, updatedAt: T }));
		await h.offline.syncNow();
		day = await ws.rollCall(WORKSHOP_ID, '2026-02-02');
		expect(day.rows[0]?.conflict).toBe(true);
		expect(await new ClientRecordManager({ offline: h.offline }).conflictClient(conflict)).toEqual({ clientId: id(1), displayName: 'Aada Esimerkki' });
		// Another workshop's roll-call holds only its own participant.
		expect((await ws.rollCall(OTHER_WORKSHOP_ID, '2026-03-04')).rows.map((r) => [r.periodId, r.displayName])).toEqual([[P5, 'Eemeli Esimerkki']]);
	});

	it('marks offline and syncs one attendance.set per mark; a re-mark before the sync keeps one local record', async () => {
		h.state.online = false;
		const markId = attendanceMarkId(P1, '2026-03-04');
		await ws.mark(P1, '2026-03-04', present(6));
		await ws.mark(P2, '2026-03-04', absent('sick'));
		await ws.mark(P1, '2026-03-04', present(5.5));
		// The same values again queue nothing.
		await ws.mark(P1, '2026-03-04', present(5.5));
		expect(await outboxKinds()).toEqual(['attendance.set', 'attendance.set', 'attendance.set']);
		const local = await h.db.records.where('[userKey+entity]').equals([h.offline.userKey!, 'attendance']).toArray();
		expect(local.filter((r) => r.pending).map((r) => r.id).sort()).toEqual([markId, attendanceMarkId(P2, '2026-03-04')].sort());
		let day = await ws.rollCall(WORKSHOP_ID, '2026-03-04');
		expect(day.rows.map((r) => r.mark && { ...r.mark })).toMatchObject([
			{ id: markId, status: 'present', hours: 5.5, pending: true, version: 0, updatedBy: USER_A_ID },
			{ status: 'absent', absenceReason: 'sick', hours: null, pending: true }
		]);

		h.state.online = true;
		await h.offline.syncNow();
		const sent = h.received.map((r) => r.mutation);
		expect(sent.map((m) => m.kind)).toEqual(['attendance.set', 'attendance.set', 'attendance.set']);
		expect(sent[0]!.data).toEqual({ id: markId, periodId: P1, date: '2026-03-04', baseVersion: 0, values: present(6), base: null });
		// The second mark's base is the first one's values: the server merges the two.
		expect(sent[2]!.data).toEqual({ id: markId, periodId: P1, date: '2026-03-04', baseVersion: 0, values: present(5.5), base: present(6) });

		// The server's version comes back: confirmed, and the base of the next correction.
		h.log.push(markChange(P1, 1, '2026-03-04', present(5.5)));
		await h.offline.syncNow();
		day = await ws.rollCall(WORKSHOP_ID, '2026-03-04');
		expect(day.rows[0]?.mark).toMatchObject({ hours: 5.5, pending: false, version: 1 });
		await ws.mark(P1, '2026-03-04', absent('authorised'));
		await h.offline.syncNow();
		expect(h.received.at(-1)?.mutation.data).toEqual({
			id: markId,
			periodId: P1,
			date: '2026-03-04',
			baseVersion: 1,
			values: absent('authorised'),
			base: present(5.5)
		});
	});

	it('refuses future days, days outside the period, off-contract marks without a reason and incomplete values', async () => {
		h.state.online = false;
		expect(await fieldErrors(ws.mark(P1, '2026-03-05', present(6)))).toEqual({ date: 'future' });
		expect(await fieldErrors(ws.mark(P3, '2026-03-04', present(6)))).toEqual({ date: 'outside-period' });
		expect(await fieldErrors(ws.mark(P1, '2026-01-02', present(6)))).toMatchObject({ date: 'outside-period' });
		expect(await fieldErrors(ws.mark(P2, '2026-02-26', present(4)))).toEqual({ extraReason: 'reason-required' });
		expect(await fieldErrors(ws.mark(P2, '2026-02-26', present(4, '   ')))).toEqual({ extraReason: 'reason-required' });
		expect(await fieldErrors(ws.mark(P4, '2026-03-04', present(6)))).toEqual({ extraReason: 'reason-required' });
		expect(await fieldErrors(ws.mark(P1, '2026-03-04', { status: 'present', absenceReason: null, hours: null, extraReason: null }))).toEqual({ hours: 'required' });
		expect(await fieldErrors(ws.mark(P1, '2026-03-04', absent(null)))).toEqual({ absenceReason: 'required' });
		expect(await fieldErrors(ws.mark(P1, '2026-03-04', present(5.1)))).toEqual({ hours: 'quarter-hours' });
		expect(await fieldErrors(ws.mark(id(0xdead), '2026-03-04', present(6)))).toEqual({ periodId: 'unknown-reference' });
		expect(await outboxKinds()).toEqual([]);

		// With a reason, the day off the contract is marked and Bertta joins that day's rows.
		await ws.mark(P2, '2026-02-26', present(4, ' Korvaava päivä '));
		const day = await ws.rollCall(WORKSHOP_ID, '2026-02-26');
		expect(day.rows.find((r) => r.periodId === P2)).toMatchObject({ expected: false, mark: { extraReason: 'Korvaava päivä', pending: true } });
		expect(day.addable).toEqual([]);
	});

	it('summarises the cached month like the server, fetches the summary online and builds the export URLs', async () => {
		h.state.online = false;
		await ws.mark(P1, '2026-02-03', present(6));
		await ws.mark(P2, '2026-02-02', absent('sick'));
		const summary = await ws.cachedSummary(WORKSHOP_ID, '2026-02');
		expect(summary.rows.map((r) => [r.payer, r.participant])).toEqual([
			['Kaupungin sosiaalipalvelut', 'Aada Esimerkki'],
			['Kaupungin sosiaalipalvelut', 'Cecilia Esimerkki'],
			['Kaupungin sosiaalipalvelut', 'Daniel Esimerkki'],
			['TE-palvelut', 'Bertta Esimerkki']
		]);
		expect(summary.rows[0]).toMatchObject({ contractDays: 20, contractHours: 120, daysPresent: 2, hoursPresent: 12, unmarkedDays: 18, expenseCompensationCents: 1800 });
		expect(summary.rows[3]).toMatchObject({ contractDays: 12, daysPresent: 0, absences: { sick: 1 }, expenseCompensationCents: null });
		expect(summary.payers.map((p) => [p.payer, p.participants, p.daysPresent])).toEqual([
			['Kaupungin sosiaalipalvelut', 3, 2],
			['TE-palvelut', 1, 0]
		]);

		await expect(ws.summary(WORKSHOP_ID, '2026-02')).rejects.toBeInstanceOf(OnlineRequiredError);
		h.state.online = true;
		h.state.summary = summary;
		expect(await ws.summary(WORKSHOP_ID, '2026-02')).toEqual(summary);
		expect(h.requests).toEqual([`/api/attendance/summary?unitId=${WORKSHOP_ID}&month=2026-02`]);

		expect(ws.summaryUrl(WORKSHOP_ID, '2026-02', 'csv', 'sv')).toBe(`/api/attendance/summary.csv?unitId=${WORKSHOP_ID}&month=2026-02&lang=sv`);
		expect(ws.summaryUrl(WORKSHOP_ID, '2026-02', 'xlsx')).toBe(`/api/attendance/summary.xlsx?unitId=${WORKSHOP_ID}&month=2026-02`);
		expect(ws.reportPdfUrl(id(9), 'fi')).toBe(`/api/coaching-reports/${id(9)}/pdf?lang=fi`);
	});

	it('creates and edits periods, plans, diaries, assessments and reports as pending copies with named field errors', async () => {
		h.state.online = false;
		expect(await fieldErrors(ws.createPeriod(id(1), UNIT_ID, fields()))).toEqual({ unitId: 'unit-kind' });
		expect(await fieldErrors(ws.createPeriod(id(1), OTHER_WORKSHOP_ID, fields()))).toEqual({ unitId: 'forbidden' });
		expect(await fieldErrors(ws.createPeriod(id(0xbad), WORKSHOP_ID, fields()))).toEqual({ clientId: 'unknown-reference' });
		expect(
			await fieldErrors(ws.createPeriod(id(1), WORKSHOP_ID, fields({ endDate: '2026-02-27', hoursPerDay: 6.1, placementAfter: 'local:x' })))
		).toEqual({ hoursPerDay: 'quarter-hours', placementAfter: 'unknown-code' });
		expect(await fieldErrors(ws.createPeriod(id(1), WORKSHOP_ID, fields({ contractEnd: '2026-01-01', weekdays: [1, 2] })))).toEqual({
			contractEnd: 'before-start',
			weekdays: 'too-few-weekdays'
		});
		const newPeriod = await ws.createPeriod(id(1), WORKSHOP_ID, fields({ startDate: '2026-03-02', contractStart: '2026-03-02', workTimePlan: ' ma–pe 8–14 ' }));
		expect((await ws.periods({ clientId: id(1) })).map((p) => [p.id, p.pending])).toEqual([
			[newPeriod, true],
			[P1, false]
		]);
		expect((await ws.periods({ unitId: WORKSHOP_ID, active: false })).map((p) => p.id)).toEqual([P3]);

		// Dates that would leave the pulled mark of 2 February outside the period.
		expect(await fieldErrors(ws.updatePeriod(P1, { startDate: '2026-02-10' }))).toEqual({ startDate: 'marks-outside' });
		expect(await fieldErrors(ws.updatePeriod(P1, { endDate: '2026-01-31' }))).toEqual({ endDate: 'marks-outside' });
		expect(await ws.updatePeriod(P1, { workTimePlan: 'ma–pe 8–14' })).toBe(true);
		expect(await ws.updatePeriod(P1, { workTimePlan: 'ma–pe 8–14' })).toBe(false);

		const goalId = await ws.addGoal(P1, { text: 'Oppii käyttämään sorvia', targetDate: null, status: 'in-progress' });
		expect(await fieldErrors(ws.addGoal(P1, { text: ' ', targetDate: null, status: 'in-progress' }))).toEqual({ text: 'required' });
		expect(await ws.updateGoal(goalId, { status: 'achieved' })).toBe(true);
		expect(await fieldErrors(ws.addGoalNote(goalId, { date: '2025-12-01', text: 'Aikainen' }))).toEqual({ date: 'before-period' });
		await ws.addGoalNote(goalId, { date: '2026-03-04', text: 'Sorvaus sujuu' });
		expect(await fieldErrors(ws.addDiary(P1, { date: '2026-03-04', kind: 'observation', text: 'Rauhallinen päivä', hours: 2 }))).toEqual({ hours: 'not-allowed' });
		expect(await fieldErrors(ws.addDiary(P3, { date: '2026-03-04', kind: 'work', text: 'Hiontaa', hours: 2 }))).toEqual({ date: 'outside-period' });
		await ws.addDiary(P1, { date: '2026-03-04', kind: 'work', text: 'Hioi kaksi hyllyä', hours: 3 });

		const codes = instrumentItemCodes(SOCIAL_EMPOWERMENT);
		const base = { instrumentId: SOCIAL_EMPOWERMENT.id, instrumentVersion: SOCIAL_EMPOWERMENT.version, mode: 'coach' as const, date: '2026-03-04' };
		expect(await fieldErrors(ws.addAssessment(P1, { ...base, answers: { [codes[0]!]: null } }))).toEqual({ answers: 'empty' });
		expect(await fieldErrors(ws.addAssessment(P1, { ...base, answers: { 'nope.item': 3 } }))).toEqual({ answers: 'unknown-item' });
		expect(await fieldErrors(ws.addAssessment(P1, { ...base, answers: { [codes[0]!]: 7 } }))).toEqual({ answers: 'out-of-scale' });
		expect(await fieldErrors(ws.addAssessment(P1, { ...base, instrumentVersion: 99, answers: { [codes[0]!]: 3 } }))).toEqual({ instrumentId: 'unknown-instrument' });
		const answers = Object.fromEntries(codes.map((c, i) => [c, (i % 5) + 1]));
		const assessmentId = await ws.addAssessment(P1, { ...base, answers });
		const points = await ws.progress(P1, SOCIAL_EMPOWERMENT.id);
		expect(points).toHaveLength(1);
		expect(points[0]).toMatchObject({ assessmentId, date: '2026-03-04', mode: 'coach' });
		expect(Object.keys(points[0]!.scores)).toEqual(SOCIAL_EMPOWERMENT.dimensions.map((d) => d.code));

		expect(await fieldErrors(ws.createReport(P1, 'final', '2026-03-04'))).toEqual({ kind: 'not-ended' });
		const reportId = await ws.createReport(P1, 'interim', '2026-03-04');
		expect(await ws.updateReport(reportId, { text: 'Hyvä jakso.\n\nJatketaan.' })).toBe(true);
		const content = await ws.reportContent(reportId);
		expect(content).toMatchObject({
			kind: 'interim',
			participant: 'Aada Esimerkki',
			text: 'Hyvä jakso.\n\nJatketaan.',
			attendance: { from: '2026-01-05', to: '2026-03-04', daysPresent: 1, hoursPresent: 6 },
			goals: [{ text: 'Oppii käyttämään sorvia', status: 'achieved', notes: [{ date: '2026-03-04', text: 'Sorvaus sujuu' }] }]
		});
		expect(content?.assessments[0]).toMatchObject({ instrumentId: SOCIAL_EMPOWERMENT.id, coachCount: 1, selfCount: 0 });
		await ws.printed(reportId);

		const view = await ws.period(P1);
		expect(view).toMatchObject({ displayName: 'Aada Esimerkki', period: { workTimePlan: 'ma–pe 8–14', pending: true, version: 1 } });
		expect([view!.goals.length, view!.notes.length, view!.diary.length, view!.assessments.length, view!.reports.length, view!.marks.length]).toEqual([1, 1, 1, 1, 1, 1]);
		expect(view!.can).toEqual({ update: true, attendance: true, diary: true, assessment: true, export: true });

		h.state.online = true;
		await h.offline.syncNow();
		const sent = h.received.map((r) => r.mutation);
		expect(sent.map((m) => m.kind)).toEqual([
			'coaching-period.create',
			'coaching-period.update',
			'goal.create',
			'goal.update',
			'goal-note.create',
			'diary.create',
			'assessment.create',
			'coaching-report.create',
			'coaching-report.update',
			'coaching-report.printed'
		]);
		expect(sent[0]!.data).toMatchObject({ id: newPeriod, clientId: id(1), unitId: WORKSHOP_ID, workTimePlan: 'ma–pe 8–14' });
		expect(sent[1]!.data).toEqual({ id: P1, baseVersion: 1, changes: { workTimePlan: { from: null, to: 'ma–pe 8–14' } } });
		expect(sent[3]!.data).toEqual({ id: goalId, baseVersion: 0, changes: { status: { from: 'in-progress', to: 'achieved' } } });
		expect((sent[9] as Extract<Mutation, { kind: 'coaching-report.printed' }>).data.reportId).toBe(reportId);
	});

	it('stores pulled workshop records DEK-encrypted, forgets tombstones, and keeps no goal or diary text in plain IndexedDB', async () => {
		const pulledGoal: Goal = {
			id: id(0x201),
			periodId: P1,
			clientId: id(1),
			unitId: WORKSHOP_ID,
			text: 'Hakee ammattikouluun',
			targetDate: '2026-06-01',
			status: 'in-progress',
			version: 1,
			createdBy: USER_B_ID,
			createdAt: T,
			updatedAt: T,
			deletedAt: null
		};
		const pulledDiary: DiaryEntry = {
			id: id(0x202),
			periodId: P1,
			clientId: id(1),
			unitId: WORKSHOP_ID,
			date: '2026-02-02',
			kind: 'observation',
			text: 'Jännitti uutta porukkaa',
			hours: null,
			version: 1,
			createdBy: USER_B_ID,
			createdAt: T,
			updatedAt: T,
			deletedAt: null
		};
		h.log.push(change('goal', pulledGoal), change('diary', pulledDiary));
		await h.offline.syncNow();
		await ws.addGoal(P1, { text: 'Säännöllinen unirytmi', targetDate: null, status: 'not-started' });
		await ws.addDiary(P1, { date: '2026-03-04', kind: 'observation', text: 'Kertoi kotihuolista', hours: null });
		await ws.updatePeriod(P1, { workTimePlan: 'Aamuvuoro salaisesti' });
		let view = await ws.period(P1);
		expect(view!.goals.map((g) => [g.text, g.pending])).toEqual([
			['Hakee ammattikouluun', false],
			['Säännöllinen unirytmi', true]
		]);
		expect(view!.diary.map((d) => d.text)).toEqual(['Jännitti uutta porukkaa', 'Kertoi kotihuolista']);

		const dump = await dumpIndexedDb(h.factory);
		for (const secret of ['Hakee ammattikouluun', 'Säännöllinen', 'Jännitti', 'kotihuolista', 'Aamuvuoro', 'Aada', 'Esimerkki', 'Kaupungin']) {
			expect(dump).not.toContain(secret);
		}

		// A tombstone removes the device's copy.
		h.log.push({ entity: 'goal', id: pulledGoal.id, version: 2, updatedAt: T, deletedAt: T, data: null });
		await h.offline.syncNow();
		view = await ws.period(P1);
		expect(view!.goals.map((g) => g.text)).toEqual(['Säännöllinen unirytmi']);
		expect(await h.db.records.get([h.offline.userKey!, 'goal', pulledGoal.id])).toBeUndefined();
	});
});

describe('KioskManager', () => {
	it('keeps self-assessment mode across a new manager and a reload, storing ids only', async () => {
		const kiosk = new KioskManager({ offline: h.offline, workshop: ws, storage: h.storage as unknown as Storage });
		expect(kiosk.active).toBe(false);
		expect(await fieldErrors(kiosk.start(id(0xdead), SOCIAL_EMPOWERMENT.id))).toEqual({ periodId: 'unknown-reference' });
		expect(await fieldErrors(kiosk.start(P1, 'no-such-instrument'))).toEqual({ instrumentId: 'unknown-instrument' });
		await kiosk.start(P1, SOCIAL_EMPOWERMENT.id);
		expect(kiosk.active).toBe(true);
		expect(kiosk.session).toEqual({ periodId: P1, instrumentId: SOCIAL_EMPOWERMENT.id, startedAt: new Date(h.state.now).toISOString() });

		const key = `${KIOSK_KEY_PREFIX}${ORG_ID}:${USER_A_ID}`;
		const stored = JSON.parse(h.storage.getItem(key)!) as Record<string, unknown>;
		expect(Object.keys(stored).sort()).toEqual(['instrumentId', 'periodId', 'startedAt', 'submittedId']);
		expect(JSON.stringify([...h.storage.map.entries()])).not.toMatch(/Aada|Esimerkki|Maija/);

		expect(new KioskManager({ offline: h.offline, workshop: ws, storage: h.storage as unknown as Storage }).session?.periodId).toBe(P1);
		// A reload: a new offline manager on the same device, still locked.
		const reloaded = new OfflineManager({ db: () => h.db, storage: h.storage as unknown as Storage, kdf: FAST, autoStart: false, persist: async () => true });
		await reloaded.start();
		expect(reloaded.state).toBe('locked');
		const after = new KioskManager({ offline: reloaded, storage: h.storage as unknown as Storage });
		expect(after.active).toBe(true);
		expect(after.session?.instrumentId).toBe(SOCIAL_EMPOWERMENT.id);
	});

	it('submits the answers as a self assessment and ends only with the right password, never locking the app', async () => {
		const kiosk = new KioskManager({ offline: h.offline, workshop: ws, storage: h.storage as unknown as Storage });
		await expect(kiosk.submit({})).rejects.toBeInstanceOf(SubmitValidationError);
		await kiosk.start(P1, SOCIAL_EMPOWERMENT.id);
		const codes = instrumentItemCodes(SOCIAL_EMPOWERMENT);
		expect(await fieldErrors(kiosk.submit({}))).toEqual({ answers: 'empty' });
		const answers = Object.fromEntries(codes.map((c, i) => [c, i === 0 ? null : 4]));
		const assessmentId = await kiosk.submit(answers);
		expect(kiosk.submitted).toBe(true);
		expect(kiosk.active).toBe(true);
		await h.offline.syncNow();
		expect(h.received.at(-1)?.mutation).toEqual({
			kind: 'assessment.create',
			data: { id: assessmentId, periodId: P1, instrumentId: SOCIAL_EMPOWERMENT.id, instrumentVersion: SOCIAL_EMPOWERMENT.version, mode: 'self', date: '2026-03-04', answers }
		});

		expect(await kiosk.unlock('väärä salasana')).toBe(false);
		expect(kiosk.active).toBe(true);
		expect(h.offline.state).toBe('unlocked');
		expect(await kiosk.unlock(PW)).toBe(true);
		expect(kiosk.active).toBe(false);
		expect(h.offline.state).toBe('unlocked');
		expect(h.storage.getItem(`${KIOSK_KEY_PREFIX}${ORG_ID}:${USER_A_ID}`)).toBeNull();

		// While the app is locked the password still ends the mode, and the app stays locked.
		await kiosk.start(P1, SOCIAL_EMPOWERMENT.id);
		h.offline.lock();
		expect(kiosk.active).toBe(true);
		expect(await kiosk.unlock('väärä')).toBe(false);
		expect(await kiosk.unlock(PW)).toBe(true);
		expect([kiosk.active, h.offline.state]).toEqual([false, 'locked']);
	});

	it('keeps the answers so far in memory for the session on, through the lock screen, and never stores them', async () => {
		const kiosk = new KioskManager({ offline: h.offline, workshop: ws, storage: h.storage as unknown as Storage });
		kiosk.answers = { 'a.1': 3 };
		expect(kiosk.answers).toEqual({}); // no session: nothing kept
		await kiosk.start(P1, SOCIAL_EMPOWERMENT.id);
		const [first, second] = instrumentItemCodes(SOCIAL_EMPOWERMENT);
		kiosk.answers = { [first!]: 2 };
		kiosk.answers = { ...kiosk.answers, [second!]: 5 };
		// The page re-renders (a language switch) or the lock screen comes and goes: the answers stay.
		h.offline.lock();
		expect(kiosk.answers).toEqual({ [first!]: 2, [second!]: 5 });
		await h.offline.unlock(PW);
		expect(kiosk.answers).toEqual({ [first!]: 2, [second!]: 5 });
		expect(JSON.stringify([...h.storage.map.entries()])).not.toContain(first!);
		// Submitted: the next questionnaire starts empty.
		await kiosk.submit(kiosk.answers);
		expect(kiosk.answers).toEqual({});
		expect(await kiosk.unlock(PW)).toBe(true);
		// A new session does not see an earlier one's answers.
		await kiosk.start(P1, SOCIAL_EMPOWERMENT.id);
		kiosk.answers = { [first!]: 1 };
		expect(await kiosk.unlock(PW)).toBe(true);
		h.state.now += 60_000;
		await kiosk.start(P1, SOCIAL_EMPOWERMENT.id);
		expect(kiosk.answers).toEqual({});
	});
});

import {
	attendanceMarkId,
	PullResponseSchema,
	type AttendanceValues,
	type CoachingPeriodInput,
	type Mutation,
	type PullResponse,
	type PushResult,
	type SyncConflict
} from '@polku/shared';
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceMarks, auditLog, coachingPeriods, coachingReports, fieldHistory, userUnits } from '../../db/schema';
import { createSession, SESSION_COOKIE, sessionCookieValue } from '../../services/session.service';
import { insertUser } from '../../services/user.service';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { orgFileText, pushOne } from '../../test/record-helpers';

/**
 * Workshop coaching over sync (issue 5): periods, attendance rules and corrections, two tablets on one
 * day, scope by workshop, encryption at rest, assessments and reports. Real SQLite file, real sealing
 * and field encryption. The test clock is Monday 2 March 2026, 10:00 in Helsinki.
 */
let t: TestApp;
let coach: { id: string; token: string };
let coach2: { id: string; token: string };
let worker: { id: string; token: string };
/** A coach of another workshop (unit 2 only). */
let other: { userId: string; cookie: string; device: { id: string; token: string } };
let workshop: string;
let otherWorkshop: string;
let juho: string;

const FULL_WEEK = { daysPerWeek: 5, hoursPerDay: 6, weekdays: [1, 2, 3, 4, 5] };

function periodInput(over: Partial<CoachingPeriodInput> = {}): CoachingPeriodInput {
	return {
		id: randomUUID(),
		clientId: juho,
		unitId: workshop,
		type: 'youth-workshop',
		workCoachId: t.userId('coach'),
		individualCoachId: null,
		referringOrganisation: 'Ohjaamo',
		referringContact: null,
		payingOrganisation: 'TE-palvelut',
		payingContact: null,
		contractStart: '2026-02-02',
		contractEnd: null,
		...FULL_WEEK,
		priceCents: null,
		priceUnit: null,
		expenseCompensationCents: 900,
		startDate: '2026-02-02',
		endDate: null,
		placementAfter: null,
		workTimePlan: 'ma–pe 8–14 puutyöpajalla',
		...over
	};
}

const present = (hours = 6): AttendanceValues => ({ status: 'present', absenceReason: null, hours, extraReason: null });
const mark = (periodId: string, date: string, values: AttendanceValues, base: AttendanceValues | null = null, baseVersion = 0): Mutation => ({
	kind: 'attendance.set',
	data: { id: attendanceMarkId(periodId, date), periodId, date, baseVersion, values, base }
});

const rejectedOn = (r: PushResult) => {
	expect(r.status).toBe('rejected');
	if (r.status !== 'rejected') throw new Error('not rejected');
	return r.problem;
};
const errorOf = (r: PushResult) => rejectedOn(r).errors?.[0];

async function newPeriod(over: Partial<CoachingPeriodInput> = {}): Promise<CoachingPeriodInput> {
	const p = periodInput(over);
	expect(await pushOne(t, coach.token, { kind: 'coaching-period.create', data: p })).toMatchObject({ status: 'applied', entity: 'coaching-period', version: 1 });
	return p;
}

async function pullAs(cookie: string, token: string): Promise<PullResponse> {
	const res = await t.request('GET', '/api/sync/pull?limit=1000', { cookie, headers: { authorization: `Bearer ${token}` } });
	expect(res.status).toBe(200);
	return PullResponseSchema.parse(await res.json());
}

beforeAll(async () => {
	t = await createTestApp();
	coach = await t.registerDevice('coach');
	coach2 = await t.registerDevice('coach', { label: 'Second tablet' });
	worker = await t.registerDevice('outreach-worker');
	workshop = t.unitIds[1] ?? '';
	otherWorkshop = t.unitIds[2] ?? '';
	juho = t.clientIds[8] ?? '';
	const userId = t.org.write((tx) =>
		insertUser(tx, { now: t.now(), passwordHash: 'x', user: { username: 'coach-b', displayName: 'Toinen Valmentaja', roles: ['coach'], unitIds: [otherWorkshop], locale: 'fi' } })
	);
	const { token } = t.org.write((tx) => createSession(tx, userId, t.now(), 12));
	const cookie = `${SESSION_COOKIE}=${sessionCookieValue(t.org.id, token)}`;
	other = { userId, cookie, device: await t.registerDevice('coach', { cookie }) };
});
afterAll(() => t.close());

describe('coaching-period.create', () => {
	it('checks the unit kind, the client, the coaches and the dates', async () => {
		const outreach = t.unitIds[0] ?? '';
		const cases: [Partial<CoachingPeriodInput>, string, string][] = [
			[{ unitId: outreach }, 'data.unitId', 'forbidden'],
			[{ unitId: randomUUID() }, 'data.unitId', 'unknown-reference'],
			[{ clientId: t.clientIds[0] ?? '' }, 'data.clientId', 'unknown-reference'],
			[{ clientId: randomUUID() }, 'data.clientId', 'unknown-reference'],
			[{ workCoachId: randomUUID() }, 'data.workCoachId', 'unknown-reference'],
			[{ endDate: '2026-01-01' }, 'data.endDate', 'before-start'],
			[{ daysPerWeek: 5, weekdays: [1, 2] }, 'data.weekdays', 'too-few-weekdays'],
			[{ priceCents: 100 }, 'data.priceUnit', 'required'],
			[{ placementAfter: 'local:none-such' }, 'data.placementAfter', 'not-ended']
		];
		for (const [over, field, code] of cases) {
			const r = await pushOne(t, coach.token, { kind: 'coaching-period.create', data: periodInput(over) });
			expect(errorOf(r), `${field} ${code}`).toMatchObject({ field, code });
		}
	});

	it('holds several periods of one client, back to back or apart, each marked within its own dates', async () => {
		const first = await newPeriod({ type: 'work-trial', startDate: '2026-01-05', contractStart: '2026-01-05', endDate: '2026-01-30', contractEnd: '2026-01-30' });
		const second = await newPeriod({ type: 'rehabilitative', startDate: '2026-02-02', contractStart: '2026-02-02' });
		const apart = await newPeriod({ type: 'esf-project', startDate: '2025-09-01', contractStart: '2025-09-01', endDate: '2025-10-31', contractEnd: '2025-10-31' });
		// Monday 2 February belongs to the second period only; Friday 30 January to the first.
		expect(errorOf(await pushOne(t, coach.token, mark(first.id, '2026-02-02', present())))).toMatchObject({ field: 'data.date', code: 'outside-period' });
		expect(await pushOne(t, coach.token, mark(second.id, '2026-02-02', present()))).toMatchObject({ status: 'applied', version: 1 });
		expect(await pushOne(t, coach.token, mark(first.id, '2026-01-30', present()))).toMatchObject({ status: 'applied', version: 1 });
		expect(await pushOne(t, coach.token, mark(apart.id, '2025-10-31', present()))).toMatchObject({ status: 'applied', version: 1 });
		const ids = [first.id, second.id, apart.id];
		const rows = t.org.db.select().from(coachingPeriods).where(eq(coachingPeriods.clientId, juho)).all().filter((r) => ids.includes(r.id));
		expect(rows.map((r) => r.type).sort()).toEqual(['esf-project', 'rehabilitative', 'work-trial']);
		const marks = t.org.db.select().from(attendanceMarks).where(eq(attendanceMarks.clientId, juho)).all().filter((m) => ids.includes(m.periodId));
		expect(marks.map((m) => [m.periodId, m.date]).sort()).toEqual([[first.id, '2026-01-30'], [second.id, '2026-02-02'], [apart.id, '2025-10-31']].sort());
	});

	it('refuses a unit that runs no coaching (422 unit-kind)', async () => {
		// The coach joins the outreach unit for this check only.
		const outreach = t.unitIds[0] ?? '';
		t.org.write((tx) => tx.insert(userUnits).values({ userId: t.userId('coach'), unitId: outreach, createdAt: t.now().toISOString() }).run());
		try {
			const r = await pushOne(t, coach.token, { kind: 'coaching-period.create', data: periodInput({ unitId: outreach }) });
			expect(rejectedOn(r)).toMatchObject({ code: 'validation-failed', errors: [expect.objectContaining({ field: 'data.unitId', code: 'unit-kind' })] });
		} finally {
			t.org.write((tx) => tx.delete(userUnits).where(and(eq(userUnits.userId, t.userId('coach')), eq(userUnits.unitId, outreach))).run());
		}
	});

	it('is idempotent: the same content is a duplicate, other content under the same id record-exists', async () => {
		const p = await newPeriod();
		expect(await pushOne(t, coach.token, { kind: 'coaching-period.create', data: p })).toEqual(expect.objectContaining({ status: 'duplicate' }));
		const r = await pushOne(t, coach.token, { kind: 'coaching-period.create', data: { ...p, hoursPerDay: 4 } });
		expect(r).toMatchObject({ status: 'conflict', reason: 'record-exists' });
		const audits = t.org.db.select().from(auditLog).where(and(eq(auditLog.action, 'coaching-period.create'), eq(auditLog.entityId, p.id))).all();
		expect(audits).toHaveLength(1);
		expect(JSON.stringify(audits[0]?.detail)).not.toContain('puutyö');
	});
});

describe('attendance.set', () => {
	let p: CoachingPeriodInput;
	beforeAll(async () => {
		p = await newPeriod();
	});

	it('refuses a mark outside the period, in the future, with a wrong id, or off the contract without a reason', async () => {
		const idMismatch = mark(p.id, '2026-02-16', present());
		(idMismatch.data as { id: string }).id = attendanceMarkId(p.id, '2026-02-17');
		expect(errorOf(await pushOne(t, coach.token, idMismatch))).toMatchObject({ field: 'data.id', code: 'id-mismatch' });
		expect(errorOf(await pushOne(t, coach.token, mark(p.id, '2026-01-30', present())))).toMatchObject({ field: 'data.date', code: 'outside-period' });
		expect(errorOf(await pushOne(t, coach.token, mark(p.id, '2026-03-03', present())))).toMatchObject({ field: 'data.date', code: 'future' });
		expect(errorOf(await pushOne(t, coach.token, mark(randomUUID(), '2026-02-16', present())))).toMatchObject({ field: 'data.periodId', code: 'unknown-reference' });
		// Saturday 28 February: not a contract day.
		expect(errorOf(await pushOne(t, coach.token, mark(p.id, '2026-02-28', present(3))))).toMatchObject({ field: 'data.values.extraReason', code: 'reason-required' });
		const withReason = await pushOne(t, coach.token, mark(p.id, '2026-02-28', { ...present(3), extraReason: 'Messut' }));
		expect(withReason).toMatchObject({ status: 'applied', entity: 'attendance', version: 1 });
		// Today is allowed.
		expect(await pushOne(t, coach.token, mark(p.id, '2026-03-02', present()))).toMatchObject({ status: 'applied' });
	});

	it('keeps hours within bounds and in quarter hours; an absence has a reason and no hours', async () => {
		const cases: [AttendanceValues, string, string | undefined][] = [
			[present(12.25), 'data.values.hours', undefined],
			[present(0), 'data.values.hours', undefined],
			[present(2.3), 'data.values.hours', 'quarter-hours'],
			[{ status: 'present', absenceReason: null, hours: null, extraReason: null }, 'data.values.hours', 'required'],
			[{ status: 'absent', absenceReason: null, hours: null, extraReason: null }, 'data.values.absenceReason', 'required'],
			[{ status: 'absent', absenceReason: 'sick', hours: 2, extraReason: null }, 'data.values.hours', 'not-allowed']
		];
		for (const [values, field, code] of cases) {
			const e = errorOf(await pushOne(t, coach.token, mark(p.id, '2026-02-10', values)));
			expect(e?.field).toBe(field);
			if (code) expect(e?.code).toBe(code);
		}
		expect(await pushOne(t, coach.token, mark(p.id, '2026-02-10', present(12)))).toMatchObject({ status: 'applied' });
	});

	it('keeps a correction after the day in history and audits attendance.correct', async () => {
		const day = '2026-02-23';
		const id = attendanceMarkId(p.id, day);
		expect(await pushOne(t, coach.token, mark(p.id, day, present()))).toMatchObject({ status: 'applied', version: 1 });
		t.advance(2 * 86_400_000);
		try {
			const sick: AttendanceValues = { status: 'absent', absenceReason: 'sick', hours: null, extraReason: null };
			expect(await pushOne(t, coach.token, mark(p.id, day, sick, present(), 1))).toMatchObject({ status: 'applied', id, version: 2 });
			const row = t.org.db.select().from(attendanceMarks).where(eq(attendanceMarks.id, id)).get();
			expect(row).toMatchObject({ status: 'absent', absenceReason: 'sick', hours: null, version: 2, updatedBy: t.userId('coach') });
			const history = t.org.db.select().from(fieldHistory).where(and(eq(fieldHistory.entity, 'attendance'), eq(fieldHistory.entityId, id))).all();
			expect(history.map((h) => h.field).sort()).toEqual(['absenceReason', 'hours', 'status']);
			expect(history.every((h) => h.clientId === juho && h.protection === 'plain')).toBe(true);
			expect(history.find((h) => h.field === 'hours')).toMatchObject({ fromValue: '6', toValue: 'null' });
			const audit = t.org.db.select().from(auditLog).where(and(eq(auditLog.action, 'attendance.correct'), eq(auditLog.entityId, id))).get();
			expect(audit?.detail).toMatchObject({ date: day, fields: expect.arrayContaining(['status', 'absenceReason', 'hours']) });
		} finally {
			t.advance(-2 * 86_400_000);
		}
	});

	it('two tablets marking the same day meet as one record; different values become a conflict the author resolves', async () => {
		const same = '2026-02-24';
		expect(await pushOne(t, coach.token, mark(p.id, same, present()))).toMatchObject({ status: 'applied', version: 1 });
		expect(await pushOne(t, coach2.token, mark(p.id, same, present()))).toMatchObject({ status: 'applied', version: 1 });
		const rows = t.org.db.select().from(attendanceMarks).where(and(eq(attendanceMarks.periodId, p.id), eq(attendanceMarks.date, same))).all();
		expect(rows).toHaveLength(1);

		const differ = '2026-02-25';
		const id = attendanceMarkId(p.id, differ);
		expect(await pushOne(t, coach.token, mark(p.id, differ, present(6)))).toMatchObject({ status: 'applied' });
		const r = await pushOne(t, coach2.token, mark(p.id, differ, present(4)));
		expect(r).toMatchObject({ status: 'conflict', reason: 'field-conflict' });
		if (r.status !== 'conflict') throw new Error('no conflict');
		const [conflict] = r.conflicts as [SyncConflict];
		expect(conflict).toMatchObject({ entity: 'attendance', entityId: id, field: 'hours', mine: 4, server: 6 });
		expect(t.org.db.select().from(attendanceMarks).where(eq(attendanceMarks.id, id)).get()).toMatchObject({ hours: 6, version: 1 });
		expect(await pushOne(t, coach2.token, { kind: 'conflict.resolve', data: { id: conflict.id, keep: 'mine' } })).toMatchObject({ status: 'applied', entity: 'conflict' });
		expect(t.org.db.select().from(attendanceMarks).where(eq(attendanceMarks.id, id)).get()).toMatchObject({ hours: 4, version: 2 });
	});
});

describe('scope: a coach sees only their own workshop', () => {
	it('another workshop’s coach pulls none of its participants and is refused writes; an outreach worker gets none', async () => {
		const p = await newPeriod();
		expect(await pushOne(t, coach.token, mark(p.id, '2026-02-26', present()))).toMatchObject({ status: 'applied' });
		const goal = randomUUID();
		expect(await pushOne(t, coach.token, { kind: 'goal.create', data: { id: goal, periodId: p.id, text: 'Oppii hitsaamaan', targetDate: null, status: 'in-progress' } })).toMatchObject({
			status: 'applied'
		});
		const otherPull = await pullAs(other.cookie, other.device.token);
		const ids = new Set(otherPull.changes.map((c) => c.id));
		expect(ids.has(p.id) || ids.has(goal) || ids.has(juho) || ids.has(attendanceMarkId(p.id, '2026-02-26'))).toBe(false);
		expect(otherPull.changes.some((c) => ['coaching-period', 'goal', 'attendance'].includes(c.entity))).toBe(false);
		for (const m of [mark(p.id, '2026-02-27', present()), { kind: 'goal.create', data: { id: randomUUID(), periodId: p.id, text: 'x', targetDate: null, status: 'not-started' } }]) {
			expect(rejectedOn(await pushOne(t, other.device.token, m as Mutation)).code).toBe('unknown-reference');
		}
		const workerPull = await t.pull('outreach-worker', worker.token);
		expect(workerPull.changes.some((c) => ['coaching-period', 'goal', 'goal-note', 'attendance', 'diary', 'assessment', 'coaching-report'].includes(c.entity))).toBe(false);
		expect(rejectedOn(await pushOne(t, worker.token, mark(p.id, '2026-02-27', present()))).code).toBe('forbidden');
		const coachPull = await t.pull('coach', coach.token);
		const mine = new Set(coachPull.changes.map((c) => c.id));
		expect(mine.has(p.id) && mine.has(goal) && mine.has(attendanceMarkId(p.id, '2026-02-26'))).toBe(true);
	});

	it('a participant whose home unit is another becomes visible (read only) to the workshop’s coaches', async () => {
		// The first coach also works in the other workshop and starts a period there for Juho (home unit: Paja).
		t.org.write((tx) => tx.insert(userUnits).values({ userId: t.userId('coach'), unitId: otherWorkshop, createdAt: t.now().toISOString() }).run());
		const before = await pullAs(other.cookie, other.device.token);
		expect(before.changes.some((c) => c.id === juho)).toBe(false);
		const p = await newPeriod({ unitId: otherWorkshop, workCoachId: other.userId });
		const after = await pullAs(other.cookie, other.device.token);
		const client = after.changes.find((c) => c.id === juho);
		expect(client?.entity).toBe('client');
		expect(after.changes.some((c) => c.id === p.id)).toBe(true);
		// The earlier period in Paja stays out of sight.
		expect(after.changes.filter((c) => c.entity === 'coaching-period').every((c) => c.data === null || (c.data as { unitId: string }).unitId === otherWorkshop)).toBe(true);
		const edit = await pushOne(t, other.device.token, { kind: 'client.update', data: { id: juho, baseVersion: 1, changes: { nickname: { from: null, to: 'Jussi' } } } });
		expect(rejectedOn(edit).code).toBe('forbidden');
		expect(await pushOne(t, other.device.token, mark(p.id, '2026-02-26', present()))).toMatchObject({ status: 'applied' });
	});
});

describe('encryption at rest', () => {
	it('keeps plan, goal, note, diary and report texts out of the file in plain text, and pulls them decrypted', async () => {
		const p = await newPeriod({ workTimePlan: 'Salainen suunnitelma ma–to' });
		const goal = randomUUID();
		const texts = {
			goal: 'Tavoite ajokortti syksyyn',
			note: 'Teoriakoe varattu huhtikuulle',
			diary: 'Hioi pöydänjalat ja lakkasi ne',
			report: 'Väliraportin oma teksti Juhosta'
		};
		const ok = { status: 'applied' };
		expect(await pushOne(t, coach.token, { kind: 'goal.create', data: { id: goal, periodId: p.id, text: texts.goal, targetDate: '2026-09-01', status: 'in-progress' } })).toMatchObject(ok);
		expect(await pushOne(t, coach.token, { kind: 'goal-note.create', data: { id: randomUUID(), goalId: goal, date: '2026-02-20', text: texts.note } })).toMatchObject(ok);
		expect(
			await pushOne(t, coach.token, { kind: 'diary.create', data: { id: randomUUID(), periodId: p.id, date: '2026-02-20', kind: 'work', text: texts.diary, hours: 5.5 } })
		).toMatchObject(ok);
		const report = randomUUID();
		expect(await pushOne(t, coach.token, { kind: 'coaching-report.create', data: { id: report, periodId: p.id, kind: 'interim', date: '2026-03-01', text: texts.report } })).toMatchObject(ok);
		const file = orgFileText(t);
		for (const text of [...Object.values(texts), 'Salainen suunnitelma']) expect(file).not.toContain(text);
		const row = t.org.db.select().from(coachingPeriods).where(eq(coachingPeriods.id, p.id)).get();
		expect(row?.workTimePlan).toMatch(/^v1\./);
		const pulled = await t.pull('coach', coach.token);
		const data = (id: string) => pulled.changes.find((c) => c.id === id)?.data as { text?: string; workTimePlan?: string } | undefined;
		expect(data(p.id)?.workTimePlan).toBe('Salainen suunnitelma ma–to');
		expect(data(goal)?.text).toBe(texts.goal);
		expect(data(report)?.text).toBe(texts.report);
		expect(pulled.changes.find((c) => c.entity === 'diary' && (c.data as { text: string } | null)?.text === texts.diary)).toBeDefined();
		// A goal text changed later: history and conflicts keep it encrypted too.
		expect(await pushOne(t, coach.token, { kind: 'goal.update', data: { id: goal, baseVersion: 1, changes: { text: { from: texts.goal, to: 'Ajokortti ensi kesäksi' } } } })).toMatchObject({
			status: 'applied',
			version: 2
		});
		const h = t.org.db.select().from(fieldHistory).where(eq(fieldHistory.entityId, goal)).get();
		expect(h).toMatchObject({ protection: 'encrypted', field: 'text' });
		expect(orgFileText(t)).not.toContain('ensi kesäksi');
	});

	it('refuses a diary day outside the period and hours on an observation', async () => {
		const p = await newPeriod({ endDate: '2026-02-27' });
		const diary = (over: object) => ({ kind: 'diary.create', data: { id: randomUUID(), periodId: p.id, date: '2026-02-20', kind: 'observation', text: 'Hyvä päivä', hours: null, ...over } });
		expect(errorOf(await pushOne(t, coach.token, diary({ date: '2026-02-28' })))).toMatchObject({ field: 'data.date', code: 'outside-period' });
		expect(errorOf(await pushOne(t, coach.token, diary({ hours: 2 })))).toMatchObject({ field: 'data.hours', code: 'not-allowed' });
		expect(await pushOne(t, coach.token, diary({}))).toMatchObject({ status: 'applied', entity: 'diary' });
	});
});

describe('assessment.create', () => {
	it('checks the instrument, its items, the scale and the date', async () => {
		const p = await newPeriod();
		const a = (over: object) => ({
			kind: 'assessment.create',
			data: { id: randomUUID(), periodId: p.id, instrumentId: 'social-empowerment', instrumentVersion: 1, mode: 'self', date: '2026-02-20', answers: { 'self-knowledge.strengths': 4 }, ...over }
		});
		const cases: [object, string, string][] = [
			[{ instrumentId: 'iq-test' }, 'data.instrumentId', 'unknown-instrument'],
			[{ instrumentVersion: 2 }, 'data.instrumentId', 'unknown-instrument'],
			[{ answers: { 'self-knowledge.height': 3 } }, 'data.answers.self-knowledge.height', 'unknown-item'],
			[{ answers: { 'self-knowledge.strengths': 6 } }, 'data.answers.self-knowledge.strengths', 'out-of-scale'],
			[{ answers: { 'self-knowledge.strengths': 0 } }, 'data.answers.self-knowledge.strengths', 'out-of-scale'],
			[{ answers: { 'self-knowledge.strengths': null } }, 'data.answers', 'empty'],
			[{ answers: {} }, 'data.answers', 'empty'],
			[{ date: '2026-01-30' }, 'data.date', 'before-period'],
			[{ periodId: randomUUID() }, 'data.periodId', 'unknown-reference']
		];
		for (const [over, field, code] of cases) expect(errorOf(await pushOne(t, coach.token, a(over))), code).toMatchObject({ field, code });
		expect(await pushOne(t, coach.token, a({ answers: { 'self-knowledge.strengths': 4, 'social-skills.group': null } }))).toMatchObject({ status: 'applied', entity: 'assessment' });
		const audit = t.org.db.select().from(auditLog).where(eq(auditLog.action, 'assessment.create')).all().at(-1);
		expect(audit?.detail).toMatchObject({ instrumentId: 'social-empowerment', mode: 'self' });
		expect(audit?.detail).not.toHaveProperty('answers');
	});
});

describe('coaching-period.update', () => {
	it('merges field by field with history, conflicts on fields both changed, and re-checks the merged period', async () => {
		const p = await newPeriod();
		const update = (baseVersion: number, changes: object) => ({ kind: 'coaching-period.update', data: { id: p.id, baseVersion, changes } }) as Mutation;
		expect(await pushOne(t, coach.token, update(1, { hoursPerDay: { from: 6, to: 5 } }))).toMatchObject({ status: 'applied', version: 2 });
		// A second device still saw 6 hours and also edits the plan: the plan applies, the hours conflict.
		const r = await pushOne(t, coach2.token, update(1, { hoursPerDay: { from: 6, to: 4 }, workTimePlan: { from: p.workTimePlan, to: 'ma–to 8–12' } }));
		expect(r).toMatchObject({ status: 'conflict', reason: 'field-conflict', conflicts: [expect.objectContaining({ entity: 'coaching-period', field: 'hoursPerDay', mine: 4, server: 5 })] });
		const row = t.org.db.select().from(coachingPeriods).where(eq(coachingPeriods.id, p.id)).get();
		expect(row).toMatchObject({ hoursPerDay: 5, version: 3 });
		const history = t.org.db.select().from(fieldHistory).where(eq(fieldHistory.entityId, p.id)).all();
		expect(history.map((h) => [h.field, h.protection])).toEqual(expect.arrayContaining([['hoursPerDay', 'plain'], ['workTimePlan', 'encrypted']]));
		// The merged period is checked again: a placement needs an end date.
		expect(errorOf(await pushOne(t, coach.token, update(3, { placementAfter: { from: null, to: 'apprenticeship' } })))).toMatchObject({ field: 'data.placementAfter', code: 'not-ended' });
	});

	it('refuses dates that leave live marks outside the period (marks-outside)', async () => {
		const p = await newPeriod();
		expect(await pushOne(t, coach.token, mark(p.id, '2026-02-09', present()))).toMatchObject({ status: 'applied' });
		const update = (changes: object) => ({ kind: 'coaching-period.update', data: { id: p.id, baseVersion: 1, changes } }) as Mutation;
		expect(errorOf(await pushOne(t, coach.token, update({ startDate: { from: '2026-02-02', to: '2026-02-10' } })))).toMatchObject({ field: 'data.startDate', code: 'marks-outside' });
		expect(errorOf(await pushOne(t, coach.token, update({ endDate: { from: null, to: '2026-02-06' } })))).toMatchObject({ field: 'data.endDate', code: 'marks-outside' });
		expect(await pushOne(t, coach.token, update({ endDate: { from: null, to: '2026-02-09' } }))).toMatchObject({ status: 'applied', version: 2 });
	});
});

describe('coaching reports', () => {
	it('a final statement needs the period ended; printed is audited without changing the report', async () => {
		const p = await newPeriod();
		const report = (over: object) => ({ kind: 'coaching-report.create', data: { id: randomUUID(), periodId: p.id, kind: 'final', date: '2026-02-27', text: '', ...over } });
		expect(errorOf(await pushOne(t, coach.token, report({})))).toMatchObject({ field: 'data.kind', code: 'not-ended' });
		expect(errorOf(await pushOne(t, coach.token, report({ kind: 'interim', date: '2026-01-01' })))).toMatchObject({ field: 'data.date', code: 'before-period' });
		const interim = report({ kind: 'interim' });
		const id = (interim.data as { id: string }).id;
		expect(await pushOne(t, coach.token, interim)).toMatchObject({ status: 'applied', entity: 'coaching-report', version: 1 });
		expect(await pushOne(t, coach.token, { kind: 'coaching-report.update', data: { id, baseVersion: 1, changes: { text: { from: '', to: 'Hyvä jakso' } } } })).toMatchObject({
			status: 'applied',
			version: 2
		});
		const printedAt = t.now().toISOString();
		expect(await pushOne(t, coach.token, { kind: 'coaching-report.printed', data: { reportId: id, printedAt } })).toMatchObject({ status: 'applied', id, version: 2 });
		expect(t.org.db.select().from(coachingReports).where(eq(coachingReports.id, id)).get()?.version).toBe(2);
		const audit = t.org.db.select().from(auditLog).where(and(eq(auditLog.action, 'coaching-report.print'), eq(auditLog.entityId, id))).get();
		expect(audit).toMatchObject({ entity: 'coaching-report', detail: expect.objectContaining({ printedAt }) });
		expect(rejectedOn(await pushOne(t, worker.token, { kind: 'coaching-report.printed', data: { reportId: id, printedAt } })).code).toBe('forbidden');
		expect(await pushOne(t, coach.token, { kind: 'coaching-period.update', data: { id: p.id, baseVersion: 1, changes: { endDate: { from: null, to: '2026-02-27' } } } })).toMatchObject({
			status: 'applied'
		});
		expect(await pushOne(t, coach.token, report({}))).toMatchObject({ status: 'applied' });
	});
});

describe('conflict.resolve for workshop records', () => {
	it('keeps a conflicting goal text encrypted and writes the author’s value on keep mine; a report conflict kept as the server’s', async () => {
		const p = await newPeriod();
		const goal = randomUUID();
		expect(await pushOne(t, coach.token, { kind: 'goal.create', data: { id: goal, periodId: p.id, text: 'Alkuperäinen tavoite', targetDate: null, status: 'not-started' } })).toMatchObject({
			status: 'applied'
		});
		const edit = (to: string) => ({ kind: 'goal.update', data: { id: goal, baseVersion: 1, changes: { text: { from: 'Alkuperäinen tavoite', to } } } }) as Mutation;
		expect(await pushOne(t, coach.token, edit('Palvelimen tavoiteteksti'))).toMatchObject({ status: 'applied', version: 2 });
		const r = await pushOne(t, coach2.token, edit('Toisen tabletin tavoiteteksti'));
		if (r.status !== 'conflict') throw new Error(`expected a conflict, got ${r.status}`);
		const [conflict] = r.conflicts as [SyncConflict];
		expect(conflict).toMatchObject({ entity: 'goal', field: 'text', mine: 'Toisen tabletin tavoiteteksti', server: 'Palvelimen tavoiteteksti' });
		expect(orgFileText(t)).not.toContain('Toisen tabletin tavoiteteksti');
		expect(await pushOne(t, coach2.token, { kind: 'conflict.resolve', data: { id: conflict.id, keep: 'mine' } })).toMatchObject({ status: 'applied' });
		const pulled = await t.pull('coach', coach2.token);
		expect(pulled.changes.find((c) => c.id === goal)?.data).toMatchObject({ text: 'Toisen tabletin tavoiteteksti', version: 3 });

		const report = randomUUID();
		expect(await pushOne(t, coach.token, { kind: 'coaching-report.create', data: { id: report, periodId: p.id, kind: 'interim', date: '2026-02-27', text: '' } })).toMatchObject({
			status: 'applied'
		});
		const date = (to: string) => ({ kind: 'coaching-report.update', data: { id: report, baseVersion: 1, changes: { date: { from: '2026-02-27', to } } } }) as Mutation;
		expect(await pushOne(t, coach.token, date('2026-03-01'))).toMatchObject({ status: 'applied' });
		const rc = await pushOne(t, coach2.token, date('2026-03-02'));
		if (rc.status !== 'conflict') throw new Error('expected a conflict');
		const [c2] = rc.conflicts as [SyncConflict];
		expect(c2).toMatchObject({ entity: 'coaching-report', field: 'date', mine: '2026-03-02', server: '2026-03-01' });
		expect(await pushOne(t, coach2.token, { kind: 'conflict.resolve', data: { id: c2.id, keep: 'server' } })).toMatchObject({ status: 'applied' });
		expect(t.org.db.select().from(coachingReports).where(eq(coachingReports.id, report)).get()).toMatchObject({ date: '2026-03-01', version: 2 });
	});
});

import {
	CompletenessSchema,
	DashboardSchema,
	DeliverySchema,
	DeliverySummarySchema,
	ProblemSchema,
	StatisticsReportSchema,
	StatisticsScopeSchema,
	type Role,
	type StatisticsCell,
	type StatisticsReport
} from '@polku/shared';
import { and, eq, isNull } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, esfParticipations, statisticsDeliveries, userUnits } from '../../db/schema';
import { canonicalJson } from '../../lib/canonical-json';
import { updateOrganisationSettings } from '../../services/organisation.service';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { buildStatisticsFixture, insertEncounter, insertEsf, insertStatClient, type StatisticsFixture } from './statistics-fixtures';

let t: TestApp;
let fx: StatisticsFixture;
beforeEach(async () => {
	t = await createTestApp();
	fx = buildStatisticsFixture(t);
});
afterEach(() => t.close());

const NO_SUCH = '00000000-0000-4000-8000-000000000000';
const JAN_APR = 'national:jan-apr:2025';
const u = (i: 0 | 1 | 2) => t.unitIds[i] ?? '';
const get = (path: string, query: Record<string, string | string[]> = {}, as: Role = 'supervisor') => {
	const qs = new URLSearchParams();
	for (const [k, v] of Object.entries(query)) for (const one of [v].flat()) qs.append(k, one);
	return t.request('GET', `${path}${qs.size > 0 ? `?${qs.toString()}` : ''}`, { cookie: t.sessionCookie(as) });
};
const post = (json: unknown, as: Role = 'supervisor') => t.request('POST', '/api/statistics/deliveries', { cookie: t.sessionCookie(as), json });
const audits = (action: string) => t.org.db.select().from(auditLog).where(eq(auditLog.action, action)).all();
const setThreshold = (n: number) => updateOrganisationSettings(t.ctx, t.org.id, () => ({ smallCellThreshold: n }), t.now());

async function problemFields(res: Response): Promise<string[]> {
	expect(res.status).toBe(422);
	const problem = ProblemSchema.parse(await res.json());
	expect(problem.code).toBe('validation-failed');
	return problem.errors?.map((e) => e.field) ?? [];
}

function cells(report: StatisticsReport): { id: string; cell: StatisticsCell }[] {
	return report.sections.flatMap((s) => [...s.rows.map((r) => ({ id: `${s.id}:${r.code}`, cell: r.cell })), { id: `${s.id}:total`, cell: s.total }]);
}
const value = (report: StatisticsReport, section: string, code: string) => cells(report).find((c) => c.id === `${section}:${code}`)?.cell;

/** No small count is shown, and a suppressed cell has no value: nothing under the threshold leaves. */
function expectSuppressed(all: { id: string; cell: StatisticsCell }[], threshold: number) {
	for (const { id, cell } of all) {
		if (cell.state === 'shown') expect(cell.value === 0 || (cell.value ?? 0) >= threshold || id.startsWith('staff:') || id.startsWith('attendance:'), id).toBe(true);
		else expect(cell.value, id).toBeNull();
	}
}

describe('GET /api/statistics/reports/:reportId', () => {
	it('answers the hand-computed youth-work figures for the supervisor’s units, and audits the read', async () => {
		const res = await get('/api/statistics/reports/youth-work', { window: JAN_APR });
		expect(res.status).toBe(200);
		const report = StatisticsReportSchema.parse(await res.json());
		expect(report.unitIds).toEqual([u(0), u(1)].sort());
		expect(report.windowSpec).toEqual({ kind: 'national', period: 'jan-apr', year: 2025 });
		expect(report.sections.find((s) => s.id === 'status')).toEqual({
			id: 'status',
			rows: [
				{ code: 'new', cell: { value: 3, state: 'shown' } },
				{ code: 'continuing', cell: { value: 2, state: 'shown' } }
			],
			total: { value: 5, state: 'shown' }
		});
		expect(value(report, 'referral', 'youth-work')).toEqual({ value: 1, state: 'shown' });
		expect(value(report, 'encounter-channel', 'total')).toEqual({ value: 6, state: 'shown' });
		const [row] = audits('statistics.read');
		expect(row).toMatchObject({ actorId: t.userId('supervisor'), entity: 'statistics' });
		expect(row?.detail).toEqual({ report: 'youth-work', window: JAN_APR, units: [u(0), u(1)].sort() });
	});

	it('counts only the units asked for (unitId repeated)', async () => {
		const one = StatisticsReportSchema.parse(await (await get('/api/statistics/reports/workshop', { window: JAN_APR, unitId: u(1) })).json());
		expect(one.unitIds).toEqual([u(1)]);
		expect(value(one, 'periods', 'total')?.value).toBe(5);
		const outreach = StatisticsReportSchema.parse(await (await get('/api/statistics/reports/workshop', { window: JAN_APR, unitId: [u(0)] })).json());
		expect(value(outreach, 'periods', 'total')?.value).toBe(0);
		const both = StatisticsReportSchema.parse(await (await get('/api/statistics/reports/youth-work', { window: JAN_APR, unitId: [u(1), u(0), u(1)] })).json());
		expect(both.unitIds).toEqual([u(0), u(1)].sort());
	});

	it('suppresses small cells under the organisation threshold: no value under it leaves the server', async () => {
		setThreshold(5);
		for (const reportId of ['youth-work', 'workshop']) {
			for (const window of [JAN_APR, 'national:jan-aug:2025', 'year:year:2025']) {
				const res = await get(`/api/statistics/reports/${reportId}`, { window });
				const text = await res.text();
				const report = StatisticsReportSchema.parse(JSON.parse(text));
				expect(report.threshold).toBe(5);
				expectSuppressed(cells(report), 5);
			}
		}
		const report = StatisticsReportSchema.parse(await (await get('/api/statistics/reports/youth-work', { window: JAN_APR })).json());
		// 3 new and 2 continuing of 5: both "<5".
		expect(value(report, 'status', 'new')).toEqual({ value: null, state: 'primary' });
		expect(value(report, 'status', 'continuing')).toEqual({ value: null, state: 'primary' });
		// Staff are not client data: shown as they are.
		expect(value(report, 'staff', 'coach')).toEqual({ value: 1, state: 'shown' });
		// Attendance rests on 4 participants: every row hidden.
		const workshop = StatisticsReportSchema.parse(await (await get('/api/statistics/reports/workshop', { window: JAN_APR })).json());
		expect(value(workshop, 'attendance', 'present-hours')?.value).toBeNull();
		expect(value(workshop, 'attendance', 'present-hours')?.state).not.toBe('shown');
	});

	it('names window, reportId and unitId in a 422 problem when they are bad or missing', async () => {
		for (const [path, query, field] of [
			['/api/statistics/reports/youth-work', {}, 'window'],
			['/api/statistics/reports/youth-work', { window: 'national:jan-may:2025' }, 'window'],
			['/api/statistics/reports/youth-work', { window: 'custom:2025-02-30:2025-03-01' }, 'window'],
			['/api/statistics/reports/youth-work', { window: 'custom:2025-03-01:2025-02-01' }, 'window'],
			['/api/statistics/reports/youth-work', { window: 'year:year:99' }, 'window'],
			['/api/statistics/reports/nope', { window: JAN_APR }, 'reportId'],
			['/api/statistics/reports/youth-work', { window: JAN_APR, unitId: 'nope' }, 'unitId'],
			['/api/statistics/reports/youth-work/completeness', { window: 'x' }, 'window'],
			['/api/statistics/dashboard', { window: JAN_APR, workerId: 'nope' }, 'workerId'],
			['/api/statistics/deliveries', { reportId: 'nope' }, 'reportId']
		] as const) {
			const fields = await problemFields(await get(path, query));
			expect(fields.map((f) => f.split('.')[0])).toEqual([field]);
		}
		expect(audits('statistics.read')).toEqual([]);
	});

	it('answers 404 for a unit outside the supervisor’s scope or unknown, 403 for other roles', async () => {
		for (const unitId of [u(2), NO_SUCH]) {
			expect((await get('/api/statistics/reports/youth-work', { window: JAN_APR, unitId: [u(0), unitId] })).status).toBe(404);
			expect((await get('/api/statistics/reports/youth-work/completeness', { window: JAN_APR, unitId })).status).toBe(404);
			expect((await get('/api/statistics/dashboard', { window: JAN_APR, unitId })).status).toBe(404);
			expect((await post({ reportId: 'youth-work', window: JAN_APR, unitIds: [unitId] })).status).toBe(404);
		}
		for (const role of ['coach', 'outreach-worker', 'admin'] as const) {
			expect((await get('/api/statistics/reports/youth-work', { window: JAN_APR }, role)).status).toBe(403);
			expect((await get('/api/statistics/scope', {}, role)).status).toBe(403);
			expect((await post({ reportId: 'youth-work', window: JAN_APR }, role)).status).toBe(403);
		}
		expect(audits('statistics.read')).toEqual([]);
		expect(t.org.db.select().from(statisticsDeliveries).all()).toEqual([]);
	});
});

describe('GET /api/statistics/scope', () => {
	it('lists the supervisor’s units, the workers of those units and the threshold', async () => {
		const scope = StatisticsScopeSchema.parse(await (await get('/api/statistics/scope')).json());
		expect(scope.units).toEqual([
			{ id: u(0), name: 'Etsivä', kind: 'outreach' },
			{ id: u(1), name: 'Paja', kind: 'workshop' }
		]);
		expect(scope.workers.map((w) => w.displayName)).toEqual(['Eetu Etsivä', 'Kaisa Valmentaja', 'Ville Vastaava']);
		expect(scope.threshold).toBe(1);
	});
});

describe('GET /api/statistics/reports/:reportId/completeness', () => {
	it('counts the missing fields, names only the clients the supervisor may read, and audits without names', async () => {
		const res = await get('/api/statistics/reports/youth-work/completeness', { window: JAN_APR });
		expect(res.status).toBe(200);
		const check = CompletenessSchema.parse(await res.json());
		// A–E counted, J has no start date (made 1.2.2025).
		expect(check.checked).toBe(6);
		expect(check.fields).toEqual([
			{ field: 'start-date', count: 1 },
			{ field: 'birth', count: 1 },
			{ field: 'mother-tongue', count: 2 },
			{ field: 'referral-source', count: 2 },
			{ field: 'main-activity-at-start', count: 2 },
			{ field: 'placement-at-end', count: 1 }
		]);
		// D was made by the supervisor, J has the supervisor responsible; E (no placement) is the worker's.
		expect(check.records).toEqual([
			{ kind: 'client', id: fx.clients.D, clientId: fx.clients.D, name: 'Dani Dahl', unitId: u(0), missing: ['birth', 'mother-tongue', 'referral-source', 'main-activity-at-start'] },
			{ kind: 'client', id: fx.clients.J, clientId: fx.clients.J, name: 'Jänis', unitId: u(0), missing: ['start-date', 'mother-tongue', 'referral-source', 'main-activity-at-start'] }
		]);
		expect(check.hiddenRecords).toBe(1);
		const [row] = audits('statistics.completeness-read');
		expect(row?.detail).toEqual({ report: 'youth-work', window: JAN_APR, units: [u(0), u(1)].sort(), records: 2, hiddenRecords: 1 });
		expect(t.logs()).not.toContain('Dani');
		expect(t.logs()).not.toContain('Jänis');
	});

	it('checks the placement after an ended period in the workshop report', async () => {
		const check = CompletenessSchema.parse(await (await get('/api/statistics/reports/workshop/completeness', { window: JAN_APR })).json());
		expect(check).toMatchObject({ checked: 5, fields: [{ field: 'period-placement', count: 1 }], records: [], hiddenRecords: 1 });
	});
});

/**
 * ESF participations of the fixture's clients, Jan–Apr 2025 (the supervisor reads only D's record):
 *   A  S30794 from 1.2.2025, unemployed, ISCED 0–2, not ended: complete.
 *   B  S30794 10.1.–15.4.2025, status at start unknown, ISCED 3–4, left with no status, qualification
 *      yes: misses the status at start and on leaving.
 *   C  T12345 from 1.3.2025 (unit 1), ISCED unknown, ends 10.5.2025 with no status (after the window:
 *      not a leaver yet): misses the education.
 *   D  T12345 1.1.–31.3.2025, left with status unknown and no qualification: misses both end fields.
 *   E  S30794 1.5.–31.12.2024 (before the window) and A's deleted second one: not counted.
 */
function buildEsfFixture(): void {
	insertEsf(t, fx.clients.A, 0, {});
	insertEsf(t, fx.clients.B, 0, { startDate: '2025-01-10', employmentStatusAtStart: 'unknown', educationAtStart: '3-4', endDate: '2025-04-15', qualificationGained: 'yes' });
	insertEsf(t, fx.clients.C, 1, { projectCode: 'T12345', startDate: '2025-03-01', employmentStatusAtStart: 'inactive', educationAtStart: 'unknown', endDate: '2025-05-10' });
	insertEsf(t, fx.clients.D, 0, { projectCode: 'T12345', startDate: '2025-01-01', endDate: '2025-03-31', employmentStatusAtEnd: 'unknown' });
	insertEsf(t, fx.clients.E, 0, { startDate: '2024-05-01', endDate: '2024-12-31', employmentStatusAtEnd: 'employed', qualificationGained: 'no' });
	insertEsf(t, fx.clients.A, 0, { projectCode: 'T12345', employmentStatusAtStart: 'unknown', deleted: true });
}

describe('GET /api/statistics/reports/esf/completeness', () => {
	const ESF_FIELDS = ['esf-employment-status-at-start', 'esf-education-at-start', 'esf-status-on-leaving', 'esf-qualification'];
	const check = async (query: Record<string, string> = {}) => {
		const res = await get('/api/statistics/reports/esf/completeness', { window: JAN_APR, ...query });
		expect(res.status).toBe(200);
		return CompletenessSchema.parse(await res.json());
	};

	it('lists participations missing a mandatory ESF field, "ei tietoa" included, naming only readable clients', async () => {
		buildEsfFixture();
		const all = await check();
		expect(all.checked).toBe(4);
		expect(all.fields).toEqual([
			{ field: 'esf-employment-status-at-start', count: 1 },
			{ field: 'esf-education-at-start', count: 1 },
			{ field: 'esf-status-on-leaving', count: 2 },
			{ field: 'esf-qualification', count: 1 }
		]);
		const dId = t.org.db.select().from(esfParticipations).where(and(eq(esfParticipations.clientId, fx.clients.D), isNull(esfParticipations.deletedAt))).get()?.id;
		expect(all.records).toEqual([
			{ kind: 'esf-participation', id: dId, clientId: fx.clients.D, name: 'Dani Dahl', unitId: u(0), missing: ['esf-status-on-leaving', 'esf-qualification'] }
		]);
		// B and C: the worker's and the coach's clients.
		expect(all.hiddenRecords).toBe(2);
		expect(audits('statistics.completeness-read').at(-1)?.detail).toEqual({ report: 'esf', window: JAN_APR, units: [u(0), u(1)].sort(), records: 1, hiddenRecords: 2 });
	});

	it('checks one project’s participations with `project`, and the units asked for', async () => {
		buildEsfFixture();
		const s = await check({ project: 'S30794' });
		expect(s).toMatchObject({ checked: 2, records: [], hiddenRecords: 1 });
		expect(s.fields.map((f) => f.count)).toEqual([1, 0, 1, 0]);
		const tp = await check({ project: 'T12345' });
		expect(tp).toMatchObject({ checked: 2, hiddenRecords: 1 });
		expect(tp.fields.map((f) => [f.field, f.count])).toEqual(ESF_FIELDS.map((f, i) => [f, [0, 1, 1, 1][i]]));
		expect(tp.records.map((r) => r.clientId)).toEqual([fx.clients.D]);
		expect(audits('statistics.completeness-read').at(-1)?.detail).toMatchObject({ report: 'esf', project: 'T12345' });
		expect(await check({ project: 'T12345', unitId: u(1) })).toMatchObject({ checked: 1, records: [], hiddenRecords: 1 });
		expect(await check({ project: 'X99999' })).toMatchObject({ checked: 0, records: [], hiddenRecords: 0 });
	});

	it('names `project` in a 422 when it is malformed, or given to another report', async () => {
		expect(await problemFields(await get('/api/statistics/reports/esf/completeness', { window: JAN_APR, project: 's30794' }))).toEqual(['project']);
		expect(await problemFields(await get('/api/statistics/reports/youth-work/completeness', { window: JAN_APR, project: 'S30794' }))).toEqual(['project']);
		expect(await problemFields(await get('/api/statistics/reports/workshop', { window: JAN_APR, project: 'S30794' }))).toEqual(['project']);
	});
});

describe('GET /api/statistics/dashboard', () => {
	it('answers months, units, workers and placements for the window, and audits the read', async () => {
		const res = await get('/api/statistics/dashboard', { window: JAN_APR });
		expect(res.status).toBe(200);
		const d = DashboardSchema.parse(await res.json());
		const v = (c: StatisticsCell) => c.value;
		expect(d.months.map((m) => [m.month, v(m.newClients), v(m.activeClients), v(m.encounters)])).toEqual([
			['2025-01', 0, 2, 1],
			['2025-02', 1, 2, 1],
			['2025-03', 1, 3, 1],
			['2025-04', 1, 4, 3]
		]);
		expect(d.byUnit.map((r) => [r.name, v(r.clients), v(r.encounters)])).toEqual([
			['Etsivä', 4, 5],
			['Paja', 1, 1]
		]);
		expect(d.byWorker.map((r) => [r.name, v(r.clients), v(r.encounters)])).toEqual([
			['Eetu Etsivä', 0, 5],
			['Kaisa Valmentaja', 0, 1],
			['Ville Vastaava', 0, 0]
		]);
		expect(d.placements.filter((p) => p.cell.value !== 0).map((p) => [p.code, p.cell.value])).toEqual([
			['degree-education', 1],
			['unknown', 1]
		]);
		expect(d.totals).toEqual({ clients: { value: 5, state: 'shown' }, encounters: { value: 6, state: 'shown' }, endedClients: { value: 2, state: 'shown' } });
		expect(audits('statistics.dashboard-read')[0]?.detail).toEqual({ window: JAN_APR, units: [u(0), u(1)].sort(), workerId: null });
	});

	it('narrows to one worker, answers 404 for a worker outside the scope, and suppresses small cells', async () => {
		const coach = DashboardSchema.parse(await (await get('/api/statistics/dashboard', { window: JAN_APR, workerId: t.userId('coach') })).json());
		expect(coach.workerId).toBe(t.userId('coach'));
		expect(coach.byWorker.map((r) => [r.name, r.encounters.value])).toEqual([['Kaisa Valmentaja', 1]]);
		expect(coach.totals.encounters.value).toBe(1);
		expect((await get('/api/statistics/dashboard', { window: JAN_APR, workerId: t.userId('admin') })).status).toBe(404);
		setThreshold(5);
		const d = DashboardSchema.parse(await (await get('/api/statistics/dashboard', { window: JAN_APR })).json());
		expectSuppressed(
			[
				...d.months.flatMap((m) => [m.newClients, m.activeClients, m.encounters]),
				...d.byUnit.flatMap((r) => [r.clients, r.encounters]),
				...d.byWorker.flatMap((r) => [r.clients, r.encounters]),
				...d.placements.map((p) => p.cell),
				d.totals.clients,
				d.totals.encounters,
				d.totals.endedClients
			].map((cell, i) => ({ id: String(i), cell })),
			5
		);
		// Etsivä 5 encounters shown, Paja 1 hidden: Etsivä must be hidden too, or total − Etsivä = Paja.
		expect(d.byUnit.map((r) => r.encounters.state)).toEqual(['complementary', 'primary']);
	});
});

describe('deliveries', () => {
	const create = async (body: Record<string, unknown> = { reportId: 'youth-work', window: JAN_APR }) => {
		const res = await post(body);
		expect(res.status).toBe(201);
		return DeliverySchema.parse(await res.json());
	};

	it('freezes the figures: a later change leaves the delivery as it was, and the next one shows what changed', async () => {
		const first = await create();
		expect(first).toMatchObject({ reportId: 'youth-work', window: JAN_APR, unitIds: [u(0), u(1)].sort(), previousId: null, previous: null, changedCells: null, changes: [], createdByName: 'Ville Vastaava' });
		expect(first.hash).toBe(createHash('sha256').update(canonicalJson(first.report)).digest('hex'));
		const [audit] = audits('statistics.deliver');
		expect(audit).toMatchObject({ entity: 'statistics-delivery', entityId: first.id });
		expect(audit?.detail).toEqual({ report: 'youth-work', window: JAN_APR, units: [u(0), u(1)].sort(), hash: first.hash });

		// A new client starts in March, with one encounter by phone.
		const K = insertStatClient(t, { unit: 0, name: ['Kalle', 'Kivi', null], gender: 'male', birthDate: '2006-01-01', motherTongue: 'fi', referralSource: 'self', startDate: '2025-03-01' });
		insertEncounter(t, { unit: 0, occurredAt: '2025-03-02T10:00:00.000Z', channel: 'phone', clientId: K });
		t.advance(60_000);

		const again = DeliverySchema.parse(await (await get(`/api/statistics/deliveries/${first.id}`)).json());
		expect(again.report).toEqual(first.report);
		expect(again.hash).toBe(first.hash);

		const second = await create();
		expect(second.previousId).toBe(first.id);
		expect(second.previous).toMatchObject({ id: first.id, hash: first.hash });
		const changed = Object.fromEntries(second.changes.map((c) => [`${c.sectionId}:${c.code}`, c.change]));
		expect(changed).toMatchObject({ 'status:new': 1, 'status:total': 1, 'gender:male': 1, 'encounter-channel:phone': 1, 'encounter-channel:total': 1, 'encounter-subject:client': 1 });
		expect(second.changedCells).toBe(second.changes.length);
		// The frozen rows refuse changes.
		expect(() => t.org.sqlite.prepare('UPDATE statistics_deliveries SET hash = ?').run('x')).toThrow(/frozen/);
		expect(() => t.org.sqlite.prepare('DELETE FROM statistics_deliveries').run()).toThrow(/frozen/);

		// Another unit set starts its own chain; the list is newest first.
		const unit1 = await create({ reportId: 'youth-work', window: JAN_APR, unitIds: [u(1)] });
		expect(unit1.previousId).toBeNull();
		const list = (await (await get('/api/statistics/deliveries')).json()) as { items: unknown[] };
		const items = list.items.map((i) => DeliverySummarySchema.parse(i));
		expect(items.map((i) => [i.id, i.changedCells])).toEqual([
			[unit1.id, null],
			[second.id, second.changes.length],
			[first.id, null]
		]);
		const workshopOnly = (await (await get('/api/statistics/deliveries', { reportId: 'workshop' })).json()) as { items: unknown[] };
		expect(workshopOnly.items).toEqual([]);
	});

	it('suppresses a delivery as a report, and hides a delivery whose units are no longer all in scope', async () => {
		setThreshold(5);
		const delivery = await create({ reportId: 'workshop', window: JAN_APR });
		expectSuppressed(cells(delivery.report), 5);
		expect((await get(`/api/statistics/deliveries/${delivery.id}`)).status).toBe(200);
		t.org.db.delete(userUnits).where(and(eq(userUnits.userId, t.userId('supervisor')), eq(userUnits.unitId, u(1)))).run();
		expect((await get(`/api/statistics/deliveries/${delivery.id}`)).status).toBe(404);
		expect((await get(`/api/statistics/deliveries/${delivery.id}/file.csv`)).status).toBe(404);
		expect(((await (await get('/api/statistics/deliveries')).json()) as { items: unknown[] }).items).toEqual([]);
		expect((await get(`/api/statistics/deliveries/${NO_SUCH}`)).status).toBe(404);
	});

	it('names window, reportId, unitIds and unknown keys of the body in a 422 problem', async () => {
		for (const [body, field] of [
			[{ reportId: 'youth-work' }, 'window'],
			[{ reportId: 'youth-work', window: 'national:jan-apr' }, 'window'],
			[{ reportId: 'nope', window: JAN_APR }, 'reportId'],
			[{ reportId: 'youth-work', window: JAN_APR, unitIds: [] }, 'unitIds'],
			[{ reportId: 'youth-work', window: JAN_APR, unitIds: ['x'] }, 'unitIds'],
			[{ reportId: 'youth-work', window: JAN_APR, extra: 1 }, 'extra']
		] as const) {
			const fields = await problemFields(await post(body));
			expect(fields.map((f) => f.split('.')[0])).toEqual([field]);
		}
		expect(t.org.db.select().from(statisticsDeliveries).all()).toEqual([]);
	});
});

describe('ESF deliveries per project', () => {
	const create = async (body: Record<string, unknown>) => {
		const res = await post({ reportId: 'esf', window: JAN_APR, ...body });
		expect(res.status).toBe(201);
		return DeliverySchema.parse(await res.json());
	};

	it('freezes one project’s report, and chains it only to deliveries of the same project', async () => {
		buildEsfFixture();
		const s1 = await create({ project: 'S30794' });
		expect(s1).toMatchObject({ reportId: 'esf', project: 'S30794', previousId: null, changedCells: null });
		expect(s1.report.project).toBe('S30794');
		// A and B in S30794; B left within the window.
		expect(s1.report.sections.find((x) => x.id === 'esf-gender')?.total).toEqual({ value: 2, state: 'shown' });
		expect(s1.report.sections.find((x) => x.id === 'esf-end-status')?.total).toEqual({ value: 1, state: 'shown' });
		expect(audits('statistics.deliver').at(-1)?.detail).toEqual({ report: 'esf', window: JAN_APR, units: [u(0), u(1)].sort(), project: 'S30794', hash: s1.hash });

		// The other project starts its own chain.
		const t1 = await create({ project: 'T12345' });
		expect(t1).toMatchObject({ project: 'T12345', previousId: null, previous: null });
		expect(t1.report.sections.find((x) => x.id === 'esf-gender')?.total).toEqual({ value: 2, state: 'shown' });

		// A new participant in T12345 changes T12345's figures, not S30794's.
		const K = insertStatClient(t, { unit: 0, name: ['Kalle', 'Kivi', null], gender: 'male', birthDate: '2006-01-01', startDate: '2025-03-01' });
		insertEsf(t, K, 0, { projectCode: 'T12345', startDate: '2025-03-01' });
		t.advance(60_000);

		const s2 = await create({ project: 'S30794' });
		expect(s2.previousId).toBe(s1.id);
		expect(s2.previous).toMatchObject({ id: s1.id, project: 'S30794' });
		expect(s2.changes).toEqual([]);
		const t2 = await create({ project: 'T12345' });
		expect(t2.previousId).toBe(t1.id);
		expect(Object.fromEntries(t2.changes.map((c) => [`${c.sectionId}:${c.code}`, c.change]))).toMatchObject({ 'esf-gender:male': 1, 'esf-gender:total': 1 });

		// Every project together is a chain of its own too.
		const all = await create({});
		expect(all).toMatchObject({ project: null, previousId: null });
		expect(all.report.project).toBeNull();
		expect(all.report.sections.find((x) => x.id === 'esf-gender')?.total).toEqual({ value: 5, state: 'shown' });
		expect((await create({})).previousId).toBe(all.id);

		const stored = t.org.db.select({ id: statisticsDeliveries.id, project: statisticsDeliveries.project }).from(statisticsDeliveries).all();
		expect(new Map(stored.map((r) => [r.id, r.project])).get(t2.id)).toBe('T12345');
		const list = ((await (await get('/api/statistics/deliveries', { reportId: 'esf' })).json()) as { items: unknown[] }).items.map((i) => DeliverySummarySchema.parse(i));
		expect(list.map((i) => [i.project, i.previousId])).toEqual([
			[null, all.id],
			[null, null],
			['T12345', t1.id],
			['S30794', s1.id],
			['T12345', null],
			['S30794', null]
		]);

		// The file is named after the project too.
		const csv = await get(`/api/statistics/deliveries/${s2.id}/file.csv`, { lang: 'fi' });
		expect(csv.headers.get('content-disposition')).toBe('attachment; filename="esf-S30794-national-jan-apr-2025.csv"');
		expect(await csv.text()).not.toContain('Dahl');
		expect(audits('statistics.export').at(-1)?.detail).toMatchObject({ deliveryId: s2.id, report: 'esf', project: 'S30794', format: 'csv' });
	});

	it('names `project` in a 422 when it is malformed, or given to another report', async () => {
		for (const body of [
			{ reportId: 'esf', window: JAN_APR, project: 'S3079' },
			{ reportId: 'esf', window: JAN_APR, project: 's30794' },
			{ reportId: 'esf', window: JAN_APR, project: null },
			{ reportId: 'youth-work', window: JAN_APR, project: 'S30794' },
			{ reportId: 'workshop', window: JAN_APR, project: 'S30794' }
		]) {
			expect(await problemFields(await post(body)), JSON.stringify(body)).toEqual(['project']);
		}
		expect(t.org.db.select().from(statisticsDeliveries).all()).toEqual([]);
	});
});

describe('GET /api/statistics/deliveries/:id/file.*', () => {
	it('answers the XLSX, CSV and PDF as downloads named after the report and window, each audited', async () => {
		setThreshold(5);
		const delivery = DeliverySchema.parse(await (await post({ reportId: 'youth-work', window: JAN_APR })).json());
		const expected = {
			xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			csv: 'text/csv; charset=utf-8',
			pdf: 'application/pdf'
		};
		for (const [format, type] of Object.entries(expected)) {
			const res = await get(`/api/statistics/deliveries/${delivery.id}/file.${format}`, { lang: 'fi' });
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe(type);
			expect(res.headers.get('content-disposition')).toBe(`attachment; filename="youth-work-national-jan-apr-2025.${format}"`);
			expect(res.headers.get('cache-control')).toBe('no-store');
			const bytes = Buffer.from(await res.arrayBuffer());
			if (format === 'xlsx') {
				const workbook = new ExcelJS.Workbook();
				await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
				const sheet = workbook.getWorksheet('data');
				const rows: unknown[][] = [];
				sheet?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
				const byKey = new Map(rows.slice(1).map((r) => [`${String(r[0])}:${String(r[1])}`, r[3]]));
				const all = cells(delivery.report);
				expect(byKey.size).toBe(all.length);
				for (const { id, cell } of all) expect(byKey.get(id), id).toBe(cell.state === 'primary' ? '<5' : cell.state === 'complementary' ? '×' : cell.value);
				expect(byKey.get('status:new')).toBe('<5');
			}
			if (format === 'csv') expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			if (format === 'pdf') expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
		}
		const rows = audits('statistics.export');
		expect(rows.map((r) => r.detail.format)).toEqual(['xlsx', 'csv', 'pdf']);
		expect(rows[0]).toMatchObject({ entity: 'statistics-delivery', entityId: delivery.id });
		expect(rows[0]?.detail).toEqual({ deliveryId: delivery.id, report: 'youth-work', window: JAN_APR, units: [u(0), u(1)].sort(), format: 'xlsx' });
		expect(await problemFields(await get(`/api/statistics/deliveries/${delivery.id}/file.csv`, { lang: 'xx' }))).toEqual(['lang']);
		expect((await get(`/api/statistics/deliveries/${delivery.id}/file.csv`, {}, 'coach')).status).toBe(403);
	});
});

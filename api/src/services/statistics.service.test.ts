import { DIMENSIONS, reportDefinition, resolveWindow, type ReportDefinition, type ResolvedWindow, type StatisticsReport } from '@polku/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildStatisticsFixture, CODE_OVERRIDES, type StatisticsFixture } from '../routes/statistics/statistics-fixtures';
import { createTestApp, type TestApp } from '../test/create-test-app';
import type { Caller } from './caller';
import { monthsOf } from './statistics-dashboard.service';
import { deliveryChanges } from './statistics-deliveries.service';
import { loadReportFacts, windowInstants } from './statistics-facts';
import { buildStatisticsReport } from './statistics.service';

let t: TestApp;
let fx: StatisticsFixture;
/** The fixture (routes/statistics/statistics-fixtures.ts) for each test of the calling describe. */
function withFixture() {
	beforeEach(async () => {
		t = await createTestApp();
		fx = buildStatisticsFixture(t);
	});
	afterEach(() => t.close());
}

function win(id: string): ResolvedWindow {
	const w = resolveWindow(id);
	if ('error' in w) throw new Error(w.error);
	return w;
}
function def(id: string): ReportDefinition {
	const d = reportDefinition(id);
	if (!d) throw new Error(id);
	return d;
}
const supervisor = (): Caller => ({ userId: t.userId('supervisor'), roles: ['supervisor'], unitIds: [t.unitIds[0] ?? '', t.unitIds[1] ?? ''], sessionId: null, address: null, now: t.now() });
const units01 = () => [t.unitIds[0] ?? '', t.unitIds[1] ?? ''].sort();

/** Section → code → value (null when suppressed), `total` included. */
function figures(sections: StatisticsReport['sections']): Record<string, Record<string, number | null>> {
	return Object.fromEntries(sections.map((s) => [s.id, { ...Object.fromEntries(s.rows.map((r) => [r.code, r.cell.value])), total: s.total.value }]));
}
/** Only the non-zero rows, for readable expectations. */
function nonZero(sections: StatisticsReport['sections']): Record<string, Record<string, number | null>> {
	return Object.fromEntries(Object.entries(figures(sections)).map(([id, rows]) => [id, Object.fromEntries(Object.entries(rows).filter(([, v]) => v !== 0))]));
}

describe('windowInstants', () => {
	it('turns Finnish dates into UTC instants across daylight saving time', () => {
		expect(windowInstants({ from: '2025-01-01', to: '2025-04-30' })).toEqual({ start: '2024-12-31T22:00:00.000Z', end: '2025-04-30T21:00:00.000Z' });
		expect(windowInstants({ from: '2025-03-30', to: '2025-10-25' })).toEqual({ start: '2025-03-29T22:00:00.000Z', end: '2025-10-25T21:00:00.000Z' });
		expect(windowInstants({ from: '2025-10-26', to: '2025-12-31' })).toEqual({ start: '2025-10-25T21:00:00.000Z', end: '2025-12-31T22:00:00.000Z' });
		expect(windowInstants({ from: '2024-02-29', to: '2024-02-29' })).toEqual({ start: '2024-02-28T22:00:00.000Z', end: '2024-02-29T22:00:00.000Z' });
	});
});

describe('monthsOf', () => {
	it('lists the months a window touches, clipped to it', () => {
		expect(monthsOf({ from: '2025-01-15', to: '2025-03-10' })).toEqual([
			{ month: '2025-01', from: '2025-01-15', to: '2025-01-31' },
			{ month: '2025-02', from: '2025-02-01', to: '2025-02-28' },
			{ month: '2025-03', from: '2025-03-01', to: '2025-03-10' }
		]);
		expect(monthsOf({ from: '2024-12-01', to: '2025-01-31' }).map((m) => m.month)).toEqual(['2024-12', '2025-01']);
	});
});

describe('loadReportFacts', () => {
	withFixture();

	it('loads the counted clients with local codes mapped, and counts encounters, contacts and staff in SQL', () => {
		const facts = loadReportFacts(t.org.db, 'youth-work', win('national:jan-apr:2025'), units01(), CODE_OVERRIDES);
		const byId = new Map(facts.clients.map((c) => [c.id, c]));
		expect([...byId.keys()].sort()).toEqual([fx.clients.A, fx.clients.B, fx.clients.C, fx.clients.D, fx.clients.E].sort());
		expect(byId.get(fx.clients.C)).toMatchObject({ referralSource: 'youth-work', mainActivityAtStart: 'inactive', motherTongue: 'ar', services: [] });
		expect(byId.get(fx.clients.E)?.mainActivityAtStart).toBe('employed');
		expect(byId.get(fx.clients.D)?.services.map((s) => s.type)).toEqual(['job-search', 'job-search']);
		// B's service of 2024 does not overlap the window.
		expect(byId.get(fx.clients.B)?.services.map((s) => s.type)).toEqual(['group-activity']);
		const encounters = Object.fromEntries(facts.encounters.map((e) => [`${e.channel}/${e.subject}`, e.count]));
		expect(encounters).toEqual({ 'street/client': 2, 'street/anonymous': 1, 'phone/client': 1, 'office/client': 1, 'event/none': 1 });
		expect(facts.anonymousContacts).toEqual([{ gender: 'female', count: 1 }]);
		expect(facts.staff).toEqual([
			{ role: 'outreach-worker', count: 1 },
			{ role: 'coach', count: 1 },
			{ role: 'supervisor', count: 1 },
			{ role: 'admin', count: 0 }
		]);
		expect(facts.periods).toEqual([]);
	});

	it('loads the periods and attendance of the workshop report', () => {
		const facts = loadReportFacts(t.org.db, 'workshop', win('national:jan-apr:2025'), units01(), CODE_OVERRIDES);
		expect(facts.periods.map((p) => p.id).sort()).toEqual(Object.values(fx.periods).sort());
		expect(facts.periods.find((p) => p.id === fx.periods.P4)?.placementAfter).toBe('workshop');
		expect(facts.attendance).toEqual({ presentDays: 5, presentHours: 25.25, absentDays: { sick: 1, authorised: 1, unauthorised: 1 } });
		expect(facts.clients).toEqual([]);
	});
});

describe('buildStatisticsReport', () => {
	withFixture();

	it('counts the youth-work report for January–April by hand (window edges, birthday, local codes)', () => {
		const report = buildStatisticsReport(t.ctx, t.org, supervisor(), 'youth-work', win('national:jan-apr:2025'), units01());
		expect(report).toMatchObject({ reportId: 'youth-work', definitionVersion: 1, window: 'national:jan-apr:2025', from: '2025-01-01', to: '2025-04-30', threshold: 1, unitIds: units01() });
		expect(nonZero(report.sections)).toEqual({
			status: { new: 3, continuing: 2, total: 5 },
			gender: { female: 2, male: 1, other: 1, unknown: 1, total: 5 },
			age: { 'under-16': 1, '18-20': 1, '21-24': 1, '30-plus': 1, unknown: 1, total: 5 },
			'mother-tongue': { fi: 1, sv: 1, se: 1, other: 1, unknown: 1, total: 5 },
			'main-activity': { student: 1, inactive: 2, employed: 1, unknown: 1, total: 5 },
			referral: { 'basic-education': 1, self: 1, 'youth-work': 1, other: 1, unknown: 1, total: 5 },
			services: { 'individual-guidance': 2, 'group-activity': 1, 'job-search': 1, none: 1, total: 5 },
			placement: { 'degree-education': 1, unknown: 1, total: 2 },
			length: { '1-3m': 1, '6-12m': 1, total: 2 },
			anonymous: { female: 1, total: 1 },
			'encounter-channel': { street: 3, phone: 1, office: 1, event: 1, total: 6 },
			'encounter-subject': { client: 4, anonymous: 1, none: 1, total: 6 },
			staff: { 'outreach-worker': 1, coach: 1, supervisor: 1, total: 3 }
		});
		// Every category is there, zeros included.
		def('youth-work').sections.forEach((section, i) => {
			expect(report.sections[i]?.rows.map((r) => r.code)).toEqual(DIMENSIONS[section.dimension].categories.map((c) => c.code));
		});
	});

	it('counts January–August: the relationship ending 1 May has ended, the encounters of 1 May count', () => {
		const report = buildStatisticsReport(t.ctx, t.org, supervisor(), 'youth-work', win('national:jan-aug:2025'), units01());
		const f = nonZero(report.sections);
		expect(f.status).toEqual({ new: 4, continuing: 2, total: 6 });
		expect(f.age).toEqual({ 'under-16': 1, '16-17': 1, '18-20': 1, '21-24': 1, '30-plus': 1, unknown: 1, total: 6 });
		expect(f.placement).toEqual({ 'degree-education': 1, workshop: 1, unknown: 1, total: 3 });
		expect(f.length).toEqual({ '1-3m': 1, '6-12m': 2, total: 3 });
		expect(f['encounter-channel']).toEqual({ street: 3, online: 1, phone: 1, office: 1, event: 2, total: 8 });
		expect(f['encounter-subject']).toEqual({ client: 4, anonymous: 2, none: 2, total: 8 });
		expect(f.anonymous).toEqual({ female: 1, male: 1, total: 2 });
	});

	it('counts the workshop report for January–April by hand', () => {
		const report = buildStatisticsReport(t.ctx, t.org, supervisor(), 'workshop', win('national:jan-apr:2025'), units01());
		expect(nonZero(report.sections)).toEqual({
			periods: { 'youth-workshop': 3, rehabilitative: 1, 'work-trial': 1, total: 5 },
			participants: { 'youth-workshop': 3, rehabilitative: 1, 'work-trial': 1, total: 4 },
			'participant-gender': { female: 2, male: 1, other: 1, total: 4 },
			attendance: { 'present-days': 5, 'present-hours': 25.25, 'absent-sick': 1, 'absent-authorised': 1, 'absent-unauthorised': 1, total: 8 },
			'period-placement': { 'degree-education': 1, workshop: 1, unknown: 1, total: 3 }
		});
	});

	it('counts a unit of its own when asked (unit 1 alone)', () => {
		const report = buildStatisticsReport(t.ctx, t.org, supervisor(), 'youth-work', win('national:jan-apr:2025'), [t.unitIds[1] ?? '']);
		const f = nonZero(report.sections);
		expect(f.status).toEqual({ new: 1, total: 1 });
		expect(f['encounter-channel']).toEqual({ office: 1, total: 1 });
		expect(f.staff).toEqual({ coach: 1, supervisor: 1, total: 2 });
	});
});

describe('deliveryChanges', () => {
	const report = (cells: { code: string; value: number | null; state: 'shown' | 'primary' | 'complementary' }[], threshold = 5): StatisticsReport => ({
		reportId: 'youth-work',
		definitionVersion: 1,
		window: 'national:jan-apr:2025',
		windowSpec: { kind: 'national', period: 'jan-apr', year: 2025 },
		from: '2025-01-01',
		to: '2025-04-30',
		unitIds: [],
		threshold,
		computedAt: '2025-05-02T08:00:00.000Z',
		sections: [{ id: 'status', rows: cells.map(({ code, ...cell }) => ({ code, cell })), total: { value: 12, state: 'shown' } }]
	});

	it('lists every cell whose display differs, with the difference only between shown values', () => {
		const before = report([
			{ code: 'new', value: 7, state: 'shown' },
			{ code: 'continuing', value: null, state: 'primary' }
		]);
		const after = report([
			{ code: 'new', value: 9, state: 'shown' },
			{ code: 'continuing', value: null, state: 'primary' }
		]);
		expect(deliveryChanges(null, after)).toEqual([]);
		expect(deliveryChanges(before, after)).toEqual([{ sectionId: 'status', code: 'new', previous: { value: 7, state: 'shown' }, current: { value: 9, state: 'shown' }, change: 2 }]);
		const hidden = report([
			{ code: 'new', value: null, state: 'complementary' },
			{ code: 'continuing', value: null, state: 'primary' }
		]);
		expect(deliveryChanges(before, hidden)).toEqual([{ sectionId: 'status', code: 'new', previous: { value: 7, state: 'shown' }, current: { value: null, state: 'complementary' }, change: null }]);
		// The same state under another threshold reads differently ("<5" → "<7").
		expect(deliveryChanges(before, report(before.sections[0]?.rows.map((r) => ({ code: r.code, ...r.cell })) ?? [], 7)).map((c) => c.code)).toEqual(['continuing']);
	});
});

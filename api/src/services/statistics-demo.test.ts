import { computeReport, reportDefinition, YOUTH_WORK_REPORT, WORKSHOP_REPORT, addDays, helsinkiDate } from '@polku/shared';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients, coachingPeriods, encounters, units, userUnits } from '../db/schema';
import { createTestApp, type TestApp } from '../test/create-test-app';
import { HISTORY_CLIENTS, HISTORY_UNIT_NAME, seedStatisticsHistory } from './statistics-demo';
import { loadReportFacts } from './statistics-facts';

const apps: TestApp[] = [];
afterAll(async () => {
	for (const t of apps.splice(0)) await t.close();
});

async function seeded(clientCount?: number) {
	const t = await createTestApp();
	apps.push(t);
	const history = t.org.write((tx) =>
		seedStatisticsHistory(tx, t.org, { supervisorId: t.userId('supervisor'), now: t.now(), ...(clientCount === undefined ? {} : { clients: clientCount }) })
	);
	return { t, history };
}

/** The last two years as one custom window ending yesterday, as the seed sees them. */
function lastTwoYears(t: TestApp) {
	const today = helsinkiDate(t.now());
	return { from: addDays(today, -730), to: addDays(today, -1) };
}

function report(t: TestApp, unitId: string, reportId: 'youth-work' | 'workshop', window: { from: string; to: string }) {
	const def = reportId === 'youth-work' ? YOUTH_WORK_REPORT : WORKSHOP_REPORT;
	return computeReport(def, loadReportFacts(t.org.db, reportId, window, [unitId], {}), { threshold: 5 });
}

describe(seedStatisticsHistory.name, () => {
	let demo: Awaited<ReturnType<typeof seeded>>;
	beforeAll(async () => {
		demo = await seeded();
	});

	it('adds the unit "Esimerkkihistoria" that only the supervisor is attached to, with about 150 clients over the last two years', () => {
		const { t, history } = demo;
		const unit = t.org.db.select().from(units).where(eq(units.id, history.unitId)).get();
		expect(unit).toMatchObject({ name: HISTORY_UNIT_NAME, kind: 'outreach' });
		const attached = t.org.db.select({ userId: userUnits.userId }).from(userUnits).where(eq(userUnits.unitId, history.unitId)).all();
		expect(attached).toEqual([{ userId: t.userId('supervisor') }]);

		const rows = t.org.db.select().from(clients).where(and(eq(clients.unitId, history.unitId), isNull(clients.deletedAt))).all();
		expect(rows).toHaveLength(HISTORY_CLIENTS);
		expect(history.counts.clients).toBe(HISTORY_CLIENTS);
		const { from, to } = lastTwoYears(t);
		for (const c of rows) {
			if (c.startDate !== null) expect(c.startDate >= from && c.startDate <= to).toBe(true);
			if (c.endDate !== null) expect(c.startDate !== null && c.endDate >= c.startDate && c.endDate <= to).toBe(true);
			if (c.placementAtEnd !== null) expect(c.endDate).not.toBeNull();
			expect(c.createdBy).toBe(t.userId('supervisor'));
		}
		const ended = rows.filter((c) => c.endDate !== null).length;
		expect(ended).toBeGreaterThan(40);
		expect(ended).toBeLessThan(110);
		expect(rows.filter((c) => c.startDate === null)).toHaveLength(2);

		const encounterCount = t.org.db.select({ n: sql<number>`count(*)` }).from(encounters).where(eq(encounters.unitId, history.unitId)).get()?.n;
		expect(encounterCount).toBe(history.counts.encounters);
		expect(history.counts.encounters).toBeGreaterThan(1000);
		const latest = t.org.db.select({ at: sql<string>`max(occurred_at)` }).from(encounters).where(eq(encounters.unitId, history.unitId)).get()?.at ?? '';
		expect(latest < t.now().toISOString()).toBe(true);
		expect(history.counts.periods).toBeGreaterThan(20);
		expect(t.org.db.select({ n: sql<number>`count(*)` }).from(coachingPeriods).where(eq(coachingPeriods.unitId, history.unitId)).get()?.n).toBe(history.counts.periods);
		expect(history.counts.attendanceMarks).toBeGreaterThan(100);
	});

	it('gives reports with real figures: most cells of the main sections are shown, a few rare ones are "<5"', () => {
		const { t, history } = demo;
		const sections = report(t, history.unitId, 'youth-work', lastTwoYears(t));
		const section = (id: string) => sections.find((s) => s.id === id);
		const status = section('status');
		expect(status?.total.state).toBe('shown');
		expect(status?.total.value).toBe(HISTORY_CLIENTS - 2);
		expect(status?.rows.every((r) => r.cell.state === 'shown')).toBe(true);
		const gender = section('gender');
		expect(gender?.rows.find((r) => r.code === 'female')?.cell.state).toBe('shown');
		expect(gender?.rows.find((r) => r.code === 'male')?.cell.state).toBe('shown');
		expect(section('encounter-channel')?.total.value).toBeGreaterThan(1000);
		expect(section('placement')?.total.state).toBe('shown');
		const all = sections.flatMap((s) => s.rows.map((r) => r.cell));
		expect(all.some((c) => c.state === 'primary')).toBe(true);
		const nonZero = all.filter((c) => c.state !== 'shown' || (c.value ?? 0) > 0);
		expect(nonZero.filter((c) => c.state === 'shown').length).toBeGreaterThan(nonZero.length / 2);

		const workshop = report(t, history.unitId, 'workshop', lastTwoYears(t));
		expect(workshop.find((s) => s.id === 'participant-gender')?.total.state).toBe('shown');
		expect(reportDefinition('workshop')).toBeDefined();
	});

	it('is deterministic: the same seed day gives the same figures', async () => {
		const a = await seeded(40);
		const b = await seeded(40);
		const window = lastTwoYears(a.t);
		expect(report(b.t, b.history.unitId, 'youth-work', window)).toEqual(report(a.t, a.history.unitId, 'youth-work', window));
		expect(report(b.t, b.history.unitId, 'workshop', window)).toEqual(report(a.t, a.history.unitId, 'workshop', window));
		expect(b.history.counts).toEqual(a.history.counts);
	});

	it('syncs none of it to a worker or a coach', async () => {
		const { t, history } = demo;
		for (const role of ['outreach-worker', 'coach'] as const) {
			const device = await t.registerDevice(role);
			const ids = new Set<string>();
			let since: string | undefined;
			for (;;) {
				const page = await t.pull(role, device.token, since === undefined ? {} : { since });
				for (const c of page.changes) ids.add(c.id);
				since = page.cursor;
				if (!page.more) break;
			}
			expect(ids.size).toBeGreaterThan(0);
			for (const id of history.clientIds) expect(ids.has(id)).toBe(false);
		}
	});
});

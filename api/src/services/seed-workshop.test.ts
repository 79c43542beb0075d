import { addDays, contractDays, helsinkiDate, type CoachingPeriod } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessments, attendanceMarks, coachingPeriods, goals } from '../db/schema';
import { createTestApp, type TestApp } from '../test/create-test-app';
import { orgFileText } from '../test/record-helpers';
import { DEMO_SPEC, seedOrganisation } from './seed.service';
import { periodOf } from './workshop-data';

/** The demo organisation's workshop (issue 5 contract, "Seed"): seeded into a real file, read back. */
let t: TestApp;
let seeded: Awaited<ReturnType<typeof seedOrganisation>>;

beforeAll(async () => {
	t = await createTestApp({ empty: true });
	seeded = await seedOrganisation(t.ctx, DEMO_SPEC, 'demo-passphrase-for-tests');
});
afterAll(() => t.close());

describe('demo workshop seed', () => {
	it('gives the workshop 12 participants with periods started 8 weeks ago: 10 Mon–Fri 6 h, 2 Mon–Wed 4 h, two payers', () => {
		const { org, unitIds } = seeded;
		const periods = org.db.select().from(coachingPeriods).all().map((r) => periodOf(r, org.keyring));
		const today = helsinkiDate(t.now());
		expect(periods).toHaveLength(12);
		expect(new Set(periods.map((p) => p.clientId)).size).toBe(12);
		expect(periods.every((p) => p.unitId === unitIds[1] && p.startDate === addDays(today, -56) && p.endDate === null)).toBe(true);
		expect(periods.filter((p) => p.hoursPerDay === 6 && p.weekdays.join() === '1,2,3,4,5')).toHaveLength(10);
		expect(periods.filter((p) => p.hoursPerDay === 4 && p.weekdays.join() === '1,2,3')).toHaveLength(2);
		expect(new Set(periods.map((p) => p.payingOrganisation))).toEqual(new Set(['Kaupungin sosiaalipalvelut', 'TE-palvelut']));
		expect(periods.every((p) => typeof p.workTimePlan === 'string')).toBe(true);
	});

	it('marks every contract day up to 8 days before the seed day, none later', () => {
		const { org } = seeded;
		const today = helsinkiDate(t.now());
		const last = addDays(today, -8);
		for (const row of org.db.select().from(coachingPeriods).all()) {
			const p: CoachingPeriod = periodOf(row, org.keyring);
			const marks = org.db.select().from(attendanceMarks).where(eq(attendanceMarks.periodId, p.id)).all();
			expect(marks.map((m) => m.date).sort()).toEqual(contractDays(p, p.startDate, last));
			expect(marks.every((m) => m.date <= last && (m.status === 'present' ? m.hours === p.hoursPerDay : m.absenceReason !== null))).toBe(true);
		}
		expect(org.db.select().from(attendanceMarks).all().some((m) => m.status === 'absent')).toBe(true);
	});

	it('gives goals (encrypted) and one self and one coach assessment to each of the two full clients', () => {
		const { org, clientIds } = seeded;
		const full = [clientIds[8], clientIds[9]];
		const a = org.db.select().from(assessments).all();
		expect(a).toHaveLength(4);
		for (const id of full) expect(a.filter((x) => x.clientId === id).map((x) => x.mode).sort()).toEqual(['coach', 'self']);
		const g = org.db.select().from(goals).all();
		expect(g.filter((x) => full.includes(x.clientId)).length).toBeGreaterThanOrEqual(2);
		expect(g.every((x) => x.text.startsWith('v1.'))).toBe(true);
		expect(orgFileText({ org } as TestApp)).not.toContain('Saapuu pajalle ajoissa');
	});
});

import { attendanceMarkId, AttendanceSummarySchema, type AttendanceValues, type Mutation } from '@polku/shared';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { pdfText } from '../../lib/pdf-text';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { pushOne } from '../../test/record-helpers';

/**
 * The whole way: a coach's tablet pushes a period, its roll-calls, a goal, an assessment and an interim
 * report as sealed mutations (real sealing, real field encryption), and the REST routes read them back
 * as a PDF and as the month's summary. The test clock is Mon 2 March 2026.
 *
 * Juho Pajanen, Mon–Fri 6 h from Mon 2 Feb, payer "TE-palvelut", 9 € a day. In February: present
 * 2.–6. (6 h each), Mon 9. sick, Tue 10. authorised, Wed 11. 4.5 h, Sat 14. 2 h (off contract, with a
 * reason): 7 days, 36.5 h, 1 extra day; 20 contract days, 120 h; unmarked 20 − 8 = 12; 63 €.
 */
let t: TestApp;
let token: string;
let unitId: string;
const periodId = randomUUID();
const reportId = randomUUID();

const present = (hours: number, extraReason: string | null = null): AttendanceValues => ({ status: 'present', absenceReason: null, hours, extraReason });
const absent = (absenceReason: 'sick' | 'authorised'): AttendanceValues => ({ status: 'absent', absenceReason, hours: null, extraReason: null });
const mark = (date: string, values: AttendanceValues): Mutation => ({
	kind: 'attendance.set',
	data: { id: attendanceMarkId(periodId, date), periodId, date, baseVersion: 0, values, base: null }
});

async function push(mutation: Mutation): Promise<void> {
	const r = await pushOne(t, token, mutation);
	expect(r.status, `${mutation.kind} ${JSON.stringify(r)}`).toBe('applied');
}

beforeAll(async () => {
	t = await createTestApp();
	token = (await t.registerDevice('coach')).token;
	unitId = t.unitIds[1] ?? '';
	await push({
		kind: 'coaching-period.create',
		data: {
			id: periodId,
			clientId: t.clientIds[8] ?? '',
			unitId,
			type: 'youth-workshop',
			workCoachId: t.userId('coach'),
			individualCoachId: null,
			referringOrganisation: 'Ohjaamo',
			referringContact: null,
			payingOrganisation: 'TE-palvelut',
			payingContact: null,
			contractStart: '2026-02-02',
			contractEnd: null,
			daysPerWeek: 5,
			hoursPerDay: 6,
			weekdays: [1, 2, 3, 4, 5],
			priceCents: null,
			priceUnit: null,
			expenseCompensationCents: 900,
			startDate: '2026-02-02',
			endDate: null,
			placementAfter: null,
			workTimePlan: 'ma–pe 8–14 puutyöpajalla'
		}
	});
	for (const date of ['2026-02-02', '2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06']) await push(mark(date, present(6)));
	await push(mark('2026-02-09', absent('sick')));
	await push(mark('2026-02-10', absent('authorised')));
	await push(mark('2026-02-11', present(4.5)));
	await push(mark('2026-02-14', present(2, 'Talkoot lauantaina')));
	const goalId = randomUUID();
	await push({ kind: 'goal.create', data: { id: goalId, periodId, text: 'Oppii hitsaamaan', targetDate: '2026-06-30', status: 'in-progress' } });
	await push({ kind: 'goal-note.create', data: { id: randomUUID(), goalId, date: '2026-02-20', text: 'Ensimmäinen sauma onnistui.' } });
	await push({
		kind: 'assessment.create',
		data: { id: randomUUID(), periodId, instrumentId: 'social-empowerment', instrumentVersion: 1, mode: 'self', date: '2026-02-02', answers: { 'self-knowledge.strengths': 3, 'self-knowledge.self-worth': 4 } }
	});
	await push({ kind: 'coaching-report.create', data: { id: reportId, periodId, kind: 'interim', date: '2026-02-27', text: 'Juho on edistynyt hyvin.' } });
});
afterAll(() => t.close());

const audits = (action: string) => t.org.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe('workshop records pushed from a tablet, read back over REST', () => {
	it("the interim report's PDF has the pushed figures, goal and text", async () => {
		const res = await t.request('GET', `/api/coaching-reports/${reportId}/pdf?lang=fi`, { cookie: t.sessionCookie('coach') });
		expect(res.status).toBe(200);
		const text = pdfText(Buffer.from(await res.arrayBuffer()));
		expect(text).toContain('Juho Pajanen');
		expect(text).toMatch(/Sopimuksen mukaiset päivät\s+20\b/);
		expect(text).toMatch(/Läsnäolopäivät\s+7\b/);
		expect(text).toMatch(/Läsnäolotunnit\s+36,5\b/);
		expect(text).toMatch(/Merkitsemättä\s+12\b/);
		expect(text).toContain('Oppii hitsaamaan');
		expect(text).toContain('20.2.2026: Ensimmäinen sauma onnistui.');
		expect(text).toMatch(/Itsetuntemus\s+3,5\s+3,5\s+–\s+–/);
		expect(text).toContain('Juho on edistynyt hyvin.');
		expect(t.org.db.select().from(auditLog).where(and(eq(auditLog.action, 'coaching-report.download'), eq(auditLog.entityId, reportId))).all()).toHaveLength(1);
	});

	it("the month's summary and its XLSX count the pushed marks", async () => {
		const res = await t.request('GET', `/api/attendance/summary?unitId=${unitId}&month=2026-02`, { cookie: t.sessionCookie('coach') });
		expect(res.status).toBe(200);
		const summary = AttendanceSummarySchema.parse(await res.json());
		const row = summary.rows.find((r) => r.periodId === periodId);
		expect(row).toMatchObject({
			participant: 'Juho Pajanen',
			payer: 'TE-palvelut',
			contractDays: 20,
			contractHours: 120,
			daysPresent: 7,
			hoursPresent: 36.5,
			absences: { sick: 1, authorised: 1, unauthorised: 0, other: 0 },
			unmarkedDays: 12,
			extraDays: 1,
			expenseCompensationCents: 6300
		});

		const xlsx = await t.request('GET', `/api/attendance/summary.xlsx?unitId=${unitId}&month=2026-02`, { cookie: t.sessionCookie('coach') });
		expect(xlsx.status).toBe(200);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await xlsx.arrayBuffer());
		const sheet = workbook.getWorksheet('Yhteenveto');
		const cells = sheet ? (sheet.getRow(2).values as unknown[]).slice(1, 15) : [];
		expect(cells).toEqual(['Juho Pajanen', 'Nuorten työpajajakso', 'TE-palvelut', 20, 7, 36.5, 120, 1, 1, 0, 0, 12, 1, 63]);
		expect(audits('attendance.summary-read')).toHaveLength(1);
		expect(audits('attendance.export').map((a) => a.detail)).toEqual([{ unitId, month: '2026-02', format: 'xlsx' }]);
	});
});

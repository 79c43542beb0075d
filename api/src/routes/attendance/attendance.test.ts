import { AttendanceSummarySchema, ProblemSchema, type Role } from '@polku/shared';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { insertClient } from '../clients/client-fixtures';
import { insertMarks, insertPeriod, nameClient } from '../coaching-reports/workshop-fixtures';

let t: TestApp;
let unitId: string;
let p1: string;
let p2: string;

/**
 * February 2026 in the workshop (unit 1):
 * - P1 Äijä Öljynen, Mon–Fri 6 h from Mon 2.2., payer "Kaupungin sosiaalipalvelut", 9 € a day:
 *   20 contract days (2.–27.2.), 120 h. Present 2.–6. (5 × 6 h), 11. (5.5 h), 12. (6 h), Sat 14. (3 h,
 *   off contract): 8 days, 44.5 h, 1 extra day. Sick 9., authorised 10. Unmarked: 20 − 9 = 11 (a
 *   deleted mark on 13. does not count; a mark on 2.3. is another month). Compensation 8 × 9 € = 72 €.
 * - P2 "Kettu" (nickname only), Mon–Wed 4 h from Mon 16.2., payer "TE-palvelut", no compensation:
 *   16., 17., 18., 23., 24., 25. = 6 contract days, 24 h. Present 16. (4 h) and 17. (3.75 h): 2 days,
 *   7.75 h; 4 unmarked.
 * Not counted: a deleted period, a period that ended in January, and a period of another unit.
 */
beforeEach(async () => {
	t = await createTestApp();
	unitId = t.unitIds[1] ?? '';
	const a = insertClient(t, { unit: 1, createdBy: 'coach' });
	nameClient(t, a, { firstName: 'Äijä', lastName: 'Öljynen', nickname: null });
	const b = insertClient(t, { unit: 0, createdBy: 'outreach-worker' });
	nameClient(t, b, { firstName: null, lastName: null, nickname: 'Kettu' });
	const period1 = insertPeriod(t, { clientId: a, unit: 1, over: { expenseCompensationCents: 900 } });
	p1 = period1.id;
	insertMarks(t, period1, [
		...['2026-02-02', '2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06'].map((date) => ({ date, hours: 6 })),
		{ date: '2026-02-09', absent: 'sick' as const },
		{ date: '2026-02-10', absent: 'authorised' as const },
		{ date: '2026-02-11', hours: 5.5 },
		{ date: '2026-02-12', hours: 6 },
		{ date: '2026-02-13', hours: 6, deleted: true },
		{ date: '2026-02-14', hours: 3, extraReason: 'Lauantain tapahtuma' },
		{ date: '2026-03-02', hours: 6 }
	]);
	const period2 = insertPeriod(t, {
		clientId: b,
		unit: 1,
		over: { type: 'rehabilitative', payingOrganisation: 'TE-palvelut', contractStart: '2026-02-16', startDate: '2026-02-16', weekdays: [1, 2, 3], daysPerWeek: 3, hoursPerDay: 4 }
	});
	p2 = period2.id;
	insertMarks(t, period2, [
		{ date: '2026-02-16', hours: 4 },
		{ date: '2026-02-17', hours: 3.75 }
	]);
	const deleted = insertPeriod(t, { clientId: a, unit: 1, deleted: true });
	insertMarks(t, deleted, [{ date: '2026-02-02', hours: 6 }]);
	const ended = insertPeriod(t, { clientId: a, unit: 1, over: { contractStart: '2026-01-05', startDate: '2026-01-05', endDate: '2026-01-30' } });
	insertMarks(t, ended, [{ date: '2026-01-05', hours: 6 }]);
	insertPeriod(t, { clientId: insertClient(t, { unit: 2, createdBy: 'nobody-here' }), unit: 2, createdBy: 'admin' });
});
afterEach(() => t.close());

const get = (path: string, query: Record<string, string>, as: Role = 'coach') => t.request('GET', `${path}?${new URLSearchParams(query).toString()}`, { cookie: t.sessionCookie(as) });
const audits = (action: string) =>
	t.org.db
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.action, action), eq(auditLog.entityId, unitId)))
		.all();

describe('GET /api/attendance/summary', () => {
	it("counts the month's figures per period and per payer, and audits the read", async () => {
		const res = await get('/api/attendance/summary', { unitId, month: '2026-02' });
		expect(res.status).toBe(200);
		const summary = AttendanceSummarySchema.parse(await res.json());
		expect(summary).toMatchObject({ unitId, month: '2026-02' });
		expect(summary.rows).toEqual([
			{
				periodId: p1,
				clientId: expect.any(String),
				participant: 'Äijä Öljynen',
				periodType: 'youth-workshop',
				payer: 'Kaupungin sosiaalipalvelut',
				contractDays: 20,
				contractHours: 120,
				daysPresent: 8,
				hoursPresent: 44.5,
				absences: { sick: 1, authorised: 1, unauthorised: 0, other: 0 },
				unmarkedDays: 11,
				extraDays: 1,
				expenseCompensationCents: 7200
			},
			{
				periodId: p2,
				clientId: expect.any(String),
				participant: 'Kettu',
				periodType: 'rehabilitative',
				payer: 'TE-palvelut',
				contractDays: 6,
				contractHours: 24,
				daysPresent: 2,
				hoursPresent: 7.75,
				absences: { sick: 0, authorised: 0, unauthorised: 0, other: 0 },
				unmarkedDays: 4,
				extraDays: 0,
				expenseCompensationCents: null
			}
		]);
		expect(summary.payers).toEqual([
			{ payer: 'Kaupungin sosiaalipalvelut', participants: 1, daysPresent: 8, hoursPresent: 44.5, contractDays: 20, expenseCompensationCents: 7200 },
			{ payer: 'TE-palvelut', participants: 1, daysPresent: 2, hoursPresent: 7.75, contractDays: 6, expenseCompensationCents: 0 }
		]);
		const [row] = audits('attendance.summary-read');
		expect(row).toMatchObject({ actorId: t.userId('coach'), entity: 'unit' });
		expect(row?.detail).toEqual({ unitId, month: '2026-02' });
	});

	it('names unitId and month in a 422 problem when they are bad or missing', async () => {
		for (const [query, field] of [
			[{ unitId: 'nope', month: '2026-02' }, 'unitId'],
			[{ unitId, month: '2026-13' }, 'month'],
			[{ unitId, month: '2026-2' }, 'month'],
			[{ unitId }, 'month'],
			[{ month: '2026-02' }, 'unitId']
		] as const) {
			const res = await get('/api/attendance/summary', query);
			expect(res.status).toBe(422);
			const problem = ProblemSchema.parse(await res.json());
			expect(problem.code).toBe('validation-failed');
			expect(problem.errors?.map((e) => e.field)).toEqual([field]);
		}
		expect(audits('attendance.summary-read')).toEqual([]);
	});

	it("answers 404 for another workshop's unit and an unknown unit, 403 for a supervisor", async () => {
		for (const id of [t.unitIds[2] ?? '', '00000000-0000-4000-8000-000000000000']) {
			const res = await get('/api/attendance/summary', { unitId: id, month: '2026-02' });
			expect(res.status).toBe(404);
		}
		expect((await get('/api/attendance/summary', { unitId, month: '2026-02' }, 'supervisor')).status).toBe(403);
		expect((await get('/api/attendance/summary.csv', { unitId, month: '2026-02' }, 'supervisor')).status).toBe(403);
		expect((await get('/api/attendance/summary.csv', { unitId: t.unitIds[2] ?? '', month: '2026-02' })).status).toBe(404);
		expect(audits('attendance.summary-read')).toEqual([]);
		expect(audits('attendance.export')).toEqual([]);
	});
});

describe('GET /api/attendance/summary.csv and .xlsx', () => {
	it('answers the CSV as Finnish Excel opens it, and audits the export', async () => {
		const res = await get('/api/attendance/summary.csv', { unitId, month: '2026-02' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="lasnaolo-2026-02.csv"');
		expect(res.headers.get('cache-control')).toBe('no-store');
		const bytes = Buffer.from(await res.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = bytes.subarray(3).toString('utf8').split('\r\n');
		expect(lines[0]?.split(';')).toHaveLength(14);
		expect(lines.slice(1, 5)).toEqual([
			'Äijä Öljynen;Nuorten työpajajakso;Kaupungin sosiaalipalvelut;20;8;44,5;120;1;1;0;0;11;1;72,00',
			'Kettu;Kuntouttava työtoiminta;TE-palvelut;6;2;7,75;24;0;0;0;0;4;0;',
			'Yhteensä (1);;Kaupungin sosiaalipalvelut;20;8;44,5;;;;;;;;72,00',
			'Yhteensä (1);;TE-palvelut;6;2;7,75;;;;;;;;'
		]);
		expect(lines[5]).toBe('');
		const [row] = audits('attendance.export');
		expect(row?.detail).toEqual({ unitId, month: '2026-02', format: 'csv' });
	});

	it('writes the CSV header row in the language asked for', async () => {
		const res = await get('/api/attendance/summary.csv', { unitId, month: '2026-02', lang: 'sv' });
		const text = Buffer.from(await res.arrayBuffer()).subarray(3).toString('utf8');
		expect(text.split('\r\n')[0]).toMatch(/^Deltagare;Periodens typ;Betalare;/);
		expect((await get('/api/attendance/summary.csv', { unitId, month: '2026-02', lang: 'xx' })).status).toBe(422);
	});

	it('answers the XLSX with exactly the contract columns, numbers as numbers, and audits the export', async () => {
		const res = await get('/api/attendance/summary.xlsx', { unitId, month: '2026-02' });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="lasnaolo-2026-02.xlsx"');
		expect(res.headers.get('cache-control')).toBe('no-store');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await res.arrayBuffer());
		const sheet = workbook.getWorksheet('Yhteenveto');
		if (!sheet) throw new Error('no sheet Yhteenveto');
		const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1, 15);
		expect(values(1)[0]).toBe('Valmentautuja');
		expect(values(1)[13]).toBe('Kulukorvaus €');
		expect(values(2)).toEqual(['Äijä Öljynen', 'Nuorten työpajajakso', 'Kaupungin sosiaalipalvelut', 20, 8, 44.5, 120, 1, 1, 0, 0, 11, 1, 72]);
		expect(values(3).slice(0, 13)).toEqual(['Kettu', 'Kuntouttava työtoiminta', 'TE-palvelut', 6, 2, 7.75, 24, 0, 0, 0, 0, 4, 0]);
		expect(sheet.getCell('N3').value).toBeNull();
		expect(sheet.getCell('C4').value).toBe('Kaupungin sosiaalipalvelut');
		expect(sheet.getCell('E4').value).toBe(8);
		expect(sheet.getCell('N4').value).toBe(72);
		expect(sheet.getCell('C5').value).toBe('TE-palvelut');
		expect(sheet.getCell('F5').value).toBe(7.75);
		expect(sheet.rowCount).toBe(5);
		const [row] = audits('attendance.export');
		expect(row?.detail).toEqual({ unitId, month: '2026-02', format: 'xlsx' });
	});
});

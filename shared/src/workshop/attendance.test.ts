import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdSchema } from '../schemas/common';
import type { CoachingPeriodFields } from '../schemas/workshop';
import {
	addDays,
	attendanceFigures,
	attendanceMarkId,
	attendanceSummary,
	contractCovers,
	contractDays,
	expectedOn,
	helsinkiDate,
	isoWeekday,
	monthRange,
	withinPeriod,
	type MarkFigures
} from './attendance';

const PERIOD = '0190a2c4-0000-7000-8000-00000000000a';

/** Mon–Fri 6 h from Monday 2 Nov 2026, contract from the same day, open-ended. */
const monFri: Pick<CoachingPeriodFields, 'startDate' | 'endDate' | 'contractStart' | 'contractEnd' | 'weekdays' | 'daysPerWeek' | 'hoursPerDay'> = {
	startDate: '2026-11-02',
	endDate: null,
	contractStart: '2026-11-02',
	contractEnd: null,
	weekdays: [1, 2, 3, 4, 5],
	daysPerWeek: 5,
	hoursPerDay: 6
};

const mark = (date: string, m: Partial<MarkFigures> = {}): MarkFigures => ({
	date,
	status: 'present',
	absenceReason: null,
	hours: 6,
	deletedAt: null,
	...m
});

describe('dates', () => {
	it('takes the calendar day in Helsinki, not UTC', () => {
		// 22:30 UTC on 30 April is already 1 May in Helsinki (UTC+3 in summer).
		expect(helsinkiDate(new Date('2026-04-30T22:30:00Z'))).toBe('2026-05-01');
		expect(helsinkiDate(new Date('2026-12-31T21:59:00Z'))).toBe('2026-12-31');
		expect(helsinkiDate(new Date('2026-12-31T22:00:00Z'))).toBe('2027-01-01');
	});

	it('knows ISO weekdays, month ends and leap days', () => {
		expect(isoWeekday('2026-11-23')).toBe(1);
		expect(isoWeekday('2026-11-29')).toBe(7);
		expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
		expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
		expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
	});
});

describe('attendanceMarkId', () => {
	it('is a valid UUID, the same on every device, and differs by period and by day', () => {
		const id = attendanceMarkId(PERIOD, '2026-11-23');
		expect(IdSchema.safeParse(id).success).toBe(true);
		expect(id[14]).toBe('8');
		expect(attendanceMarkId(PERIOD.toUpperCase(), '2026-11-23')).toBe(id);
		expect(attendanceMarkId(PERIOD, '2026-11-24')).not.toBe(id);
		expect(attendanceMarkId('0190a2c4-0000-7000-8000-00000000000b', '2026-11-23')).not.toBe(id);
	});

	it('names a year of days of many periods without a collision', () => {
		fc.assert(
			fc.property(fc.uuid(), fc.uuid(), fc.integer({ min: 0, max: 3000 }), (a, b, offset) => {
				const day = addDays('2024-01-01', offset);
				if (a === b) return true;
				return attendanceMarkId(a, day) !== attendanceMarkId(b, day);
			})
		);
		const ids = new Set<string>();
		for (let i = 0; i < 366; i++) ids.add(attendanceMarkId(PERIOD, addDays('2028-01-01', i)));
		expect(ids.size).toBe(366);
	});
});

describe('the contract and the period', () => {
	it('expects the participant on the contract weekdays within both the period and the contract', () => {
		const p = { ...monFri, endDate: '2026-11-27', contractStart: '2026-11-04' };
		expect(withinPeriod(p, '2026-11-01')).toBe(false);
		expect(withinPeriod(p, '2026-11-27')).toBe(true);
		expect(withinPeriod(p, '2026-11-28')).toBe(false);
		expect(contractCovers(p, '2026-11-03')).toBe(false); // before the contract starts
		expect(contractCovers(p, '2026-11-07')).toBe(false); // Saturday
		expect(expectedOn(p, '2026-11-04')).toBe(true);
		expect(expectedOn(p, '2026-11-30')).toBe(false); // after the period
	});

	it('counts at most daysPerWeek per ISO week when the contract names more weekdays', () => {
		const threeOfFive = { ...monFri, daysPerWeek: 3 };
		// 2–29 Nov 2026 is four whole weeks: 3 days each.
		expect(contractDays(threeOfFive, '2026-11-02', '2026-11-29')).toHaveLength(12);
		expect(contractDays(monFri, '2026-11-02', '2026-11-29')).toHaveLength(20);
		// A week cut by the range still counts only what lies inside it.
		expect(contractDays(threeOfFive, '2026-11-05', '2026-11-08')).toEqual(['2026-11-05', '2026-11-06']);
	});
});

describe('attendanceFigures', () => {
	it('counts presence, absences by reason, unmarked and extra days against the contract (hand-computed)', () => {
		const marks: MarkFigures[] = [
			mark('2026-11-02'),
			mark('2026-11-03', { hours: 5.5 }),
			mark('2026-11-04', { status: 'absent', absenceReason: 'sick', hours: null }),
			mark('2026-11-05', { status: 'absent', absenceReason: 'unauthorised', hours: null }),
			mark('2026-11-07', { hours: 3 }), // Saturday: an extra day
			mark('2026-11-09', { deletedAt: '2026-11-10T08:00:00+02:00' }), // a tombstone does not count
			mark('2026-10-30') // before the period: ignored
		];
		const f = attendanceFigures(monFri, marks, '2026-11-01', '2026-11-10');
		// Contract days 2–6 and 9–10 Nov: 7 days × 6 h.
		expect(f).toEqual({
			contractDays: 7,
			contractHours: 42,
			daysPresent: 3,
			hoursPresent: 14.5,
			absences: { sick: 1, authorised: 0, unauthorised: 1, other: 0 },
			unmarkedDays: 3, // 6, 9 and 10 Nov
			extraDays: 1
		});
	});
});

describe('attendanceSummary', () => {
	const period = (id: string, payer: string | null, extra: Partial<CoachingPeriodFields> = {}) => ({
		...monFri,
		id,
		clientId: id.replace(/.$/, 'c'),
		type: 'rehabilitative' as const,
		payingOrganisation: payer,
		expenseCompensationCents: 900,
		...extra
	});

	it('groups by payer (none last) and sums each payer, leaving out periods outside the month', () => {
		const summary = attendanceSummary('0190a2c4-0000-7000-8000-0000000000ff', '2026-11', [
			{ period: period('0190a2c4-0000-7000-8000-000000000001', 'TE-palvelut'), participant: 'Öhman Ella', marks: [mark('2026-11-02'), mark('2026-11-03')] },
			{ period: period('0190a2c4-0000-7000-8000-000000000002', null), participant: 'Aalto Aapo', marks: [mark('2026-11-02')] },
			{ period: period('0190a2c4-0000-7000-8000-000000000003', 'Kaupungin sosiaalipalvelut', { expenseCompensationCents: null }), participant: 'Berg Bo', marks: [] },
			{ period: period('0190a2c4-0000-7000-8000-000000000004', 'TE-palvelut'), participant: 'Ahonen Aino', marks: [mark('2026-11-02', { hours: 4 })] },
			{
				period: period('0190a2c4-0000-7000-8000-000000000005', 'TE-palvelut', { startDate: '2026-09-01', endDate: '2026-10-31', contractStart: '2026-09-01' }),
				participant: 'Ended Before',
				marks: []
			}
		]);
		expect(summary.rows.map((r) => [r.payer, r.participant])).toEqual([
			['Kaupungin sosiaalipalvelut', 'Berg Bo'],
			['TE-palvelut', 'Ahonen Aino'],
			['TE-palvelut', 'Öhman Ella'],
			[null, 'Aalto Aapo']
		]);
		const ella = summary.rows.find((r) => r.participant === 'Öhman Ella')!;
		// November 2026 from the 2nd (period start): 21 weekdays.
		expect(ella).toMatchObject({ contractDays: 21, contractHours: 126, daysPresent: 2, hoursPresent: 12, unmarkedDays: 19, expenseCompensationCents: 1800 });
		expect(summary.rows.find((r) => r.participant === 'Berg Bo')!.expenseCompensationCents).toBeNull();
		expect(summary.payers).toEqual([
			{ payer: 'Kaupungin sosiaalipalvelut', participants: 1, daysPresent: 0, hoursPresent: 0, contractDays: 21, expenseCompensationCents: 0 },
			{ payer: 'TE-palvelut', participants: 2, daysPresent: 3, hoursPresent: 16, contractDays: 42, expenseCompensationCents: 2700 },
			{ payer: null, participants: 1, daysPresent: 1, hoursPresent: 6, contractDays: 21, expenseCompensationCents: 900 }
		]);
	});
});

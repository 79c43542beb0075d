/**
 * Attendance rules shared by the tablet (roll-call offline), the server (push checks, summaries, the
 * report's figures) and the exports, so every place counts a month the same way.
 *
 * Dates are ISO calendar dates (YYYY-MM-DD) in Finnish time; a workshop day is a Helsinki day.
 */
import type { AbsenceReason } from '../codes/workshop-codes';
import type { AttendanceMark, AttendanceSummary, AttendanceSummaryRow, CoachingPeriodFields } from '../schemas/workshop';

const helsinkiDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Helsinki', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar date in Helsinki at `at`. */
export function helsinkiDate(at: Date): string {
	return helsinkiDay.format(at);
}

/** ISO weekday of a date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
	const day = new Date(`${date}T12:00:00Z`).getUTCDay();
	return day === 0 ? 7 : day;
}

export function addDays(date: string, days: number): string {
	const d = new Date(`${date}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
	const out: string[] = [];
	for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
	return out;
}

/** First and last day of a `YYYY-MM` month. */
export function monthRange(month: string): { from: string; to: string } {
	const [y, m] = month.split('-').map(Number) as [number, number];
	const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
	return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

/**
 * The id of the attendance mark of `periodId` on `date`: a UUID (version 8, RFC 9562) derived from both,
 * so every device names the same mark alike and two tablets' marks meet on the server as one record.
 * FNV-1a 128-bit: not a secret, only a stable name; the server also keeps (period, date) unique.
 */
export function attendanceMarkId(periodId: string, date: string): string {
	const prime = 0x0000000001000000000000000000013bn;
	const mask = (1n << 128n) - 1n;
	let hash = 0x6c62272e07bb014262b821756295c58dn;
	for (const byte of new TextEncoder().encode(`polku-attendance|${periodId.toLowerCase()}|${date}`)) {
		hash ^= BigInt(byte);
		hash = (hash * prime) & mask;
	}
	const hex = hash.toString(16).padStart(32, '0').split('');
	hex[12] = '8';
	hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
	const h = hex.join('');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

type PeriodDates = Pick<CoachingPeriodFields, 'startDate' | 'endDate'>;
type Contract = Pick<CoachingPeriodFields, 'contractStart' | 'contractEnd' | 'weekdays' | 'daysPerWeek' | 'hoursPerDay'>;

/** The day lies within the period (its start … its end, or open). Marks outside it are refused. */
export function withinPeriod(period: PeriodDates, date: string): boolean {
	return date >= period.startDate && (period.endDate === null || date <= period.endDate);
}

/** The contract covers the day: within its dates and on one of its weekdays. Other days need a reason. */
export function contractCovers(contract: Contract, date: string): boolean {
	return date >= contract.contractStart && (contract.contractEnd === null || date <= contract.contractEnd) && contract.weekdays.includes(isoWeekday(date));
}

/** Expected at roll-call on `date`: within the period and covered by the contract. */
export function expectedOn(period: PeriodDates & Contract, date: string): boolean {
	return withinPeriod(period, date) && contractCovers(period, date);
}

/**
 * The contract days from `from` to `to` (both included) within the period. When the contract names
 * more weekdays than `daysPerWeek` (e.g. "three days a week, Monday to Friday"), each ISO week counts
 * at most `daysPerWeek` of them.
 */
export function contractDays(period: PeriodDates & Contract, from: string, to: string): string[] {
	const days = datesBetween(from, to).filter((d) => expectedOn(period, d));
	if (period.weekdays.length <= period.daysPerWeek) return days;
	const perWeek = new Map<string, number>();
	return days.filter((d) => {
		const monday = addDays(d, 1 - isoWeekday(d));
		const n = perWeek.get(monday) ?? 0;
		perWeek.set(monday, n + 1);
		return n < period.daysPerWeek;
	});
}

export type MarkFigures = Pick<AttendanceMark, 'date' | 'status' | 'absenceReason' | 'hours' | 'deletedAt'>;

export interface AttendanceFigures {
	contractDays: number;
	contractHours: number;
	daysPresent: number;
	hoursPresent: number;
	absences: Record<AbsenceReason, number>;
	unmarkedDays: number;
	extraDays: number;
}

/** A period's attendance from `from` to `to` (both included): the figures of the summary and the reports. */
export function attendanceFigures(period: PeriodDates & Contract, marks: readonly MarkFigures[], from: string, to: string): AttendanceFigures {
	const expected = contractDays(period, from, to);
	const live = marks.filter((m) => m.deletedAt === null && m.date >= from && m.date <= to && withinPeriod(period, m.date));
	const marked = new Set(live.map((m) => m.date));
	const absences: Record<AbsenceReason, number> = { sick: 0, authorised: 0, unauthorised: 0, other: 0 };
	let daysPresent = 0;
	let hoursPresent = 0;
	let extraDays = 0;
	const expectedSet = new Set(expected);
	for (const m of live) {
		if (m.status === 'present') {
			daysPresent += 1;
			hoursPresent += m.hours ?? 0;
			if (!expectedSet.has(m.date)) extraDays += 1;
		} else if (m.absenceReason) {
			absences[m.absenceReason] += 1;
		}
	}
	return {
		contractDays: expected.length,
		contractHours: expected.length * period.hoursPerDay,
		daysPresent,
		hoursPresent,
		absences,
		unmarkedDays: expected.filter((d) => !marked.has(d)).length,
		extraDays
	};
}

export interface SummaryInput {
	period: PeriodDates & Contract & Pick<CoachingPeriodFields, 'type' | 'payingOrganisation' | 'expenseCompensationCents'> & { id: string; clientId: string };
	participant: string;
	marks: readonly MarkFigures[];
}

/**
 * The month's summary of a workshop: one row per period that overlaps the month, grouped by payer
 * (null last, then by name), participants by name; and a total per payer.
 */
export function attendanceSummary(unitId: string, month: string, inputs: readonly SummaryInput[], locale = 'fi'): AttendanceSummary {
	const { from, to } = monthRange(month);
	const overlapping = inputs.filter(({ period }) => period.startDate <= to && (period.endDate === null || period.endDate >= from));
	const rows: AttendanceSummaryRow[] = overlapping.map(({ period, participant, marks }) => {
		const f = attendanceFigures(period, marks, from, to);
		return {
			periodId: period.id,
			clientId: period.clientId,
			participant,
			periodType: period.type,
			payer: period.payingOrganisation,
			...f,
			expenseCompensationCents: period.expenseCompensationCents === null ? null : f.daysPresent * period.expenseCompensationCents
		};
	});
	const collator = new Intl.Collator(locale);
	rows.sort((a, b) => {
		if (a.payer !== b.payer) {
			if (a.payer === null) return 1;
			if (b.payer === null) return -1;
			return collator.compare(a.payer, b.payer);
		}
		return collator.compare(a.participant, b.participant) || a.periodId.localeCompare(b.periodId);
	});
	const payers: AttendanceSummary['payers'] = [];
	for (const row of rows) {
		let total = payers.find((p) => p.payer === row.payer);
		if (!total) {
			total = { payer: row.payer, participants: 0, daysPresent: 0, hoursPresent: 0, contractDays: 0, expenseCompensationCents: 0 };
			payers.push(total);
		}
		total.participants += 1;
		total.daysPresent += row.daysPresent;
		total.hoursPresent += row.hoursPresent;
		total.contractDays += row.contractDays;
		total.expenseCompensationCents += row.expenseCompensationCents ?? 0;
	}
	return { unitId, month, rows, payers };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StatisticsSection } from '../schemas/statistics';
import { DIMENSIONS, WORKSHOP_REPORT, YOUTH_WORK_REPORT, type ReportDefinition } from './definitions';
import { ageGroupOf, ageOn, computeReport, countReport, lengthBandOf, wholeMonths, type CountedSection } from './engine';
import { EMPTY_ATTENDANCE, type ReportFacts, type StatClient, type StatPeriod } from './facts';

const JAN_APR = { from: '2026-01-01', to: '2026-04-30' };
const JAN_AUG = { from: '2026-01-01', to: '2026-08-31' };

function client(id: string, fields: Partial<StatClient>): StatClient {
	return {
		id,
		unitId: 'unit-1',
		gender: 'unknown',
		birthDate: null,
		birthYear: null,
		motherTongue: null,
		referralSource: null,
		mainActivityAtStart: null,
		startDate: null,
		endDate: null,
		placementAtEnd: null,
		services: [],
		...fields
	};
}

/**
 * The youth-work fixture. Ages are at the relationship's start; lengths in whole calendar months.
 *
 * | id | start      | end        | gender  | born            | age | tongue | activity   | referral  | placement | length      |
 * | A  | 2025-06-10 | –          | female  | 2007-06-10      | 18* | fi     | unemployed | self      |           |             |
 * | B  | 2026-04-30 | –          | male    | year 2010 (1.7.)| 15  | sv     | student    | kela      |           |             |
 * | C  | 2025-11-01 | 2026-05-01 | female  | 2004-05-01      | 21  | ru→other| –         | –         | degree    | 6 → 6-12m   |
 * | D  | 2025-03-01 | 2025-12-31 | (ended the day before the window: never counted in 2026)                               |
 * | E  | 2026-05-01 | –          | other   | –               | –   | se     | inactive   | typ       |           |             |
 * | F  | –          | –          | (no start date: never counted)                                                         |
 * | G  | 2023-12-15 | 2026-01-01 | unknown | 1995-01-01      | 28  | –      | employed   | local→other| –        | 24 → 2y-plus|
 * | H  | 2026-02-10 | 2026-02-20 | male    | 1990-03-03      | 35  | fi     | unemployed | kela      | open      | 0 → under-1m|
 * | I  | 2026-01-31 | 2026-02-28 | female  | 2010-01-31      | 16* | ar→other| student   | self      | open      | 1 → 1-3m    |
 * | J  | 2023-05-05 | 2026-04-30 | female  | 2002-12-24      | 20  | fi     | unemployed | employment| degree    | 35 → 2y-plus|
 * (* birthday on the start date: counted as turned — A is 18, not 17; I is 16, not 15.)
 * Services: A individual-guidance from 2025-06-10; C job-search in 2025 and study-guidance
 * 2026-03-01…05-01; E group-activity from 2026-05-02; G individual-guidance twice (to 2026-01-01 and
 * from 2025-01-01) and housing-support in 2023; I study-guidance; J workshop to 2026-04-30.
 */
const CLIENTS: StatClient[] = [
	client('A', {
		gender: 'female',
		birthDate: '2007-06-10',
		motherTongue: 'fi',
		referralSource: 'self',
		mainActivityAtStart: 'unemployed',
		startDate: '2025-06-10',
		services: [{ type: 'individual-guidance', startDate: '2025-06-10', endDate: null }]
	}),
	client('B', { gender: 'male', birthYear: 2010, motherTongue: 'sv', referralSource: 'kela', mainActivityAtStart: 'student', startDate: '2026-04-30' }),
	client('C', {
		gender: 'female',
		birthDate: '2004-05-01',
		motherTongue: 'ru',
		startDate: '2025-11-01',
		endDate: '2026-05-01',
		placementAtEnd: 'degree-education',
		services: [
			{ type: 'job-search', startDate: '2025-11-01', endDate: '2025-12-31' },
			{ type: 'study-guidance', startDate: '2026-03-01', endDate: '2026-05-01' }
		]
	}),
	client('D', {
		gender: 'male',
		birthDate: '2000-01-01',
		motherTongue: 'fi',
		startDate: '2025-03-01',
		endDate: '2025-12-31',
		placementAtEnd: 'workshop',
		services: [{ type: 'workshop', startDate: '2025-03-01', endDate: null }]
	}),
	client('E', {
		gender: 'other',
		motherTongue: 'se',
		referralSource: 'typ',
		mainActivityAtStart: 'inactive',
		startDate: '2026-05-01',
		services: [{ type: 'group-activity', startDate: '2026-05-02', endDate: null }]
	}),
	client('F', { gender: 'female', birthDate: '2005-01-01', motherTongue: 'fi' }),
	client('G', {
		gender: 'unknown',
		birthDate: '1995-01-01',
		referralSource: 'local-youth-centre',
		mainActivityAtStart: 'employed',
		startDate: '2023-12-15',
		endDate: '2026-01-01',
		services: [
			{ type: 'individual-guidance', startDate: '2023-12-15', endDate: '2026-01-01' },
			{ type: 'individual-guidance', startDate: '2025-01-01', endDate: null },
			{ type: 'housing-support', startDate: '2023-01-01', endDate: '2023-12-31' }
		]
	}),
	client('H', {
		gender: 'male',
		birthDate: '1990-03-03',
		motherTongue: 'fi',
		referralSource: 'kela',
		mainActivityAtStart: 'unemployed',
		startDate: '2026-02-10',
		endDate: '2026-02-20',
		placementAtEnd: 'open-labour-market'
	}),
	client('I', {
		gender: 'female',
		birthDate: '2010-01-31',
		motherTongue: 'ar',
		referralSource: 'self',
		mainActivityAtStart: 'student',
		startDate: '2026-01-31',
		endDate: '2026-02-28',
		placementAtEnd: 'open-labour-market',
		services: [{ type: 'study-guidance', startDate: '2026-01-31', endDate: '2026-02-28' }]
	}),
	client('J', {
		gender: 'female',
		birthDate: '2002-12-24',
		motherTongue: 'fi',
		referralSource: 'employment-services',
		mainActivityAtStart: 'unemployed',
		startDate: '2023-05-05',
		endDate: '2026-04-30',
		placementAtEnd: 'degree-education',
		services: [{ type: 'workshop', startDate: '2023-05-05', endDate: '2026-04-30' }]
	})
];

/** Pre-aggregated as the server sends them; `bogus` and `xx` are codes outside the lists. */
const YOUTH_FACTS = {
	clients: CLIENTS,
	encounters: [
		{ channel: 'street', subject: 'client', count: 10 },
		{ channel: 'street', subject: 'anonymous', count: 4 },
		{ channel: 'phone', subject: 'client', count: 6 },
		{ channel: 'bogus', subject: 'none', count: 1 }
	],
	anonymousContacts: [
		{ gender: 'female', count: 3 },
		{ gender: 'male', count: 1 },
		{ gender: 'xx', count: 2 }
	],
	staff: [
		{ role: 'outreach-worker', count: 3 },
		{ role: 'supervisor', count: 1 }
	],
	periods: [],
	attendance: EMPTY_ATTENDANCE
} satisfies Omit<ReportFacts, 'from' | 'to'>;

/** A section's non-zero rows as { code: value }, and its total. */
function figures(section: CountedSection | undefined): { total: number; rows: Record<string, number> } {
	if (!section) throw new Error('no such section');
	return { total: section.total, rows: Object.fromEntries(section.rows.filter((r) => r.value !== 0).map((r) => [r.code, r.value])) };
}

function sectionOf(sections: CountedSection[], id: string): CountedSection | undefined {
	return sections.find((s) => s.id === id);
}

/** A computed section as { code: value or state }, zeros left out. */
function cells(sections: StatisticsSection[], id: string): Record<string, number | string> {
	const section = sections.find((s) => s.id === id);
	if (!section) throw new Error(`no section ${id}`);
	const show = (cell: StatisticsSection['total']) => (cell.state === 'shown' ? cell.value! : cell.state);
	return {
		total: show(section.total),
		...Object.fromEntries(section.rows.filter((r) => r.cell.value !== 0).map((r) => [r.code, show(r.cell)]))
	};
}

/** A section beside a small total: its total's state and the one state all its rows share. */
function smallSection(sections: StatisticsSection[], id: string): { total: string; rows: string[] } {
	const section = sections.find((s) => s.id === id)!;
	return { total: section.total.state, rows: [...new Set(section.rows.map((r) => r.cell.state))] };
}

describe('countReport: youth work', () => {
	const janApr = countReport(YOUTH_WORK_REPORT, { ...JAN_APR, ...YOUTH_FACTS });
	const janAug = countReport(YOUTH_WORK_REPORT, { ...JAN_APR, ...YOUTH_FACTS, ...JAN_AUG });
	const apr = (id: string) => figures(sectionOf(janApr.sections, id));
	const aug = (id: string) => figures(sectionOf(janAug.sections, id));

	it('counts the relationships overlapping Jan–Apr: A B C G H I J (not D, E, F)', () => {
		// B starts on 30 April (the last day): new. C ends on 1 May: still continuing. G ends on 1 January.
		expect(apr('status')).toEqual({ total: 7, rows: { new: 3, continuing: 4 } });
		expect(apr('gender')).toEqual({ total: 7, rows: { female: 4, male: 2, unknown: 1 } });
		// A and I have their birthday on the start date: 18 (not 17) and 16 (not 15).
		expect(apr('age')).toEqual({ total: 7, rows: { 'under-16': 1, '16-17': 1, '18-20': 2, '21-24': 1, '25-29': 1, '30-plus': 1 } });
		expect(apr('mother-tongue')).toEqual({ total: 7, rows: { fi: 3, sv: 1, other: 2, unknown: 1 } });
		expect(apr('main-activity')).toEqual({ total: 7, rows: { unemployed: 3, student: 2, employed: 1, unknown: 1 } });
		// G's local code outside the list counts as `other`; C's missing referral as `unknown`.
		expect(apr('referral')).toEqual({ total: 7, rows: { self: 2, kela: 2, 'employment-services': 1, other: 1, unknown: 1 } });
		// G's two individual-guidance services count once; G's first overlaps by one day (1 January);
		// C's job-search ended in 2025; B and H have none.
		expect(apr('services')).toEqual({ total: 7, rows: { 'individual-guidance': 2, 'study-guidance': 2, workshop: 1, none: 2 } });
	});

	it('counts the relationships that ended in Jan–Apr: G H I J (C ends on 1 May)', () => {
		expect(apr('placement')).toEqual({ total: 4, rows: { 'open-labour-market': 2, 'degree-education': 1, unknown: 1 } });
		// G 2023-12-15…2026-01-01: 24 months; H 10 days; I 31 Jan…28 Feb: one whole month; J: 35 months.
		expect(apr('length')).toEqual({ total: 4, rows: { 'under-1m': 1, '1-3m': 1, '2y-plus': 2 } });
	});

	it('adds E (starts 1 May) and ends C (1 May) in Jan–Aug', () => {
		expect(aug('status')).toEqual({ total: 8, rows: { new: 4, continuing: 4 } });
		expect(aug('gender')).toEqual({ total: 8, rows: { female: 4, male: 2, other: 1, unknown: 1 } });
		expect(aug('age')).toEqual({ total: 8, rows: { 'under-16': 1, '16-17': 1, '18-20': 2, '21-24': 1, '25-29': 1, '30-plus': 1, unknown: 1 } });
		expect(aug('mother-tongue')).toEqual({ total: 8, rows: { fi: 3, sv: 1, se: 1, other: 2, unknown: 1 } });
		expect(aug('main-activity')).toEqual({ total: 8, rows: { unemployed: 3, student: 2, employed: 1, inactive: 1, unknown: 1 } });
		expect(aug('referral')).toEqual({ total: 8, rows: { self: 2, kela: 2, typ: 1, 'employment-services': 1, other: 1, unknown: 1 } });
		expect(aug('services')).toEqual({ total: 8, rows: { 'individual-guidance': 2, 'study-guidance': 2, 'group-activity': 1, workshop: 1, none: 2 } });
		expect(aug('placement')).toEqual({ total: 5, rows: { 'open-labour-market': 2, 'degree-education': 2, unknown: 1 } });
		// C 2025-11-01…2026-05-01: six whole months.
		expect(aug('length')).toEqual({ total: 5, rows: { 'under-1m': 1, '1-3m': 1, '6-12m': 1, '2y-plus': 2 } });
	});

	it('counts the pre-aggregated encounters, anonymous contacts and staff', () => {
		// xx is not a gender code: counted as `other`. bogus is not a channel: `other`.
		expect(apr('anonymous')).toEqual({ total: 6, rows: { female: 3, male: 1, other: 2 } });
		expect(apr('encounter-channel')).toEqual({ total: 21, rows: { street: 14, phone: 6, other: 1 } });
		expect(apr('encounter-subject')).toEqual({ total: 21, rows: { client: 16, anonymous: 4, none: 1 } });
		expect(apr('staff')).toEqual({ total: 4, rows: { 'outreach-worker': 3, supervisor: 1 } });
	});

	it('lists every category of every section in the definition order', () => {
		YOUTH_WORK_REPORT.sections.forEach((section, i) => {
			expect(janApr.sections[i]?.id).toBe(section.id);
			expect(janApr.sections[i]?.rows.map((r) => r.code)).toEqual(DIMENSIONS[section.dimension].categories.map((c) => c.code));
		});
	});

	it('names quantities pop:<population> and <section>:<code>, with one equation per single-category section', () => {
		expect(janApr.values['pop:clients']).toBe(7);
		expect(janApr.values['pop:clients-ended']).toBe(4);
		expect(janApr.values['gender:female']).toBe(4);
		expect(janApr.values['services:none']).toBe(2);
		expect(janApr.equations.map((e) => e.total)).toEqual([
			'pop:clients',
			'pop:clients',
			'pop:clients',
			'pop:clients',
			'pop:clients',
			'pop:clients',
			'pop:clients-ended',
			'pop:clients-ended',
			'pop:anonymous-contacts',
			'pop:encounters',
			'pop:encounters'
		]);
		expect(janApr.equations[0]?.parts).toEqual(['status:new', 'status:continuing']);
		expect([...janApr.exempt].sort()).toEqual(['pop:staff', 'staff:admin', 'staff:coach', 'staff:outreach-worker', 'staff:supervisor']);
	});
});

describe('computeReport: youth work', () => {
	it('suppresses Jan–Apr at threshold 5 (figures worked out by hand)', () => {
		const report = computeReport(YOUTH_WORK_REPORT, { ...JAN_APR, ...YOUTH_FACTS }, { threshold: 5 });
		// 7 clients: every non-zero row is under 5 and every section has two or more of them, so no
		// row can be pinned (e.g. new + continuing = 7 with both in 1…4 leaves 3…4 each).
		expect(cells(report, 'status')).toEqual({ total: 7, new: 'primary', continuing: 'primary' });
		expect(cells(report, 'gender')).toEqual({ total: 7, female: 'primary', male: 'primary', unknown: 'primary' });
		expect(cells(report, 'services')).toEqual({ total: 7, 'individual-guidance': 'primary', 'study-guidance': 'primary', workshop: 'primary', none: 'primary' });
		// 4 ended ("<5"): beside a small total every row reads "<5", zeros too, so each row is 0…4.
		expect(smallSection(report, 'placement')).toEqual({ total: 'primary', rows: ['primary'] });
		expect(smallSection(report, 'length')).toEqual({ total: 'primary', rows: ['primary'] });
		expect(cells(report, 'anonymous')).toEqual({ total: 6, female: 'primary', male: 'primary', other: 'primary' });
		// 21 = 14 + 6 + other: other = 1 would follow, so the smallest shown part (phone 6) is hidden:
		// other + phone = 7 leaves other 1…2. By subject, anonymous + none = 5 leaves each 1…4.
		expect(cells(report, 'encounter-channel')).toEqual({ total: 21, street: 14, phone: 'complementary', other: 'primary' });
		expect(cells(report, 'encounter-subject')).toEqual({ total: 21, client: 16, anonymous: 'primary', none: 'primary' });
		// Staff is not suppressed.
		expect(cells(report, 'staff')).toEqual({ total: 4, 'outreach-worker': 3, supervisor: 1 });
	});

	it('never sends the value of a suppressed cell', () => {
		const report = computeReport(YOUTH_WORK_REPORT, { ...JAN_APR, ...YOUTH_FACTS }, { threshold: 5 });
		for (const section of report) {
			for (const cell of [section.total, ...section.rows.map((r) => r.cell)]) expect(cell.value === null).toBe(cell.state !== 'shown');
		}
	});

	it('shows everything at threshold 1', () => {
		const report = computeReport(YOUTH_WORK_REPORT, { ...JAN_APR, ...YOUTH_FACTS }, { threshold: 1 });
		expect(cells(report, 'placement')).toEqual({ total: 4, 'open-labour-market': 2, 'degree-education': 1, unknown: 1 });
		expect(cells(report, 'encounter-channel')).toEqual({ total: 21, street: 14, phone: 6, other: 1 });
	});
});

/**
 * The workshop fixture.
 * | period | client | type            | gender  | start      | end        | placement after |
 * | P1     | c1     | youth-workshop  | female  | 2025-09-01 | –          |                 |
 * | P2     | c1     | work-trial      | female  | 2026-02-01 | 2026-03-31 | open labour mkt |
 * | P3     | c2     | youth-workshop  | male    | 2026-04-30 | –          |                 |
 * | P4     | c3     | rehabilitative  | male    | 2025-01-01 | 2026-05-01 | workshop        |
 * | P5     | c4     | youth-workshop  | unknown | 2025-01-01 | 2025-12-31 | (before 2026)   |
 * | P6     | c5     | bogus → other   | female  | 2026-01-01 | 2026-01-01 | –               |
 * | P7     | c6     | pay-subsidised  | female  | 2026-05-01 | –          |                 |
 */
function period(id: string, clientId: string, type: string, gender: string, startDate: string, endDate: string | null, placementAfter: string | null = null): StatPeriod {
	return { id, clientId, unitId: 'unit-2', type, gender, startDate, endDate, placementAfter };
}

const PERIODS: StatPeriod[] = [
	period('P1', 'c1', 'youth-workshop', 'female', '2025-09-01', null),
	period('P2', 'c1', 'work-trial', 'female', '2026-02-01', '2026-03-31', 'open-labour-market'),
	period('P3', 'c2', 'youth-workshop', 'male', '2026-04-30', null),
	period('P4', 'c3', 'rehabilitative', 'male', '2025-01-01', '2026-05-01', 'workshop'),
	period('P5', 'c4', 'youth-workshop', 'unknown', '2025-01-01', '2025-12-31', 'not-placed'),
	period('P6', 'c5', 'bogus', 'female', '2026-01-01', '2026-01-01'),
	period('P7', 'c6', 'pay-subsidised', 'female', '2026-05-01', null)
];

const WORKSHOP_FACTS = {
	clients: [],
	encounters: [],
	anonymousContacts: [],
	staff: [],
	periods: PERIODS,
	// `weird` is not an absence reason: counted under `other`.
	attendance: { presentDays: 40, presentHours: 212.5, absentDays: { sick: 3, unauthorised: 2, weird: 1 } }
} satisfies Omit<ReportFacts, 'from' | 'to'>;

describe('countReport: workshop', () => {
	it('counts Jan–Apr: periods P1 P2 P3 P4 P6, participants c1 c2 c3 c5', () => {
		const counts = countReport(WORKSHOP_REPORT, { ...JAN_APR, ...WORKSHOP_FACTS });
		const of = (id: string) => figures(sectionOf(counts.sections, id));
		expect(of('periods')).toEqual({ total: 5, rows: { 'youth-workshop': 2, rehabilitative: 1, 'work-trial': 1, other: 1 } });
		// c1 had two periods (youth workshop and work trial): one participant, in both rows.
		expect(of('participants')).toEqual({ total: 4, rows: { 'youth-workshop': 2, rehabilitative: 1, 'work-trial': 1, other: 1 } });
		expect(of('participant-gender')).toEqual({ total: 4, rows: { female: 2, male: 2 } });
		// Days marked: 40 present + 3 + 2 + 1 absent = 46.
		expect(of('attendance')).toEqual({
			total: 46,
			rows: { 'present-days': 40, 'present-hours': 212.5, 'absent-sick': 3, 'absent-unauthorised': 2, 'absent-other': 1 }
		});
		// P2 ended 31 March, P6 on 1 January; P4 ends on 1 May.
		expect(of('period-placement')).toEqual({ total: 2, rows: { 'open-labour-market': 1, unknown: 1 } });
		expect(counts.exempt).toEqual(new Set(['pop:attendance', ...sectionOf(counts.sections, 'attendance')!.rows.map((r) => `attendance:${r.code}`)]));
	});

	it('counts Jan–Aug: P7 and c6 join, P4 ends', () => {
		const counts = countReport(WORKSHOP_REPORT, { ...JAN_AUG, ...WORKSHOP_FACTS });
		const of = (id: string) => figures(sectionOf(counts.sections, id));
		expect(of('periods')).toEqual({ total: 6, rows: { 'youth-workshop': 2, rehabilitative: 1, 'work-trial': 1, 'pay-subsidised': 1, other: 1 } });
		expect(of('participant-gender')).toEqual({ total: 5, rows: { female: 3, male: 2 } });
		expect(of('period-placement')).toEqual({ total: 3, rows: { 'open-labour-market': 1, workshop: 1, unknown: 1 } });
	});

	it('hides attendance wholly while the participants are under the threshold', () => {
		// 4 participants: under 5, so every attendance figure is hidden ("×": the group is small, not
		// the sum); at threshold 4 they are shown.
		const under = computeReport(WORKSHOP_REPORT, { ...JAN_APR, ...WORKSHOP_FACTS }, { threshold: 5 });
		const attendance = under.find((s) => s.id === 'attendance')!;
		expect([attendance.total, ...attendance.rows.map((r) => r.cell)].every((c) => c.state === 'complementary' && c.value === null)).toBe(true);
		const over = computeReport(WORKSHOP_REPORT, { ...JAN_APR, ...WORKSHOP_FACTS }, { threshold: 4 });
		expect(cells(over, 'attendance')).toEqual({
			total: 46,
			'present-days': 40,
			'present-hours': 212.5,
			'absent-sick': 3,
			'absent-unauthorised': 2,
			'absent-other': 1
		});
		// At threshold 4 the 4 participants are shown; female 2 + male 2 are "<4" and protect each other.
		expect(cells(over, 'participant-gender')).toEqual({ total: 4, female: 'primary', male: 'primary' });
		// 5 periods = 2 + 1 + 1 + 1, all "<4": no row can be pinned.
		expect(cells(over, 'periods')).toEqual({ total: 5, 'youth-workshop': 'primary', rehabilitative: 'primary', 'work-trial': 'primary', other: 'primary' });
	});

	it('shows attendance when there are no participants at all', () => {
		const report = computeReport(WORKSHOP_REPORT, { ...JAN_APR, ...WORKSHOP_FACTS, periods: [], attendance: EMPTY_ATTENDANCE }, { threshold: 5 });
		expect(cells(report, 'attendance')).toEqual({ total: 0 });
	});
});

describe('ageOn', () => {
	it('counts a birthday on the date as turned', () => {
		expect(ageOn('2008-04-30', null, '2026-04-30')).toBe(18);
		expect(ageOn('2008-04-30', null, '2026-04-29')).toBe(17);
		expect(ageOn('2008-04-30', null, '2026-05-01')).toBe(18);
	});

	it('takes 1 July of the birth year when only the year is known', () => {
		expect(ageOn(null, 2010, '2026-06-30')).toBe(15);
		expect(ageOn(null, 2010, '2026-07-01')).toBe(16);
		expect(ageOn('2010-03-01', 2010, '2026-06-30')).toBe(16);
	});

	it('has a 29 February birthday on 28 February in other years', () => {
		expect(ageOn('2008-02-29', null, '2026-02-27')).toBe(17);
		expect(ageOn('2008-02-29', null, '2026-02-28')).toBe(18);
		expect(ageOn('2008-02-29', null, '2028-02-28')).toBe(19);
		expect(ageOn('2008-02-29', null, '2028-02-29')).toBe(20);
	});

	it('is null when nothing is known of the birth', () => {
		expect(ageOn(null, null, '2026-01-01')).toBeNull();
	});
});

describe('ageGroupOf', () => {
	it('bands ages as the national collection does', () => {
		expect([0, 15, 16, 17, 18, 20, 21, 24, 25, 29, 30, 64].map(ageGroupOf)).toEqual([
			'under-16',
			'under-16',
			'16-17',
			'16-17',
			'18-20',
			'18-20',
			'21-24',
			'21-24',
			'25-29',
			'25-29',
			'30-plus',
			'30-plus'
		]);
	});

	it('puts no age, or a birth after the date, under unknown', () => {
		expect(ageGroupOf(null)).toBe('unknown');
		expect(ageGroupOf(-1)).toBe('unknown');
	});
});

describe('wholeMonths and lengthBandOf', () => {
	it('counts whole calendar months', () => {
		expect(wholeMonths('2026-01-15', '2026-02-14')).toBe(0);
		expect(wholeMonths('2026-01-15', '2026-02-15')).toBe(1);
		expect(wholeMonths('2026-01-31', '2026-02-27')).toBe(0);
		expect(wholeMonths('2026-01-31', '2026-02-28')).toBe(1);
		expect(wholeMonths('2024-01-31', '2024-02-28')).toBe(0);
		expect(wholeMonths('2024-01-31', '2024-02-29')).toBe(1);
		expect(wholeMonths('2025-12-15', '2026-01-01')).toBe(0);
		expect(wholeMonths('2023-12-15', '2026-01-01')).toBe(24);
		expect(wholeMonths('2026-03-01', '2026-03-01')).toBe(0);
		expect(wholeMonths('2026-03-01', '2026-01-01')).toBe(-2);
	});

	it('bands lengths at 1, 3, 6, 12 and 24 months', () => {
		expect(lengthBandOf('2026-01-10', '2026-02-09')).toBe('under-1m');
		expect(lengthBandOf('2026-01-10', '2026-02-10')).toBe('1-3m');
		expect(lengthBandOf('2026-01-10', '2026-04-09')).toBe('1-3m');
		expect(lengthBandOf('2026-01-10', '2026-04-10')).toBe('3-6m');
		expect(lengthBandOf('2026-01-10', '2026-07-10')).toBe('6-12m');
		expect(lengthBandOf('2026-01-10', '2027-01-09')).toBe('6-12m');
		expect(lengthBandOf('2026-01-10', '2027-01-10')).toBe('1-2y');
		expect(lengthBandOf('2026-01-10', '2028-01-10')).toBe('2y-plus');
	});

	it('is unknown without both dates or with the end before the start', () => {
		expect(lengthBandOf(null, '2026-01-01')).toBe('unknown');
		expect(lengthBandOf('2026-01-01', null)).toBe('unknown');
		expect(lengthBandOf('2026-02-01', '2026-01-01')).toBe('unknown');
	});
});

describe('countReport and computeReport (properties)', () => {
	const date = fc.integer({ min: 0, max: 4 * 365 }).map((d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));
	const code = (list: readonly string[]) => fc.option(fc.constantFrom(...list, 'not-a-code'), { nil: null });
	const clientArb = fc
		.record({
			gender: fc.constantFrom('female', 'male', 'other', 'unknown', 'xx'),
			birthDate: fc.option(date.map((d) => `${Number(d.slice(0, 4)) - 20}${d.slice(4)}`), { nil: null }),
			motherTongue: code(['fi', 'sv', 'se', 'ru', 'unknown']),
			referralSource: code(['self', 'kela', 'unknown']),
			mainActivityAtStart: code(['student', 'unemployed']),
			startDate: fc.option(date, { nil: null, freq: 8 }),
			length: fc.option(fc.nat({ max: 900 }), { nil: null }),
			placementAtEnd: code(['workshop', 'not-placed']),
			services: fc.array(fc.record({ type: fc.constantFrom('workshop', 'job-search', 'zzz'), startDate: date, endDate: fc.option(date, { nil: null }) }), { maxLength: 3 })
		})
		.map(({ length, ...c }) =>
			client('', {
				...c,
				endDate: c.startDate === null || length === null ? null : new Date(Date.parse(`${c.startDate}T00:00:00Z`) + length * 86_400_000).toISOString().slice(0, 10)
			})
		);
	const periodArb = fc
		.record({ client: fc.nat({ max: 15 }), type: fc.constantFrom('youth-workshop', 'work-trial', 'x'), gender: fc.constantFrom('female', 'male'), start: date, end: fc.option(date, { nil: null }) })
		.map((p) => period('', `c${p.client}`, p.type, p.gender, p.start, p.end !== null && p.end < p.start ? p.start : p.end));
	const factsArb = fc.record({
		window: fc.tuple(date, date).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })),
		clients: fc.array(clientArb, { maxLength: 40 }).map((cs) => cs.map((c, i) => ({ ...c, id: `c${i}` }))),
		periods: fc.array(periodArb, { maxLength: 30 }).map((ps) => ps.map((p, i) => ({ ...p, id: `p${i}` }))),
		encounters: fc.array(fc.record({ channel: fc.constantFrom('street', 'phone', '?'), subject: fc.constantFrom('client', 'anonymous', 'none' as const), count: fc.nat({ max: 30 }) }), {
			maxLength: 5
		}),
		threshold: fc.integer({ min: 1, max: 7 })
	});
	const reports: ReportDefinition[] = [YOUTH_WORK_REPORT, WORKSHOP_REPORT];

	it('adds every single-category section up to its total, and hides without leaking values', () => {
		fc.assert(
			fc.property(factsArb, fc.constantFrom(...reports), ({ window, clients, periods, encounters, threshold }, def) => {
				const facts: ReportFacts = { ...window, clients, periods, encounters, anonymousContacts: [], staff: [], attendance: EMPTY_ATTENDANCE };
				const counts = countReport(def, facts);
				def.sections.forEach((section, i) => {
					const counted = counts.sections[i]!;
					const sum = counted.rows.reduce((a, r) => a + r.value, 0);
					if (section.multi) counted.rows.forEach((r) => expect(r.value).toBeLessThanOrEqual(counted.total));
					else expect(sum).toBe(counted.total);
				});
				const report = computeReport(def, facts, { threshold });
				report.forEach((section, i) => {
					const counted = counts.sections[i]!;
					const quiet = def.sections[i]!.suppress === false || def.sections[i]!.basis !== undefined;
					[...section.rows.map((r, j) => [r.cell, counted.rows[j]!.value] as const), [section.total, counted.total] as const].forEach(([cell, value]) => {
						if (cell.state === 'shown') {
							expect(cell.value).toBe(value);
							if (!quiet) expect(value === 0 || value >= threshold).toBe(true);
						} else expect(cell.value).toBeNull();
					});
				});
			}),
			{ numRuns: 200 }
		);
	});

	it('counts a client only once per population however many services they have', () => {
		fc.assert(
			fc.property(factsArb, ({ window, clients }) => {
				const facts: ReportFacts = { ...window, clients, periods: [], encounters: [], anonymousContacts: [], staff: [], attendance: EMPTY_ATTENDANCE };
				const expected = clients.filter((c) => c.startDate !== null && c.startDate <= window.to && (c.endDate === null || c.endDate >= window.from)).length;
				expect(countReport(YOUTH_WORK_REPORT, facts).values['pop:clients']).toBe(expected);
			})
		);
	});
});

describe('countReport', () => {
	it('refuses a section it has no counting rule for', () => {
		const def: ReportDefinition = {
			...YOUTH_WORK_REPORT,
			sections: [{ id: 'x', population: 'encounters', dimension: 'gender', labels: { fi: 'x', sv: 'x', en: 'x' } }]
		};
		expect(() => countReport(def, { ...JAN_APR, ...YOUTH_FACTS })).toThrow(/encounters by gender/);
	});
});

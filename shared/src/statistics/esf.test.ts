import { describe, expect, it } from 'vitest';
import type { StatisticsSection } from '../schemas/statistics';
import { DIMENSIONS, ESF_REPORT, reportDefinition } from './definitions';
import { combineEsfParticipations, computeReport, countReport, type CountedSection } from './engine';
import { EMPTY_ATTENDANCE, type ReportFacts, type StatEsfParticipation } from './facts';

const JAN_APR = { from: '2026-01-01', to: '2026-04-30' };
const JAN_AUG = { from: '2026-01-01', to: '2026-08-31' };

function participation(id: string, clientId: string, fields: Partial<StatEsfParticipation>): StatEsfParticipation {
	return {
		id,
		clientId,
		unitId: 'unit-1',
		projectCode: 'S30794',
		gender: 'unknown',
		birthDate: null,
		birthYear: null,
		startDate: '2026-01-01',
		endDate: null,
		employmentStatusAtStart: null,
		educationAtStart: null,
		disadvantages: [],
		disadvantageDeclined: false,
		employmentStatusAtEnd: null,
		qualificationGained: null,
		...fields
	};
}

/**
 * The ESF fixture (project S30794 unless noted). Ages at the participation's start.
 *
 * | id  | client | gender  | born        | start      | end        | age | status at start | ISCED | disadvantages          | end status    | qual. |
 * | P1  | a      | female  | 2008-03-02  | 2026-03-02 | –          | 18* | unemployed      | 0-2   | disability, foreign bg |               |       |
 * | P2a | b      | male    | 1990-05-05  | 2025-09-01 | 2025-12-15 | 35  | long-term unemp.| 3-4   | –                      | job-searching | no    |
 * | P2b | b      | male    | 1990-05-05  | 2026-02-01 | 2026-04-15 |     | employed        | 5-8   | –                      | employed      | yes   |
 * | P3  | c      | other   | year 1968   | 2026-01-10 | 2026-05-01 | 57  | inactive        | –     | (declined)             | education     | unkn. |
 * | P4  | d      | unknown | –           | 2026-04-30 | –          | –   | in education    | 0-2   | homeless, rural        |               |       |
 * | P5  | e      | female  | 2010-06-01  | 2025-01-01 | 2025-12-31 | (ended before 2026: never counted)                                            |
 * | P6  | a      | female  | 2008-03-02  | 2026-02-01 | 2026-03-31 | 17  | unemployed      | 0-2   | –                      | –             | –     |  project T12345
 * | P7  | f      | male    | 2007-12-31  | 2026-06-01 | 2026-08-31 | 18  | employed        | 3-4   | third-country, minority| self-employed | yes   |
 * (* birthday on the start date: 18, not 17.)
 * Client b was in S30794 twice: one participant, with the start of P2a (long-term unemployed, ISCED
 * 3–4, 35 years) and the end of P2b (employed, qualification yes). P6 is client a in another project:
 * a participant of its own, except when the report is limited to S30794.
 */
const ROWS: StatEsfParticipation[] = [
	participation('P1', 'a', {
		gender: 'female',
		birthDate: '2008-03-02',
		startDate: '2026-03-02',
		employmentStatusAtStart: 'unemployed',
		educationAtStart: '0-2',
		disadvantages: ['disability', 'foreign-background']
	}),
	participation('P2b', 'b', {
		gender: 'male',
		birthDate: '1990-05-05',
		startDate: '2026-02-01',
		endDate: '2026-04-15',
		employmentStatusAtStart: 'employed',
		educationAtStart: '5-8',
		employmentStatusAtEnd: 'employed',
		qualificationGained: 'yes'
	}),
	participation('P2a', 'b', {
		gender: 'male',
		birthDate: '1990-05-05',
		startDate: '2025-09-01',
		endDate: '2025-12-15',
		employmentStatusAtStart: 'long-term-unemployed',
		educationAtStart: '3-4',
		employmentStatusAtEnd: 'job-searching',
		qualificationGained: 'no'
	}),
	participation('P3', 'c', {
		gender: 'other',
		birthYear: 1968,
		startDate: '2026-01-10',
		endDate: '2026-05-01',
		employmentStatusAtStart: 'inactive',
		educationAtStart: 'unknown',
		disadvantageDeclined: true,
		employmentStatusAtEnd: 'education',
		qualificationGained: 'unknown'
	}),
	participation('P4', 'd', { startDate: '2026-04-30', employmentStatusAtStart: 'inactive-in-education', educationAtStart: '0-2', disadvantages: ['homeless', 'rural'] }),
	participation('P5', 'e', { gender: 'female', birthDate: '2010-06-01', startDate: '2025-01-01', endDate: '2025-12-31', employmentStatusAtStart: 'unemployed', educationAtStart: '0-2' }),
	participation('P6', 'a', {
		projectCode: 'T12345',
		gender: 'female',
		birthDate: '2008-03-02',
		startDate: '2026-02-01',
		endDate: '2026-03-31',
		employmentStatusAtStart: 'unemployed',
		educationAtStart: '0-2'
	}),
	participation('P7', 'f', {
		gender: 'male',
		birthDate: '2007-12-31',
		startDate: '2026-06-01',
		endDate: '2026-08-31',
		employmentStatusAtStart: 'employed',
		educationAtStart: '3-4',
		disadvantages: ['third-country-national', 'minority'],
		employmentStatusAtEnd: 'self-employed',
		qualificationGained: 'yes'
	})
];

const FACTS = {
	clients: [],
	encounters: [],
	anonymousContacts: [],
	staff: [],
	periods: [],
	attendance: EMPTY_ATTENDANCE,
	esfParticipations: ROWS
} satisfies Omit<ReportFacts, 'from' | 'to'>;

/** A section's non-zero rows as { code: value }, and its total. */
function figures(sections: CountedSection[], id: string): { total: number; rows: Record<string, number> } {
	const section = sections.find((s) => s.id === id);
	if (!section) throw new Error(`no section ${id}`);
	return { total: section.total, rows: Object.fromEntries(section.rows.filter((r) => r.value !== 0).map((r) => [r.code, r.value])) };
}

describe('combineEsfParticipations', () => {
	it('makes one participant of a client’s records in one project: first start, last end', () => {
		const combined = combineEsfParticipations(ROWS.filter((r) => r.clientId === 'b'));
		expect(combined).toEqual([
			expect.objectContaining({
				id: 'P2a',
				startDate: '2025-09-01',
				employmentStatusAtStart: 'long-term-unemployed',
				educationAtStart: '3-4',
				endDate: '2026-04-15',
				employmentStatusAtEnd: 'employed',
				qualificationGained: 'yes'
			})
		]);
		// The same whatever the order of the rows.
		expect(combineEsfParticipations(ROWS.filter((r) => r.clientId === 'b').reverse())).toEqual(combined);
	});

	it('stays open when any record is open, and keeps projects apart', () => {
		const open = participation('Q2', 'b', { startDate: '2026-01-01' });
		expect(combineEsfParticipations([...ROWS.filter((r) => r.clientId === 'b'), open])).toEqual([
			expect.objectContaining({ id: 'P2a', endDate: null, employmentStatusAtEnd: null, qualificationGained: null })
		]);
		expect(combineEsfParticipations(ROWS.filter((r) => r.clientId === 'a')).map((p) => p.id)).toEqual(['P1', 'P6']);
	});
});

describe('countReport: ESF', () => {
	it('counts the participants of Jan–Apr in every project: P1 P2 P3 P4 P6 (client b once)', () => {
		const { sections } = countReport(ESF_REPORT, { ...JAN_APR, ...FACTS });
		expect(figures(sections, 'esf-gender')).toEqual({ total: 5, rows: { female: 2, male: 1, other: 1, unknown: 1 } });
		// P1 turns 18 on her start date; P6 (same client, earlier start) is 17; P3 born 1.7.1968 is 57.
		expect(figures(sections, 'esf-age')).toEqual({ total: 5, rows: { 'under-18': 1, '18-29': 1, '30-54': 1, '55-plus': 1, unknown: 1 } });
		// Client b counts with the start of P2a (long-term unemployed), not P2b's (employed).
		expect(figures(sections, 'esf-employment')).toEqual({ total: 5, rows: { unemployed: 2, 'long-term-unemployed': 1, inactive: 1, 'inactive-in-education': 1 } });
		expect(figures(sections, 'esf-education')).toEqual({ total: 5, rows: { '0-2': 3, '3-4': 1, unknown: 1 } });
		// P4 starts on 30 April, the window's last day. Several disadvantages count once each.
		expect(figures(sections, 'esf-disadvantage')).toEqual({
			total: 5,
			rows: { disability: 1, 'foreign-background': 1, homeless: 1, rural: 1, none: 2, declined: 1 }
		});
		// Leavers: P2 (its last end, 15 April) and P6; P3 ends on 1 May.
		expect(figures(sections, 'esf-end-status')).toEqual({ total: 2, rows: { employed: 1, unknown: 1 } });
		expect(figures(sections, 'esf-qualification')).toEqual({ total: 2, rows: { yes: 1, unknown: 1 } });
	});

	it('limits the report to one project: S30794 has P1 P2 P3 P4', () => {
		const { sections } = countReport(ESF_REPORT, { ...JAN_APR, ...FACTS, esfProject: 'S30794' });
		expect(figures(sections, 'esf-gender')).toEqual({ total: 4, rows: { female: 1, male: 1, other: 1, unknown: 1 } });
		expect(figures(sections, 'esf-age')).toEqual({ total: 4, rows: { '18-29': 1, '30-54': 1, '55-plus': 1, unknown: 1 } });
		expect(figures(sections, 'esf-end-status')).toEqual({ total: 1, rows: { employed: 1 } });
		const none = countReport(ESF_REPORT, { ...JAN_APR, ...FACTS, esfProject: 'Z99999' });
		expect(none.values['pop:esf-participants']).toBe(0);
	});

	it('adds P7 and ends P3 (1 May) and P7 (31 August) in Jan–Aug', () => {
		const { sections } = countReport(ESF_REPORT, { ...JAN_AUG, ...FACTS });
		expect(figures(sections, 'esf-gender')).toEqual({ total: 6, rows: { female: 2, male: 2, other: 1, unknown: 1 } });
		expect(figures(sections, 'esf-age')).toEqual({ total: 6, rows: { 'under-18': 1, '18-29': 2, '30-54': 1, '55-plus': 1, unknown: 1 } });
		expect(figures(sections, 'esf-disadvantage')).toEqual({
			total: 6,
			rows: { disability: 1, 'third-country-national': 1, 'foreign-background': 1, minority: 1, homeless: 1, rural: 1, none: 2, declined: 1 }
		});
		expect(figures(sections, 'esf-end-status')).toEqual({ total: 4, rows: { employed: 1, 'self-employed': 1, education: 1, unknown: 1 } });
		expect(figures(sections, 'esf-qualification')).toEqual({ total: 4, rows: { yes: 2, unknown: 2 } });
	});

	it('lists every category in definition order, with one equation per single-category section', () => {
		const counts = countReport(ESF_REPORT, { ...JAN_APR, ...FACTS });
		ESF_REPORT.sections.forEach((section, i) => {
			expect(counts.sections[i]?.rows.map((r) => r.code)).toEqual(DIMENSIONS[section.dimension].categories.map((c) => c.code));
		});
		expect(counts.equations.map((e) => e.total)).toEqual([
			'pop:esf-participants',
			'pop:esf-participants',
			'pop:esf-participants',
			'pop:esf-participants',
			'pop:esf-leavers',
			'pop:esf-leavers'
		]);
		expect(counts.exempt.size).toBe(0);
	});

	it('counts nothing without ESF facts (a loader of another report)', () => {
		const { esfParticipations: _none, ...rest } = FACTS;
		expect(countReport(ESF_REPORT, { ...JAN_APR, ...rest }).values['pop:esf-participants']).toBe(0);
	});

	it('is a report definition like the others', () => {
		expect(reportDefinition('esf')).toBe(ESF_REPORT);
	});
});

describe('computeReport: ESF', () => {
	/** A computed section as { code: value or state }, zeros left out. */
	function cells(sections: StatisticsSection[], id: string): Record<string, number | string> {
		const section = sections.find((s) => s.id === id)!;
		const show = (cell: StatisticsSection['total']) => (cell.state === 'shown' ? cell.value! : cell.state);
		return { total: show(section.total), ...Object.fromEntries(section.rows.filter((r) => r.cell.value !== 0).map((r) => [r.code, show(r.cell)])) };
	}

	it('suppresses small cells at threshold 5 (5 participants, 2 leavers)', () => {
		const report = computeReport(ESF_REPORT, { ...JAN_APR, ...FACTS }, { threshold: 5 });
		// Five age groups of one each: with the total shown, five rows of ≥ 1 summing to 5 would all
		// be 1, so the total itself is hidden ("×") in every section that shows it.
		expect(cells(report, 'esf-age')).toEqual({ total: 'complementary', 'under-18': 'primary', '18-29': 'primary', '30-54': 'primary', '55-plus': 'primary', unknown: 'primary' });
		expect(cells(report, 'esf-gender')).toEqual({ total: 'complementary', female: 'primary', male: 'primary', other: 'primary', unknown: 'primary' });
		expect(cells(report, 'esf-education')).toEqual({ total: 'complementary', '0-2': 'primary', '3-4': 'primary', unknown: 'primary' });
		// 2 leavers ("<5"): every row beside the small total reads "<5", zeros too.
		const endStatus = report.find((s) => s.id === 'esf-end-status')!;
		expect([endStatus.total, ...endStatus.rows.map((r) => r.cell)].every((c) => c.state === 'primary' && c.value === null)).toBe(true);
		for (const section of report) {
			for (const cell of [section.total, ...section.rows.map((r) => r.cell)]) {
				expect(cell.value === null || cell.value === 0 || cell.value >= 5).toBe(true);
				expect(cell.value === null).toBe(cell.state !== 'shown');
			}
		}
	});

	it('shows everything at threshold 1', () => {
		const report = computeReport(ESF_REPORT, { ...JAN_AUG, ...FACTS }, { threshold: 1 });
		expect(cells(report, 'esf-qualification')).toEqual({ total: 4, yes: 2, unknown: 2 });
	});
});

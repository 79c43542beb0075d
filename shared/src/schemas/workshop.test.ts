import { describe, expect, it } from 'vitest';
import { INSTRUMENTS, SOCIAL_EMPOWERMENT, dimensionScores, instrumentItemCodes } from '../assessments/instruments';
import { buildPeriodReport } from '../workshop/period-report';
import { AttendanceSetSchema, AttendanceValuesSchema, CoachingPeriodInputSchema, DiaryEntryInputSchema, type CoachingPeriod } from './workshop';

const codesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; params?: unknown }[] } }) =>
	(r.error?.issues ?? []).map((i) => `${i.path.join('.')}:${(i.params as { code?: string } | undefined)?.code ?? ''}`);

const ids = {
	period: '0190a2c4-0000-7000-8000-000000000001',
	client: '0190a2c4-0000-7000-8000-000000000002',
	unit: '0190a2c4-0000-7000-8000-000000000003',
	user: '0190a2c4-0000-7000-8000-000000000004'
};

const period = {
	id: ids.period,
	clientId: ids.client,
	unitId: ids.unit,
	type: 'rehabilitative',
	workCoachId: null,
	individualCoachId: null,
	referringOrganisation: 'Kaupungin sosiaalityö',
	referringContact: null,
	payingOrganisation: 'Kaupungin sosiaalityö',
	payingContact: null,
	contractStart: '2026-11-02',
	contractEnd: '2027-01-29',
	daysPerWeek: 4,
	hoursPerDay: 5.5,
	weekdays: [1, 2, 3, 4],
	priceCents: null,
	priceUnit: null,
	expenseCompensationCents: 900,
	startDate: '2026-11-02',
	endDate: null,
	placementAfter: null,
	workTimePlan: 'ma–to 8.30–14'
} as const;

describe('CoachingPeriodInputSchema', () => {
	it('accepts a rehabilitative period with a four-day contract', () => {
		expect(CoachingPeriodInputSchema.safeParse(period).success).toBe(true);
	});

	it('names the field of every cross-field rule', () => {
		expect(codesOf(CoachingPeriodInputSchema.safeParse({ ...period, contractEnd: '2026-11-01' }))).toEqual(['contractEnd:before-start']);
		expect(codesOf(CoachingPeriodInputSchema.safeParse({ ...period, endDate: '2026-11-01' }))).toEqual(['endDate:before-start']);
		expect(codesOf(CoachingPeriodInputSchema.safeParse({ ...period, daysPerWeek: 5 }))).toEqual(['weekdays:too-few-weekdays']);
		expect(codesOf(CoachingPeriodInputSchema.safeParse({ ...period, priceCents: 4500 }))).toEqual(['priceUnit:required']);
		expect(codesOf(CoachingPeriodInputSchema.safeParse({ ...period, placementAfter: 'workshop' }))).toEqual(['placementAfter:not-ended']);
		expect(codesOf(CoachingPeriodInputSchema.safeParse({ ...period, weekdays: [2, 1, 3, 4] }))).toEqual(['weekdays:weekdays-order']);
		expect(codesOf(CoachingPeriodInputSchema.safeParse({ ...period, hoursPerDay: 5.3 }))).toEqual(['hoursPerDay:quarter-hours']);
	});
});

describe('attendance values', () => {
	it('needs hours when present and a reason when absent, in quarter hours within 0.25–12', () => {
		expect(AttendanceValuesSchema.safeParse({ status: 'present', absenceReason: null, hours: 6, extraReason: null }).success).toBe(true);
		expect(codesOf(AttendanceValuesSchema.safeParse({ status: 'present', absenceReason: null, hours: null, extraReason: null }))).toEqual(['hours:required']);
		expect(codesOf(AttendanceValuesSchema.safeParse({ status: 'absent', absenceReason: null, hours: null, extraReason: null }))).toEqual(['absenceReason:required']);
		expect(codesOf(AttendanceValuesSchema.safeParse({ status: 'absent', absenceReason: 'sick', hours: 2, extraReason: null }))).toEqual(['hours:not-allowed']);
		expect(AttendanceValuesSchema.safeParse({ status: 'present', absenceReason: null, hours: 12.25, extraReason: null }).success).toBe(false);
		expect(AttendanceValuesSchema.safeParse({ status: 'present', absenceReason: null, hours: 0, extraReason: null }).success).toBe(false);
		expect(codesOf(AttendanceValuesSchema.safeParse({ status: 'present', absenceReason: null, hours: 6.1, extraReason: null }))).toEqual(['hours:quarter-hours']);
	});

	it('carries the base the device saw without re-checking it', () => {
		const set = {
			id: ids.period,
			periodId: ids.period,
			date: '2026-11-23',
			baseVersion: 1,
			values: { status: 'absent', absenceReason: 'sick', hours: null, extraReason: null },
			base: { status: 'present', absenceReason: null, hours: 6, extraReason: null }
		};
		expect(AttendanceSetSchema.safeParse(set).success).toBe(true);
		expect(AttendanceSetSchema.safeParse({ ...set, base: null, baseVersion: 0 }).success).toBe(true);
	});

	it('gives hours only to a work-diary line', () => {
		const entry = { id: ids.period, periodId: ids.period, date: '2026-11-23', kind: 'observation', text: 'Tuli ajoissa.', hours: 2 };
		expect(codesOf(DiaryEntryInputSchema.safeParse(entry))).toEqual(['hours:not-allowed']);
		expect(DiaryEntryInputSchema.safeParse({ ...entry, kind: 'work' }).success).toBe(true);
	});
});

describe('instruments', () => {
	it('have every label in Finnish, Swedish and English, unique item codes and a labelled scale', () => {
		for (const instrument of INSTRUMENTS) {
			const codes = instrumentItemCodes(instrument);
			expect(new Set(codes).size).toBe(codes.length);
			for (const d of instrument.dimensions) {
				for (const labels of [d.labels, ...d.items.flatMap((i) => [i.self, i.coach])]) {
					for (const locale of ['fi', 'sv', 'en'] as const) expect(labels[locale].trim().length).toBeGreaterThan(0);
				}
			}
			for (let v = instrument.scale.min; v <= instrument.scale.max; v++) expect(instrument.scale.labels[v]?.fi).toBeTruthy();
		}
	});

	it('ships the five areas of social empowerment on 1–5', () => {
		expect(SOCIAL_EMPOWERMENT.dimensions.map((d) => d.code)).toEqual(['self-knowledge', 'social-skills', 'daily-life', 'study-work', 'life-management']);
		expect(SOCIAL_EMPOWERMENT.scale).toMatchObject({ min: 1, max: 5 });
	});

	it('scores a dimension as the mean of its answered items', () => {
		const scores = dimensionScores(SOCIAL_EMPOWERMENT, {
			'self-knowledge.strengths': 4,
			'self-knowledge.self-worth': 3,
			'self-knowledge.feelings': null,
			'social-skills.getting-along': 5,
			'social-skills.asking-help': 4,
			'social-skills.group': 4
		});
		expect(scores).toEqual({ 'self-knowledge': 3.5, 'social-skills': 4.33, 'daily-life': null, 'study-work': null, 'life-management': null });
	});
});

describe('buildPeriodReport', () => {
	const meta = { version: 1, createdBy: ids.user, createdAt: '2026-11-02T08:00:00+02:00', updatedAt: '2026-11-02T08:00:00+02:00', deletedAt: null };
	const full: CoachingPeriod = { ...period, weekdays: [1, 2, 3, 4], ...meta };
	const answers = (v: number) => Object.fromEntries(instrumentItemCodes(SOCIAL_EMPOWERMENT).map((c) => [c, v]));

	it('drafts the figures from the period start to the report date, goals with notes, and first/latest assessments', () => {
		const content = buildPeriodReport({
			report: { kind: 'interim', date: '2026-11-12', text: 'Hyvä alku.' },
			participant: 'Näyte Aino',
			period: full,
			marks: [
				{ date: '2026-11-02', status: 'present', absenceReason: null, hours: 5.5, deletedAt: null },
				{ date: '2026-11-03', status: 'absent', absenceReason: 'sick', hours: null, deletedAt: null },
				{ date: '2026-11-16', status: 'present', absenceReason: null, hours: 5.5, deletedAt: null } // after the report date
			],
			goals: [{ id: ids.period, text: 'Aamuisin ajoissa', status: 'in-progress', targetDate: '2026-12-18', deletedAt: null }],
			notes: [
				{ goalId: ids.period, date: '2026-11-10', text: 'Myöhässä kerran.', deletedAt: null },
				{ goalId: ids.period, date: '2026-11-05', text: 'Ajoissa koko viikon.', deletedAt: null }
			],
			assessments: [
				{ instrumentId: 'social-empowerment', mode: 'self', date: '2026-11-02', answers: answers(2), createdAt: meta.createdAt, deletedAt: null },
				{ instrumentId: 'social-empowerment', mode: 'self', date: '2026-11-11', answers: answers(3), createdAt: meta.createdAt, deletedAt: null },
				{ instrumentId: 'social-empowerment', mode: 'coach', date: '2026-11-11', answers: answers(4), createdAt: meta.createdAt, deletedAt: null },
				{ instrumentId: 'social-empowerment', mode: 'self', date: '2026-11-20', answers: answers(5), createdAt: meta.createdAt, deletedAt: null }
			]
		});
		// Mon–Thu from 2 to 12 Nov: 2, 3, 4, 5, 9, 10, 11, 12 = 8 contract days of 5.5 h.
		expect(content.attendance).toMatchObject({ from: '2026-11-02', to: '2026-11-12', contractDays: 8, contractHours: 44, daysPresent: 1, hoursPresent: 5.5, unmarkedDays: 6, presentRate: 12.5 });
		expect(content.attendance.absences.sick).toBe(1);
		expect(content.goals[0]!.notes.map((n) => n.date)).toEqual(['2026-11-05', '2026-11-10']);
		const dimension = content.assessments[0]!.dimensions[0]!;
		expect(dimension).toMatchObject({ firstSelf: 2, latestSelf: 3, firstCoach: 4, latestCoach: 4 });
		expect(content.assessments[0]).toMatchObject({ selfCount: 2, coachCount: 1, firstDate: '2026-11-02', latestDate: '2026-11-11' });
	});
});

/**
 * The content of an interim report (väliraportti) or final statement (loppulausunto), drafted from the
 * period's data: attendance from the period's start to the report's date, the coaching plan's goals and
 * their status, assessments (first and latest, self next to coach, per dimension), placement, and the
 * coach's text. The print view (web) and the PDF (api) both render this, so they show the same figures.
 */
import type { Labels } from '../codes/code-list';
import { dimensionScores, instrumentById } from '../assessments/instruments';
import type { Assessment, CoachingPeriod, CoachingReport, Goal, GoalNote } from '../schemas/workshop';
import { attendanceFigures, type AttendanceFigures, type MarkFigures } from './attendance';

export interface ReportDimension {
	code: string;
	labels: Labels;
	firstSelf: number | null;
	latestSelf: number | null;
	firstCoach: number | null;
	latestCoach: number | null;
}

export interface ReportAssessments {
	instrumentId: string;
	labels: Labels;
	selfCount: number;
	coachCount: number;
	firstDate: string | null;
	latestDate: string | null;
	dimensions: ReportDimension[];
}

export interface PeriodReportContent {
	kind: CoachingReport['kind'];
	date: string;
	participant: string;
	period: Pick<
		CoachingPeriod,
		'type' | 'startDate' | 'endDate' | 'contractStart' | 'contractEnd' | 'weekdays' | 'daysPerWeek' | 'hoursPerDay' | 'placementAfter' | 'payingOrganisation' | 'referringOrganisation'
	>;
	/** Figures from the period's start to the report's date (or the period's end, if earlier). */
	attendance: AttendanceFigures & { from: string; to: string; presentRate: number | null };
	goals: { text: string; status: Goal['status']; targetDate: string | null; notes: { date: string; text: string }[] }[];
	assessments: ReportAssessments[];
	text: string;
}

export interface PeriodReportInput {
	report: Pick<CoachingReport, 'kind' | 'date' | 'text'>;
	participant: string;
	period: CoachingPeriod;
	marks: readonly MarkFigures[];
	goals: readonly Pick<Goal, 'id' | 'text' | 'status' | 'targetDate' | 'deletedAt'>[];
	notes: readonly Pick<GoalNote, 'goalId' | 'date' | 'text' | 'deletedAt'>[];
	assessments: readonly Pick<Assessment, 'instrumentId' | 'mode' | 'date' | 'answers' | 'createdAt' | 'deletedAt'>[];
}

export function buildPeriodReport(input: PeriodReportInput): PeriodReportContent {
	const { period, report } = input;
	const to = period.endDate !== null && period.endDate < report.date ? period.endDate : report.date;
	const figures = attendanceFigures(period, input.marks, period.startDate, to);
	const goals = input.goals
		.filter((g) => g.deletedAt === null)
		.map((g) => ({
			text: g.text,
			status: g.status,
			targetDate: g.targetDate,
			notes: input.notes
				.filter((n) => n.deletedAt === null && n.goalId === g.id)
				.map((n) => ({ date: n.date, text: n.text }))
				.sort((a, b) => a.date.localeCompare(b.date))
		}));
	const live = input.assessments
		.filter((a) => a.deletedAt === null && a.date <= report.date)
		.slice()
		.sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt));
	const assessments: ReportAssessments[] = [];
	for (const instrumentId of [...new Set(live.map((a) => a.instrumentId))]) {
		const instrument = instrumentById(instrumentId);
		if (!instrument) continue;
		const of = (mode: 'self' | 'coach') => live.filter((a) => a.instrumentId === instrumentId && a.mode === mode);
		const self = of('self');
		const coach = of('coach');
		const score = (list: typeof live, which: 'first' | 'latest') => {
			const a = which === 'first' ? list[0] : list[list.length - 1];
			return a ? dimensionScores(instrument, a.answers) : null;
		};
		const [fs, ls, fc, lc] = [score(self, 'first'), score(self, 'latest'), score(coach, 'first'), score(coach, 'latest')];
		const all = live.filter((a) => a.instrumentId === instrumentId);
		assessments.push({
			instrumentId,
			labels: instrument.labels,
			selfCount: self.length,
			coachCount: coach.length,
			firstDate: all[0]?.date ?? null,
			latestDate: all[all.length - 1]?.date ?? null,
			dimensions: instrument.dimensions.map((d) => ({
				code: d.code,
				labels: d.labels,
				firstSelf: fs?.[d.code] ?? null,
				latestSelf: ls?.[d.code] ?? null,
				firstCoach: fc?.[d.code] ?? null,
				latestCoach: lc?.[d.code] ?? null
			}))
		});
	}
	return {
		kind: report.kind,
		date: report.date,
		participant: input.participant,
		period: {
			type: period.type,
			startDate: period.startDate,
			endDate: period.endDate,
			contractStart: period.contractStart,
			contractEnd: period.contractEnd,
			weekdays: period.weekdays,
			daysPerWeek: period.daysPerWeek,
			hoursPerDay: period.hoursPerDay,
			placementAfter: period.placementAfter,
			payingOrganisation: period.payingOrganisation,
			referringOrganisation: period.referringOrganisation
		},
		attendance: {
			...figures,
			from: period.startDate,
			to,
			presentRate: figures.contractDays === 0 ? null : Math.round((figures.daysPresent / figures.contractDays) * 1000) / 10
		},
		goals,
		assessments,
		text: report.text
	};
}

/** Headings of the report, for renderers without the web app's message catalogue (the PDF). */
export const REPORT_TEXT = {
	participant: { fi: 'Valmentautuja', sv: 'Deltagare', en: 'Participant' },
	period: { fi: 'Valmennusjakso', sv: 'Coachningsperiod', en: 'Coaching period' },
	periodType: { fi: 'Jakson tyyppi', sv: 'Periodens typ', en: 'Type of period' },
	dates: { fi: 'Jakso', sv: 'Period', en: 'Period' },
	contract: { fi: 'Sopimus', sv: 'Avtal', en: 'Contract' },
	daysPerWeek: { fi: 'päivää viikossa', sv: 'dagar i veckan', en: 'days a week' },
	hoursPerDay: { fi: 'tuntia päivässä', sv: 'timmar per dag', en: 'hours a day' },
	referrer: { fi: 'Lähettävä taho', sv: 'Remitterande instans', en: 'Referring organisation' },
	payer: { fi: 'Maksaja', sv: 'Betalare', en: 'Payer' },
	attendance: { fi: 'Läsnäolo', sv: 'Närvaro', en: 'Attendance' },
	contractDays: { fi: 'Sopimuksen mukaiset päivät', sv: 'Avtalsdagar', en: 'Contract days' },
	daysPresent: { fi: 'Läsnäolopäivät', sv: 'Närvarodagar', en: 'Days present' },
	hoursPresent: { fi: 'Läsnäolotunnit', sv: 'Närvarotimmar', en: 'Hours present' },
	contractHours: { fi: 'Sopimuksen tunnit', sv: 'Avtalstimmar', en: 'Contract hours' },
	presentRate: { fi: 'Läsnäoloprosentti', sv: 'Närvaroprocent', en: 'Attendance rate' },
	absences: { fi: 'Poissaolot', sv: 'Frånvaro', en: 'Absences' },
	unmarked: { fi: 'Merkitsemättä', sv: 'Ej markerade', en: 'Not marked' },
	goals: { fi: 'Tavoitteet', sv: 'Mål', en: 'Goals' },
	targetDate: { fi: 'Tavoitepäivä', sv: 'Måldatum', en: 'Target date' },
	noGoals: { fi: 'Ei kirjattuja tavoitteita.', sv: 'Inga mål antecknade.', en: 'No goals recorded.' },
	assessments: { fi: 'Arvioinnit', sv: 'Bedömningar', en: 'Assessments' },
	dimension: { fi: 'Osa-alue', sv: 'Område', en: 'Area' },
	firstSelf: { fi: 'Itsearvio, ensimmäinen', sv: 'Självbedömning, första', en: 'Self, first' },
	latestSelf: { fi: 'Itsearvio, viimeisin', sv: 'Självbedömning, senaste', en: 'Self, latest' },
	firstCoach: { fi: 'Valmentaja, ensimmäinen', sv: 'Coach, första', en: 'Coach, first' },
	latestCoach: { fi: 'Valmentaja, viimeisin', sv: 'Coach, senaste', en: 'Coach, latest' },
	noAssessments: { fi: 'Ei arviointeja.', sv: 'Inga bedömningar.', en: 'No assessments.' },
	placement: { fi: 'Sijoittuminen jakson jälkeen', sv: 'Placering efter perioden', en: 'Placement after the period' },
	notEnded: { fi: 'Jakso jatkuu.', sv: 'Perioden pågår.', en: 'The period continues.' },
	coachText: { fi: 'Valmentajan arvio', sv: 'Coachens bedömning', en: "Coach's statement" },
	printedAt: { fi: 'Tulostettu', sv: 'Utskriven', en: 'Printed' },
	confidential: { fi: 'Salassa pidettävä (JulkL 24 § 1 mom. 25 k)', sv: 'Sekretessbelagd (OffL 24 § 1 mom. 25 p.)', en: 'Confidential (Act on the Openness of Government Activities, s. 24(1)(25))' }
} as const satisfies Record<string, Labels>;

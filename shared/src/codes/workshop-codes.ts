/**
 * Code lists of workshop coaching (issue 5, DOMAIN.md §4–5, glossary 17–32): the kind of coaching
 * period, absence reasons, goal statuses, diary kinds and the unit a contract price is quoted in.
 * Swedish labels follow the glossary; those marked (u) there are unverified translations.
 */
import { z } from 'zod';
import { codeSchema, defineCodeList } from './code-list';

/** Valmennusjakson tyyppi: what the period is, for statistics ("participants by period type"). */
export const PERIOD_TYPES = defineCodeList({
	id: 'period-type',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'youth-workshop', labels: { fi: 'Nuorten työpajajakso', sv: 'Period i ungdomsverkstad', en: 'Youth workshop period' } },
		{ code: 'rehabilitative', labels: { fi: 'Kuntouttava työtoiminta', sv: 'Arbetsverksamhet i rehabiliteringssyfte', en: 'Rehabilitative work activity' } },
		{ code: 'work-trial', labels: { fi: 'Työkokeilu', sv: 'Arbetsprövning', en: 'Work trial' } },
		{ code: 'pay-subsidised', labels: { fi: 'Palkkatuettu työ', sv: 'Lönesubventionerat arbete', en: 'Pay-subsidised work' } },
		{ code: 'apprenticeship-preparation', labels: { fi: 'Oppisopimukseen valmentava jakso', sv: 'Förberedelse för läroavtal', en: 'Apprenticeship preparation' } },
		{ code: 'esf-project', labels: { fi: 'ESR-hankkeen osallistuminen', sv: 'Deltagande i ESF-projekt', en: 'ESF project participation' } },
		{ code: 'other', labels: { fi: 'Muu jakso', sv: 'Annan period', en: 'Other period' } }
	]
});
export const PeriodTypeSchema = codeSchema(PERIOD_TYPES);
export type PeriodType = (typeof PERIOD_TYPES.entries)[number]['code'];

/** Poissaolon syy. `authorised` = luvallinen, `unauthorised` = luvaton. */
export const ABSENCE_REASONS = defineCodeList({
	id: 'absence-reason',
	version: 1,
	provisional: false,
	entries: [
		{ code: 'sick', labels: { fi: 'Sairas', sv: 'Sjuk', en: 'Sick' } },
		{ code: 'authorised', labels: { fi: 'Luvallinen poissaolo', sv: 'Tillåten frånvaro', en: 'Authorised absence' } },
		{ code: 'unauthorised', labels: { fi: 'Luvaton poissaolo', sv: 'Otillåten frånvaro', en: 'Unauthorised absence' } },
		{ code: 'other', labels: { fi: 'Muu syy', sv: 'Annan orsak', en: 'Other reason' } }
	]
});
export const AbsenceReasonSchema = codeSchema(ABSENCE_REASONS);
export type AbsenceReason = (typeof ABSENCE_REASONS.entries)[number]['code'];

export const GOAL_STATUSES = defineCodeList({
	id: 'goal-status',
	version: 1,
	provisional: false,
	entries: [
		{ code: 'not-started', labels: { fi: 'Ei aloitettu', sv: 'Inte påbörjat', en: 'Not started' } },
		{ code: 'in-progress', labels: { fi: 'Työn alla', sv: 'Pågår', en: 'In progress' } },
		{ code: 'achieved', labels: { fi: 'Saavutettu', sv: 'Uppnått', en: 'Achieved' } },
		{ code: 'partly-achieved', labels: { fi: 'Osittain saavutettu', sv: 'Delvis uppnått', en: 'Partly achieved' } },
		{ code: 'not-achieved', labels: { fi: 'Ei saavutettu', sv: 'Inte uppnått', en: 'Not achieved' } },
		{ code: 'dropped', labels: { fi: 'Luovuttu', sv: 'Slopat', en: 'Dropped' } }
	]
});
export const GoalStatusSchema = codeSchema(GOAL_STATUSES);
export type GoalStatus = (typeof GOAL_STATUSES.entries)[number]['code'];

/** Työmaapäiväkirja (tasks done, hours) or arjen havainnot (everyday observations). */
export const DIARY_KINDS = defineCodeList({
	id: 'diary-kind',
	version: 1,
	provisional: false,
	entries: [
		{ code: 'work', labels: { fi: 'Työmaapäiväkirja', sv: 'Arbetsdagbok', en: 'Work diary' } },
		{ code: 'observation', labels: { fi: 'Arjen havainnot', sv: 'Iakttagelser i vardagen', en: 'Everyday observations' } }
	]
});
export const DiaryKindSchema = codeSchema(DIARY_KINDS);
export type DiaryKind = (typeof DIARY_KINDS.entries)[number]['code'];

/** What a contract's price is quoted per. */
export const PRICE_UNITS = defineCodeList({
	id: 'price-unit',
	version: 1,
	provisional: false,
	entries: [
		{ code: 'day', labels: { fi: 'päivä', sv: 'dag', en: 'day' } },
		{ code: 'month', labels: { fi: 'kuukausi', sv: 'månad', en: 'month' } },
		{ code: 'period', labels: { fi: 'koko jakso', sv: 'hela perioden', en: 'whole period' } }
	]
});
export const PriceUnitSchema = codeSchema(PRICE_UNITS);
export type PriceUnit = (typeof PRICE_UNITS.entries)[number]['code'];

export const REPORT_KINDS = defineCodeList({
	id: 'coaching-report-kind',
	version: 1,
	provisional: false,
	entries: [
		{ code: 'interim', labels: { fi: 'Väliraportti', sv: 'Mellanrapport', en: 'Interim report' } },
		{ code: 'final', labels: { fi: 'Loppulausunto', sv: 'Slututlåtande', en: 'Final statement' } }
	]
});
export const CoachingReportKindSchema = codeSchema(REPORT_KINDS);
export type CoachingReportKind = (typeof REPORT_KINDS.entries)[number]['code'];

/** ISO weekdays: 1 Monday … 7 Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const WeekdaySchema = z.number().int().min(1).max(7);
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<Weekday, { fi: string; sv: string; en: string }> = {
	1: { fi: 'ma', sv: 'mån', en: 'Mon' },
	2: { fi: 'ti', sv: 'tis', en: 'Tue' },
	3: { fi: 'ke', sv: 'ons', en: 'Wed' },
	4: { fi: 'to', sv: 'tor', en: 'Thu' },
	5: { fi: 'pe', sv: 'fre', en: 'Fri' },
	6: { fi: 'la', sv: 'lör', en: 'Sat' },
	7: { fi: 'su', sv: 'sön', en: 'Sun' }
};

/**
 * Code lists of ESF participant data (DOMAIN.md §4): the start situation (employment status,
 * education as an ISCED band, disadvantages), the end situation (status on leaving, a qualification
 * gained), and ESF age groups. The lists follow DOMAIN.md §4.3's GUESS (Reg. (EU) 2021/1057 Annex I)
 * and are `provisional` until checked against EURA 2021; their codes stay stable when labels change.
 * They are EU lists, not extensible with local codes.
 *
 * The defaults a worker starts from are data too: a client's main activity suggests the employment
 * status, the education level its ISCED band (`iscedBand` in ./client-codes.ts).
 */
import { codeSchema, defineCodeList } from './code-list';
import type { MainActivity } from './client-codes';

const unknown = { code: 'unknown', labels: { fi: 'Ei tietoa', sv: 'Uppgift saknas', en: 'No information' } } as const;

/** Employment status at the start (ESF+ common output indicators 1.1). */
export const ESF_EMPLOYMENT_STATUSES = defineCodeList({
	id: 'esf-employment-status',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'employed', labels: { fi: 'Työllinen (ml. yrittäjä)', sv: 'Sysselsatt (inkl. företagare)', en: 'Employed (incl. self-employed)' } },
		{ code: 'unemployed', labels: { fi: 'Työtön', sv: 'Arbetslös', en: 'Unemployed' } },
		{ code: 'long-term-unemployed', labels: { fi: 'Pitkäaikaistyötön', sv: 'Långtidsarbetslös', en: 'Long-term unemployed' } },
		{ code: 'inactive', labels: { fi: 'Työvoiman ulkopuolella (ei koulutuksessa)', sv: 'Utanför arbetskraften (inte i utbildning)', en: 'Inactive (not in education or training)' } },
		{ code: 'inactive-in-education', labels: { fi: 'Opiskelija (työvoiman ulkopuolella, koulutuksessa)', sv: 'Studerande (utanför arbetskraften, i utbildning)', en: 'Student (inactive, in education or training)' } },
		unknown
	]
});
export const EsfEmploymentStatusSchema = codeSchema(ESF_EMPLOYMENT_STATUSES);
export type EsfEmploymentStatus = (typeof ESF_EMPLOYMENT_STATUSES.entries)[number]['code'];

/** Highest completed education before starting, as its ISCED 2011 band. */
export const ISCED_BANDS = defineCodeList({
	id: 'isced-band',
	version: 1,
	provisional: true,
	entries: [
		{ code: '0-2', labels: { fi: 'ISCED 0–2 (perusaste tai vähemmän)', sv: 'ISCED 0–2 (grundnivå eller lägre)', en: 'ISCED 0–2 (lower secondary or less)' } },
		{ code: '3-4', labels: { fi: 'ISCED 3–4 (toinen aste tai erikoisammattitutkinto)', sv: 'ISCED 3–4 (andra stadiet eller specialyrkesexamen)', en: 'ISCED 3–4 (upper or post-secondary)' } },
		{ code: '5-8', labels: { fi: 'ISCED 5–8 (korkea-aste)', sv: 'ISCED 5–8 (högre utbildning)', en: 'ISCED 5–8 (tertiary)' } },
		unknown
	]
});
export const IscedBandSchema = codeSchema(ISCED_BANDS);

/**
 * Disadvantages (ESF+ common output indicators 1.2). Disability and minority are special categories
 * of personal data (GDPR art. 9): the server keeps them encrypted and shows them only to roles that
 * reach the client's special categories. A participant may decline to answer (`disadvantageDeclined`).
 */
export const ESF_DISADVANTAGES = defineCodeList({
	id: 'esf-disadvantage',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'disability', labels: { fi: 'Vammainen tai pitkäaikaissairas', sv: 'Person med funktionsnedsättning', en: 'Participant with disabilities' } },
		{ code: 'third-country-national', labels: { fi: 'Kolmannen maan kansalainen', sv: 'Tredjelandsmedborgare', en: 'Third-country national' } },
		{ code: 'foreign-background', labels: { fi: 'Ulkomaalaistaustainen', sv: 'Utländsk bakgrund', en: 'Foreign background' } },
		{ code: 'minority', labels: { fi: 'Vähemmistöön kuuluva (ml. romanit)', sv: 'Tillhör en minoritet (inkl. romer)', en: 'Minority (incl. Roma)' } },
		{ code: 'homeless', labels: { fi: 'Asunnoton tai asuntomarkkinoilta syrjäytynyt', sv: 'Hemlös eller utestängd från bostadsmarknaden', en: 'Homeless or affected by housing exclusion' } },
		{ code: 'rural', labels: { fi: 'Maaseudulta', sv: 'Från landsbygden', en: 'From a rural area' } },
		{ code: 'other-disadvantage', labels: { fi: 'Muu heikommassa asemassa oleva', sv: 'Annan missgynnad', en: 'Other disadvantaged' } }
	]
});
export const EsfDisadvantageSchema = codeSchema(ESF_DISADVANTAGES);
export type EsfDisadvantage = (typeof ESF_DISADVANTAGES.entries)[number]['code'];

/** Status on leaving (ESF+ immediate result indicators, GUESS in DOMAIN.md §4.3). */
export const ESF_END_STATUSES = defineCodeList({
	id: 'esf-end-status',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'employed', labels: { fi: 'Työllinen', sv: 'Sysselsatt', en: 'In employment' } },
		{ code: 'self-employed', labels: { fi: 'Yrittäjä', sv: 'Företagare', en: 'Self-employed' } },
		{ code: 'job-searching', labels: { fi: 'Työnhakija', sv: 'Arbetssökande', en: 'Engaged in job searching' } },
		{ code: 'education', labels: { fi: 'Koulutuksessa', sv: 'I utbildning', en: 'In education or training' } },
		{ code: 'inactive', labels: { fi: 'Työvoiman ulkopuolella', sv: 'Utanför arbetskraften', en: 'Inactive' } },
		unknown
	]
});
export const EsfEndStatusSchema = codeSchema(ESF_END_STATUSES);
export type EsfEndStatus = (typeof ESF_END_STATUSES.entries)[number]['code'];

/** "Did you gain a qualification thanks to your participation?" (EURA 2021 end form). */
export const QUALIFICATION_GAINED = defineCodeList({
	id: 'qualification-gained',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'yes', labels: { fi: 'Kyllä', sv: 'Ja', en: 'Yes' } },
		{ code: 'no', labels: { fi: 'Ei', sv: 'Nej', en: 'No' } },
		unknown
	]
});
export const QualificationGainedSchema = codeSchema(QUALIFICATION_GAINED);
export type QualificationGained = (typeof QUALIFICATION_GAINED.entries)[number]['code'];

/** ESF age groups at the start of participation (under 18, 18–29, 55 and over are indicators). */
export const ESF_AGE_GROUPS = [
	{ code: 'under-18', min: 0, max: 17, labels: { fi: 'Alle 18', sv: 'Under 18', en: 'Under 18' } },
	{ code: '18-29', min: 18, max: 29, labels: { fi: '18–29', sv: '18–29', en: '18–29' } },
	{ code: '30-54', min: 30, max: 54, labels: { fi: '30–54', sv: '30–54', en: '30–54' } },
	{ code: '55-plus', min: 55, max: Infinity, labels: { fi: '55 tai yli', sv: '55 eller äldre', en: '55 and over' } }
] as const;

/** The ESF_AGE_GROUPS code of an age; `unknown` for no age (or a birth after the date). */
export function esfAgeGroupOf(age: number | null): string {
	if (age === null || !Number.isFinite(age) || age < 0) return 'unknown';
	for (const group of ESF_AGE_GROUPS) if (age >= group.min && age <= group.max) return group.code;
	return 'unknown';
}

/**
 * The employment status a main activity suggests (the worker confirms or corrects it). Rehabilitative
 * work activity is for the long-term unemployed (laki kuntouttavasta työtoiminnasta); a work trial is
 * arranged for job seekers.
 */
export const ESF_STATUS_OF_MAIN_ACTIVITY: Record<MainActivity, EsfEmploymentStatus> = {
	unemployed: 'unemployed',
	inactive: 'inactive',
	student: 'inactive-in-education',
	'studies-interrupted': 'inactive',
	employed: 'employed',
	'pay-subsidised': 'employed',
	'work-trial': 'unemployed',
	'rehabilitative-work': 'long-term-unemployed',
	rehabilitation: 'inactive',
	service: 'inactive',
	'family-leave': 'inactive',
	other: 'unknown',
	unknown: 'unknown'
};

/** The suggested status of a (national) main activity code; `unknown` for none or a code outside the list. */
export function esfStatusOfMainActivity(code: string | null): EsfEmploymentStatus {
	return code !== null && code in ESF_STATUS_OF_MAIN_ACTIVITY ? ESF_STATUS_OF_MAIN_ACTIVITY[code as MainActivity] : 'unknown';
}

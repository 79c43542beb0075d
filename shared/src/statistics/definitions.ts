/**
 * Report definitions are data (issue 6): each report is a list of sections, and each section counts
 * one population over one dimension within a reporting window (./windows.ts). The engine
 * (./engine.ts) reads these definitions; the API, the exports and the web app take their labels and
 * order from here, so a report is changed in one place.
 *
 * Every dimension ends with `unknown` ("ei tietoa"): an unanswered or explicitly unknown field is
 * counted there, never dropped (DESIGN.md "Lessons"). Local codes count under the national code they
 * map to. Bands (age, length of the client relationship) are data too.
 *
 * Populations within a window [from, to] (dates in Finland, both ends included):
 * - `clients`: client relationships overlapping the window: start ≤ to and (no end or end ≥ from), of
 *   the chosen units; merged-away and deleted clients are not counted; a client with no start date is
 *   not counted and is listed by the completeness check instead.
 *   `new` started within the window; `continuing` started before it. Age and main activity are taken
 *   at the relationship's start.
 * - `clients-ended`: of those, relationships that ended within the window (placement, length).
 * - `anonymous-contacts`: pseudonymous contacts with at least one encounter in the window (not merged
 *   into a client: a merged contact counts as the client).
 * - `encounters`: encounters whose time falls within the window, Finnish time.
 * - `staff`: active users attached to the chosen units on the day the report is made (a user with two
 *   roles counts under both); staff figures are not client data and are not suppressed.
 * - `periods`: coaching periods overlapping the window; `participants`: distinct clients among them.
 * - `periods-ended`: periods that ended within the window (placement after the period).
 * - `attendance`: attendance marks within the window of those periods (days and hours).
 * - `esf-participants`: ESF participants (DOMAIN.md §4), one per client per project: the client's
 *   participation records in one project (normally one; the server refuses a second) count as one,
 *   started at the earliest start (its start situation) and ended at the latest end (its end
 *   situation), open when any is open; counted when that span overlaps the window. Age is taken at
 *   the start; gender is the client's. A report may be limited to one project (`esfProject`).
 * - `esf-leavers`: of those, participations that ended within the window.
 */
import {
	ENCOUNTER_CHANNELS,
	GENDERS,
	MAIN_ACTIVITIES,
	PLACEMENTS,
	REFERRAL_SOURCES,
	SERVICE_TYPES
} from '../codes';
import { PERIOD_TYPES, ABSENCE_REASONS } from '../codes/workshop-codes';
import { ESF_AGE_GROUPS, ESF_DISADVANTAGES, ESF_EMPLOYMENT_STATUSES, ESF_END_STATUSES, ISCED_BANDS, QUALIFICATION_GAINED } from '../codes/esf-codes';
import type { CodeEntry, CodeList, Labels } from '../codes/code-list';
import { ROLES, type UnitKind } from '../roles';

const unknown: CodeEntry = { code: 'unknown', labels: { fi: 'Ei tietoa', sv: 'Uppgift saknas', en: 'No information' } };

/** A code list's entries, with `unknown` last (added when the list has none). */
function withUnknown(list: CodeList): readonly CodeEntry[] {
	const entries = list.entries.filter((e) => e.code !== 'unknown');
	return [...entries, unknown];
}

/** Age at the start of the client relationship, in whole years (a birthday on the start date counts). */
export const AGE_GROUPS = [
	{ code: 'under-16', min: 0, max: 15, labels: { fi: 'Alle 16', sv: 'Under 16', en: 'Under 16' } },
	{ code: '16-17', min: 16, max: 17, labels: { fi: '16–17', sv: '16–17', en: '16–17' } },
	{ code: '18-20', min: 18, max: 20, labels: { fi: '18–20', sv: '18–20', en: '18–20' } },
	{ code: '21-24', min: 21, max: 24, labels: { fi: '21–24', sv: '21–24', en: '21–24' } },
	{ code: '25-29', min: 25, max: 29, labels: { fi: '25–29', sv: '25–29', en: '25–29' } },
	{ code: '30-plus', min: 30, max: Infinity, labels: { fi: '30 tai yli', sv: '30 eller äldre', en: '30 and over' } }
] as const;

/** Length of an ended client relationship in whole calendar months from start to end. */
export const RELATIONSHIP_LENGTHS = [
	{ code: 'under-1m', min: 0, max: 0, labels: { fi: 'Alle kuukausi', sv: 'Under en månad', en: 'Under a month' } },
	{ code: '1-3m', min: 1, max: 2, labels: { fi: '1–3 kuukautta', sv: '1–3 månader', en: '1–3 months' } },
	{ code: '3-6m', min: 3, max: 5, labels: { fi: '3–6 kuukautta', sv: '3–6 månader', en: '3–6 months' } },
	{ code: '6-12m', min: 6, max: 11, labels: { fi: '6–12 kuukautta', sv: '6–12 månader', en: '6–12 months' } },
	{ code: '1-2y', min: 12, max: 23, labels: { fi: '1–2 vuotta', sv: '1–2 år', en: '1–2 years' } },
	{ code: '2y-plus', min: 24, max: Infinity, labels: { fi: 'Yli 2 vuotta', sv: 'Över 2 år', en: 'Over 2 years' } }
] as const;

const ROLE_LABELS: Record<(typeof ROLES)[number], Labels> = {
	'outreach-worker': { fi: 'Etsivä nuorisotyöntekijä', sv: 'Uppsökande ungdomsarbetare', en: 'Outreach youth worker' },
	coach: { fi: 'Valmentaja', sv: 'Coach', en: 'Coach' },
	supervisor: { fi: 'Esihenkilö', sv: 'Förman', en: 'Supervisor' },
	admin: { fi: 'Pääkäyttäjä', sv: 'Huvudanvändare', en: 'Administrator' }
};

export const DIMENSIONS = {
	'client-status': {
		labels: { fi: 'Asiakkuuden tila', sv: 'Klientskapets status', en: 'Client status' },
		categories: [
			{ code: 'new', labels: { fi: 'Uudet', sv: 'Nya', en: 'New' } },
			{ code: 'continuing', labels: { fi: 'Jatkavat', sv: 'Fortsättande', en: 'Continuing' } }
		]
	},
	gender: { labels: { fi: 'Sukupuoli', sv: 'Kön', en: 'Gender' }, categories: withUnknown(GENDERS) },
	'age-group': {
		labels: { fi: 'Ikäryhmä asiakkuuden alkaessa', sv: 'Åldersgrupp när klientskapet började', en: 'Age group at start' },
		categories: [...AGE_GROUPS, unknown]
	},
	'mother-tongue-group': {
		labels: { fi: 'Äidinkieli', sv: 'Modersmål', en: 'Mother tongue' },
		categories: [
			{ code: 'fi', labels: { fi: 'Suomi', sv: 'Finska', en: 'Finnish' } },
			{ code: 'sv', labels: { fi: 'Ruotsi', sv: 'Svenska', en: 'Swedish' } },
			{ code: 'se', labels: { fi: 'Saame', sv: 'Samiska', en: 'Sámi' } },
			{ code: 'other', labels: { fi: 'Muu kieli', sv: 'Annat språk', en: 'Other language' } },
			unknown
		]
	},
	'main-activity': {
		labels: { fi: 'Pääasiallinen toiminta asiakkuuden alkaessa', sv: 'Huvudsaklig sysselsättning när klientskapet började', en: 'Main activity at start' },
		categories: withUnknown(MAIN_ACTIVITIES)
	},
	'referral-source': { labels: { fi: 'Mitä kautta ohjautui', sv: 'Hänvisad via', en: 'Referral source' }, categories: withUnknown(REFERRAL_SOURCES) },
	'service-type': {
		labels: { fi: 'Palvelut ja menetelmät', sv: 'Tjänster och metoder', en: 'Services and methods' },
		categories: [
			...SERVICE_TYPES.entries,
			{ code: 'none', labels: { fi: 'Ei kirjattuja palveluja', sv: 'Inga registrerade tjänster', en: 'No services recorded' } }
		]
	},
	placement: { labels: { fi: 'Sijoittuminen', sv: 'Placering', en: 'Placement' }, categories: withUnknown(PLACEMENTS) },
	'relationship-length': {
		labels: { fi: 'Asiakkuuden kesto', sv: 'Klientskapets längd', en: 'Length of the client relationship' },
		categories: [...RELATIONSHIP_LENGTHS, unknown]
	},
	'encounter-channel': { labels: { fi: 'Kohtaamisen kanava', sv: 'Kanal', en: 'Channel' }, categories: ENCOUNTER_CHANNELS.entries },
	'encounter-subject': {
		labels: { fi: 'Kenen kanssa', sv: 'Med vem', en: 'With whom' },
		categories: [
			{ code: 'client', labels: { fi: 'Asiakas', sv: 'Klient', en: 'Client' } },
			{ code: 'anonymous', labels: { fi: 'Anonyymi kontakti', sv: 'Anonym kontakt', en: 'Anonymous contact' } },
			{ code: 'none', labels: { fi: 'Ei kirjattua henkilöä', sv: 'Ingen registrerad person', en: 'No person recorded' } }
		]
	},
	role: {
		labels: { fi: 'Rooli', sv: 'Roll', en: 'Role' },
		categories: ROLES.map((code) => ({ code, labels: ROLE_LABELS[code] }))
	},
	'period-type': { labels: { fi: 'Jakson tyyppi', sv: 'Periodens typ', en: 'Period type' }, categories: PERIOD_TYPES.entries },
	attendance: {
		labels: { fi: 'Läsnäolo', sv: 'Närvaro', en: 'Attendance' },
		categories: [
			{ code: 'present-days', labels: { fi: 'Läsnäolopäivät', sv: 'Närvarodagar', en: 'Days present' } },
			{ code: 'present-hours', labels: { fi: 'Läsnäolotunnit', sv: 'Närvarotimmar', en: 'Hours present' } },
			...ABSENCE_REASONS.entries.map((e) => ({ code: `absent-${e.code}`, labels: absenceLabel(e.labels) }))
		]
	},
	// ESF+ (Reg. (EU) 2021/1057 Annex I): gender as women, men, non-binary persons.
	'esf-gender': {
		labels: { fi: 'Sukupuoli', sv: 'Kön', en: 'Gender' },
		categories: [
			{ code: 'female', labels: { fi: 'Naiset', sv: 'Kvinnor', en: 'Women' } },
			{ code: 'male', labels: { fi: 'Miehet', sv: 'Män', en: 'Men' } },
			{ code: 'other', labels: { fi: 'Muunsukupuoliset', sv: 'Icke-binära', en: 'Non-binary persons' } },
			unknown
		]
	},
	'esf-age-group': {
		labels: { fi: 'Ikäryhmä osallistumisen alkaessa', sv: 'Åldersgrupp när deltagandet började', en: 'Age group at start' },
		categories: [...ESF_AGE_GROUPS, unknown]
	},
	'esf-employment-status': {
		labels: { fi: 'Työmarkkina-asema alussa', sv: 'Ställning på arbetsmarknaden i början', en: 'Employment status at start' },
		categories: withUnknown(ESF_EMPLOYMENT_STATUSES)
	},
	'esf-isced': { labels: { fi: 'Koulutustaso alussa (ISCED)', sv: 'Utbildningsnivå i början (ISCED)', en: 'Education at start (ISCED)' }, categories: withUnknown(ISCED_BANDS) },
	'esf-disadvantage': {
		labels: { fi: 'Heikommassa asemassa olevat', sv: 'Missgynnade', en: 'Disadvantaged participants' },
		categories: [
			...ESF_DISADVANTAGES.entries,
			{ code: 'none', labels: { fi: 'Ei mitään näistä', sv: 'Inget av dessa', en: 'None of these' } },
			{ code: 'declined', labels: { fi: 'Ei halunnut vastata', sv: 'Ville inte svara', en: 'Declined to answer' } }
		]
	},
	'esf-end-status': { labels: { fi: 'Tilanne osallistumisen päättyessä', sv: 'Situation när deltagandet upphörde', en: 'Status on leaving' }, categories: withUnknown(ESF_END_STATUSES) },
	'esf-qualification': {
		labels: { fi: 'Tutkinto tai todistus osallistumisen ansiosta', sv: 'Examen eller intyg tack vare deltagandet', en: 'Qualification gained' },
		categories: withUnknown(QUALIFICATION_GAINED)
	}
} as const satisfies Record<string, { labels: Labels; categories: readonly CodeEntry[] }>;

function absenceLabel(reason: Labels): Labels {
	return { fi: `Poissaolopäivät: ${reason.fi.toLowerCase()}`, sv: `Frånvarodagar: ${reason.sv.toLowerCase()}`, en: `Days absent: ${reason.en.toLowerCase()}` };
}

export type DimensionId = keyof typeof DIMENSIONS;


export const POPULATIONS = {
	clients: { labels: { fi: 'Asiakkaat', sv: 'Klienter', en: 'Clients' } },
	'clients-ended': { labels: { fi: 'Päättyneet asiakkuudet', sv: 'Avslutade klientskap', en: 'Ended client relationships' } },
	'anonymous-contacts': { labels: { fi: 'Anonyymit kontaktit', sv: 'Anonyma kontakter', en: 'Anonymous contacts' } },
	encounters: { labels: { fi: 'Kohtaamiset', sv: 'Möten', en: 'Encounters' } },
	staff: { labels: { fi: 'Henkilöstö', sv: 'Personal', en: 'Staff' } },
	periods: { labels: { fi: 'Valmennusjaksot', sv: 'Coachningsperioder', en: 'Coaching periods' } },
	participants: { labels: { fi: 'Osallistujat', sv: 'Deltagare', en: 'Participants' } },
	'periods-ended': { labels: { fi: 'Päättyneet jaksot', sv: 'Avslutade perioder', en: 'Ended periods' } },
	attendance: { labels: { fi: 'Läsnäolo', sv: 'Närvaro', en: 'Attendance' } },
	'esf-participants': { labels: { fi: 'ESR-osallistujat', sv: 'ESF-deltagare', en: 'ESF participants' } },
	'esf-leavers': { labels: { fi: 'Päättyneet osallistumiset', sv: 'Avslutade deltaganden', en: 'Participants who left' } }
} as const satisfies Record<string, { labels: Labels }>;
export type PopulationId = keyof typeof POPULATIONS;

export interface SectionDefinition {
	/** Unique within the report; also the row-key prefix in exports. */
	readonly id: string;
	readonly labels: Labels;
	readonly population: PopulationId;
	readonly dimension: DimensionId;
	/**
	 * A record may fall in several categories (services, roles, period types of one participant), or
	 * the rows are different measures (attendance): the rows do not add up to the total.
	 */
	readonly multi?: boolean;
	/** Staff counts are not client data: shown as they are. Default true. */
	readonly suppress?: boolean;
	/**
	 * Sums rather than counts of people (attendance days and hours): every row is suppressed when the
	 * population behind it (`basis`) is under the threshold.
	 */
	readonly basis?: PopulationId;
}

export interface ReportDefinition {
	readonly id: string;
	/** Bumped when sections change; a delivery records the version it was made with. */
	readonly version: number;
	readonly labels: Labels;
	readonly description: Labels;
	/** The unit kinds whose records the report counts. */
	readonly unitKinds: readonly UnitKind[];
	readonly sections: readonly SectionDefinition[];
}

const section = (
	id: string,
	population: PopulationId,
	dimension: DimensionId,
	labels: Labels,
	more: Partial<Pick<SectionDefinition, 'multi' | 'suppress' | 'basis'>> = {}
): SectionDefinition => ({ id, population, dimension, labels, ...more });

export const YOUTH_WORK_REPORT = {
	id: 'youth-work',
	version: 1,
	labels: { fi: 'Nuorisotyön asiakastilasto', sv: 'Klientstatistik för ungdomsarbete', en: 'Youth work client statistics' },
	description: {
		fi: 'Etsivän nuorisotyön ja työpajojen asiakkaat, kohtaamiset ja henkilöstö valtakunnallista tiedonkeruuta ja rahoittajia varten.',
		sv: 'Klienter, möten och personal inom uppsökande ungdomsarbete och verkstäder för den nationella datainsamlingen och finansiärerna.',
		en: 'Clients, encounters and staff of outreach youth work and workshops, for the national collection and funders.'
	},
	unitKinds: ['outreach', 'workshop', 'rehabilitative', 'employment', 'integration'],
	sections: [
		section('status', 'clients', 'client-status', { fi: 'Asiakkaat: uudet ja jatkavat', sv: 'Klienter: nya och fortsättande', en: 'Clients: new and continuing' }),
		section('gender', 'clients', 'gender', { fi: 'Asiakkaat sukupuolen mukaan', sv: 'Klienter efter kön', en: 'Clients by gender' }),
		section('age', 'clients', 'age-group', { fi: 'Asiakkaat iän mukaan asiakkuuden alkaessa', sv: 'Klienter efter ålder när klientskapet började', en: 'Clients by age at start' }),
		section('mother-tongue', 'clients', 'mother-tongue-group', { fi: 'Asiakkaat äidinkielen mukaan', sv: 'Klienter efter modersmål', en: 'Clients by mother tongue' }),
		section('main-activity', 'clients', 'main-activity', { fi: 'Asiakkaat pääasiallisen toiminnan mukaan alussa', sv: 'Klienter efter huvudsaklig sysselsättning i början', en: 'Clients by main activity at start' }),
		section('referral', 'clients', 'referral-source', { fi: 'Asiakkaat ohjautumisen mukaan', sv: 'Klienter efter hänvisning', en: 'Clients by referral source' }),
		section('services', 'clients', 'service-type', { fi: 'Asiakkaat palvelujen ja menetelmien mukaan', sv: 'Klienter efter tjänster och metoder', en: 'Clients by services and methods' }, { multi: true }),
		section('placement', 'clients-ended', 'placement', { fi: 'Päättyneet asiakkuudet: sijoittuminen', sv: 'Avslutade klientskap: placering', en: 'Ended relationships: placement' }),
		section('length', 'clients-ended', 'relationship-length', { fi: 'Päättyneet asiakkuudet: kesto', sv: 'Avslutade klientskap: längd', en: 'Ended relationships: length' }),
		section('anonymous', 'anonymous-contacts', 'gender', { fi: 'Anonyymit kontaktit sukupuolen mukaan', sv: 'Anonyma kontakter efter kön', en: 'Anonymous contacts by gender' }),
		section('encounter-channel', 'encounters', 'encounter-channel', { fi: 'Kohtaamiset kanavan mukaan', sv: 'Möten efter kanal', en: 'Encounters by channel' }),
		section('encounter-subject', 'encounters', 'encounter-subject', { fi: 'Kohtaamiset: asiakkaat ja anonyymit', sv: 'Möten: klienter och anonyma', en: 'Encounters: clients and anonymous' }),
		section('staff', 'staff', 'role', { fi: 'Henkilöstö roolin mukaan', sv: 'Personal efter roll', en: 'Staff by role' }, { multi: true, suppress: false })
	]
} as const satisfies ReportDefinition;

export const WORKSHOP_REPORT = {
	id: 'workshop',
	version: 1,
	labels: { fi: 'Työpajatilasto', sv: 'Verkstadsstatistik', en: 'Workshop statistics' },
	description: {
		fi: 'Valmennusjaksot ja osallistujat, läsnäolo sekä sijoittuminen jakson jälkeen.',
		sv: 'Coachningsperioder och deltagare, närvaro samt placering efter perioden.',
		en: 'Coaching periods and participants, attendance, and placement after the period.'
	},
	unitKinds: ['workshop', 'rehabilitative', 'employment', 'integration', 'outreach'],
	sections: [
		section('periods', 'periods', 'period-type', { fi: 'Jaksot tyypin mukaan', sv: 'Perioder efter typ', en: 'Periods by type' }),
		section('participants', 'participants', 'period-type', { fi: 'Osallistujat jakson tyypin mukaan', sv: 'Deltagare efter periodtyp', en: 'Participants by period type' }, { multi: true }),
		section('participant-gender', 'participants', 'gender', { fi: 'Osallistujat sukupuolen mukaan', sv: 'Deltagare efter kön', en: 'Participants by gender' }),
		section('attendance', 'attendance', 'attendance', { fi: 'Läsnäolo ja poissaolot', sv: 'Närvaro och frånvaro', en: 'Attendance and absences' }, { multi: true, basis: 'participants' }),
		section('period-placement', 'periods-ended', 'placement', { fi: 'Päättyneet jaksot: sijoittuminen jakson jälkeen', sv: 'Avslutade perioder: placering efter perioden', en: 'Ended periods: placement after the period' })
	]
} as const satisfies ReportDefinition;

/** ESF+ participant data of a project (DOMAIN.md §4); the API takes `project=<code>` to limit it to one. */
export const ESF_REPORT = {
	id: 'esf',
	version: 1,
	labels: { fi: 'ESR-osallistujatiedot', sv: 'ESF-deltagaruppgifter', en: 'ESF participant data' },
	description: {
		fi: 'ESR+-hankkeen osallistujat alkutilanteen mukaan ja päättyneiden osallistujien tilanne lähtiessä (yksi kirjaus osallistujaa ja hanketta kohden).',
		sv: 'Deltagarna i ett ESF+-projekt efter utgångsläge och situationen för dem som lämnat (en registrering per deltagare och projekt).',
		en: 'Participants of an ESF+ project by their start situation, and the situation of those who left (one record per participant per project).'
	},
	unitKinds: ['outreach', 'workshop', 'rehabilitative', 'employment', 'integration'],
	sections: [
		section('esf-gender', 'esf-participants', 'esf-gender', { fi: 'Osallistujat sukupuolen mukaan', sv: 'Deltagare efter kön', en: 'Participants by gender' }),
		section('esf-age', 'esf-participants', 'esf-age-group', { fi: 'Osallistujat iän mukaan alussa', sv: 'Deltagare efter ålder i början', en: 'Participants by age at start' }),
		section('esf-employment', 'esf-participants', 'esf-employment-status', { fi: 'Osallistujat työmarkkina-aseman mukaan alussa', sv: 'Deltagare efter ställning på arbetsmarknaden i början', en: 'Participants by employment status at start' }),
		section('esf-education', 'esf-participants', 'esf-isced', { fi: 'Osallistujat koulutustason mukaan (ISCED)', sv: 'Deltagare efter utbildningsnivå (ISCED)', en: 'Participants by education (ISCED)' }),
		section('esf-disadvantage', 'esf-participants', 'esf-disadvantage', { fi: 'Heikommassa asemassa olevat osallistujat', sv: 'Missgynnade deltagare', en: 'Disadvantaged participants' }, { multi: true }),
		section('esf-end-status', 'esf-leavers', 'esf-end-status', { fi: 'Päättyneet: tilanne lähtiessä', sv: 'De som lämnat: situation vid avslut', en: 'Leavers: status on leaving' }),
		section('esf-qualification', 'esf-leavers', 'esf-qualification', { fi: 'Päättyneet: tutkinto tai todistus', sv: 'De som lämnat: examen eller intyg', en: 'Leavers: qualification gained' })
	]
} as const satisfies ReportDefinition;

export const REPORT_DEFINITIONS: readonly ReportDefinition[] = [YOUTH_WORK_REPORT, WORKSHOP_REPORT, ESF_REPORT];
export type ReportId = (typeof YOUTH_WORK_REPORT)['id'] | (typeof WORKSHOP_REPORT)['id'] | (typeof ESF_REPORT)['id'];
export const REPORT_IDS = REPORT_DEFINITIONS.map((r) => r.id) as [ReportId, ...ReportId[]];

export function reportDefinition(id: string): ReportDefinition | undefined {
	return REPORT_DEFINITIONS.find((r) => r.id === id);
}

export function dimensionCategories(id: DimensionId): readonly CodeEntry[] {
	return DIMENSIONS[id].categories;
}

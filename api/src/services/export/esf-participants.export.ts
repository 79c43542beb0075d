/**
 * The ESF participant file a project transfers (issue 6, DOMAIN.md §4): one row per participant of
 * the project (one per client per project), by Polku participant number, never a name or a
 * henkilötunnus. CSV the way Finnish Excel opens it (UTF-8 with BOM, `;`, CRLF), and XLSX (exceljs):
 * sheet `participants` with the CSV's labelled columns, and sheet `data` with the same columns as
 * codes (for mapping to EURA).
 *
 * Columns (A→): participant number, project code, start date, age at start, gender, employment status
 * at start, education (ISCED), disadvantages, end date, status on leaving, qualification gained.
 * Dates are ISO (YYYY-MM-DD). Disadvantages are one cell: the labels joined by ", ", "None of these",
 * or "Declined to answer". The end columns are empty while the participation goes on.
 *
 * This is per-person data, not statistics: no small-cell suppression applies. Pure: rows in, bytes out.
 */
import {
	DIMENSIONS,
	ESF_DISADVANTAGES,
	ESF_EMPLOYMENT_STATUSES,
	ESF_END_STATUSES,
	ISCED_BANDS,
	labelOf,
	QUALIFICATION_GAINED,
	type Labels,
	type Locale
} from '@polku/shared';
import ExcelJS from 'exceljs';

export interface EsfParticipantRow {
	readonly participantNumber: number;
	readonly projectCode: string;
	readonly startDate: string;
	readonly ageAtStart: number | null;
	/** A GENDERS code. */
	readonly gender: string;
	readonly employmentStatusAtStart: string | null;
	readonly educationAtStart: string | null;
	readonly disadvantages: readonly string[];
	readonly disadvantageDeclined: boolean;
	readonly endDate: string | null;
	readonly employmentStatusAtEnd: string | null;
	readonly qualificationGained: string | null;
}

export interface EsfParticipantsFile {
	readonly rows: readonly EsfParticipantRow[];
	readonly locale: Locale;
	readonly createdAt: Date;
}

export const ESF_PARTICIPANTS_SHEET = 'participants';
export const ESF_DATA_SHEET = 'data';

export const ESF_PARTICIPANT_HEADERS: readonly Labels[] = [
	{ fi: 'Osallistujanumero', sv: 'Deltagarnummer', en: 'Participant number' },
	{ fi: 'Hankekoodi', sv: 'Projektkod', en: 'Project code' },
	{ fi: 'Alkupäivä', sv: 'Startdatum', en: 'Start date' },
	{ fi: 'Ikä alussa', sv: 'Ålder i början', en: 'Age at start' },
	{ fi: 'Sukupuoli', sv: 'Kön', en: 'Gender' },
	{ fi: 'Työmarkkina-asema alussa', sv: 'Ställning på arbetsmarknaden i början', en: 'Employment status at start' },
	{ fi: 'Koulutus (ISCED)', sv: 'Utbildning (ISCED)', en: 'Education (ISCED)' },
	{ fi: 'Heikommassa asemassa', sv: 'Missgynnad', en: 'Disadvantages' },
	{ fi: 'Päättymispäivä', sv: 'Slutdatum', en: 'End date' },
	{ fi: 'Tilanne lähtiessä', sv: 'Situation vid avslut', en: 'Status on leaving' },
	{ fi: 'Tutkinto tai todistus', sv: 'Examen eller intyg', en: 'Qualification gained' }
];

/** The `data` sheet's header: field names, the same in every language. */
export const ESF_DATA_HEADERS = [
	'participantNumber',
	'projectCode',
	'startDate',
	'ageAtStart',
	'gender',
	'employmentStatusAtStart',
	'educationAtStart',
	'disadvantages',
	'endDate',
	'employmentStatusAtEnd',
	'qualificationGained'
] as const;

/** One person's gender (ESF+: women, men, non-binary persons). */
const GENDER_LABELS: Record<string, Labels> = {
	female: { fi: 'Nainen', sv: 'Kvinna', en: 'Woman' },
	male: { fi: 'Mies', sv: 'Man', en: 'Man' },
	other: { fi: 'Muunsukupuolinen', sv: 'Icke-binär', en: 'Non-binary' },
	unknown: { fi: 'Ei tietoa', sv: 'Uppgift saknas', en: 'No information' }
};

const disadvantageRows = DIMENSIONS['esf-disadvantage'].categories;
const NONE = disadvantageRows.find((c) => c.code === 'none')!.labels;
const DECLINED = disadvantageRows.find((c) => c.code === 'declined')!.labels;

type Cell = string | number | null;

/** The labelled table both formats write. */
export function esfParticipantsTable(file: EsfParticipantsFile): { header: string[]; rows: Cell[][] } {
	const { locale } = file;
	const code = (list: Parameters<typeof labelOf>[0], value: string | null) => (value === null ? null : labelOf(list, value, locale));
	const disadvantages = (r: EsfParticipantRow) =>
		r.disadvantageDeclined ? DECLINED[locale] : r.disadvantages.length === 0 ? NONE[locale] : r.disadvantages.map((d) => labelOf(ESF_DISADVANTAGES, d, locale)).join(', ');
	const rows = file.rows.map((r): Cell[] => [
		r.participantNumber,
		r.projectCode,
		r.startDate,
		r.ageAtStart,
		(GENDER_LABELS[r.gender] ?? GENDER_LABELS.unknown!)[locale],
		code(ESF_EMPLOYMENT_STATUSES, r.employmentStatusAtStart ?? 'unknown'),
		code(ISCED_BANDS, r.educationAtStart ?? 'unknown'),
		disadvantages(r),
		r.endDate,
		r.endDate === null ? null : code(ESF_END_STATUSES, r.employmentStatusAtEnd ?? 'unknown'),
		r.endDate === null ? null : code(QUALIFICATION_GAINED, r.qualificationGained ?? 'unknown')
	]);
	return { header: ESF_PARTICIPANT_HEADERS.map((h) => h[locale]), rows };
}

/** The `data` sheet: codes (`unknown` for unanswered), disadvantages as `code,code`, `declined` or `none`. */
export function esfParticipantsCodes(file: EsfParticipantsFile): Cell[][] {
	return file.rows.map((r) => [
		r.participantNumber,
		r.projectCode,
		r.startDate,
		r.ageAtStart,
		r.gender in GENDER_LABELS ? r.gender : 'unknown',
		r.employmentStatusAtStart ?? 'unknown',
		r.educationAtStart ?? 'unknown',
		r.disadvantageDeclined ? 'declined' : r.disadvantages.length === 0 ? 'none' : r.disadvantages.join(','),
		r.endDate,
		r.endDate === null ? null : (r.employmentStatusAtEnd ?? 'unknown'),
		r.endDate === null ? null : (r.qualificationGained ?? 'unknown')
	]);
}

// ---------------------------------------------------------------------------------------------------
// CSV

const BOM = '\uFEFF';

/** A spreadsheet must not run a cell as a formula (CSV injection): such text gets a leading quote. */
function csvText(s: string): string {
	const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
	return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const csvCell = (value: Cell): string => (value === null ? '' : typeof value === 'number' ? String(value) : csvText(value));

/** UTF-8 with a BOM, `;`-separated, CRLF line ends: the header row, then one row per participant. */
export function esfParticipantsCsv(file: EsfParticipantsFile): Buffer {
	const { header, rows } = esfParticipantsTable(file);
	const lines = [header.map(csvText).join(';'), ...rows.map((row) => row.map(csvCell).join(';'))];
	return Buffer.from(`${BOM}${lines.join('\r\n')}\r\n`, 'utf8');
}

// ---------------------------------------------------------------------------------------------------
// XLSX

export async function esfParticipantsXlsx(file: EsfParticipantsFile): Promise<Buffer> {
	const { header, rows } = esfParticipantsTable(file);
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Polku';
	workbook.created = file.createdAt;
	workbook.modified = file.createdAt;
	const widths = [16, 12, 12, 10, 16, 34, 30, 40, 12, 26, 22];
	const people = workbook.addWorksheet(ESF_PARTICIPANTS_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
	people.columns = widths.map((width) => ({ width }));
	people.addRow(header).font = { bold: true };
	for (const row of rows) people.addRow(row);
	const data = workbook.addWorksheet(ESF_DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
	data.columns = widths.map((width) => ({ width }));
	data.addRow([...ESF_DATA_HEADERS]).font = { bold: true };
	for (const row of esfParticipantsCodes(file)) data.addRow(row);
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

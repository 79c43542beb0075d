/**
 * The month's attendance summary of a workshop (shared AttendanceSummary) as files for billing and
 * expense compensation: CSV the way Finnish Excel opens it (UTF-8 with BOM, `;`, CRLF, decimal comma)
 * and XLSX (exceljs, one sheet "Yhteenveto", numbers as numbers).
 *
 * Both have exactly these columns (A→, issue 5 contract): participant, period type, payer, contract
 * days, days present, hours present, contract hours, sick, authorised, unauthorised, other, unmarked
 * days, extra days, expense compensation € (2 decimals; empty when the period has none). Row 1 holds
 * the headers, one row per summary row follows, then one subtotal row per payer.
 *
 * Pure: summary in, text or bytes out.
 */
import { labelOf, PERIOD_TYPES, type AttendanceSummary, type Labels, type Locale } from '@polku/shared';
import ExcelJS from 'exceljs';

export const SUMMARY_SHEET = 'Yhteenveto';

export const SUMMARY_HEADERS: readonly Labels[] = [
	{ fi: 'Valmentautuja', sv: 'Deltagare', en: 'Participant' },
	{ fi: 'Jakson tyyppi', sv: 'Periodens typ', en: 'Type of period' },
	{ fi: 'Maksaja', sv: 'Betalare', en: 'Payer' },
	{ fi: 'Sopimuspäivät', sv: 'Avtalsdagar', en: 'Contract days' },
	{ fi: 'Läsnäolopäivät', sv: 'Närvarodagar', en: 'Days present' },
	{ fi: 'Läsnäolotunnit', sv: 'Närvarotimmar', en: 'Hours present' },
	{ fi: 'Sopimuksen tunnit', sv: 'Avtalstimmar', en: 'Contract hours' },
	{ fi: 'Sairas', sv: 'Sjuk', en: 'Sick' },
	{ fi: 'Luvallinen poissaolo', sv: 'Tillåten frånvaro', en: 'Authorised absence' },
	{ fi: 'Luvaton poissaolo', sv: 'Otillåten frånvaro', en: 'Unauthorised absence' },
	{ fi: 'Muu poissaolo', sv: 'Annan frånvaro', en: 'Other absence' },
	{ fi: 'Merkitsemättä', sv: 'Ej markerade', en: 'Not marked' },
	{ fi: 'Sopimuksen ulkopuoliset päivät', sv: 'Dagar utanför avtalet', en: 'Days outside the contract' },
	{ fi: 'Kulukorvaus €', sv: 'Kostnadsersättning €', en: 'Expense compensation €' }
];

const TOTAL: Labels = { fi: 'Yhteensä', sv: 'Totalt', en: 'Total' };
const NO_PAYER: Labels = { fi: 'Ei maksajaa', sv: 'Ingen betalare', en: 'No payer' };

/** One cell: text, a number, or empty. Money is in euros here (cents / 100). */
type Cell = string | number | null;
type Kind = 'text' | 'int' | 'decimal' | 'euro';
const COLUMN_KINDS: readonly Kind[] = ['text', 'text', 'text', 'int', 'int', 'decimal', 'decimal', 'int', 'int', 'int', 'int', 'int', 'int', 'euro'];

/** The table both formats write: header row, data rows, subtotal rows. */
export function summaryTable(summary: AttendanceSummary, locale: Locale): { header: string[]; rows: Cell[][]; totals: Cell[][] } {
	const payer = (p: string | null) => p ?? NO_PAYER[locale];
	const euros = (cents: number | null) => (cents === null ? null : cents / 100);
	const rows = summary.rows.map((r): Cell[] => [
		r.participant,
		labelOf(PERIOD_TYPES, r.periodType, locale),
		payer(r.payer),
		r.contractDays,
		r.daysPresent,
		r.hoursPresent,
		r.contractHours,
		r.absences.sick,
		r.absences.authorised,
		r.absences.unauthorised,
		r.absences.other,
		r.unmarkedDays,
		r.extraDays,
		euros(r.expenseCompensationCents)
	]);
	const totals = summary.payers.map((p): Cell[] => {
		// A payer whose periods have no expense compensation at all has an empty € cell, not 0.
		const anyCompensation = summary.rows.some((r) => r.payer === p.payer && r.expenseCompensationCents !== null);
		return [
			`${TOTAL[locale]} (${p.participants})`,
			null,
			payer(p.payer),
			p.contractDays,
			p.daysPresent,
			p.hoursPresent,
			null,
			null,
			null,
			null,
			null,
			null,
			null,
			anyCompensation ? euros(p.expenseCompensationCents) : null
		];
	});
	return { header: SUMMARY_HEADERS.map((h) => h[locale]), rows, totals };
}

// ---------------------------------------------------------------------------------------------------
// CSV

const BOM = '\uFEFF';

/** A spreadsheet must not run a name as a formula (CSV injection): such text gets a leading quote. */
function csvText(s: string): string {
	const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
	return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvCell(value: Cell, kind: Kind): string {
	if (value === null) return '';
	if (typeof value === 'string') return csvText(value);
	if (kind === 'euro') return value.toFixed(2).replace('.', ',');
	if (kind === 'decimal') return String(Math.round(value * 100) / 100).replace('.', ',');
	return String(value);
}

/** UTF-8 text with a BOM, `;`-separated, CRLF line ends, decimal comma. */
export function attendanceSummaryCsv(summary: AttendanceSummary, locale: Locale): string {
	const { header, rows, totals } = summaryTable(summary, locale);
	const lines = [header.map(csvText).join(';'), ...[...rows, ...totals].map((row) => row.map((v, i) => csvCell(v, COLUMN_KINDS[i] ?? 'text')).join(';'))];
	return `${BOM}${lines.join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------------------------------------------
// XLSX

const NUM_FMT: Record<Kind, string | undefined> = { text: undefined, int: '0', decimal: '0.##', euro: '0.00' };

export async function attendanceSummaryXlsx(summary: AttendanceSummary, locale: Locale, opts: { createdAt: Date }): Promise<Buffer> {
	const { header, rows, totals } = summaryTable(summary, locale);
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Polku';
	workbook.created = opts.createdAt;
	workbook.modified = opts.createdAt;
	const sheet = workbook.addWorksheet(SUMMARY_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = header.map((_, i) => ({ width: i === 0 || i === 2 ? 28 : i === 1 ? 24 : 14 }));
	const headerRow = sheet.addRow(header);
	headerRow.font = { bold: true };
	for (const row of rows) sheet.addRow(row);
	for (const row of totals) sheet.addRow(row).font = { bold: true };
	COLUMN_KINDS.forEach((kind, i) => {
		const fmt = NUM_FMT[kind];
		if (!fmt) return;
		sheet.getColumn(i + 1).eachCell((cell, rowNumber) => {
			if (rowNumber > 1) cell.numFmt = fmt;
		});
	});
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

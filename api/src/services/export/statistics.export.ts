/**
 * A statistics delivery (shared Delivery: the frozen report and what changed since the previous
 * delivery) as files for funders: CSV the way Finnish Excel opens it (UTF-8 with BOM, `;`, CRLF,
 * decimal comma) and XLSX (exceljs). The PDF (../pdf/statistics.pdf.ts) lays out the same content.
 *
 * Every figure reads as in the web view (`cellDisplay`): the number, "<5" for a count under the
 * threshold, "×" for a count hidden so that a small one cannot be worked out. The report carries no
 * value of a suppressed cell, so no file can hold one.
 *
 * XLSX sheets: the report for people (title, window, units, delivery time and hash, legend, then each
 * section: title row, one row per category, total row); `data` with one row per cell (section id,
 * code, label, value: a number, or "<5"/"×"), read by machines and the e2e test; and the changes since
 * the previous delivery when there are any.
 *
 * Pure: delivery in, bytes out.
 */
import {
	cellDisplay,
	DIMENSIONS,
	POPULATIONS,
	reportDefinition,
	windowLabel,
	type Delivery,
	type Labels,
	type Locale,
	type StatisticsCell
} from '@polku/shared';
import ExcelJS from 'exceljs';

export interface StatisticsFile {
	organisationName: string;
	delivery: Delivery;
	/** Names of the report's units by id (a unit missing here shows its id). */
	unitNames: Record<string, string>;
	locale: Locale;
}

export const DATA_SHEET = 'data';
export const DATA_HEADER = ['section', 'code', 'label', 'value'] as const;
export const REPORT_SHEET: Labels = { fi: 'Raportti', sv: 'Rapport', en: 'Report' };
export const CHANGES_SHEET: Labels = { fi: 'Muutokset', sv: 'Ändringar', en: 'Changes' };
export const CSV_HEADERS: readonly Labels[] = [
	{ fi: 'Osio', sv: 'Avsnitt', en: 'Section' },
	{ fi: 'Koodi', sv: 'Kod', en: 'Code' },
	{ fi: 'Luokka', sv: 'Kategori', en: 'Category' },
	{ fi: 'Arvo', sv: 'Värde', en: 'Value' }
];

export const STATISTICS_TEXT = {
	organisation: { fi: 'Organisaatio', sv: 'Organisation', en: 'Organisation' },
	window: { fi: 'Aikaväli', sv: 'Tidsintervall', en: 'Window' },
	units: { fi: 'Yksiköt', sv: 'Enheter', en: 'Units' },
	project: { fi: 'Hanke (ESR)', sv: 'Projekt (ESF)', en: 'Project (ESF)' },
	allProjects: { fi: 'Kaikki hankkeet', sv: 'Alla projekt', en: 'Every project' },
	delivered: { fi: 'Tuotettu toimitettavaksi', sv: 'Framställd för leverans', en: 'Produced for delivery' },
	hash: { fi: 'Tarkiste (SHA-256)', sv: 'Kontrollsumma (SHA-256)', en: 'Checksum (SHA-256)' },
	previous: { fi: 'Edellinen toimitus', sv: 'Föregående leverans', en: 'Previous delivery' },
	noPrevious: { fi: 'Ei aiempaa toimitusta', sv: 'Ingen tidigare leverans', en: 'No earlier delivery' },
	legend: { fi: 'Pienten lukujen suojaus', sv: 'Skydd av små tal', en: 'Small-number protection' },
	changes: { fi: 'Muutokset edelliseen toimitukseen', sv: 'Ändringar sedan föregående leverans', en: 'Changes since the previous delivery' },
	noChanges: { fi: 'Ei muutoksia edelliseen toimitukseen.', sv: 'Inga ändringar sedan föregående leverans.', en: 'No changes since the previous delivery.' },
	section: { fi: 'Osio', sv: 'Avsnitt', en: 'Section' },
	category: { fi: 'Luokka', sv: 'Kategori', en: 'Category' },
	before: { fi: 'Edellinen', sv: 'Föregående', en: 'Previous' },
	now: { fi: 'Nyt', sv: 'Nu', en: 'Now' },
	change: { fi: 'Muutos', sv: 'Förändring', en: 'Change' },
	by: { fi: 'tuottaja', sv: 'av', en: 'by' }
} as const satisfies Record<string, Labels>;

/** "<5 = alle 5; × = salattu, ettei pieni luku paljastu" for the report's threshold. */
export function legendText(threshold: number, locale: Locale): string {
	const t = threshold;
	return {
		fi: `<${t} = alle ${t}; × = salattu, ettei pieni luku paljastu`,
		sv: `<${t} = under ${t}; × = dold så att ett litet tal inte kan räknas ut`,
		en: `<${t} = under ${t}; × = hidden so that a small number cannot be worked out`
	}[locale];
}

function totalLabel(population: string, locale: Locale): string {
	const p = (POPULATIONS as Record<string, { labels: Labels }>)[population]?.labels[locale] ?? population;
	return { fi: `${p} yhteensä`, sv: `${p} totalt`, en: `${p}, total` }[locale];
}

const INTL_LOCALE: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** A delivery time in Finland: `14.5.2026 klo 10.30` (fi). */
export function formatDeliveryTime(at: string, locale: Locale): string {
	return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
		timeZone: 'Europe/Helsinki',
		day: 'numeric',
		month: 'numeric',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	}).format(new Date(at));
}

export interface ContentRow {
	/** A category code of the section's dimension, or `total`. */
	code: string;
	label: string;
	cell: StatisticsCell;
	/** As every view shows it: "12", "7,5" (decimal comma in fi/sv), "<5", "×". */
	display: string;
	total: boolean;
}

export interface ContentChange {
	section: string;
	category: string;
	/** As shown, or "–" when the cell was not in that delivery. */
	previous: string;
	current: string;
	/** For spreadsheets: a shown value as a number, else the text above. */
	previousValue: number | string;
	currentValue: number | string;
	change: number | null;
}

/** What all three formats show, in the file's language. */
export interface StatisticsContent {
	title: string;
	organisationName: string;
	/** "Tammi–huhtikuu 2026 (1.1.–30.4.2026)". */
	window: string;
	/** Label–value lines under the title: window, units, delivery time, hash, previous delivery, legend. */
	facts: [string, string][];
	threshold: number;
	sections: { id: string; label: string; rows: ContentRow[] }[];
	changes: ContentChange[];
	/** False for the first delivery of the report and units. */
	hasPrevious: boolean;
}

const DASH = '–';

/** A shown value as a number; a suppressed one as its mark ("<5" or "×"). */
function cellValue(cell: StatisticsCell, display: string): number | string {
	return cell.state === 'shown' && cell.value !== null ? cell.value : display;
}

export function statisticsContent(file: StatisticsFile, opts: { decimalComma?: boolean } = {}): StatisticsContent {
	const { delivery, locale: l } = file;
	const report = delivery.report;
	const decimalComma = opts.decimalComma ?? l !== 'en';
	const def = reportDefinition(report.reportId);
	const t = (key: keyof typeof STATISTICS_TEXT) => STATISTICS_TEXT[key][l];
	const display = (cell: StatisticsCell) => cellDisplay(cell, report.threshold, decimalComma);

	const sectionLabel = (id: string) => def?.sections.find((s) => s.id === id)?.labels[l] ?? id;
	const categoryLabel = (sectionId: string, code: string): string => {
		const s = def?.sections.find((x) => x.id === sectionId);
		if (!s) return code;
		if (code === 'total') return totalLabel(s.population, l);
		const categories = DIMENSIONS[s.dimension].categories as readonly { code: string; labels: Labels }[];
		return categories.find((c) => c.code === code)?.labels[l] ?? code;
	};

	const sections = report.sections.map((s) => ({
		id: s.id,
		label: sectionLabel(s.id),
		rows: [
			...s.rows.map((r): ContentRow => ({ code: r.code, label: categoryLabel(s.id, r.code), cell: r.cell, display: display(r.cell), total: false })),
			{ code: 'total', label: categoryLabel(s.id, 'total'), cell: s.total, display: display(s.total), total: true }
		]
	}));

	const window = windowLabel({ spec: report.windowSpec, from: report.from, to: report.to }, l);
	const units = report.unitIds.map((id) => file.unitNames[id] ?? id).join(', ');
	const previous = delivery.previous;
	const facts: [string, string][] = [
		[t('organisation'), file.organisationName],
		[t('window'), window],
		[t('units'), units],
		// The esf report counts one project or all of them.
		...(report.reportId === 'esf' ? [[t('project'), report.project ?? t('allProjects')] as [string, string]] : []),
		[t('delivered'), `${formatDeliveryTime(delivery.createdAt, l)}, ${t('by')} ${delivery.createdByName}`],
		[t('hash'), delivery.hash],
		[t('previous'), previous ? `${formatDeliveryTime(previous.createdAt, l)} (${previous.hash.slice(0, 12)})` : t('noPrevious')],
		[t('legend'), legendText(report.threshold, l)]
	];

	const changes = delivery.changes.map((c): ContentChange => {
		const previous = c.previous ? display(c.previous) : DASH;
		const current = c.current ? display(c.current) : DASH;
		return {
			section: sectionLabel(c.sectionId),
			category: categoryLabel(c.sectionId, c.code),
			previous,
			current,
			previousValue: c.previous ? cellValue(c.previous, previous) : previous,
			currentValue: c.current ? cellValue(c.current, current) : current,
			change: c.change
		};
	});

	return { title: def?.labels[l] ?? report.reportId, organisationName: file.organisationName, window, facts, threshold: report.threshold, sections, changes, hasPrevious: previous !== null };
}

// ---------------------------------------------------------------------------------------------------
// CSV

const BOM = '\uFEFF';

/** A spreadsheet must not run text as a formula (CSV injection): such text gets a leading quote. */
function csvText(s: string): string {
	const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
	return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * UTF-8 with a BOM, `;`-separated, CRLF line ends, decimal comma: Osio;Koodi;Luokka;Arvo, one line per
 * row of each section and its total (code `total`).
 */
export function statisticsCsv(file: StatisticsFile): Buffer {
	const content = statisticsContent(file, { decimalComma: true });
	const lines = [CSV_HEADERS.map((h) => csvText(h[file.locale])).join(';')];
	for (const s of content.sections) {
		for (const r of s.rows) lines.push([s.label, r.code, r.label, r.display].map(csvText).join(';'));
	}
	return Buffer.from(`${BOM}${lines.join('\r\n')}\r\n`, 'utf8');
}

// ---------------------------------------------------------------------------------------------------
// XLSX

const numFmt = (v: number) => (Number.isInteger(v) ? '0' : '0.00');

export async function statisticsXlsx(file: StatisticsFile): Promise<Buffer> {
	const content = statisticsContent(file);
	const l = file.locale;
	const t = (key: keyof typeof STATISTICS_TEXT) => STATISTICS_TEXT[key][l];
	const created = new Date(file.delivery.createdAt);
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Polku';
	workbook.created = created;
	workbook.modified = created;

	const sheet = workbook.addWorksheet(REPORT_SHEET[l]);
	sheet.columns = [{ width: 56 }, { width: 70 }];
	const title = sheet.addRow([content.title]);
	title.font = { bold: true, size: 14 };
	for (const [k, v] of content.facts) sheet.addRow([k, v]).getCell(1).font = { bold: true };
	for (const s of content.sections) {
		sheet.addRow([]);
		sheet.addRow([s.label]).font = { bold: true, size: 12 };
		for (const r of s.rows) {
			const row = sheet.addRow([r.label, cellValue(r.cell, r.display)]);
			const value = row.getCell(2);
			value.alignment = { horizontal: 'right' };
			if (typeof value.value === 'number') value.numFmt = numFmt(value.value);
			if (r.total) row.font = { bold: true };
		}
	}

	const data = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
	data.columns = [{ width: 22 }, { width: 28 }, { width: 48 }, { width: 12 }];
	data.addRow([...DATA_HEADER]).font = { bold: true };
	for (const s of content.sections) {
		for (const r of s.rows) data.addRow([s.id, r.code, r.label, cellValue(r.cell, r.display)]);
	}

	if (content.changes.length > 0) {
		const changes = workbook.addWorksheet(CHANGES_SHEET[l], { views: [{ state: 'frozen', ySplit: 1 }] });
		changes.columns = [{ width: 48 }, { width: 40 }, { width: 12 }, { width: 12 }, { width: 12 }];
		changes.addRow([t('section'), t('category'), t('before'), t('now'), t('change')]).font = { bold: true };
		for (const c of content.changes) changes.addRow([c.section, c.category, c.previousValue, c.currentValue, c.change]);
	}
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

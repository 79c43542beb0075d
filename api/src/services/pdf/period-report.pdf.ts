/**
 * The PDF of an interim report (väliraportti) or final statement (loppulausunto): the same
 * PeriodReportContent the web's print view shows (shared/workshop/period-report.ts), laid out with
 * pdfmake with the Roboto font it ships (embedded), so the text reads back (`pdftotext`), ä/ö, Cyrillic
 * and Vietnamese included. Headings come from REPORT_TEXT, code labels from the shared code lists (an
 * organisation's local placement codes from its overrides).
 *
 * Pure: content in, bytes out. Nothing here logs; the text holds personal data.
 */
import {
	ABSENCE_REASONS,
	codeLabel,
	GOAL_STATUSES,
	labelOf,
	PERIOD_TYPES,
	PLACEMENTS,
	REPORT_KINDS,
	REPORT_TEXT,
	WEEKDAY_LABELS,
	type CodeOverrides,
	type Locale,
	type PeriodReportContent,
	type Weekday
} from '@polku/shared';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';

// pdfmake is a module-level singleton: configure it once. The font is the Roboto pdfmake ships
// (Latin with its extensions, Greek, Cyrillic, Vietnamese), embedded as a subset so the text reads back
// (`pdftotext`) on any machine. A report never fetches anything else (no images, no URLs).
const ROBOTO_DIR = join(dirname(createRequire(import.meta.url).resolve('pdfmake/package.json')), 'fonts', 'Roboto');
const ROBOTO = {
	normal: join(ROBOTO_DIR, 'Roboto-Regular.ttf'),
	bold: join(ROBOTO_DIR, 'Roboto-Medium.ttf'),
	italics: join(ROBOTO_DIR, 'Roboto-Italic.ttf'),
	bolditalics: join(ROBOTO_DIR, 'Roboto-MediumItalic.ttf')
};
const FONT_FILES = new Set<string>(Object.values(ROBOTO));
pdfmake.setFonts({ Roboto: ROBOTO });
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path) => FONT_FILES.has(path));

export interface PeriodReportPdfOptions {
	locale: Locale;
	/** When the PDF is made (the print date in the footer). */
	printedAt: Date;
	/** The organisation's local codes (placement after the period may be one). */
	codeOverrides?: CodeOverrides;
}

const INTL_LOCALE: Record<Locale, string> = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' };

/** `2026-03-02` → `2.3.2026` (fi), `2.3.2026` (sv-FI), `02/03/2026` (en-GB). */
export function formatDate(date: string, locale: Locale): string {
	return new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone: 'UTC', day: 'numeric', month: 'numeric', year: 'numeric' }).format(new Date(`${date}T12:00:00Z`));
}

/** Up to two decimals, the locale's decimal sign (fi: `7,5`). No grouping, so figures stay searchable. */
export function formatNumber(n: number, locale: Locale): string {
	return new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 2, useGrouping: false }).format(n);
}

function formatTimestamp(at: Date, locale: Locale): string {
	return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
		timeZone: 'Europe/Helsinki',
		day: 'numeric',
		month: 'numeric',
		year: 'numeric',
		hour: '2-digit',
		minute: '2-digit'
	}).format(at);
}

const DASH = '–';

/** Unicode blocks the embedded Roboto covers: Latin (with Extended-A/B and Additional: Vietnamese), Greek, Cyrillic, punctuation, currency. */
const COVERED: [number, number][] = [
	[0x20, 0x7e],
	[0xa0, 0x24f],
	[0x370, 0x3ff],
	[0x400, 0x52f],
	[0x1e00, 0x1eff],
	[0x2010, 0x2027],
	[0x2030, 0x205e],
	[0x20a0, 0x20bf]
];
const FALLBACK: Record<string, string> = { '→': '->', '←': '<-', '≤': '<=', '≥': '>=', '−': '-' };

function showable(ch: string): boolean {
	const c = ch.codePointAt(0) ?? 0;
	return c === 0x0a || c === 0x09 || COVERED.some(([lo, hi]) => c >= lo && c <= hi);
}

/**
 * Text as the embedded font can show it: pdfmake would write other characters as empty boxes. A
 * letter with a diacritic the font lacks becomes its base letter, a few symbols their usual stand-in
 * (→ becomes ->), and anything else (Arabic, CJK, emoji) `?`. Names in those scripts print fully from
 * the web's print view (the browser has the fonts).
 */
export function toPrintable(text: string): string {
	let out = '';
	for (const ch of text.normalize('NFC')) {
		if (showable(ch)) out += ch;
		else if (FALLBACK[ch] !== undefined) out += FALLBACK[ch];
		else {
			const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
			out += base !== ch && [...base].every(showable) ? base : '?';
		}
	}
	return out;
}

function keyValues(rows: [string, string][]): Content {
	return {
		table: { widths: [170, '*'], body: rows.map(([k, v]): TableCell[] => [{ text: k, bold: true }, { text: v }]) },
		layout: 'noBorders',
		margin: [0, 0, 0, 8]
	};
}

/** The content's free text (names, organisations, goals, notes, the coach's text) made showable. */
function showableContent(c: PeriodReportContent): PeriodReportContent {
	const opt = (v: string | null) => (v === null ? null : toPrintable(v));
	return {
		...c,
		participant: toPrintable(c.participant),
		period: { ...c.period, payingOrganisation: opt(c.period.payingOrganisation), referringOrganisation: opt(c.period.referringOrganisation) },
		goals: c.goals.map((g) => ({ ...g, text: toPrintable(g.text), notes: g.notes.map((n) => ({ ...n, text: toPrintable(n.text) })) })),
		text: toPrintable(c.text)
	};
}

/** The document definition (exported for tests that inspect the layout). */
export function periodReportDocument(report: PeriodReportContent, opts: PeriodReportPdfOptions): TDocumentDefinitions {
	const content = showableContent(report);
	const l = opts.locale;
	const t = (key: keyof typeof REPORT_TEXT) => REPORT_TEXT[key][l];
	const date = (d: string | null) => (d === null ? DASH : formatDate(d, l));
	const num = (n: number | null) => (n === null ? DASH : formatNumber(n, l));
	const { period, attendance: a } = content;
	const title = labelOf(REPORT_KINDS, content.kind, l);

	const contract = [
		`${date(period.contractStart)} ${DASH} ${period.contractEnd === null ? '' : date(period.contractEnd)}`.trim(),
		period.weekdays.map((d) => WEEKDAY_LABELS[d as Weekday]?.[l] ?? String(d)).join(', '),
		`${period.daysPerWeek} ${t('daysPerWeek')}`,
		`${num(period.hoursPerDay)} ${t('hoursPerDay')}`
	].join(', ');

	const periodSection: Content[] = [
		{ text: t('period'), style: 'h2' },
		keyValues([
			[t('participant'), content.participant],
			[t('periodType'), labelOf(PERIOD_TYPES, period.type, l)],
			[t('dates'), period.endDate === null ? `${date(period.startDate)} ${DASH} (${t('notEnded')})` : `${date(period.startDate)} ${DASH} ${date(period.endDate)}`],
			[t('contract'), contract],
			[t('referrer'), period.referringOrganisation ?? DASH],
			[t('payer'), period.payingOrganisation ?? DASH]
		])
	];

	const absences = ABSENCE_REASONS.entries.map((e): [string, string] => [`${t('absences')}: ${e.labels[l]}`, String(a.absences[e.code])]);
	const attendanceSection: Content[] = [
		{ text: `${t('attendance')} ${date(a.from)} ${DASH} ${date(a.to)}`, style: 'h2' },
		keyValues([
			[t('contractDays'), String(a.contractDays)],
			[t('daysPresent'), String(a.daysPresent)],
			[t('hoursPresent'), num(a.hoursPresent)],
			[t('contractHours'), num(a.contractHours)],
			[t('presentRate'), a.presentRate === null ? DASH : `${num(a.presentRate)} %`],
			...absences,
			[t('unmarked'), String(a.unmarkedDays)]
		])
	];

	const goalsSection: Content[] = [{ text: t('goals'), style: 'h2' }];
	if (content.goals.length === 0) goalsSection.push({ text: t('noGoals'), margin: [0, 0, 0, 8] });
	for (const g of content.goals) {
		const meta = [labelOf(GOAL_STATUSES, g.status, l), g.targetDate === null ? null : `${t('targetDate')} ${date(g.targetDate)}`].filter((s) => s !== null).join(' · ');
		goalsSection.push({
			stack: [
				{ text: g.text, bold: true },
				{ text: meta, italics: true },
				...(g.notes.length > 0 ? [{ ul: g.notes.map((n) => `${date(n.date)}: ${n.text}`), margin: [0, 2, 0, 0] } as Content] : [])
			],
			margin: [0, 0, 0, 8]
		});
	}

	const assessmentsSection: Content[] = [{ text: t('assessments'), style: 'h2' }];
	if (content.assessments.length === 0) assessmentsSection.push({ text: t('noAssessments'), margin: [0, 0, 0, 8] });
	for (const instrument of content.assessments) {
		const span = instrument.firstDate === null ? '' : ` (${date(instrument.firstDate)} ${DASH} ${date(instrument.latestDate)})`;
		assessmentsSection.push({ text: `${instrument.labels[l]}${span}`, bold: true, margin: [0, 0, 0, 4] });
		assessmentsSection.push({
			table: {
				headerRows: 1,
				widths: ['*', 70, 70, 70, 70],
				body: [
					[t('dimension'), t('firstSelf'), t('latestSelf'), t('firstCoach'), t('latestCoach')].map((h): TableCell => ({ text: h, bold: true })),
					...instrument.dimensions.map((d): TableCell[] => [
						{ text: d.labels[l] },
						...[d.firstSelf, d.latestSelf, d.firstCoach, d.latestCoach].map((v): TableCell => ({ text: num(v), alignment: 'right' }))
					])
				]
			},
			layout: 'lightHorizontalLines',
			margin: [0, 0, 0, 8]
		});
	}

	const placement =
		period.placementAfter !== null
			? toPrintable(codeLabel(PLACEMENTS, opts.codeOverrides, period.placementAfter, l) ?? DASH)
			: period.endDate === null
				? t('notEnded')
				: DASH;
	const closing: Content[] = [
		{ text: t('placement'), style: 'h2' },
		{ text: placement, margin: [0, 0, 0, 8] },
		{ text: t('coachText'), style: 'h2' },
		...(content.text.trim() === '' ? [{ text: DASH } as Content] : content.text.split(/\r?\n\s*\r?\n/).map((p): Content => ({ text: p, margin: [0, 0, 0, 6] })))
	];

	const printed = `${t('printedAt')} ${formatTimestamp(opts.printedAt, l)}`;
	return {
		info: { title: `${title} ${formatDate(content.date, l)}`, creator: 'Polku', producer: 'Polku' },
		language: INTL_LOCALE[l],
		pageSize: 'A4',
		pageMargins: [50, 60, 50, 60],
		defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
		styles: {
			h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
			h2: { fontSize: 13, bold: true, margin: [0, 8, 0, 4] },
			muted: { fontSize: 8, color: '#444444' }
		},
		header: { text: t('confidential'), style: 'muted', alignment: 'right', margin: [50, 30, 50, 0] },
		footer: (page: number, pages: number): Content => ({
			columns: [
				{ text: `${t('confidential')} · ${printed}`, style: 'muted' },
				{ text: `${page} / ${pages}`, style: 'muted', alignment: 'right', width: 50 }
			],
			margin: [50, 20, 50, 0]
		}),
		content: [
			{ text: `${title} ${formatDate(content.date, l)}`, style: 'h1' },
			{ text: content.participant, fontSize: 13, margin: [0, 0, 0, 8] },
			...periodSection,
			...attendanceSection,
			...goalsSection,
			...assessmentsSection,
			...closing
		]
	};
}

/** The report as PDF bytes. */
export async function renderPeriodReportPdf(content: PeriodReportContent, opts: PeriodReportPdfOptions): Promise<Buffer> {
	return pdfmake.createPdf(periodReportDocument(content, opts)).getBuffer();
}

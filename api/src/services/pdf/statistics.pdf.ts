/**
 * The PDF of a statistics delivery: the same content as the XLSX's report sheet
 * (../export/statistics.export.ts `statisticsContent`) — title, window, units, delivery time and hash,
 * the legend of "<5" and "×", one table per section with its total, and the changes since the previous
 * delivery. Laid out with pdfmake and the embedded Roboto that ./period-report.pdf.ts configures
 * (importing it sets pdfmake's fonts and access policies), so the text reads back with `pdftotext`.
 *
 * Pure: delivery in, bytes out. A report holds no personal data and no suppressed value.
 */
import pdfmake from 'pdfmake';
import type { Content, CustomTableLayout, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { STATISTICS_TEXT, statisticsContent, type StatisticsFile } from '../export/statistics.export';
import { formatNumber, toPrintable } from './period-report.pdf';

const INTL_LOCALE = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;

/** `+3`, `-2`, `0` (the caller makes the minus sign printable). */
function signed(n: number, locale: StatisticsFile['locale']): string {
	return n > 0 ? `+${formatNumber(n, locale)}` : formatNumber(n, locale);
}

/** Thin lines between rows; a heavier one under a header row. */
const ROWS: CustomTableLayout = {
	hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0 : i === node.table.headerRows ? 1 : 0.5),
	vLineWidth: () => 0,
	hLineColor: () => '#999999',
	paddingLeft: () => 0,
	paddingRight: () => 4
};

/** The document definition (exported for tests that inspect the layout). */
export function statisticsDocument(file: StatisticsFile): TDocumentDefinitions {
	const content = statisticsContent(file);
	const l = file.locale;
	const t = (key: keyof typeof STATISTICS_TEXT) => STATISTICS_TEXT[key][l];
	const title = toPrintable(content.title);

	const facts: Content = {
		table: {
			widths: [130, '*'],
			// The hash is 64 hex digits: a smaller size keeps it on one line.
			body: content.facts.map(([k, v]): TableCell[] => [{ text: k, bold: true }, { text: toPrintable(v), ...(k === t('hash') ? { fontSize: 8.5 } : {}) }])
		},
		layout: 'noBorders',
		margin: [0, 0, 0, 8]
	};

	const sections = content.sections.map(
		(s): Content => ({
			stack: [
				{ text: toPrintable(s.label), style: 'h2' },
				{
					table: {
						widths: ['*', 70],
						body: s.rows.map((r): TableCell[] => [
							{ text: toPrintable(r.label), bold: r.total },
							{ text: r.display, alignment: 'right', bold: r.total }
						])
					},
					layout: ROWS
				}
			],
			unbreakable: true,
			margin: [0, 0, 0, 6]
		})
	);

	const changes: Content[] = content.hasPrevious ? [{ text: t('changes'), style: 'h2', pageBreak: 'before' }] : [];
	if (content.hasPrevious && content.changes.length === 0) changes.push({ text: t('noChanges') });
	if (content.changes.length > 0) {
		changes.push({
			table: {
				headerRows: 1,
				widths: ['*', 120, 50, 50, 50],
				body: [
					[t('section'), t('category'), t('before'), t('now'), t('change')].map((h): TableCell => ({ text: h, bold: true })),
					...content.changes.map((c): TableCell[] => [
						{ text: toPrintable(c.section) },
						{ text: toPrintable(c.category) },
						{ text: c.previous, alignment: 'right' },
						{ text: c.current, alignment: 'right' },
						{ text: c.change === null ? '' : toPrintable(signed(c.change, l)), alignment: 'right' }
					])
				]
			},
			layout: ROWS
		});
	}

	const footerText = toPrintable(`${content.organisationName} · ${content.title} · ${content.window}`);
	return {
		info: { title: toPrintable(`${content.title} ${content.window}`), creator: 'Polku', producer: 'Polku' },
		language: INTL_LOCALE[l],
		pageSize: 'A4',
		pageMargins: [50, 50, 50, 60],
		defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
		styles: {
			h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 6] },
			h2: { fontSize: 12, bold: true, margin: [0, 8, 0, 4] },
			muted: { fontSize: 8, color: '#444444' }
		},
		footer: (page: number, pages: number): Content => ({
			columns: [
				{ text: footerText, style: 'muted' },
				{ text: `${page} / ${pages}`, style: 'muted', alignment: 'right', width: 50 }
			],
			margin: [50, 20, 50, 0]
		}),
		content: [{ text: title, style: 'h1' }, facts, ...sections, ...changes]
	};
}

/** The delivery as PDF bytes. */
export async function statisticsPdf(file: StatisticsFile): Promise<Buffer> {
	return pdfmake.createPdf(statisticsDocument(file)).getBuffer();
}

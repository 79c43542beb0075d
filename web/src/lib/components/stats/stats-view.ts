/**
 * Pure helpers of the statistics pages: the window form, section labels from the shared report
 * definitions, and the geometry of the dashboard's charts. No state, so they are unit-tested alone.
 *
 * A suppressed cell has no value on the client (the server never sends it): charts draw it as a
 * short hatched stub of fixed height, never scaled, labelled "<5" or "×" like every other view.
 */
import {
	DIMENSIONS,
	ESF_PROJECT_CODE,
	WINDOW_KINDS,
	cellDisplay,
	reportDefinition,
	resolveWindow,
	windowKind,
	windowLabel,
	type Locale,
	type StatisticsCell,
	type StatisticsReport,
	type StatisticsSection
} from '@polku/shared';

const TAGS = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;

// ---- window form --------------------------------------------------------------------------------

export interface WindowForm {
	/** A WINDOW_KINDS id, or `custom`. */
	kind: string;
	period: string;
	year: number;
	/** Custom window dates, YYYY-MM-DD. */
	from: string;
	to: string;
}

/** The national period that contains `today` (YYYY-MM-DD) in its year. */
export function defaultWindowForm(today: string): WindowForm {
	const year = Number(today.slice(0, 4));
	const monthDay = today.slice(5);
	const national = WINDOW_KINDS[0];
	const period = national.periods.find((p) => p.to >= monthDay) ?? national.periods[national.periods.length - 1]!;
	return { kind: national.id, period: period.id, year, from: `${year}-01-01`, to: today };
}

/** The window's wire form (`national:jan-apr:2026`), or null while the form does not make one. */
export function windowFormValue(form: WindowForm): string | null {
	const input = form.kind === 'custom' ? `custom:${form.from}:${form.to}` : `${form.kind}:${form.period}:${form.year}`;
	const resolved = resolveWindow(input);
	return 'error' in resolved ? null : resolved.id;
}

/** The form after the kind changed: the period kept when the new kind has it, else its first. */
export function withKind(form: WindowForm, kind: string): WindowForm {
	const periods = windowKind(kind)?.periods ?? [];
	const period = periods.some((p) => p.id === form.period) ? form.period : (periods[0]?.id ?? '');
	return { ...form, kind, period };
}

/**
 * The `esf` report's project field: empty counts every project (null); a EURA code in any case,
 * spaces around it ignored, is that project ("s30794" → "S30794"); anything else is not a code.
 */
export function esfProjectValue(text: string): { ok: true; project: string | null } | { ok: false } {
	const code = text.trim().toUpperCase();
	if (code === '') return { ok: true, project: null };
	return ESF_PROJECT_CODE.test(code) ? { ok: true, project: code } : { ok: false };
}

/** This year and the `count − 1` before it, newest first. */
export function yearChoices(today: string, count = 6): number[] {
	const year = Number(today.slice(0, 4));
	return Array.from({ length: count }, (_, i) => year - i);
}

/** "Tammi–huhtikuu 2026 (1.1.–30.4.2026)" of a wire-form window; the string itself when it is not one. */
export function windowText(window: string, locale: Locale): string {
	const resolved = resolveWindow(window);
	return 'error' in resolved ? window : windowLabel(resolved, locale);
}

// ---- reports ------------------------------------------------------------------------------------

export interface SectionView {
	id: string;
	label: string;
	/** Rows need not add up to the total (services, roles, attendance measures). */
	multi: boolean;
	rows: { code: string; label: string; cell: StatisticsCell }[];
	total: StatisticsCell;
}

/** A report's sections with their labels, in the definition's order (sections it lacks are left out). */
export function sectionViews(report: Pick<StatisticsReport, 'reportId' | 'sections'>, locale: Locale): SectionView[] {
	const definition = reportDefinition(report.reportId);
	const byId = new Map(report.sections.map((s) => [s.id, s]));
	const order = definition ? definition.sections.map((s) => s.id) : report.sections.map((s) => s.id);
	return order.flatMap((id) => {
		const section = byId.get(id);
		if (!section) return [];
		return [sectionView(report.reportId, section, locale)];
	});
}

function sectionView(reportId: string, section: StatisticsSection, locale: Locale): SectionView {
	const def = reportDefinition(reportId)?.sections.find((s) => s.id === section.id);
	return {
		id: section.id,
		label: def?.labels[locale] ?? section.id,
		multi: def?.multi ?? false,
		rows: section.rows.map((r) => ({ code: r.code, label: def ? categoryLabel(def.dimension, r.code, locale) : r.code, cell: r.cell })),
		total: section.total
	};
}

/** The label of a category of a shared dimension; the code itself when the dimension lacks it. */
export function categoryLabel(dimension: keyof typeof DIMENSIONS, code: string, locale: Locale): string {
	const entry = (DIMENSIONS[dimension].categories as readonly { code: string; labels: Record<Locale, string> }[]).find((c) => c.code === code);
	return entry?.labels[locale] ?? code;
}

/** A section's label in a report, or the id. */
export function sectionLabel(reportId: string, sectionId: string, locale: Locale): string {
	return reportDefinition(reportId)?.sections.find((s) => s.id === sectionId)?.labels[locale] ?? sectionId;
}

/** A row's label (a category, or "total" as given) of a section of a report. */
export function rowLabel(reportId: string, sectionId: string, code: string, locale: Locale, totalLabel: string): string {
	if (code === 'total') return totalLabel;
	const def = reportDefinition(reportId)?.sections.find((s) => s.id === sectionId);
	return def ? categoryLabel(def.dimension, code, locale) : code;
}

/** A cell as people read it: "12", "12,5" (decimal comma in Finnish and Swedish), "<5" or "×". */
export function cellText(cell: StatisticsCell | null, threshold: number, locale: Locale): string {
	if (cell === null) return '–';
	return cellDisplay(cell, threshold, locale !== 'en');
}

export function isSuppressed(cell: StatisticsCell): boolean {
	return cell.state !== 'shown' || cell.value === null;
}

/** A change between deliveries with its sign ("+3", "−2", "0"); "–" when either side is suppressed. */
export function changeText(change: number | null, locale: Locale): string {
	if (change === null) return '–';
	const text = new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: 2 }).format(Math.abs(change));
	return change > 0 ? `+${text}` : change < 0 ? `−${text}` : text;
}

/** "tammi 2026" (or "tammi" when `withYear` is false) of YYYY-MM. */
export function monthLabel(month: string, locale: Locale, withYear = true): string {
	const date = new Date(`${month}-15T12:00:00Z`);
	if (Number.isNaN(date.getTime())) return month;
	return new Intl.DateTimeFormat(TAGS[locale], { month: 'short', ...(withYear ? { year: 'numeric' } : {}), timeZone: 'UTC' }).format(date);
}

// ---- charts ------------------------------------------------------------------------------------

export interface ChartCategory {
	key: string;
	label: string;
}

export interface ChartSeries {
	key: string;
	label: string;
	/** One cell per category, in the same order. */
	cells: readonly StatisticsCell[];
}

export interface BarBox {
	key: string;
	series: string;
	x: number;
	y: number;
	width: number;
	height: number;
	suppressed: boolean;
	text: string;
	/** Where the value's label goes. */
	textX: number;
	textY: number;
}

/** The height (columns) or length (bars) of a suppressed stub: the same for every suppressed cell. */
export const STUB = 10;

/** A round upper bound for an axis: 1, 2, 5 × 10ⁿ at or above `max` (at least 1). */
export function niceMax(max: number): number {
	if (!(max > 0)) return 1;
	const power = 10 ** Math.floor(Math.log10(max));
	for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
	return 10 * power;
}

function shownMax(series: readonly ChartSeries[]): number {
	let max = 0;
	for (const s of series) for (const c of s.cells) if (!isSuppressed(c) && c.value! > max) max = c.value!;
	return max;
}

const round = (n: number) => Math.round(n * 10) / 10;

export interface ColumnChart {
	width: number;
	height: number;
	pad: { left: number; right: number; top: number; bottom: number };
	ticks: { value: number; y: number }[];
	/** Category labels along the x axis; `show` thins them out when there are many. */
	axis: { key: string; label: string; x: number; show: boolean }[];
	bars: BarBox[];
	/** Labels over every bar when bars are wide enough; else only suppressed stubs are labelled (written upwards). */
	valueLabels: boolean;
}

/** Vertical bars over categories in order (months), the series side by side on one scale. */
export function columnChart(
	categories: readonly ChartCategory[],
	series: readonly ChartSeries[],
	threshold: number,
	locale: Locale,
	size = { width: 520, height: 240 }
): ColumnChart {
	const pad = { left: 48, right: 12, top: 24, bottom: 36 };
	const innerW = size.width - pad.left - pad.right;
	const innerH = size.height - pad.top - pad.bottom;
	const top = niceMax(shownMax(series));
	const yOf = (v: number) => pad.top + innerH - (v * innerH) / top;
	const group = innerW / Math.max(1, categories.length);
	const barW = Math.max(2, Math.min(28, (group * 0.8) / Math.max(1, series.length)));
	// Labels need room: a value over each bar when bars are wide enough, an axis label every ~44 px.
	const valueLabels = barW >= 16;
	const every = Math.max(1, Math.ceil(categories.length / Math.max(1, Math.floor(innerW / 44))));
	const bars: BarBox[] = [];
	categories.forEach((category, i) => {
		const start = pad.left + i * group + (group - barW * series.length) / 2;
		series.forEach((s, j) => {
			const cell = s.cells[i] ?? { value: 0, state: 'shown' as const };
			const suppressed = isSuppressed(cell);
			const height = suppressed ? STUB : (cell.value! * innerH) / top;
			const x = start + j * barW;
			bars.push({
				key: category.key,
				series: s.key,
				x: round(x + 1),
				y: round(pad.top + innerH - height),
				width: round(barW - 2),
				height: round(height),
				suppressed,
				text: cellText(cell, threshold, locale),
				textX: round(x + barW / 2),
				textY: round(pad.top + innerH - height - 4)
			});
		});
	});
	return {
		...size,
		pad,
		ticks: [0, 0.25, 0.5, 0.75, 1].map((f) => ({ value: round(top * f), y: round(yOf(top * f)) })).filter((t) => Number.isInteger(t.value)),
		axis: categories.map((c, i) => ({ key: c.key, label: c.label, x: round(pad.left + i * group + group / 2), show: i % every === 0 })),
		bars,
		valueLabels
	};
}

export interface BarChart {
	width: number;
	height: number;
	/** One panel per series, each on its own scale (clients and encounters differ by an order of magnitude). */
	panels: { key: string; label: string; x: number; width: number }[];
	rows: { key: string; label: string; labelY: number }[];
	bars: BarBox[];
}

const ROW = 46;
const HEAD = 26;
const BAR_H = 16;

/** Horizontal bars, one row per category (its label above the bars), one panel per series. */
export function barChart(categories: readonly ChartCategory[], series: readonly ChartSeries[], threshold: number, locale: Locale, width = 520): BarChart {
	const gap = 24;
	const valueRoom = 44;
	const panelW = (width - gap * (series.length - 1)) / Math.max(1, series.length);
	const panels = series.map((s, j) => ({ key: s.key, label: s.label, x: round(j * (panelW + gap)), width: round(panelW) }));
	const bars: BarBox[] = [];
	series.forEach((s, j) => {
		const top = niceMax(shownMax([s]));
		const scale = panelW - valueRoom;
		categories.forEach((category, i) => {
			const cell = s.cells[i] ?? { value: 0, state: 'shown' as const };
			const suppressed = isSuppressed(cell);
			const length = suppressed ? STUB : (cell.value! * scale) / top;
			const x = panels[j]!.x;
			const y = HEAD + i * ROW + 22;
			bars.push({
				key: category.key,
				series: s.key,
				x,
				y,
				width: round(length),
				height: BAR_H,
				suppressed,
				text: cellText(cell, threshold, locale),
				textX: round(x + length + 4),
				textY: y + BAR_H - 3
			});
		});
	});
	return {
		width,
		height: HEAD + categories.length * ROW + 4,
		panels,
		rows: categories.map((c, i) => ({ key: c.key, label: c.label, labelY: HEAD + i * ROW + 16 })),
		bars
	};
}

/** The largest shown value of a chart and where it is, for its spoken summary; null when none is shown. */
export function highest(categories: readonly ChartCategory[], series: readonly ChartSeries[]): { category: string; series: string; value: number } | null {
	let best: { category: string; series: string; value: number } | null = null;
	for (const s of series) {
		s.cells.forEach((cell, i) => {
			if (isSuppressed(cell)) return;
			if (!best || cell.value! > best.value) best = { category: categories[i]?.label ?? '', series: s.label, value: cell.value! };
		});
	}
	return best;
}

/**
 * Small pure helpers of the workshop pages (roll-call, periods, the progress chart): quarter-hour
 * steps, Helsinki dates, and the chart's geometry. No state, so they are unit-tested on their own.
 */
import { ATTENDANCE_MAX_HOURS, addDays, helsinkiDate, type CodeList, type Locale } from '@polku/shared';

export const HOUR_STEP = 0.25;

/** `hours` moved by `steps` quarter hours, kept within 0.25 … 12. */
export function stepHours(hours: number, steps: number): number {
	const next = Math.round((hours + steps * HOUR_STEP) * 4) / 4;
	return Math.min(ATTENDANCE_MAX_HOURS, Math.max(HOUR_STEP, next));
}

const TAGS = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB' } as const;

/** Hours as people read them: "6", "5,5", "6,25" (Finnish decimal comma). */
export function formatHours(hours: number, locale: Locale): string {
	return new Intl.NumberFormat(TAGS[locale], { maximumFractionDigits: 2 }).format(hours);
}

/** Euro cents as "12,50 €". */
export function formatEuros(cents: number, locale: Locale): string {
	return new Intl.NumberFormat(TAGS[locale], { style: 'currency', currency: 'EUR' }).format(cents / 100);
}

/** Today in Helsinki (the workshop's calendar), YYYY-MM-DD. */
export function todayInHelsinki(now = new Date()): string {
	return helsinkiDate(now);
}

/** YYYY-MM of a date. */
export function monthOf(date: string): string {
	return date.slice(0, 7);
}

/** The label of `code` in a shared code list, or the code itself when the list does not have it. */
export function codeText(list: CodeList, code: string | null | undefined, locale: Locale): string {
	if (code === null || code === undefined) return '–';
	return list.entries.find((e) => e.code === code)?.labels[locale] ?? code;
}

/** The day before / after `date`, never after `max` (no marks for the future). */
export function shiftDay(date: string, days: number, max: string): string {
	const next = addDays(date, days);
	return next > max ? max : next;
}

export interface ChartPoint {
	x: number;
	y: number;
	date: string;
	value: number;
}

export interface ChartGeometry {
	width: number;
	height: number;
	pad: { left: number; right: number; top: number; bottom: number };
	/** Y of each scale step (min … max), for grid lines and their labels. */
	ticks: { value: number; y: number }[];
	/** The dates along the x axis, oldest first, with their x. */
	dates: { date: string; x: number }[];
	series: { key: string; points: ChartPoint[] }[];
}

/**
 * Positions of a progress chart: one series per key (e.g. `self` and `coach` of one dimension), each a
 * list of dated values on the instrument's scale. Dates share one x axis, evenly spaced (assessments
 * come every few weeks; even spacing keeps labels readable); missing values leave gaps.
 */
export function chartGeometry(
	series: { key: string; values: { date: string; value: number | null }[] }[],
	scale: { min: number; max: number },
	size = { width: 640, height: 260 }
): ChartGeometry {
	const pad = { left: 36, right: 16, top: 12, bottom: 40 };
	const dates = [...new Set(series.flatMap((s) => s.values.map((v) => v.date)))].sort();
	const innerW = size.width - pad.left - pad.right;
	const innerH = size.height - pad.top - pad.bottom;
	const xOf = (i: number) => pad.left + (dates.length <= 1 ? innerW / 2 : (i * innerW) / (dates.length - 1));
	const yOf = (v: number) => pad.top + innerH - ((v - scale.min) * innerH) / Math.max(1, scale.max - scale.min);
	const round = (n: number) => Math.round(n * 10) / 10;
	const ticks: ChartGeometry['ticks'] = [];
	for (let v = scale.min; v <= scale.max; v++) ticks.push({ value: v, y: round(yOf(v)) });
	return {
		...size,
		pad,
		ticks,
		dates: dates.map((date, i) => ({ date, x: round(xOf(i)) })),
		series: series.map((s) => ({
			key: s.key,
			points: s.values
				.filter((v): v is { date: string; value: number } => v.value !== null)
				.map((v) => ({ date: v.date, value: v.value, x: round(xOf(dates.indexOf(v.date))), y: round(yOf(v.value)) }))
				.sort((a, b) => a.x - b.x)
		}))
	};
}

/** An SVG path through the points, in order ("M x y L x y …"); empty for none. */
export function linePath(points: readonly { x: number; y: number }[]): string {
	return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
}

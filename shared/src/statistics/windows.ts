/**
 * Reporting windows are data (DESIGN.md "Lessons"): the national youth-work collection is cumulative
 * from 1 January (Jan–Apr, Jan–Aug, Jan–Dec), some funders want quarters, others the calendar year or
 * a window of their own. A window kind lists its periods as month-day pairs, so adding a funder's
 * calendar is a data change. Dates are calendar dates in Finland (Europe/Helsinki), both ends included.
 *
 * On the wire a window is one string (`WindowParamSchema`):
 * - `<kind>:<period>:<year>`, e.g. `national:jan-apr:2026`, `quarter:q3:2026`, `year:year:2026`;
 * - `custom:<from>:<to>`, e.g. `custom:2026-02-01:2026-03-15` (at most five years long).
 */
import { z } from 'zod';
import type { Labels } from '../codes/code-list';
import type { Locale } from '../schemas/common';

export interface WindowPeriod {
	readonly id: string;
	/** `MM-DD`, both ends included. */
	readonly from: string;
	readonly to: string;
	readonly labels: Labels;
}

export interface WindowKind {
	readonly id: string;
	readonly labels: Labels;
	/** Cumulative windows all start on 1 January (the national collection). */
	readonly cumulative: boolean;
	readonly periods: readonly WindowPeriod[];
}

export const WINDOW_KINDS = [
	{
		id: 'national',
		labels: {
			fi: 'Valtakunnallinen tiedonkeruu (kertymä 1.1. alkaen)',
			sv: 'Nationell datainsamling (kumulativt från 1.1)',
			en: 'National collection (cumulative from 1 January)'
		},
		cumulative: true,
		periods: [
			{ id: 'jan-apr', from: '01-01', to: '04-30', labels: { fi: 'Tammi–huhtikuu', sv: 'Januari–april', en: 'January–April' } },
			{ id: 'jan-aug', from: '01-01', to: '08-31', labels: { fi: 'Tammi–elokuu', sv: 'Januari–augusti', en: 'January–August' } },
			{ id: 'jan-dec', from: '01-01', to: '12-31', labels: { fi: 'Tammi–joulukuu', sv: 'Januari–december', en: 'January–December' } }
		]
	},
	{
		id: 'quarter',
		labels: { fi: 'Vuosineljännes', sv: 'Kvartal', en: 'Quarter' },
		cumulative: false,
		periods: [
			{ id: 'q1', from: '01-01', to: '03-31', labels: { fi: '1. neljännes (tammi–maaliskuu)', sv: 'Första kvartalet (januari–mars)', en: 'Q1 (January–March)' } },
			{ id: 'q2', from: '04-01', to: '06-30', labels: { fi: '2. neljännes (huhti–kesäkuu)', sv: 'Andra kvartalet (april–juni)', en: 'Q2 (April–June)' } },
			{ id: 'q3', from: '07-01', to: '09-30', labels: { fi: '3. neljännes (heinä–syyskuu)', sv: 'Tredje kvartalet (juli–september)', en: 'Q3 (July–September)' } },
			{ id: 'q4', from: '10-01', to: '12-31', labels: { fi: '4. neljännes (loka–joulukuu)', sv: 'Fjärde kvartalet (oktober–december)', en: 'Q4 (October–December)' } }
		]
	},
	{
		id: 'year',
		labels: { fi: 'Kalenterivuosi', sv: 'Kalenderår', en: 'Calendar year' },
		cumulative: false,
		periods: [{ id: 'year', from: '01-01', to: '12-31', labels: { fi: 'Koko vuosi', sv: 'Hela året', en: 'Whole year' } }]
	}
] as const satisfies readonly WindowKind[];

export type WindowKindId = (typeof WINDOW_KINDS)[number]['id'];
export const CUSTOM_WINDOW_LABELS: Labels = { fi: 'Oma aikaväli', sv: 'Eget tidsintervall', en: 'Custom window' };

export type WindowSpec = { kind: WindowKindId; period: string; year: number } | { kind: 'custom'; from: string; to: string };

export interface ResolvedWindow {
	/** The wire form, e.g. `national:jan-apr:2026`. */
	readonly id: string;
	readonly spec: WindowSpec;
	/** ISO dates, both included. */
	readonly from: string;
	readonly to: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_CUSTOM_DAYS = 5 * 366;

function isRealDate(date: string): boolean {
	if (!ISO_DATE.test(date)) return false;
	const d = new Date(`${date}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

export function windowKind(id: string): WindowKind | undefined {
	return (WINDOW_KINDS as readonly WindowKind[]).find((k) => k.id === id);
}

/** The wire string of a window. */
export function windowId(spec: WindowSpec): string {
	return spec.kind === 'custom' ? `custom:${spec.from}:${spec.to}` : `${spec.kind}:${spec.period}:${spec.year}`;
}

/** A window's dates, or a message saying what is wrong with it. */
export function resolveWindow(input: string): ResolvedWindow | { error: string } {
	const parts = input.split(':');
	if (parts.length !== 3) return { error: 'Expected <kind>:<period>:<year> or custom:<from>:<to>' };
	const [kindId, a, b] = parts as [string, string, string];
	if (kindId === 'custom') {
		if (!isRealDate(a) || !isRealDate(b)) return { error: 'custom:<from>:<to> takes two dates YYYY-MM-DD' };
		if (a > b) return { error: 'The window ends before it starts' };
		const days = (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000 + 1;
		if (days > MAX_CUSTOM_DAYS) return { error: 'A custom window is at most five years long' };
		const spec: WindowSpec = { kind: 'custom', from: a, to: b };
		return { id: windowId(spec), spec, from: a, to: b };
	}
	const kind = windowKind(kindId);
	if (!kind) return { error: `Unknown window kind ${kindId}` };
	const period = kind.periods.find((p) => p.id === a);
	if (!period) return { error: `Unknown period ${a} of ${kindId}` };
	if (!/^\d{4}$/.test(b) || Number(b) < 2000 || Number(b) > 2100) return { error: 'The year is a four-digit year 2000–2100' };
	const year = Number(b);
	const spec = { kind: kind.id as WindowKindId, period: period.id, year };
	return { id: windowId(spec), spec, from: `${year}-${period.from}`, to: `${year}-${period.to}` };
}

/** `?window=`: parsed into its dates; an unknown or malformed window is an issue on `window`. */
export const WindowParamSchema = z.string().transform((value, ctx): ResolvedWindow => {
	const resolved = resolveWindow(value);
	if ('error' in resolved) {
		ctx.addIssue({ code: 'custom', message: resolved.error });
		return z.NEVER;
	}
	return resolved;
});

/** The window spec as stored in a delivery. */
export const WindowSpecSchema = z.union([
	z.object({ kind: z.literal('custom'), from: z.string().regex(ISO_DATE), to: z.string().regex(ISO_DATE) }),
	z.object({ kind: z.enum(WINDOW_KINDS.map((k) => k.id) as [WindowKindId, ...WindowKindId[]]), period: z.string(), year: z.number().int() })
]);

const DAY_MONTH = (date: string) => `${Number(date.slice(8, 10))}.${Number(date.slice(5, 7))}.`;

/** A window for people: "Tammi–huhtikuu 2026 (1.1.–30.4.2026)". */
export function windowLabel(window: Pick<ResolvedWindow, 'spec' | 'from' | 'to'>, locale: Locale): string {
	const dates = `${DAY_MONTH(window.from)}–${DAY_MONTH(window.to)}${window.to.slice(0, 4)}`;
	const spec = window.spec;
	if (spec.kind === 'custom') return `${CUSTOM_WINDOW_LABELS[locale]} ${window.from.slice(0, 4) === window.to.slice(0, 4) ? dates : `${DAY_MONTH(window.from)}${window.from.slice(0, 4)}–${DAY_MONTH(window.to)}${window.to.slice(0, 4)}`}`;
	const period = windowKind(spec.kind)?.periods.find((p) => p.id === spec.period);
	return `${period?.labels[locale] ?? spec.period} ${spec.year} (${dates})`;
}

/**
 * Wire shapes of statistics (issue 6). A report never carries the value of a suppressed cell: the
 * server sends `value: null` with the cell's `state`, so nothing under the threshold leaves it.
 * - `primary`: a count under the organisation's threshold, shown as "<5" (the threshold);
 * - `complementary`: a count hidden so that no primary cell can be worked out from totals or from
 *   other sections of the same report, shown as "×";
 * - `shown`: the value as it is.
 */
import { z } from 'zod';
import { REPORT_IDS } from '../statistics/definitions';
import { WindowParamSchema, WindowSpecSchema } from '../statistics/windows';
import { IdSchema, LocaleSchema, TimestampSchema } from './common';
import { EsfProjectCodeSchema } from './esf';

export const CellStateSchema = z.enum(['shown', 'primary', 'complementary']);
export type CellState = z.infer<typeof CellStateSchema>;

export const StatisticsCellSchema = z.object({
	/** Null exactly when suppressed. Hours may have decimals; everything else is a whole count. */
	value: z.number().nonnegative().nullable(),
	state: CellStateSchema
});
export type StatisticsCell = z.infer<typeof StatisticsCellSchema>;

export const StatisticsSectionSchema = z.object({
	/** A section id of the report definition (definitions.ts). */
	id: z.string(),
	/** One row per category of the section's dimension, in the definition's order (none left out). */
	rows: z.array(z.object({ code: z.string(), cell: StatisticsCellSchema })),
	/** The population's total (for `multi` sections the rows need not add up to it). */
	total: StatisticsCellSchema
});
export type StatisticsSection = z.infer<typeof StatisticsSectionSchema>;

export const ReportIdSchema = z.enum(REPORT_IDS);

export const StatisticsReportSchema = z.object({
	reportId: ReportIdSchema,
	definitionVersion: z.number().int().positive(),
	/** The wire form of the window (`national:jan-apr:2026`) and its dates. */
	window: z.string(),
	windowSpec: WindowSpecSchema,
	from: z.string(),
	to: z.string(),
	/** The units counted, sorted. */
	unitIds: z.array(IdSchema),
	threshold: z.number().int().positive(),
	computedAt: TimestampSchema,
	sections: z.array(StatisticsSectionSchema),
	/** The `esf` report: the one project counted (null or absent: every project). */
	project: EsfProjectCodeSchema.nullable().optional()
});
export type StatisticsReport = z.infer<typeof StatisticsReportSchema>;

/**
 * `?window=…&unitId=…&unitId=…` (or `unitIds=a,b`): without units, every unit the caller may report on.
 * A unit out of the caller's statistics scope is a 404.
 */
const UnitIdsParam = z
	.union([IdSchema, z.array(IdSchema)])
	.optional()
	.transform((v) => (v === undefined ? undefined : Array.isArray(v) ? v : [v]));

export const StatisticsQuerySchema = z.object({
	window: WindowParamSchema,
	unitId: UnitIdsParam,
	/** The `esf` report only: count one project's participants (EURA code, e.g. S30794). */
	project: EsfProjectCodeSchema.optional()
});

export const ReportParamsSchema = z.object({ reportId: ReportIdSchema });

/** Fields the completeness check looks for (each a mandatory statistical field). */
export const COMPLETENESS_FIELDS = [
	'start-date',
	'birth',
	'mother-tongue',
	'referral-source',
	'main-activity-at-start',
	'placement-at-end',
	'period-placement',
	// The `esf` report (one participation per client per project): "ei tietoa" is not enough for
	// EURA, so `unknown` counts as missing here, like no answer.
	'esf-employment-status-at-start',
	'esf-education-at-start',
	'esf-status-on-leaving',
	'esf-qualification'
] as const;
export const CompletenessFieldSchema = z.enum(COMPLETENESS_FIELDS);
export type CompletenessField = z.infer<typeof CompletenessFieldSchema>;

export const CompletenessSchema = z.object({
	reportId: ReportIdSchema,
	window: z.string(),
	from: z.string(),
	to: z.string(),
	unitIds: z.array(IdSchema),
	/** How many records the report would count, and how many miss each field. */
	checked: z.number().int().nonnegative(),
	fields: z.array(z.object({ field: CompletenessFieldSchema, count: z.number().int().nonnegative() })),
	/**
	 * The incomplete records the caller may open (client read scope), with what they miss. Names are
	 * personal data: the list is audited (`statistics.completeness-read`) and never in a URL.
	 */
	records: z.array(
		z.object({
			/** `esf-participation`: the record is the client's ESF participation (`id`) in the record's ESR section. */
			kind: z.enum(['client', 'period', 'esf-participation']),
			id: IdSchema,
			clientId: IdSchema,
			name: z.string(),
			unitId: IdSchema,
			missing: z.array(CompletenessFieldSchema)
		})
	),
	/** Incomplete records outside the caller's client scope: counted, not named. */
	hiddenRecords: z.number().int().nonnegative()
});
export type Completeness = z.infer<typeof CompletenessSchema>;

export const DeliveryCreateSchema = z.strictObject({
	reportId: ReportIdSchema,
	/** The window's wire form, e.g. `national:jan-apr:2026`. */
	window: z.string(),
	/** Without units, every unit the caller may report on. */
	unitIds: z.array(IdSchema).min(1).optional(),
	/** The `esf` report only (else a 422 naming it): one project's participants (EURA code, e.g. S30794). */
	project: EsfProjectCodeSchema.optional()
});
export type DeliveryCreate = z.input<typeof DeliveryCreateSchema>;

/** One cell that differs from the previous delivery (display values only: nothing suppressed leaks). */
export const DeliveryChangeSchema = z.object({
	sectionId: z.string(),
	/** A row code, or `total`. */
	code: z.string(),
	previous: StatisticsCellSchema.nullable(),
	current: StatisticsCellSchema.nullable(),
	/** current − previous when both are shown; else null. */
	change: z.number().nullable()
});
export type DeliveryChange = z.infer<typeof DeliveryChangeSchema>;

export const DeliverySummarySchema = z.object({
	id: IdSchema,
	reportId: ReportIdSchema,
	window: z.string(),
	from: z.string(),
	to: z.string(),
	unitIds: z.array(IdSchema),
	/** The `esf` report's one project (null: every project, and every other report). */
	project: EsfProjectCodeSchema.nullable(),
	createdAt: TimestampSchema,
	createdByName: z.string(),
	/** SHA-256 of the frozen report's canonical JSON: the figures a funder got can be proven later. */
	hash: z.string(),
	previousId: IdSchema.nullable(),
	/** Cells changed since the previous delivery; null for the first. */
	changedCells: z.number().int().nonnegative().nullable()
});
export type DeliverySummary = z.infer<typeof DeliverySummarySchema>;

export const DeliverySchema = DeliverySummarySchema.extend({
	report: StatisticsReportSchema,
	/** The previous delivery of the same report, units and project (any window), and what changed since. */
	previous: DeliverySummarySchema.omit({ changedCells: true }).nullable(),
	changes: z.array(DeliveryChangeSchema)
});
export type Delivery = z.infer<typeof DeliverySchema>;

export const DeliveryListQuerySchema = z.object({ reportId: ReportIdSchema.optional() });
export const DeliveryFileQuerySchema = z.object({ lang: LocaleSchema.optional() });

/** What the caller may report on: units, and the workers of those units (dashboard filter). */
export const StatisticsScopeSchema = z.object({
	units: z.array(z.object({ id: IdSchema, name: z.string(), kind: z.string() })),
	workers: z.array(z.object({ id: IdSchema, displayName: z.string() })),
	threshold: z.number().int().positive()
});
export type StatisticsScope = z.infer<typeof StatisticsScopeSchema>;

export const DashboardQuerySchema = z.object({
	window: WindowParamSchema,
	unitId: UnitIdsParam,
	workerId: IdSchema.optional()
});

/**
 * The supervisor's dashboard. `months`: one row per calendar month the window touches (new clients,
 * clients active in the month, encounters); `byUnit` and `byWorker`: clients active in the window and
 * encounters; `placements`: ended relationships by placement. Every cell suppressed as in reports.
 */
export const DashboardSchema = z.object({
	window: z.string(),
	from: z.string(),
	to: z.string(),
	unitIds: z.array(IdSchema),
	workerId: IdSchema.nullable(),
	threshold: z.number().int().positive(),
	months: z.array(z.object({ month: z.string(), newClients: StatisticsCellSchema, activeClients: StatisticsCellSchema, encounters: StatisticsCellSchema })),
	byUnit: z.array(z.object({ unitId: IdSchema, name: z.string(), clients: StatisticsCellSchema, encounters: StatisticsCellSchema })),
	byWorker: z.array(z.object({ workerId: IdSchema, name: z.string(), clients: StatisticsCellSchema, encounters: StatisticsCellSchema })),
	placements: z.array(z.object({ code: z.string(), cell: StatisticsCellSchema })),
	totals: z.object({ clients: StatisticsCellSchema, encounters: StatisticsCellSchema, endedClients: StatisticsCellSchema })
});
export type Dashboard = z.infer<typeof DashboardSchema>;

/** How a cell reads in every view and export: the number, "<5" or "×". */
export function cellDisplay(cell: StatisticsCell, threshold: number, decimalComma = false): string {
	if (cell.state === 'primary') return `<${threshold}`;
	if (cell.state === 'complementary' || cell.value === null) return '×';
	const text = Number.isInteger(cell.value) ? String(cell.value) : cell.value.toFixed(2);
	return decimalComma ? text.replace('.', ',') : text;
}

/**
 * Statistics (issue 6): online only, nothing of it is kept on the device. Requests go through the
 * API client's one fetch (./client.ts, `api.statistics`). Only ids, report ids and windows travel in
 * URLs, never names.
 *
 * Files (XLSX, CSV, PDF) are plain links the browser downloads; the server audits each download.
 * The `esf` report takes a project (`project`, a EURA code: not personal data); other reports none.
 */
import {
	CompletenessSchema,
	DashboardSchema,
	DeliverySchema,
	DeliverySummarySchema,
	StatisticsReportSchema,
	StatisticsScopeSchema,
	type Completeness,
	type Dashboard,
	type Delivery,
	type DeliveryCreate,
	type DeliverySummary,
	type Locale,
	type ReportId,
	type StatisticsReport,
	type StatisticsScope
} from '@polku/shared';
import { z } from 'zod';

export type DeliveryFileFormat = 'xlsx' | 'csv' | 'pdf';

/** `?window=…&unitId=…&unitId=…` (no units: every unit in the caller's scope). */
export function statisticsQuery(window: string, unitIds: readonly string[] = [], more: Record<string, string | null | undefined> = {}): string {
	const query = new URLSearchParams({ window });
	for (const id of unitIds) query.append('unitId', id);
	for (const [key, value] of Object.entries(more)) if (value) query.set(key, value);
	return query.toString();
}

/**
 * The ESF participant file (one row per participant by participant number, no names) of the window,
 * units and project (null: every project); `lang` is the language of its texts.
 */
export function esfParticipantsUrl(format: 'csv' | 'xlsx', window: string, unitIds: readonly string[], project: string | null, lang: Locale): string {
	return `/api/statistics/esf/participants.${format}?${statisticsQuery(window, unitIds, { project, lang })}`;
}

/** The download address of a delivery's file; `lang` is the language of its texts. */
export function deliveryFileUrl(id: string, format: DeliveryFileFormat, lang: Locale): string {
	return `/api/statistics/deliveries/${encodeURIComponent(id)}/file.${format}?lang=${lang}`;
}

const DeliveryListSchema = z.object({ items: z.array(DeliverySummarySchema) });

/** The API client's request function (./client.ts): the one fetch, its errors and its session handling. */
export type ApiRequest = <T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown) => Promise<T>;

/** The statistics endpoints, as `api.statistics` of ./client.ts. */
export function statisticsEndpoints(request: ApiRequest) {
	return {
		/** The units (and their workers) the caller may report on, and the small-cell threshold. */
		scope: (): Promise<StatisticsScope> => request('GET', '/statistics/scope', StatisticsScopeSchema),
		/** A report computed now (audited); suppressed cells arrive without their values. `project`: the `esf` report only. */
		report: (reportId: ReportId, window: string, unitIds: readonly string[], project: string | null = null): Promise<StatisticsReport> =>
			request('GET', `/statistics/reports/${encodeURIComponent(reportId)}?${statisticsQuery(window, unitIds, { project })}`, StatisticsReportSchema),
		/** Records missing mandatory statistical fields (names only of those the caller may read; audited). */
		completeness: (reportId: ReportId, window: string, unitIds: readonly string[], project: string | null = null): Promise<Completeness> =>
			request('GET', `/statistics/reports/${encodeURIComponent(reportId)}/completeness?${statisticsQuery(window, unitIds, { project })}`, CompletenessSchema),
		dashboard: (window: string, unitIds: readonly string[], workerId: string | null): Promise<Dashboard> =>
			request('GET', `/statistics/dashboard?${statisticsQuery(window, unitIds, { workerId })}`, DashboardSchema),
		/** Computes and freezes the report for delivery; answers the delivery with the changes since the previous. */
		createDelivery: (input: DeliveryCreate): Promise<Delivery> => request('POST', '/statistics/deliveries', DeliverySchema, input),
		/** Newest first. */
		deliveries: (reportId?: ReportId): Promise<DeliverySummary[]> =>
			request('GET', `/statistics/deliveries${reportId ? `?reportId=${encodeURIComponent(reportId)}` : ''}`, DeliveryListSchema).then((r) => r.items),
		delivery: (id: string): Promise<Delivery> => request('GET', `/statistics/deliveries/${encodeURIComponent(id)}`, DeliverySchema)
	};
}

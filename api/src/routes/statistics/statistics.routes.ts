import {
	CompletenessSchema,
	DashboardQuerySchema,
	DashboardSchema,
	DeliveryCreateSchema,
	DeliveryFileQuerySchema,
	DeliveryListQuerySchema,
	DeliverySchema,
	DeliverySummarySchema,
	ReportParamsSchema,
	StatisticsQuerySchema,
	StatisticsReportSchema,
	StatisticsScopeSchema,
	WindowParamSchema
} from '@polku/shared';
import { z } from 'zod';
import { defineRoute } from '../../lib/define-route';
import { BODY_PROBLEMS, fileContent, IdParams, jsonBody, jsonContent, problems } from '../../lib/openapi';

const UNITS =
	'Units: `unitId` once per unit (each must be in your statistics scope, else 404); without it, every unit you may report on. `window`: `national:jan-apr:2026`, `quarter:q2:2026`, `year:year:2026` or `custom:2026-02-01:2026-03-15` (Finnish dates, both included). `project` (the `esf` report only): one EURA project, e.g. `S30794`. A bad `window`, `reportId`, `unitId` or `project` is a 422 naming it.';
const SUPPRESSION = 'Counts under the organisation’s threshold are `primary` ("<5"), cells hidden so that none of those can be worked out are `complementary` ("×"); a suppressed cell has `value: null`.';

export const scope = defineRoute(
	{
		method: 'get',
		path: '/api/statistics/scope',
		tags: ['Statistics'],
		summary: 'The units and workers you may report on, and the small-cell threshold',
		request: {},
		responses: { 200: jsonContent(StatisticsScopeSchema, 'The scope'), ...problems(401, 403) }
	},
	{ resource: 'statistics', action: 'read' }
);

export const report = defineRoute(
	{
		method: 'get',
		path: '/api/statistics/reports/{reportId}',
		tags: ['Statistics'],
		summary: 'A report for a window and units',
		description: `Every section of the report definition, rows in its order, zeros included. ${SUPPRESSION} ${UNITS} Audited (\`statistics.read\`).`,
		request: { params: ReportParamsSchema, query: StatisticsQuerySchema },
		responses: { 200: jsonContent(StatisticsReportSchema, 'The report'), ...problems(401, 403, 404, 422) }
	},
	{ resource: 'statistics', action: 'read' }
);

export const completeness = defineRoute(
	{
		method: 'get',
		path: '/api/statistics/reports/{reportId}/completeness',
		tags: ['Statistics'],
		summary: 'Records missing mandatory statistical fields',
		description: `How many records the report checks and how many miss each field (unanswered; "ei tietoa" is an answer). The records are named only where you may read the client; the others are counted in \`hiddenRecords\`. ${UNITS} Audited (\`statistics.completeness-read\`).`,
		request: { params: ReportParamsSchema, query: StatisticsQuerySchema },
		responses: { 200: jsonContent(CompletenessSchema, 'The check'), ...problems(401, 403, 404, 422) }
	},
	{ resource: 'statistics', action: 'read' }
);

export const dashboard = defineRoute(
	{
		method: 'get',
		path: '/api/statistics/dashboard',
		tags: ['Statistics'],
		summary: 'The supervisor dashboard for a window',
		description: `Clients and encounters per month, by unit and by worker, and placements of ended relationships. \`workerId\` (one of the scope's workers, else 404) narrows everything to that worker's clients and encounters. ${SUPPRESSION} ${UNITS} Audited (\`statistics.dashboard-read\`).`,
		request: { query: DashboardQuerySchema },
		responses: { 200: jsonContent(DashboardSchema, 'The dashboard'), ...problems(401, 403, 404, 422) }
	},
	{ resource: 'statistics', action: 'read' }
);

/** The body's window parsed like `?window=` (a bad one is a 422 naming `window`). */
export const CreateDeliveryBodySchema = DeliveryCreateSchema.extend({ window: WindowParamSchema });

export const createDelivery = defineRoute(
	{
		method: 'post',
		path: '/api/statistics/deliveries',
		tags: ['Statistics'],
		summary: 'Produce a report for delivery',
		description: `Computes the report and freezes it: the stored figures never change, and the SHA-256 of their canonical JSON proves them. \`previous\` is the latest delivery of the same report, units and project (any window) and \`changes\` every cell whose display differs from it. Without \`unitIds\`, every unit you may report on. \`project\` (EURA code, e.g. \`S30794\`): the \`esf\` report of that project only (another report with a \`project\` is a 422 naming it); its deliveries chain apart from other projects'. Audited (\`statistics.deliver\`).`,
		request: { body: jsonBody(CreateDeliveryBodySchema, 'The report, window and units') },
		responses: { 201: jsonContent(DeliverySchema, 'The delivery'), ...problems(401, 403, 404, ...BODY_PROBLEMS) }
	},
	{ resource: 'statistics', action: 'export' }
);

export const listDeliveries = defineRoute(
	{
		method: 'get',
		path: '/api/statistics/deliveries',
		tags: ['Statistics'],
		summary: 'Deliveries made so far, newest first',
		description: 'Only deliveries whose units all lie in your statistics scope.',
		request: { query: DeliveryListQuerySchema },
		responses: { 200: jsonContent(z.object({ items: z.array(DeliverySummarySchema) }), 'The deliveries'), ...problems(401, 403, 422) }
	},
	{ resource: 'statistics', action: 'read' }
);

export const getDelivery = defineRoute(
	{
		method: 'get',
		path: '/api/statistics/deliveries/{id}',
		tags: ['Statistics'],
		summary: 'One delivery: its frozen report and the changes since the previous one',
		description: 'A delivery with a unit outside your statistics scope is a 404.',
		request: { params: IdParams },
		responses: { 200: jsonContent(DeliverySchema, 'The delivery'), ...problems(401, 403, 404, 422) }
	},
	{ resource: 'statistics', action: 'read' }
);

const FILES = {
	xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'an Excel workbook: the report for people, a `data` sheet (section, code, label, value) and the changes since the previous delivery'],
	csv: ['text/csv', 'CSV: UTF-8 with a BOM, `;`-separated, CRLF, one row per cell and section total'],
	pdf: ['application/pdf', 'PDF']
} as const;

const fileRoute = (format: keyof typeof FILES) =>
	defineRoute(
		{
			method: 'get',
			path: `/api/statistics/deliveries/{id}/file.${format}`,
			tags: ['Statistics'],
			summary: `A delivery as ${FILES[format][1].split(':')[0]}`,
			description: `${FILES[format][1]}. Suppressed cells read "<5" or "×". Labels in \`lang\` (default: your language). A download (\`<report>-<window>.${format}\`, \`Cache-Control: no-store\`). A delivery with a unit outside your statistics scope is a 404. Audited (\`statistics.export\`).`,
			request: { params: IdParams, query: DeliveryFileQuerySchema },
			responses: {
				200: fileContent(FILES[format][0], `The ${format.toUpperCase()} file`),
				...problems(401, 403, 404, 422)
			}
		},
		{ resource: 'statistics', action: 'export' }
	);

export const fileXlsx = fileRoute('xlsx');
export const fileCsv = fileRoute('csv');
export const filePdf = fileRoute('pdf');

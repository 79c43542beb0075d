import type { Context } from 'hono';
import type { AppEnv } from '../../lib/app-types';
import { sendBytes } from '../../lib/download';
import type { Handler } from '../../lib/openapi';
import { callerOf, requireAuth } from '../../lib/request-meta';
import * as dashboardService from '../../services/statistics-dashboard.service';
import * as deliveries from '../../services/statistics-deliveries.service';
import * as statistics from '../../services/statistics.service';
import type * as routes from './statistics.routes';

export const scope: Handler<typeof routes.scope> = (c) => c.json(statistics.readStatisticsScope(c.var.ctx, requireAuth(c).org, callerOf(c)), 200);

export const report: Handler<typeof routes.report> = (c) =>
	c.json(statistics.readStatisticsReport(c.var.ctx, requireAuth(c).org, callerOf(c), c.req.valid('param').reportId, c.req.valid('query')), 200);

export const completeness: Handler<typeof routes.completeness> = (c) =>
	c.json(statistics.readCompleteness(requireAuth(c).org, callerOf(c), c.req.valid('param').reportId, c.req.valid('query')), 200);

export const dashboard: Handler<typeof routes.dashboard> = (c) => c.json(dashboardService.readDashboard(c.var.ctx, requireAuth(c).org, callerOf(c), c.req.valid('query')), 200);

export const createDelivery: Handler<typeof routes.createDelivery> = (c) =>
	c.json(deliveries.createDelivery(c.var.ctx, requireAuth(c).org, callerOf(c), c.req.valid('json')), 201);

export const listDeliveries: Handler<typeof routes.listDeliveries> = (c) => c.json(deliveries.listDeliveries(requireAuth(c).org, callerOf(c), c.req.valid('query')), 200);

export const getDelivery: Handler<typeof routes.getDelivery> = (c) => c.json(deliveries.loadDelivery(requireAuth(c).org, callerOf(c), c.req.valid('param').id), 200);

async function sendFile(c: Context<AppEnv>, id: string, lang: 'fi' | 'sv' | 'en' | undefined, format: deliveries.DeliveryFormat) {
	const auth = requireAuth(c);
	const file = await deliveries.exportDelivery(auth.org, callerOf(c), id, format, lang ?? auth.user.locale);
	return sendBytes(c, file);
}

export const fileXlsx: Handler<typeof routes.fileXlsx> = (c) => sendFile(c, c.req.valid('param').id, c.req.valid('query').lang, 'xlsx');
export const fileCsv: Handler<typeof routes.fileCsv> = (c) => sendFile(c, c.req.valid('param').id, c.req.valid('query').lang, 'csv');
export const filePdf: Handler<typeof routes.filePdf> = (c) => sendFile(c, c.req.valid('param').id, c.req.valid('query').lang, 'pdf');

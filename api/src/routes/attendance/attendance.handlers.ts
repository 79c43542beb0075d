import type { Context } from 'hono';
import type { AppEnv } from '../../lib/app-types';
import { sendBytes } from '../../lib/download';
import type { Handler } from '../../lib/openapi';
import { callerOf, requireAuth } from '../../lib/request-meta';
import * as summaryService from '../../services/attendance-summary.service';
import type * as routes from './attendance.routes';

export const summary: Handler<typeof routes.summary> = (c) => {
	const auth = requireAuth(c);
	const { lang, ...query } = c.req.valid('query');
	return c.json(summaryService.readAttendanceSummary(auth.org, callerOf(c), query, lang ?? auth.user.locale), 200);
};

async function sendFile(c: Context<AppEnv>, query: { unitId: string; month: string; lang?: 'fi' | 'sv' | 'en' | undefined }, format: 'csv' | 'xlsx') {
	const auth = requireAuth(c);
	const { lang, ...q } = query;
	const file = await summaryService.exportAttendanceSummary(auth.org, callerOf(c), q, lang ?? auth.user.locale, format);
	return sendBytes(c, file);
}

export const summaryCsv: Handler<typeof routes.summaryCsv> = (c) => sendFile(c, c.req.valid('query'), 'csv');
export const summaryXlsx: Handler<typeof routes.summaryXlsx> = (c) => sendFile(c, c.req.valid('query'), 'xlsx');

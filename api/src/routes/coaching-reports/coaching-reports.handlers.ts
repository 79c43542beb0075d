import { sendBytes } from '../../lib/download';
import type { Handler } from '../../lib/openapi';
import { callerOf, requireAuth } from '../../lib/request-meta';
import * as reportService from '../../services/workshop-report.service';
import type * as routes from './coaching-reports.routes';

export const pdf: Handler<typeof routes.pdf> = async (c) => {
	const auth = requireAuth(c);
	const file = await reportService.periodReportPdf(c.var.ctx, auth.org, callerOf(c), c.req.valid('param').id, c.req.valid('query').lang ?? auth.user.locale);
	return sendBytes(c, { body: new Uint8Array(file.pdf), contentType: 'application/pdf', filename: file.filename });
};

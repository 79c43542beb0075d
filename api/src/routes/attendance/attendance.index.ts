import { createRouter } from '../../lib/openapi';
import * as handlers from './attendance.handlers';
import * as routes from './attendance.routes';

export const attendanceRouter = createRouter()
	.openapi(routes.summary, handlers.summary)
	.openapi(routes.summaryCsv, handlers.summaryCsv)
	.openapi(routes.summaryXlsx, handlers.summaryXlsx);

import { createRouter } from '../../lib/openapi';
import * as handlers from './statistics.handlers';
import * as routes from './statistics.routes';

export const statisticsRouter = createRouter()
	.openapi(routes.scope, handlers.scope)
	.openapi(routes.report, handlers.report)
	.openapi(routes.completeness, handlers.completeness)
	.openapi(routes.dashboard, handlers.dashboard)
	.openapi(routes.createDelivery, handlers.createDelivery)
	.openapi(routes.listDeliveries, handlers.listDeliveries)
	.openapi(routes.getDelivery, handlers.getDelivery)
	.openapi(routes.fileXlsx, handlers.fileXlsx)
	.openapi(routes.fileCsv, handlers.fileCsv)
	.openapi(routes.filePdf, handlers.filePdf);

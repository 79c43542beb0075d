import { createRouter } from '../../lib/openapi';
import * as handlers from './esf.handlers';
import * as routes from './esf.routes';

/** ESF participant files (issue 6); the `esf` report itself is one of /api/statistics/reports. */
export const esfRouter = createRouter()
	.openapi(routes.participantsCsv, handlers.participantsCsv)
	.openapi(routes.participantsXlsx, handlers.participantsXlsx);

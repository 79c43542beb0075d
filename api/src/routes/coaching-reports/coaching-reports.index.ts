import { createRouter } from '../../lib/openapi';
import * as handlers from './coaching-reports.handlers';
import * as routes from './coaching-reports.routes';

export const coachingReportsRouter = createRouter().openapi(routes.pdf, handlers.pdf);

import { createRouter } from '../../lib/openapi';
import * as handlers from './health.handlers';
import * as routes from './health.routes';

export const healthRouter = createRouter().openapi(routes.get, handlers.get);

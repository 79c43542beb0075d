import { createRouter } from '../../lib/openapi';
import * as handlers from './units.handlers';
import * as routes from './units.routes';

export const unitsRouter = createRouter()
	.openapi(routes.list, handlers.list)
	.openapi(routes.create, handlers.create)
	.openapi(routes.patch, handlers.patch);

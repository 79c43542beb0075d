import { createRouter } from '../../lib/openapi';
import * as handlers from './users.handlers';
import * as routes from './users.routes';

export const usersRouter = createRouter()
	.openapi(routes.list, handlers.list)
	.openapi(routes.create, handlers.create)
	.openapi(routes.getOne, handlers.getOne)
	.openapi(routes.patch, handlers.patch);

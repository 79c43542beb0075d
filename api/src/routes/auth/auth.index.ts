import { createRouter } from '../../lib/openapi';
import * as handlers from './auth.handlers';
import * as routes from './auth.routes';

export const authRouter = createRouter()
	.openapi(routes.login, handlers.login)
	.openapi(routes.logout, handlers.logout)
	.openapi(routes.me, handlers.me);

import { createRouter } from '../../lib/openapi';
import * as handlers from './devices.handlers';
import * as routes from './devices.routes';

export const devicesRouter = createRouter()
	.openapi(routes.register, handlers.register)
	.openapi(routes.list, handlers.list)
	.openapi(routes.revoke, handlers.revoke);

import { createRouter } from '../../lib/openapi';
import * as handlers from './organisation.handlers';
import * as routes from './organisation.routes';

export const organisationRouter = createRouter()
	.openapi(routes.publicKey, handlers.publicKey)
	.openapi(routes.settings, handlers.settings)
	.openapi(routes.updateSettings, handlers.updateSettings);

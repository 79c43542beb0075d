import { createRouter } from '../../lib/openapi';
import * as handlers from './clients.handlers';
import * as routes from './clients.routes';

export const clientsRouter = createRouter()
	.openapi(routes.searchByHetu, handlers.searchByHetu)
	.openapi(routes.uploadAttachment, handlers.uploadAttachment)
	.openapi(routes.history, handlers.history)
	.openapi(routes.revealHetu, handlers.revealHetu);

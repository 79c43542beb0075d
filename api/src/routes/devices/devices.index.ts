import { createRouter } from '../../lib/openapi';
import * as handlers from './devices.handlers';
import * as routes from './devices.routes';
import * as heldHandlers from './held-items.handlers';
import * as heldRoutes from './held-items.routes';

export const devicesRouter = createRouter()
	.openapi(routes.register, handlers.register)
	.openapi(routes.list, handlers.list)
	.openapi(routes.revoke, handlers.revoke)
	.openapi(heldRoutes.listForUser, heldHandlers.listForUser)
	.openapi(heldRoutes.accept, heldHandlers.accept)
	.openapi(heldRoutes.refuse, heldHandlers.refuse)
	.openapi(heldRoutes.acceptAll, heldHandlers.acceptAll)
	.openapi(heldRoutes.refuseAll, heldHandlers.refuseAll);

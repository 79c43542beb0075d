import { createRouter } from '../../lib/openapi';
import * as handlers from './attachments.handlers';
import * as routes from './attachments.routes';

export const attachmentsRouter = createRouter().openapi(routes.download, handlers.download).openapi(routes.remove, handlers.remove);

import { createRouter } from '../../lib/openapi';
import * as handlers from './code-lists.handlers';
import * as routes from './code-lists.routes';

export const codeListsRouter = createRouter().openapi(routes.list, handlers.list).openapi(routes.update, handlers.update);

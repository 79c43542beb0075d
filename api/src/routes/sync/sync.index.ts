import { createRouter } from '../../lib/openapi';
import * as handlers from './sync.handlers';
import * as routes from './sync.routes';

export const syncRouter = createRouter().openapi(routes.push, handlers.push).openapi(routes.pull, handlers.pull);

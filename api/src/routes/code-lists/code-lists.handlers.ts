import type { Handler } from '../../lib/openapi';
import { callerOf, requireAuth } from '../../lib/request-meta';
import * as codeLists from '../../services/code-list.service';
import type * as routes from './code-lists.routes';

export const list: Handler<typeof routes.list> = (c) => c.json(codeLists.getCodeOverrides(c.var.ctx, requireAuth(c).org), 200);

export const update: Handler<typeof routes.update> = (c) =>
	c.json(codeLists.updateCodeList(c.var.ctx, requireAuth(c).org, callerOf(c), c.req.valid('param').listId, c.req.valid('json')), 200);

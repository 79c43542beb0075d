import type { Handler } from '../../lib/openapi';
import { callerOf, requireAuth } from '../../lib/request-meta';
import * as units from '../../services/unit.service';
import type * as routes from './units.routes';

export const list: Handler<typeof routes.list> = (c) => c.json(units.listUnits(requireAuth(c).org, callerOf(c)), 200);

export const create: Handler<typeof routes.create> = (c) =>
	c.json(units.createUnit(requireAuth(c).org, callerOf(c), c.req.valid('json')), 201);

export const patch: Handler<typeof routes.patch> = (c) =>
	c.json(units.patchUnit(requireAuth(c).org, callerOf(c), c.req.valid('param').id, c.req.valid('json')), 200);

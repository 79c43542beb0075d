import type { Handler } from '../../lib/openapi';
import { callerOf, requireAuth } from '../../lib/request-meta';
import * as users from '../../services/user.service';
import type * as routes from './users.routes';

export const list: Handler<typeof routes.list> = (c) => c.json(users.listUsers(requireAuth(c).org, callerOf(c)), 200);

export const create: Handler<typeof routes.create> = async (c) =>
	c.json(await users.createUser(c.var.ctx, requireAuth(c).org, callerOf(c), c.req.valid('json')), 201);

export const getOne: Handler<typeof routes.getOne> = (c) =>
	c.json(users.getUser(requireAuth(c).org, callerOf(c), c.req.valid('param').id), 200);

export const patch: Handler<typeof routes.patch> = async (c) =>
	c.json(await users.patchUser(c.var.ctx, requireAuth(c).org, callerOf(c), c.req.valid('param').id, c.req.valid('json')), 200);

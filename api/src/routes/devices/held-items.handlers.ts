import type { Handler } from '../../lib/openapi';
import { callerOf, requireAuth } from '../../lib/request-meta';
import * as held from '../../services/held-mutation.service';
import { organisationSettings } from '../../services/organisation.service';
import type * as routes from './held-items.routes';

export const listForUser: Handler<typeof routes.listForUser> = (c) =>
	c.json(held.listHeldItems(requireAuth(c).org, callerOf(c), c.req.valid('param').id), 200);

export const accept: Handler<typeof routes.accept> = (c) => {
	const { org } = requireAuth(c);
	return c.json(held.decideHeldItem(org, callerOf(c), c.req.valid('param').id, 'accept', organisationSettings(c.var.ctx, org.id)), 200);
};

export const refuse: Handler<typeof routes.refuse> = (c) => {
	const { org } = requireAuth(c);
	return c.json(held.decideHeldItem(org, callerOf(c), c.req.valid('param').id, 'refuse', organisationSettings(c.var.ctx, org.id)), 200);
};

export const acceptAll: Handler<typeof routes.acceptAll> = (c) => {
	const { org } = requireAuth(c);
	return c.json(held.decideAllHeldItems(org, callerOf(c), c.req.valid('param').id, 'accept', organisationSettings(c.var.ctx, org.id)), 200);
};

export const refuseAll: Handler<typeof routes.refuseAll> = (c) => {
	const { org } = requireAuth(c);
	return c.json(held.decideAllHeldItems(org, callerOf(c), c.req.valid('param').id, 'refuse', organisationSettings(c.var.ctx, org.id)), 200);
};

import type { Handler } from '../../lib/openapi';
import { callerOf, requireAuth } from '../../lib/request-meta';
import * as devices from '../../services/device.service';
import type * as routes from './devices.routes';

export const register: Handler<typeof routes.register> = (c) =>
	c.json(devices.registerDevice(c.var.ctx, requireAuth(c).org, callerOf(c), c.req.valid('json')), 201);

export const list: Handler<typeof routes.list> = (c) => c.json(devices.listDevices(requireAuth(c).org, callerOf(c)), 200);

export const revoke: Handler<typeof routes.revoke> = (c) => {
	devices.revokeDevice(requireAuth(c).org, callerOf(c), c.req.valid('param').id);
	return c.body(null, 204);
};

import type { Context } from 'hono';
import type { AppEnv, DeviceAuth } from '../../lib/app-types';
import { Forbidden, Unauthenticated } from '../../lib/errors';
import type { Handler } from '../../lib/openapi';
import { clientAddress, requireAuth } from '../../lib/request-meta';
import { bearerToken, DeviceUnknown, findDeviceInOrg } from '../../services/device.service';
import { organisationSettings } from '../../services/organisation.service';
import * as sync from '../../services/sync.service';
import type * as routes from './sync.routes';

function meta(c: Context<AppEnv>): sync.SyncMeta {
	return { now: c.var.ctx.clock(), address: clientAddress(c), instance: c.req.path, requestId: c.var.requestId };
}

function requireDevice(c: Context<AppEnv>): DeviceAuth {
	const device = c.var.device;
	if (!device) throw new Unauthenticated();
	return device;
}

export const push: Handler<typeof routes.push> = (c) => {
	const auth = requireDevice(c);
	return c.json(sync.push(auth, c.req.valid('json').items, meta(c), organisationSettings(c.var.ctx, auth.org.id)), 200);
};

export const pull: Handler<typeof routes.pull> = (c) => {
	const auth = requireAuth(c);
	const device = findDeviceInOrg(auth.org, bearerToken(c.req.header('authorization')));
	if (!device) throw new DeviceUnknown();
	if (device.user.id !== auth.user.id) throw new Forbidden('That device belongs to someone else.');
	const viewer = { userId: auth.user.id, roles: auth.user.roles, unitIds: auth.unitIds };
	return c.json(sync.pull(auth.org, viewer, device.device, c.req.valid('query'), meta(c)), 200);
};

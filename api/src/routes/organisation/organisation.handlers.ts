import type { Handler } from '../../lib/openapi';
import { callerOf, requireAuth } from '../../lib/request-meta';
import * as organisation from '../../services/organisation.service';
import type * as routes from './organisation.routes';

export const publicKey: Handler<typeof routes.publicKey> = (c) => c.json(requireAuth(c).org.keyring.publicKey(), 200);

export const settings: Handler<typeof routes.settings> = (c) => c.json(organisation.getSettings(c.var.ctx, requireAuth(c).org.id), 200);

export const updateSettings: Handler<typeof routes.updateSettings> = (c) =>
	c.json(organisation.patchSettings(c.var.ctx, requireAuth(c).org, callerOf(c), c.req.valid('json')), 200);

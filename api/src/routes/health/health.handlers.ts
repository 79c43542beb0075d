import type { Handler } from '../../lib/openapi';
import type * as routes from './health.routes';

export const get: Handler<typeof routes.get> = (c) =>
	c.json({ status: 'ok' as const, version: c.var.ctx.options.version, time: c.var.ctx.clock().toISOString() }, 200);

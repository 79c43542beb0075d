import type { Handler } from '../../lib/openapi';
import { callerOf, requireAuth } from '../../lib/request-meta';
import * as audit from '../../services/audit.service';
import type * as routes from './audit.routes';

export const list: Handler<typeof routes.list> = (c) =>
	c.json(audit.readAuditPage(requireAuth(c).org, callerOf(c), c.req.valid('query')), 200);

export const verify: Handler<typeof routes.verify> = (c) =>
	c.json(audit.verifyOrganisationAudit(c.var.ctx.registry, requireAuth(c).org, callerOf(c)), 200);

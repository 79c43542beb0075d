/**
 * One log line per request: method, matched route pattern (never the raw URL, which could carry
 * data), status, duration, request id. No headers, no bodies, no query strings.
 */
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../lib/app-types';

export const requestLogger: MiddlewareHandler<AppEnv> = async (c, next) => {
	const started = performance.now();
	await next();
	// Matches come in registration order: API routes first, the web catch-all last; middleware is ALL.
	const route = matchedRoutes(c).find((r) => r.method !== 'ALL')?.path ?? '(unmatched)';
	const status = c.res.status;
	const level = status >= 500 ? 'error' : 'info';
	c.var.ctx.logger[level](
		{ reqId: c.var.requestId, method: c.req.method, route, status, ms: Math.round((performance.now() - started) * 10) / 10 },
		'request'
	);
};

/**
 * POLKU_REQUIRE_HTTPS: nothing is served over plain http. A request counts as https when it came
 * over TLS, or through a trusted proxy (POLKU_TRUST_PROXY) that says X-Forwarded-Proto: https.
 * - /api answers 403 `https-required`: a client must not learn to send a password or cookie in clear;
 * - a page (GET or HEAD outside /api) is redirected (308) to the same path over https, on the
 *   default port: behind a proxy, the plain port is rarely the one that speaks TLS;
 * - GET /api/health stays open, for load balancers and monitors that probe the server directly.
 * HSTS (security-headers.ts) then keeps browsers on https.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/app-types';
import { AppError } from '../lib/errors';
import { isHttps, ownOrigin } from '../lib/request-meta';

export class HttpsRequired extends AppError {
	constructor() {
		super('https-required', 403, 'This server accepts only https. Use the https:// address.');
	}
}

export const requireHttps: MiddlewareHandler<AppEnv> = async (c, next) => {
	if (!c.var.ctx.options.requireHttps || isHttps(c)) return next();
	const { method, path } = c.req;
	const read = method === 'GET' || method === 'HEAD';
	if (read && path === '/api/health') return next();
	const api = path === '/api' || path.startsWith('/api/');
	const origin = ownOrigin(c);
	if (!api && read && origin) {
		const target = new URL(c.req.url);
		target.protocol = 'https:';
		target.hostname = new URL(origin).hostname;
		target.port = '';
		return c.redirect(target.toString(), 308);
	}
	throw new HttpsRequired();
};

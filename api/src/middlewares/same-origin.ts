/**
 * Cross-site request forgery: a state-changing API request (POST, PUT, PATCH, DELETE under /api)
 * sent by a page of another origin is refused with 403 `cross-origin`, whatever its content type.
 *
 * SameSite=Strict keeps the session cookie away from other SITES only: a page on another subdomain
 * of the same site (same-site, cross-origin) still gets it sent along, so the browser's own account
 * of where the request comes from decides:
 * - `Sec-Fetch-Site` present: it must be `same-origin` (or `none`: the user typed or bookmarked it);
 * - else `Origin` present: it must be the server's own origin (lib/request-meta.ts `ownOrigin`,
 *   X-Forwarded-Proto/-Host believed behind a trusted proxy);
 * - neither: not a browser (the CLI, curl, scripts), which carries no ambient cookie of a victim.
 * Device pushes (bearer token) are held to the same rule; the app's own requests and its service
 * worker's are same-origin. hono/csrf is not used: it looks at form content types only.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/app-types';
import { AppError } from '../lib/errors';
import { ownOrigin } from '../lib/request-meta';

export class CrossOrigin extends AppError {
	constructor() {
		super('cross-origin', 403, 'This request came from a page of another origin. Polku accepts changes only from its own pages.');
	}
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const sameOrigin: MiddlewareHandler<AppEnv> = async (c, next) => {
	if (!SAFE_METHODS.has(c.req.method) && !fromOwnOrigin(c.req.header('sec-fetch-site'), c.req.header('origin'), () => ownOrigin(c))) {
		c.var.ctx.logger.warn({ event: 'cross-origin-refused', method: c.req.method }, 'cross-origin request refused');
		throw new CrossOrigin();
	}
	await next();
};

export function fromOwnOrigin(secFetchSite: string | undefined, origin: string | undefined, own: () => string | null): boolean {
	if (secFetchSite !== undefined) {
		const site = secFetchSite.trim().toLowerCase();
		return site === 'same-origin' || site === 'none';
	}
	if (origin !== undefined) return origin !== 'null' && origin === own();
	return true;
}

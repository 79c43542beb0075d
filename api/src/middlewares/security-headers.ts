/**
 * Security headers on every answer. The Content-Security-Policy allows no inline script: HTML pages
 * of the web build that carry SvelteKit's inline bootstrap get that script's sha256 added for their
 * own answer only (lib/static-web.ts sets `X-Polku-Script-Hashes`, consumed here).
 * HSTS is sent only when the request came over TLS: over plain http it would be ignored at best.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/app-types';
import { isHttps } from '../lib/request-meta';

export const CSP_DIRECTIVES: [string, string][] = [
	['default-src', "'self'"],
	['script-src', "'self'"],
	['style-src', "'self'"],
	['img-src', "'self' data: blob:"],
	['font-src', "'self'"],
	['connect-src', "'self'"],
	['worker-src', "'self'"],
	['manifest-src', "'self'"],
	['object-src', "'none'"],
	['base-uri', "'self'"],
	['form-action', "'self'"],
	['frame-ancestors', "'none'"]
];

export const SCRIPT_HASHES_HEADER = 'X-Polku-Script-Hashes';

export function contentSecurityPolicy(scriptHashes: string[] = []): string {
	return CSP_DIRECTIVES.map(([name, value]) =>
		name === 'script-src' && scriptHashes.length > 0 ? `${name} ${value} ${scriptHashes.map((h) => `'${h}'`).join(' ')}` : `${name} ${value}`
	).join('; ');
}

export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
	await next();
	const h = c.res.headers;
	const hashes = h.get(SCRIPT_HASHES_HEADER)?.split(' ').filter(Boolean) ?? [];
	h.delete(SCRIPT_HASHES_HEADER);
	h.set('Content-Security-Policy', contentSecurityPolicy(hashes));
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('Referrer-Policy', 'no-referrer');
	h.set('X-Frame-Options', 'DENY');
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	h.set('Cross-Origin-Resource-Policy', 'same-origin');
	h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
	if (isHttps(c)) h.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	if (c.req.path === '/api' || c.req.path.startsWith('/api/')) h.set('Cache-Control', 'no-store');
};

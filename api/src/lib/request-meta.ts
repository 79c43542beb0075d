/**
 * What handlers read off a request besides its body: the client address, whether it came over TLS,
 * the server's own origin as the browser sees it, and the caller. X-Forwarded-* headers are believed
 * only with `trustProxy` (one proxy hop: the last entry of each is what our proxy set or saw).
 */
import type { Context } from 'hono';
import type { Caller } from '../services/caller';
import type { AppEnv, AuthState } from './app-types';
import { Unauthenticated } from './errors';

export function clientAddress(c: Context<AppEnv>): string | null {
	if (c.var.ctx.options.trustProxy) {
		const last = lastForwarded(c, 'x-forwarded-for');
		if (last) return normaliseAddress(last);
	}
	const remote = c.env?.incoming?.socket?.remoteAddress;
	return remote ? normaliseAddress(remote) : null;
}

function normaliseAddress(address: string): string {
	return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export function isHttps(c: Context<AppEnv>): boolean {
	if (new URL(c.req.url).protocol === 'https:') return true;
	if (c.var.ctx.options.trustProxy) return lastForwarded(c, 'x-forwarded-proto')?.toLowerCase() === 'https';
	return false;
}

/**
 * The origin the browser addressed (`https://polku.example.org`): the scheme by `isHttps`, the host
 * from X-Forwarded-Host behind a trusted proxy, else from Host. Null when the host is not a host.
 */
export function ownOrigin(c: Context<AppEnv>): string | null {
	const forwardedHost = c.var.ctx.options.trustProxy ? lastForwarded(c, 'x-forwarded-host') : undefined;
	const host = forwardedHost ?? c.req.header('host') ?? new URL(c.req.url).host;
	try {
		const url = new URL(`${isHttps(c) ? 'https' : 'http'}://${host}`);
		return url.host === host.toLowerCase() || url.host === host.toLowerCase().replace(/:(80|443)$/, '') ? url.origin : null;
	} catch {
		return null;
	}
}

/** The last entry of a comma-separated X-Forwarded-* header: the one our own proxy added. */
function lastForwarded(c: Context<AppEnv>, name: string): string | undefined {
	return c.req.header(name)?.split(',').pop()?.trim() || undefined;
}

/** The signed-in user; the guard has made sure there is one on every non-public route. */
export function requireAuth(c: Context<AppEnv>): AuthState {
	const auth = c.var.auth;
	if (!auth) throw new Unauthenticated();
	return auth;
}

export function callerOf(c: Context<AppEnv>): Caller {
	const auth = requireAuth(c);
	return {
		userId: auth.user.id,
		roles: auth.user.roles,
		unitIds: auth.unitIds,
		sessionId: auth.session.id,
		address: clientAddress(c),
		now: c.var.ctx.clock()
	};
}

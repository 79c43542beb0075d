/**
 * What handlers read off a request besides its body: the client address, whether it came over TLS,
 * and the caller. X-Forwarded-* headers are believed only with `trustProxy` (one proxy hop: the
 * last X-Forwarded-For entry is the address the proxy saw).
 */
import type { Context } from 'hono';
import type { Caller } from '../services/caller';
import type { AppEnv, AuthState } from './app-types';
import { Unauthenticated } from './errors';

export function clientAddress(c: Context<AppEnv>): string | null {
	if (c.var.ctx.options.trustProxy) {
		const forwarded = c.req.header('x-forwarded-for');
		const last = forwarded?.split(',').pop()?.trim();
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
	if (c.var.ctx.options.trustProxy) {
		return c.req.header('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() === 'https';
	}
	return false;
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

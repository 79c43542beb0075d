import type { Context } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { AppEnv, AuthState } from '../lib/app-types';
import { isHttps } from '../lib/request-meta';
import { organisationSettings } from '../services/organisation.service';
import { findSession, parseSessionCookie, SESSION_COOKIE } from '../services/session.service';

/**
 * The session behind the request's cookie, or null. A cookie that leads nowhere (expired, logged
 * out, user deactivated, organisation gone) is cleared in the answer.
 */
export async function authenticate(c: Context<AppEnv>): Promise<AuthState | null> {
	if (c.var.auth) return c.var.auth;
	const raw = getCookie(c, SESSION_COOKIE);
	if (raw === undefined) return null;
	const auth = await resolve(c, raw);
	if (!auth) deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Strict', secure: isHttps(c) });
	return auth;
}

async function resolve(c: Context<AppEnv>, raw: string): Promise<AuthState | null> {
	const parsed = parseSessionCookie(raw);
	if (!parsed) return null;
	const ctx = c.var.ctx;
	const org = await ctx.registry.get({ id: parsed.orgId });
	if (!org) return null;
	const settings = organisationSettings(ctx, org.id);
	const found = findSession(org, parsed.token, ctx.clock(), settings.sessionIdleMinutes);
	return found
		? { org, ...found, idleTimeoutSeconds: settings.sessionIdleMinutes * 60, deviceLockSeconds: settings.deviceLockMinutes * 60 }
		: null;
}

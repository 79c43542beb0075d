import type { Context } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { AppEnv, AuthState, DeviceAuth } from '../lib/app-types';
import { clientAddress, isHttps } from '../lib/request-meta';
import { enforceAddressAllowlist, organisationSettings } from '../services/organisation.service';
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
	if (!found) return null;
	// A valid session from outside the organisation's allowlist: refused (403), the session kept.
	enforceAddressAllowlist(ctx, org, settings.ipAllowlist, {
		via: 'session',
		address: clientAddress(c),
		now: ctx.clock(),
		actorId: found.user.id,
		entity: 'user',
		entityId: found.user.id
	});
	return { org, ...found, idleTimeoutSeconds: settings.sessionIdleMinutes * 60, deviceLockSeconds: settings.deviceLockMinutes * 60 };
}

/** A device push from outside its organisation's allowlist is refused (403) and audited. */
export function enforceDeviceAddress(c: Context<AppEnv>, device: DeviceAuth): void {
	const ctx = c.var.ctx;
	enforceAddressAllowlist(ctx, device.org, organisationSettings(ctx, device.org.id).ipAllowlist, {
		via: 'device',
		address: clientAddress(c),
		now: ctx.clock(),
		actorId: device.user.id,
		entity: 'device',
		entityId: device.device.id
	});
}

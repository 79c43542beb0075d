/**
 * Every API route is made with `defineRoute(config, rule)`: the rule (shared/permissions.ts) is
 * recorded in `ROUTE_RULES`, shown in the OpenAPI operation as `x-polku-permission`, and enforced
 * by a guard middleware that runs before validation (an anonymous caller gets 401, not 422).
 * permissions.test.ts walks every registered route against every role with this registry, so a
 * route added without a rule fails the suite.
 */
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { allows, type RouteRule } from '@polku/shared';
import type { MiddlewareHandler } from 'hono';
import { authenticate, enforceDeviceAddress } from '../middlewares/authenticate';
import { bearerToken, DeviceUnknown, findDeviceByToken } from '../services/device.service';
import type { AppEnv } from './app-types';
import { Forbidden, Unauthenticated } from './errors';

/** `METHOD /api/path/:param` → rule, filled as route modules are loaded. */
export const ROUTE_RULES = new Map<string, RouteRule>();

export function ruleKey(method: string, honoPath: string): string {
	return `${method.toUpperCase()} ${honoPath}`;
}

export function describeRule(rule: RouteRule): string {
	return typeof rule === 'string' ? rule : `${rule.resource}:${rule.action}`;
}

export function guard(rule: RouteRule): MiddlewareHandler<AppEnv> {
	return async (c, next) => {
		if (rule === 'device') {
			// A device token instead of a session: sealed pushes go through while the app is locked.
			const device = await findDeviceByToken(c.var.ctx, bearerToken(c.req.header('authorization')));
			if (!device) throw new DeviceUnknown();
			enforceDeviceAddress(c, device);
			c.set('device', device);
		} else if (rule !== 'public') {
			const auth = await authenticate(c);
			if (!auth) throw new Unauthenticated();
			if (!allows(rule, auth.user.roles)) throw new Forbidden();
			c.set('auth', auth);
		}
		await next();
	};
}

type Config = Omit<RouteConfig, 'path' | 'middleware'>;

export function defineRoute<P extends string, R extends Config & { path: P }>(config: R, rule: RouteRule) {
	const key = ruleKey(config.method, config.path.replaceAll(/\{(\w+)\}/g, ':$1'));
	if (ROUTE_RULES.has(key)) throw new Error(`Route defined twice: ${key}`);
	ROUTE_RULES.set(key, rule);
	return createRoute({
		...config,
		'x-polku-permission': describeRule(rule),
		middleware: guard(rule)
	});
}

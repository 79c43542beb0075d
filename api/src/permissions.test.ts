/**
 * Walks every registered API route against every role (and no session): the guard must refuse with
 * 403 exactly where the permission matrix refuses, and 401 without a session on every non-public
 * route. A route registered without `defineRoute` (so without a rule) fails the first test.
 * Each role also sends its own device token, so `device` routes (push) and pull, which needs session
 * and device, are exercised for every role; an anonymous caller has neither and gets 401.
 */
import { allows, ROLES, type Role } from '@polku/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_RULES, ruleKey } from './lib/define-route';
import { createTestApp, type TestApp } from './test/create-test-app';

let t: TestApp;
const deviceTokens = new Map<Role, string>();
/** A device only used as the `:id` of DELETE /api/devices/:id, so revoking it disturbs nothing. */
let spareDeviceId: string;
beforeAll(async () => {
	t = await createTestApp();
	for (const role of ROLES) deviceTokens.set(role, (await t.registerDevice(role)).token);
	spareDeviceId = (await t.registerDevice('coach')).id;
});
afterAll(() => t.close());

function apiRoutes(): { method: string; path: string }[] {
	const seen = new Map<string, { method: string; path: string }>();
	for (const r of t.app.routes) {
		if (r.method === 'ALL' || !(r.path === '/api' || r.path.startsWith('/api/'))) continue;
		seen.set(ruleKey(r.method, r.path), { method: r.method, path: r.path });
	}
	return [...seen.values()];
}

/** Real ids from the fixture for each path parameter, chosen so every allowed role is in scope. */
function fillParams(path: string): string {
	return path.replace(/:(\w+)/g, (_, name: string) => {
		if (name === 'id' && path.startsWith('/api/users/')) return t.userId('coach');
		if (name === 'id' && path.startsWith('/api/units/')) return t.unitIds[1] ?? '';
		if (name === 'id' && path.startsWith('/api/devices/')) return spareDeviceId;
		// No such held item: an admin gets 404, which is past the guard.
		if (name === 'id' && path.startsWith('/api/held-items/')) return '00000000-0000-4000-8000-000000000000';
		if (name === 'id' && path.startsWith('/api/clients/')) return t.clientIds[0] ?? '';
		// No such attachment: every allowed role gets 404, which is past the guard.
		if (name === 'id' && path.startsWith('/api/attachments/')) return '00000000-0000-4000-8000-000000000000';
		// No such report: every allowed role gets 404, which is past the guard. The attendance summary
		// routes have no path parameters; without a query an allowed role gets 422, also past the guard.
		if (name === 'id' && path.startsWith('/api/coaching-reports/')) return '00000000-0000-4000-8000-000000000000';
		if (name === 'listId' && path.startsWith('/api/code-lists/')) return 'housing';
		// Statistics: a real report (without `window` an allowed role gets 422), no such delivery (404).
		if (name === 'reportId' && path.startsWith('/api/statistics/')) return 'youth-work';
		if (name === 'id' && path.startsWith('/api/statistics/deliveries/')) return '00000000-0000-4000-8000-000000000000';
		throw new Error(`permissions.test.ts: add a fixture id for :${name} in ${path}`);
	});
}

describe('permissions', () => {
	it('every API route declares a rule', () => {
		const routes = apiRoutes();
		expect(routes.length).toBeGreaterThanOrEqual(17);
		// Issue 5's REST routes are walked too.
		expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
			expect.arrayContaining(['GET /api/coaching-reports/:id/pdf', 'GET /api/attendance/summary', 'GET /api/attendance/summary.csv', 'GET /api/attendance/summary.xlsx'])
		);
		// Deciding on what a blocked device pushed (admins only).
		expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
			expect.arrayContaining([
				'GET /api/users/:id/held-items',
				'POST /api/held-items/:id/accept',
				'POST /api/held-items/:id/refuse',
				'POST /api/users/:id/held-items/accept-all',
				'POST /api/users/:id/held-items/refuse-all'
			])
		);
		// The organisation's settings (admin only through the matrix) are walked too.
		expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /api/organisation/settings', 'PATCH /api/organisation/settings']));
		const missing = routes.filter((r) => !ROUTE_RULES.has(ruleKey(r.method, r.path)));
		expect(missing).toEqual([]);
	});

	const callers: (Role | null)[] = [null, ...ROLES];
	it.each(callers.map((role) => [role ?? 'anonymous', role] as const))('%s gets 401/403 exactly where the matrix refuses', async (_label, role) => {
		const outcomes: string[] = [];
		for (const route of apiRoutes()) {
			const rule = ROUTE_RULES.get(ruleKey(route.method, route.path));
			if (!rule) throw new Error(`no rule for ${route.method} ${route.path}`);
			const cookie = role ? t.sessionCookie(role) : undefined;
			const token = role ? deviceTokens.get(role) : undefined;
			const res = await t.request(route.method, fillParams(route.path), {
				...(cookie ? { cookie } : {}),
				...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
				...(['POST', 'PATCH', 'PUT'].includes(route.method) ? { json: {} } : {})
			});
			const allowed = allows(rule, role ? [role] : null);
			const expected = allowed ? 'allowed' : role ? 403 : 401;
			const actual = res.status === 401 || res.status === 403 ? res.status : 'allowed';
			outcomes.push(`${route.method} ${route.path}: ${actual === expected ? 'ok' : `expected ${expected}, got ${res.status}`}`);
		}
		expect(outcomes.filter((o) => !o.endsWith(': ok'))).toEqual([]);
		expect(outcomes.length).toBeGreaterThanOrEqual(17);
	});

	it('a device route answers 401 device-unknown without a token, with a wrong token and with a session alone', async () => {
		const { token } = await t.registerDevice('outreach-worker');
		const forged = `${token.slice(0, -4)}AAAA`;
		const variants: Record<string, string>[] = [{}, { authorization: `Bearer ${forged}` }, { authorization: 'Bearer nonsense' }];
		for (const headers of variants) {
			const res = await t.request('POST', '/api/sync/push', { json: { items: [] }, headers, cookie: t.sessionCookie('outreach-worker') });
			expect(res.status).toBe(401);
			expect(((await res.json()) as { code: string }).code).toBe('device-unknown');
		}
	});
});

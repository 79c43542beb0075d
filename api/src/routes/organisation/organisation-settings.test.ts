import { MeSchema, OrganisationSettingsViewSchema, ProblemSchema } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { organisations } from '../../db/control-schema';
import { auditLog, sessions } from '../../db/schema';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../test/create-test-app';

let t: TestApp;
beforeEach(async () => {
	// Behind a trusted proxy, so that each request can say which address it comes from.
	t = await createTestApp({ options: { trustProxy: true } });
});
afterEach(() => t.close());

const ADMIN_AT = '203.0.113.5';
const OUTSIDE = '198.51.100.9';

function get(role: 'admin' | 'supervisor' = 'admin', from = ADMIN_AT) {
	return t.request('GET', '/api/organisation/settings', { cookie: t.sessionCookie(role), headers: { 'x-forwarded-for': from } });
}
function patch(json: unknown, from = ADMIN_AT) {
	return t.request('PATCH', '/api/organisation/settings', { cookie: t.sessionCookie('admin'), json, headers: { 'x-forwarded-for': from } });
}
const audits = (action: string) => t.org.db.select().from(auditLog).where(eq(auditLog.action, action)).all();
const stored = () => t.ctx.control.select({ settings: organisations.settings }).from(organisations).where(eq(organisations.id, t.org.id)).get()?.settings;

async function problem(res: Response) {
	expect(res.headers.get('content-type')).toBe('application/problem+json');
	return ProblemSchema.parse(await res.json());
}

describe('GET /api/organisation/settings', () => {
	it('answers every setting with the value in force, to an admin only', async () => {
		const res = await get();
		expect(res.status).toBe(200);
		expect(OrganisationSettingsViewSchema.strict().parse(await res.json())).toEqual({
			sessionIdleMinutes: 30,
			sessionMaxHours: 12,
			smallCellThreshold: 5,
			deviceLockMinutes: 15,
			deviceTokenDays: 30,
			hetuUnitKinds: ['workshop', 'rehabilitative', 'employment', 'integration'],
			requiredClientFields: ['startDate'],
			ipAllowlist: []
		});
		expect((await get('supervisor')).status).toBe(403);
	});
});

describe('PATCH /api/organisation/settings', () => {
	it('changes the settings given, keeps the rest, and audits each change with its old and new value', async () => {
		const res = await patch({ sessionIdleMinutes: 20, smallCellThreshold: 3, deviceLockMinutes: 15, hetuUnitKinds: ['workshop'] });
		expect(res.status).toBe(200);
		const after = OrganisationSettingsViewSchema.parse(await res.json());
		expect(after).toMatchObject({ sessionIdleMinutes: 20, smallCellThreshold: 3, deviceLockMinutes: 15, hetuUnitKinds: ['workshop'], sessionMaxHours: 12 });
		expect(OrganisationSettingsViewSchema.parse(await (await get()).json())).toEqual(after);

		const rows = audits('organisation.settings-update');
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ actorId: t.userId('admin'), entity: 'organisation', entityId: t.org.id, address: ADMIN_AT });
		// deviceLockMinutes was given but did not change: not listed.
		expect(rows[0]?.detail).toEqual({
			changes: {
				sessionIdleMinutes: { from: 30, to: 20 },
				smallCellThreshold: { from: 5, to: 3 },
				hetuUnitKinds: { from: ['workshop', 'rehabilitative', 'employment', 'integration'], to: ['workshop'] }
			}
		});

		// The new idle timeout is what sessions get.
		const me = MeSchema.parse(await (await t.request('GET', '/api/me', { cookie: t.sessionCookie('coach') })).json());
		expect(me.session.idleTimeoutSeconds).toBe(20 * 60);

		// null: back to the server's default, and the key is gone from what is stored.
		const reset = OrganisationSettingsViewSchema.parse(await (await patch({ sessionIdleMinutes: null })).json());
		expect(reset.sessionIdleMinutes).toBe(30);
		expect(stored()).not.toHaveProperty('sessionIdleMinutes');
		expect(audits('organisation.settings-update')).toHaveLength(2);
	});

	it('names every invalid field with 422 and changes nothing', async () => {
		const res = await patch({ sessionIdleMinutes: 0, ipAllowlist: ['10.0.0.0/8', 'intranet', '10.0.0.0/33'], codeOverrides: {}, colour: 'red' });
		expect(res.status).toBe(422);
		const fields = (await problem(res)).errors?.map((e) => e.field).sort();
		expect(fields).toEqual(['codeOverrides', 'colour', 'ipAllowlist.1', 'ipAllowlist.2', 'sessionIdleMinutes']);
		expect(stored()).toEqual({});
		expect(audits('organisation.settings-update')).toEqual([]);
	});

	it('refuses an allowlist that leaves out the admin’s own address (422 would-lock-you-out)', async () => {
		const res = await patch({ ipAllowlist: ['10.0.0.0/8'] });
		expect(res.status).toBe(422);
		const body = await problem(res);
		expect(body.errors).toEqual([expect.objectContaining({ field: 'ipAllowlist', code: 'would-lock-you-out' })]);
		expect(stored()).toEqual({});
		expect(audits('organisation.settings-update')).toEqual([]);

		const ok = await patch({ ipAllowlist: ['10.0.0.0/8', '203.0.113.0/24'] });
		expect(ok.status).toBe(200);
		expect(OrganisationSettingsViewSchema.parse(await ok.json()).ipAllowlist).toEqual(['10.0.0.0/8', '203.0.113.0/24']);
		expect(audits('organisation.settings-update')[0]?.detail).toEqual({ changes: { ipAllowlist: { from: [], to: ['10.0.0.0/8', '203.0.113.0/24'] } } });
	});
});

describe('the address allowlist', () => {
	beforeEach(async () => {
		expect((await patch({ ipAllowlist: ['203.0.113.0/24', '2001:db8::/32', '::ffff:192.0.2.1'] })).status).toBe(200);
	});

	const signIn = (from: string) =>
		t.request('POST', '/api/auth/login', {
			json: { organisation: 'test', username: 'coach', password: TEST_PASSWORD },
			headers: { 'x-forwarded-for': from }
		});

	it('refuses a sign-in from outside with 403 address-not-allowed, before the password, and audits it', async () => {
		const res = await signIn(OUTSIDE);
		expect(res.status).toBe(403);
		expect((await problem(res)).code).toBe('address-not-allowed');
		expect(res.headers.get('set-cookie')).toBeNull();
		expect(audits('auth.address-refused')).toEqual([
			expect.objectContaining({ actorId: null, entity: 'user', entityId: t.userId('coach'), address: OUTSIDE, detail: { via: 'sign-in' } })
		]);
		expect(audits('auth.login')).toEqual([]);
		// A wrong password from outside gets the same answer: the password is never tried there.
		const wrong = await t.request('POST', '/api/auth/login', {
			json: { organisation: 'test', username: 'coach', password: 'wrong password' },
			headers: { 'x-forwarded-for': OUTSIDE }
		});
		expect(wrong.status).toBe(403);

		for (const inside of ['203.0.113.77', '2001:db8:1::5', '192.0.2.1', '::ffff:203.0.113.8']) expect((await signIn(inside)).status).toBe(200);
	});

	it('refuses every request of a signed-in user from outside, and audits it; the session itself stays', async () => {
		const cookie = t.sessionCookie('coach');
		const res = await t.request('GET', '/api/me', { cookie, headers: { 'x-forwarded-for': OUTSIDE } });
		expect(res.status).toBe(403);
		expect((await problem(res)).code).toBe('address-not-allowed');
		const change = await t.request('POST', '/api/auth/logout', { cookie, headers: { 'x-forwarded-for': OUTSIDE } });
		expect(change.status).toBe(403);
		expect(audits('auth.address-refused').map((r) => [r.actorId, r.detail])).toEqual([
			[t.userId('coach'), { via: 'session' }],
			[t.userId('coach'), { via: 'session' }]
		]);
		expect(audits('auth.logout')).toEqual([]);
		expect((await t.request('GET', '/api/me', { cookie, headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(200);
		expect(t.org.db.select().from(sessions).all().length).toBeGreaterThan(0);
	});

	it('refuses a device push from outside, and audits it against the device', async () => {
		// Registering goes through the session, so it too must come from inside.
		const register = (from: string) =>
			t.request('POST', '/api/devices', {
				cookie: t.sessionCookie('coach'),
				json: { id: crypto.randomUUID(), label: 'Puhelin' },
				headers: { 'x-forwarded-for': from }
			});
		expect((await register(OUTSIDE)).status).toBe(403);
		const registered = await register('203.0.113.9');
		expect(registered.status).toBe(201);
		const device = (await registered.json()) as { id: string; token: string };

		const push = (from: string) =>
			t.request('POST', '/api/sync/push', { json: { items: [] }, headers: { authorization: `Bearer ${device.token}`, 'x-forwarded-for': from } });
		const refused = await push(OUTSIDE);
		expect(refused.status).toBe(403);
		expect((await problem(refused)).code).toBe('address-not-allowed');
		expect(audits('auth.address-refused').filter((r) => r.entity === 'device')).toEqual([
			expect.objectContaining({ actorId: t.userId('coach'), entityId: device.id, address: OUTSIDE, detail: { via: 'device' } })
		]);
		expect((await push('2001:db8::42')).status).toBe(200);
	});

	it('emptying the list lets every address in again', async () => {
		expect((await patch({ ipAllowlist: [] })).status).toBe(200);
		expect((await signIn(OUTSIDE)).status).toBe(200);
	});
});

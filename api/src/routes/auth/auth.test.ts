import { MeSchema, OrganisationPublicKeySchema, ProblemSchema } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../app';
import { createContext } from '../../context';
import { auditLog, sessions } from '../../db/schema';
import { seedOrganisation } from '../../services/seed.service';
import { createTestApp, TEST_HASHING, TEST_PASSWORD, TEST_SPEC, type TestApp } from '../../test/create-test-app';

let t: TestApp;
beforeEach(async () => {
	t = await createTestApp();
});
afterEach(() => t.close());

const login = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
	t.request('POST', '/api/auth/login', { json: body, headers });

function auditRows(action: string) {
	return t.org.db.select().from(auditLog).where(eq(auditLog.action, action)).all();
}

describe('post /api/auth/login', () => {
	it('signs in, answering Me and setting a strict session cookie', async () => {
		const res = await login({ organisation: 'test', username: 'coach', password: TEST_PASSWORD });
		expect(res.status).toBe(200);
		const me = MeSchema.parse(await res.json());
		expect(me.user.username).toBe('coach');
		expect(me.user.roles).toEqual(['coach']);
		expect(me.organisation.slug).toBe('test');
		expect(me.units.map((u) => u.name)).toEqual(['Paja']);
		expect(me.session.idleTimeoutSeconds).toBe(30 * 60);
		expect(me.session.expiresAt).toBe('2026-03-02T20:00:00.000Z');

		const cookie = res.headers.get('set-cookie') ?? '';
		expect(cookie).toMatch(/^polku_session=[0-9a-f-]{36}\.[\w-]{43};/);
		expect(cookie).toMatch(/; HttpOnly/);
		expect(cookie).toMatch(/; SameSite=Strict/);
		expect(cookie).toMatch(/; Path=\//);
		expect(cookie).toMatch(/; Max-Age=43200/);
		expect(cookie).not.toMatch(/; Secure/);

		// Only the token's hash is stored.
		const token = cookie.split(';')[0]?.split('.')[1] ?? '';
		const stored = t.org.db.select().from(sessions).all();
		expect(stored).toHaveLength(1);
		expect(JSON.stringify(stored)).not.toContain(token);
	});

	it('marks the cookie Secure over https', async () => {
		const res = await t.app.request('https://polku.example/api/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ organisation: 'test', username: 'coach', password: TEST_PASSWORD })
		});
		expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
	});

	it('answers an unknown organisation, unknown user, wrong password and deactivated user identically', async () => {
		const admin = t.sessionCookie('admin');
		await t.request('PATCH', `/api/users/${t.userId('outreach-worker')}`, { cookie: admin, json: { active: false } });
		const attempts = [
			{ organisation: 'nosuch', username: 'coach', password: TEST_PASSWORD },
			{ organisation: 'test', username: 'nobody', password: TEST_PASSWORD },
			{ organisation: 'test', username: 'coach', password: 'wrong password' },
			{ organisation: 'test', username: 'worker', password: TEST_PASSWORD }
		];
		const answers = [];
		for (const body of attempts) {
			const res = await login(body);
			expect(res.status).toBe(401);
			expect(res.headers.get('set-cookie')).toBeNull();
			const { requestId: _requestId, ...rest } = ProblemSchema.parse(await res.json());
			answers.push(rest);
		}
		expect(answers[0]).toMatchObject({ code: 'invalid-credentials', status: 401 });
		for (const a of answers) expect(a).toEqual(answers[0]);
	});

	it('audits sign-ins and failed sign-ins without what was typed', async () => {
		await login({ organisation: 'test', username: 'coach', password: TEST_PASSWORD });
		await login({ organisation: 'test', username: 'coach', password: 'not the password' });
		await login({ organisation: 'test', username: 'typo-or-secret', password: 'whatever' });

		const ok = auditRows('auth.login');
		expect(ok).toHaveLength(1);
		expect(ok[0]).toMatchObject({ actorId: t.userId('coach'), entity: 'user', entityId: t.userId('coach') });
		const failed = auditRows('auth.login-failed');
		expect(failed.map((r) => [r.entityId, r.detail])).toEqual([
			[t.userId('coach'), { reason: 'wrong-password' }],
			[null, { reason: 'unknown-user' }]
		]);
		const all = JSON.stringify(t.org.db.select().from(auditLog).all());
		expect(all).not.toContain('not the password');
		expect(all).not.toContain('typo-or-secret');
	});

	it('records the client address, and believes X-Forwarded-For only behind a trusted proxy', async () => {
		await t.app.request(
			'/api/auth/login',
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
				body: JSON.stringify({ organisation: 'test', username: 'coach', password: TEST_PASSWORD })
			},
			{ incoming: { socket: { remoteAddress: '::ffff:192.0.2.1' } } }
		);
		expect(auditRows('auth.login')[0]?.address).toBe('192.0.2.1');

		const proxied = await createTestApp({ options: { trustProxy: true } });
		try {
			await proxied.request('POST', '/api/auth/login', {
				json: { organisation: 'test', username: 'coach', password: TEST_PASSWORD },
				headers: { 'x-forwarded-for': '198.51.100.1, 203.0.113.9' }
			});
			const row = proxied.org.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login')).get();
			expect(row?.address).toBe('203.0.113.9');
		} finally {
			await proxied.close();
		}
	});

	it('throttles an account after five failures from an address with 429 and Retry-After, even with the right password', async () => {
		for (let i = 0; i < 5; i++) {
			expect((await login({ organisation: 'test', username: 'coach', password: `wrong ${i}` })).status).toBe(401);
		}
		const locked = await login({ organisation: 'test', username: 'coach', password: TEST_PASSWORD });
		expect(locked.status).toBe(429);
		expect(locked.headers.get('retry-after')).toBe('60');
		expect(ProblemSchema.parse(await locked.json()).code).toBe('too-many-attempts');
		// Unknown accounts are throttled the same way: a 429 says nothing about who exists.
		for (let i = 0; i < 5; i++) await login({ organisation: 'test', username: 'ghost', password: 'x' });
		expect((await login({ organisation: 'test', username: 'ghost', password: 'x' })).status).toBe(429);

		t.advance(60_000);
		expect((await login({ organisation: 'test', username: 'coach', password: TEST_PASSWORD })).status).toBe(200);
	});

	it('locks an account only for the address that failed: the owner signs in from elsewhere', async () => {
		const proxied = await createTestApp({ options: { trustProxy: true } });
		try {
			const from = (ip: string, password: string) =>
				proxied.request('POST', '/api/auth/login', {
					json: { organisation: 'test', username: 'coach', password },
					headers: { 'x-forwarded-for': ip }
				});
			for (let i = 0; i < 12; i++) await from('198.51.100.66', `guess ${i}`);
			const attacker = await from('198.51.100.66', TEST_PASSWORD);
			expect(attacker.status).toBe(429);
			expect(Number(attacker.headers.get('retry-after'))).toBeGreaterThan(0);
			// The owner, at the office: not held at all.
			expect((await from('203.0.113.20', TEST_PASSWORD)).status).toBe(200);
			// Nor is a colleague behind the attacker's own address.
			const colleague = await proxied.request('POST', '/api/auth/login', {
				json: { organisation: 'test', username: 'supervisor', password: TEST_PASSWORD },
				headers: { 'x-forwarded-for': '198.51.100.66' }
			});
			expect(colleague.status).toBe(200);
		} finally {
			await proxied.close();
		}
	});

	it('grows the wait with every further failure', async () => {
		const waits: number[] = [];
		for (let i = 0; i < 5; i++) await login({ organisation: 'test', username: 'coach', password: `wrong ${i}` });
		for (let round = 0; round < 4; round++) {
			const res = await login({ organisation: 'test', username: 'coach', password: 'wrong again' });
			expect(res.status).toBe(429);
			const wait = Number(res.headers.get('retry-after'));
			waits.push(wait);
			t.advance(wait * 1000);
			expect((await login({ organisation: 'test', username: 'coach', password: 'still wrong' })).status).toBe(401);
		}
		expect(waits).toEqual([60, 120, 240, 480]);
	});

	it('slows down an address trying many accounts, but not the people who sign in from it', async () => {
		const proxied = await createTestApp({ options: { trustProxy: true } });
		try {
			const office = '203.0.113.7';
			const from = (ip: string, username: string, password = 'wrong') =>
				proxied.request('POST', '/api/auth/login', { json: { organisation: 'test', username, password }, headers: { 'x-forwarded-for': ip } });
			expect((await from(office, 'worker', TEST_PASSWORD)).status).toBe(200);
			for (let i = 0; i < 30; i++) expect((await from(office, `user-${i}`)).status).toBe(401);
			const res = await from(office, 'someone-else');
			expect(res.status).toBe(429);
			expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
			expect((await from('203.0.113.8', 'someone-else')).status).toBe(401);
			// The worker has signed in from the office before: held by nothing but their own failures.
			expect((await from(office, 'worker', TEST_PASSWORD)).status).toBe(200);
		} finally {
			await proxied.close();
		}
	});

	it('keeps the throttle over a restart (a new server on the same data directory)', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'polku-restart-'));
		const masterKeyEnv = randomBytes(32).toString('base64');
		const start = () =>
			createContext({
				dataDir,
				masterKeyEnv,
				clock: () => t.now(),
				passwordHashing: TEST_HASHING,
				options: { version: 'test', trustProxy: false, webDir: null, sessionIdleMinutes: 30, sessionMaxHours: 12 }
			});
		const attempt = (app: ReturnType<typeof createApp>, password: string) =>
			app.request('/api/auth/login', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ organisation: 'test', username: 'coach', password })
			});
		try {
			const first = start();
			await seedOrganisation(first, TEST_SPEC, TEST_PASSWORD);
			const app = createApp(first);
			for (let i = 0; i < 5; i++) expect((await attempt(app, `wrong ${i}`)).status).toBe(401);
			await first.close();

			const second = start();
			try {
				const res = await attempt(createApp(second), TEST_PASSWORD);
				expect(res.status).toBe(429);
				expect(res.headers.get('retry-after')).toBe('60');
			} finally {
				await second.close();
			}
		} finally {
			rmSync(dataDir, { recursive: true, force: true });
		}
	});

	it('never writes the password or the session token to the log', async () => {
		const res = await login({ organisation: 'test', username: 'coach', password: TEST_PASSWORD });
		const token = (res.headers.get('set-cookie') ?? '').split(';')[0]?.split('.')[1] ?? '';
		expect(token).toHaveLength(43);
		await login({ organisation: 'test', username: 'coach', password: 'a wrong password 123' });
		await t.request('GET', '/api/me', { cookie: `polku_session=${t.org.id}.${token}` });
		const log = t.logs();
		expect(log).toContain('"route":"/api/auth/login"');
		expect(log).not.toContain(TEST_PASSWORD);
		expect(log).not.toContain('a wrong password 123');
		expect(log).not.toContain(token);
		expect(log).not.toContain('"coach"');
	});
});

describe('sessions', () => {
	it('get /api/me answers the signed-in user, 401 without a session', async () => {
		const cookie = await t.login('supervisor');
		const res = await t.request('GET', '/api/me', { cookie });
		expect(res.status).toBe(200);
		const me = MeSchema.parse(await res.json());
		expect(me.user.username).toBe('supervisor');
		expect(me.units.map((u) => u.name).sort()).toEqual(['Etsivä', 'Paja']);

		const anon = await t.request('GET', '/api/me');
		expect(anon.status).toBe(401);
		expect(ProblemSchema.parse(await anon.json()).code).toBe('unauthenticated');
		const forged = await t.request('GET', '/api/me', { cookie: `polku_session=${t.org.id}.${'A'.repeat(43)}` });
		expect(forged.status).toBe(401);
		expect(forged.headers.get('set-cookie')).toMatch(/polku_session=;.*Max-Age=0/);
	});

	it('admins see every unit in /api/me', async () => {
		const me = MeSchema.parse(await (await t.request('GET', '/api/me', { cookie: await t.login('admin') })).json());
		expect(me.units).toHaveLength(3);
	});

	it('post /api/auth/logout ends the session and clears the cookie', async () => {
		const cookie = await t.login('coach');
		const res = await t.request('POST', '/api/auth/logout', { cookie });
		expect(res.status).toBe(204);
		expect(res.headers.get('set-cookie')).toMatch(/polku_session=;.*Max-Age=0/);
		expect((await t.request('GET', '/api/me', { cookie })).status).toBe(401);
		expect(t.org.db.select().from(sessions).all()).toHaveLength(0);
		expect(auditRows('auth.logout')).toHaveLength(1);
	});

	it('ends a session after the idle timeout, and slides while in use', async () => {
		const cookie = await t.login('coach');
		t.advance(29 * 60_000);
		expect((await t.request('GET', '/api/me', { cookie })).status).toBe(200);
		t.advance(29 * 60_000);
		expect((await t.request('GET', '/api/me', { cookie })).status).toBe(200);
		t.advance(30 * 60_000);
		expect((await t.request('GET', '/api/me', { cookie })).status).toBe(401);
		expect(t.org.db.select().from(sessions).all()).toHaveLength(0);
	});

	it('ends a session at its absolute expiry, however active', async () => {
		const cookie = await t.login('coach');
		let elapsedMinutes = 0;
		while (elapsedMinutes + 25 < 12 * 60) {
			t.advance(25 * 60_000);
			elapsedMinutes += 25;
			expect((await t.request('GET', '/api/me', { cookie })).status).toBe(200);
		}
		t.advance(25 * 60_000);
		expect((await t.request('GET', '/api/me', { cookie })).status).toBe(401);
	});

	it('get /api/organisation/public-key answers the sealing key', async () => {
		const res = await t.request('GET', '/api/organisation/public-key', { cookie: t.sessionCookie('outreach-worker') });
		expect(res.status).toBe(200);
		const key = OrganisationPublicKeySchema.parse(await res.json());
		expect(key).toEqual(t.org.keyring.publicKey());
	});
});

import { HetuRevealSchema, ProblemSchema } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, sessions } from '../db/schema';
import { insertClient } from '../routes/clients/client-fixtures';
import { createTestApp, type TestApp } from '../test/create-test-app';

let t: TestApp;
beforeEach(async () => {
	t = await createTestApp();
});
afterEach(() => t.close());

/** A henkilötunnus with a valid check character. */
const HETU = `131052-308${'0123456789ABCDEFHJKLMNPRSTUVWXY'[Number('131052308') % 31]}`;

async function expectCrossOrigin(res: Response) {
	expect(res.status).toBe(403);
	expect(res.headers.get('content-type')).toBe('application/problem+json');
	expect(ProblemSchema.parse(await res.json()).code).toBe('cross-origin');
}

function reveal(id: string, cookie: string, headers: Record<string, string>) {
	return t.request('POST', `/api/clients/${id}/hetu/reveal`, { cookie, headers });
}

const audits = (action: string) => t.org.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

describe('cross-origin state changes', () => {
	it('refuses a henkilötunnus reveal posted by a page of another origin, and audits no reveal', async () => {
		const id = insertClient(t, { unit: 1, createdBy: 'coach', hetu: HETU });
		const cookie = t.sessionCookie('coach');
		await expectCrossOrigin(await reveal(id, cookie, { origin: 'https://evil.example' }));
		// A plain form post (hono/csrf's only concern) and a JSON one are refused alike.
		await expectCrossOrigin(
			await t.app.request(`/api/clients/${id}/hetu/reveal`, {
				method: 'POST',
				headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
				body: 'x=1'
			})
		);
		expect(audits('client.hetu-reveal')).toEqual([]);
	});

	it('refuses a same-site page (another subdomain, which gets the SameSite=Strict cookie): reveal and logout', async () => {
		const id = insertClient(t, { unit: 1, createdBy: 'coach', hetu: HETU });
		const cookie = t.sessionCookie('coach');
		const sameSite = { 'sec-fetch-site': 'same-site', origin: 'https://other.polku.example' };
		await expectCrossOrigin(await reveal(id, cookie, sameSite));
		await expectCrossOrigin(await t.request('POST', '/api/auth/logout', { cookie, headers: sameSite }));
		// Even when its Origin claims to be ours, the browser's Sec-Fetch-Site decides.
		await expectCrossOrigin(await t.request('POST', '/api/auth/logout', { cookie, headers: { 'sec-fetch-site': 'cross-site', origin: 'http://localhost' } }));
		expect(audits('client.hetu-reveal')).toEqual([]);
		expect(audits('auth.logout')).toEqual([]);
		expect(t.org.db.select().from(sessions).all()).toHaveLength(1);
	});

	it('lets the app itself through: same-origin, its own Origin, or no browser headers at all', async () => {
		const id = insertClient(t, { unit: 1, createdBy: 'coach', hetu: HETU });
		const cookie = t.sessionCookie('coach');
		const variants: Record<string, string>[] = [{ 'sec-fetch-site': 'same-origin', origin: 'http://localhost' }, { origin: 'http://localhost' }, {}];
		for (const headers of variants) {
			const res = await reveal(id, cookie, headers);
			expect(res.status).toBe(200);
			expect(HetuRevealSchema.parse(await res.json()).hetu).toBe(HETU);
		}
		const out = await t.request('POST', '/api/auth/logout', { cookie, headers: { 'sec-fetch-site': 'same-origin' } });
		expect(out.status).toBe(204);
	});

	it('reads another origin from Origin alone: scheme, host and port must all match', async () => {
		const cookie = t.sessionCookie('admin');
		for (const origin of ['https://localhost', 'http://localhost:8080', 'http://localhost.evil.example', 'null']) {
			await expectCrossOrigin(await t.request('POST', '/api/auth/logout', { cookie, headers: { origin } }));
		}
		// The Host header names our origin (node-server builds the URL from it).
		const res = await t.app.request('http://polku.example:8787/api/auth/logout', {
			method: 'POST',
			headers: { cookie, host: 'polku.example:8787', origin: 'http://polku.example:8787' }
		});
		expect(res.status).toBe(204);
	});

	it('behind a trusted proxy, takes the origin from X-Forwarded-Proto and X-Forwarded-Host', async () => {
		const proxied = await createTestApp({ options: { trustProxy: true } });
		try {
			const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'polku.example.org', 'x-forwarded-for': '203.0.113.5' };
			const logout = (origin: string) =>
				proxied.request('POST', '/api/auth/logout', { cookie: proxied.sessionCookie('coach'), headers: { ...forwarded, origin } });
			expect((await logout('https://polku.example.org')).status).toBe(204);
			await expectCrossOrigin(await logout('http://polku.example.org'));
			await expectCrossOrigin(await logout('https://evil.example'));
			// Without a trusted proxy the same headers are not believed.
			await expectCrossOrigin(
				await t.request('POST', '/api/auth/logout', { cookie: t.sessionCookie('coach'), headers: { ...forwarded, origin: 'https://polku.example.org' } })
			);
		} finally {
			await proxied.close();
		}
	});

	it('holds sign-in, changes and device pushes to the same rule; reads are not affected', async () => {
		const evil = { origin: 'https://evil.example' };
		await expectCrossOrigin(await t.request('POST', '/api/auth/login', { json: { organisation: 'test', username: 'coach', password: 'x' }, headers: evil }));
		await expectCrossOrigin(await t.request('PATCH', `/api/users/${t.userId('coach')}`, { cookie: t.sessionCookie('admin'), json: { displayName: 'X' }, headers: evil }));
		const { token } = await t.registerDevice('coach');
		await expectCrossOrigin(await t.request('POST', '/api/sync/push', { json: { items: [] }, headers: { ...evil, authorization: `Bearer ${token}` } }));
		const push = await t.request('POST', '/api/sync/push', { json: { items: [] }, headers: { 'sec-fetch-site': 'same-origin', authorization: `Bearer ${token}` } });
		expect(push.status).toBe(200);
		const me = await t.request('GET', '/api/me', { cookie: t.sessionCookie('coach'), headers: { 'sec-fetch-site': 'cross-site', ...evil } });
		expect(me.status).toBe(200);
	});
});

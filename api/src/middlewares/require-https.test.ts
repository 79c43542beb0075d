import { ProblemSchema } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../db/schema';
import { createTestApp, TEST_PASSWORD } from '../test/create-test-app';

const LOGIN = JSON.stringify({ organisation: 'test', username: 'coach', password: TEST_PASSWORD });

async function withApp(options: { requireHttps: boolean; trustProxy: boolean }, run: (t: Awaited<ReturnType<typeof createTestApp>>) => Promise<void>) {
	const t = await createTestApp({ options });
	try {
		await run(t);
	} finally {
		await t.close();
	}
}

describe('POLKU_REQUIRE_HTTPS', () => {
	it('refuses the API over plain http with 403 https-required, before any password is looked at', async () => {
		await withApp({ requireHttps: true, trustProxy: false }, async (t) => {
			const res = await t.app.request('http://polku.example/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: LOGIN });
			expect(res.status).toBe(403);
			expect(res.headers.get('content-type')).toBe('application/problem+json');
			expect(ProblemSchema.parse(await res.json()).code).toBe('https-required');
			expect(res.headers.get('set-cookie')).toBeNull();
			expect(t.org.db.select().from(auditLog).where(eq(auditLog.action, 'auth.login')).all()).toEqual([]);
			expect((await t.request('GET', '/api/me', { cookie: t.sessionCookie('coach') })).status).toBe(403);
			// Over TLS, the same sign-in goes through, with HSTS.
			const tls = await t.app.request('https://polku.example/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: LOGIN });
			expect(tls.status).toBe(200);
			expect(tls.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
		});
	});

	it('redirects a page over plain http to https on the default port, keeping path and query', async () => {
		await withApp({ requireHttps: true, trustProxy: false }, async (t) => {
			const res = await t.app.request('http://polku.example:8787/clients?unit=1', { headers: { host: 'polku.example:8787' } });
			expect(res.status).toBe(308);
			expect(res.headers.get('location')).toBe('https://polku.example/clients?unit=1');
			expect(res.headers.get('strict-transport-security')).toBeNull();
			// A form post outside /api is not redirected (it would be re-sent in clear by some clients).
			expect((await t.app.request('http://polku.example/somewhere', { method: 'POST' })).status).toBe(403);
		});
	});

	it('believes X-Forwarded-Proto only from a trusted proxy', async () => {
		await withApp({ requireHttps: true, trustProxy: false }, async (t) => {
			const spoofed = await t.request('GET', '/api/me', { cookie: t.sessionCookie('coach'), headers: { 'x-forwarded-proto': 'https' } });
			expect(spoofed.status).toBe(403);
		});
		await withApp({ requireHttps: true, trustProxy: true }, async (t) => {
			const me = (proto: string) => t.request('GET', '/api/me', { cookie: t.sessionCookie('coach'), headers: { 'x-forwarded-proto': proto } });
			const res = await me('https');
			expect(res.status).toBe(200);
			expect(res.headers.get('strict-transport-security')).toMatch(/max-age/);
			expect((await me('http')).status).toBe(403);
			// The last entry is what our proxy saw; an earlier one is the client's word.
			expect((await me('https, http')).status).toBe(403);
		});
	});

	it('keeps GET /api/health open for probes, and changes nothing when off', async () => {
		await withApp({ requireHttps: true, trustProxy: false }, async (t) => {
			expect((await t.request('GET', '/api/health')).status).toBe(200);
		});
		await withApp({ requireHttps: false, trustProxy: false }, async (t) => {
			expect((await t.request('GET', '/api/me', { cookie: t.sessionCookie('coach') })).status).toBe(200);
		});
	});
});

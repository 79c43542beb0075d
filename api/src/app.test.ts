import { ProblemSchema } from '@polku/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from './app';
import { ROUTE_RULES } from './lib/define-route';
import { createTestApp, type TestApp } from './test/create-test-app';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t.close());

async function problem(res: Response) {
	expect(res.headers.get('content-type')).toBe('application/problem+json');
	return ProblemSchema.parse(await res.json());
}

describe('the API', () => {
	it('get /api/health answers 200 JSON', async () => {
		const res = await t.request('GET', '/api/health');
		expect(res.status).toBe(200);
		expect(await res.json()).toEqual({ status: 'ok', version: 'test', time: '2026-03-02T08:00:00.000Z' });
	});

	it('get /api/openapi.json is an OpenAPI 3.1 document listing every route with its permission', async () => {
		const res = await t.request('GET', '/api/openapi.json');
		expect(res.status).toBe(200);
		const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { 'x-polku-permission'?: string }>> };
		expect(doc.openapi).toBe('3.1.0');
		for (const [key, rule] of ROUTE_RULES) {
			const [method = '', path = ''] = key.split(' ');
			const op = doc.paths[path.replaceAll(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
			expect(op, key).toBeDefined();
			expect(op?.['x-polku-permission']).toBe(typeof rule === 'string' ? rule : `${rule.resource}:${rule.action}`);
		}
		expect(ROUTE_RULES.size).toBeGreaterThanOrEqual(17);
	});

	it('get /api/docs is an accessible HTML reference without inline script', async () => {
		const res = await t.request('GET', '/api/docs');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/html/);
		const html = await res.text();
		expect(html).toMatch(/<html lang="en">/);
		expect(html).toMatch(/<main id="main">/);
		expect(html).toMatch(/<h1>Polku API reference<\/h1>/);
		expect(html).toContain('<h2 id="users">Users</h2>');
		expect(html).toContain('<code>/api/users/{id}</code>');
		expect(html).toContain('<code>user:update</code>');
		expect(html).not.toMatch(/<script/i);
		expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
		const css = await t.request('GET', '/api/docs.css');
		expect(css.headers.get('content-type')).toMatch(/^text\/css/);
	});

	it('answers an unknown /api route with a 404 problem', async () => {
		const res = await t.request('GET', '/api/nothing-here');
		expect(res.status).toBe(404);
		expect((await problem(res)).code).toBe('not-found');
		// A method without a route is just as unknown.
		expect((await t.request('DELETE', '/api/health')).status).toBe(404);
	});

	it('answers malformed JSON with 400 malformed-json', async () => {
		const res = await t.app.request('/api/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{"organisation": "test",'
		});
		expect(res.status).toBe(400);
		expect((await problem(res)).code).toBe('malformed-json');
	});

	it('answers a body that is not JSON with 415', async () => {
		const res = await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
		expect(res.status).toBe(415);
		expect((await problem(res)).code).toBe('unsupported-media-type');
	});

	it('answers an unknown field with 422 naming it', async () => {
		const res = await t.request('POST', '/api/auth/login', {
			json: { organisation: 'test', username: 'admin', password: 'x', isAdmin: true }
		});
		expect(res.status).toBe(422);
		const p = await problem(res);
		expect(p.code).toBe('validation-failed');
		expect(p.errors).toContainEqual(expect.objectContaining({ field: 'isAdmin', code: 'unrecognized_key' }));
	});

	it('answers a wrong type with 422 naming the field', async () => {
		const res = await t.request('POST', '/api/auth/login', { json: { organisation: 'test', username: 42, password: 'x' } });
		expect(res.status).toBe(422);
		const p = await problem(res);
		expect(p.errors?.map((e) => e.field)).toEqual(['username']);
	});

	it('answers an empty or non-object body with 422, never 500', async () => {
		for (const body of ['null', '[]', '"text"', '17']) {
			const res = await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
			expect(res.status, body).toBe(422);
		}
		const none = await t.app.request('/api/auth/login', { method: 'POST' });
		expect(none.status).toBe(422);
	});

	it('answers a body over 1 MB with 413', async () => {
		const big = JSON.stringify({ organisation: 'test', username: 'admin', password: 'x'.repeat(MAX_BODY_BYTES) });
		const res = await t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
		expect(res.status).toBe(413);
		expect((await problem(res)).code).toBe('payload-too-large');
	});

	it('answers 413 for an oversized body sent without Content-Length (streamed)', async () => {
		const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
		let sent = 0;
		const stream = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent > MAX_BODY_BYTES + chunk.length) return controller.close();
				sent += chunk.length;
				controller.enqueue(chunk);
			}
		});
		const res = await t.app.request('/api/auth/login', {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
			body: stream,
			duplex: 'half'
		} as RequestInit);
		expect(res.status).toBe(413);
	});

	it('puts a request id on every answer, and in problems', async () => {
		const ok = await t.request('GET', '/api/health');
		expect(ok.headers.get('x-request-id')).toMatch(/^[\w-]{8,}$/);
		const bad = await t.request('GET', '/api/nope');
		const id = bad.headers.get('x-request-id');
		expect(id).toBeTruthy();
		expect((await problem(bad)).requestId).toBe(id);
		const web = await t.request('GET', '/some/page');
		expect(web.headers.get('x-request-id')).toBeTruthy();
	});

	it('sends security headers on every answer, and no-store on /api', async () => {
		for (const path of ['/api/health', '/api/nope', '/']) {
			const res = await t.request('GET', path);
			const csp = res.headers.get('content-security-policy') ?? '';
			expect(csp).toContain("default-src 'self'");
			expect(csp).toContain("script-src 'self'");
			expect(csp).not.toContain('unsafe-inline');
			expect(csp).toContain("frame-ancestors 'none'");
			expect(csp).toContain("object-src 'none'");
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(res.headers.get('referrer-policy')).toBe('no-referrer');
			expect(res.headers.get('x-frame-options')).toBe('DENY');
			expect(res.headers.get('strict-transport-security')).toBeNull();
			if (path.startsWith('/api')) expect(res.headers.get('cache-control')).toBe('no-store');
		}
	});

	it('sends HSTS only when the request came over TLS', async () => {
		const res = await t.app.request('https://polku.example/api/health');
		expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
		// X-Forwarded-Proto is not believed unless POLKU_TRUST_PROXY is set.
		const spoofed = await t.request('GET', '/api/health', { headers: { 'x-forwarded-proto': 'https' } });
		expect(spoofed.headers.get('strict-transport-security')).toBeNull();
	});

	it('believes X-Forwarded-Proto behind a trusted proxy', async () => {
		const proxied = await createTestApp({ empty: true, options: { trustProxy: true } });
		try {
			const res = await proxied.request('GET', '/api/health', { headers: { 'x-forwarded-proto': 'https' } });
			expect(res.headers.get('strict-transport-security')).toMatch(/max-age/);
		} finally {
			await proxied.close();
		}
	});

	it('serves a 503 problem outside /api when the web app is not built', async () => {
		const res = await t.request('GET', '/');
		expect(res.status).toBe(503);
		expect(res.headers.get('content-type')).toBe('application/problem+json');
	});

	it('logs method, route pattern and status, never ids from the URL', async () => {
		const id = t.userId('coach');
		await t.request('GET', `/api/users/${id}`, { cookie: t.sessionCookie('admin') });
		const lines = t
			.logs()
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l) as Record<string, unknown>);
		expect(lines).toContainEqual(expect.objectContaining({ msg: 'request', method: 'GET', route: '/api/users/:id', status: 200 }));
		expect(t.logs()).not.toContain(id);
	});
});

import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/create-test-app';

const BOOT = 'import("/_app/immutable/entry/start.abc.js").then((m) => m.start())';
const INDEX = `<!doctype html><html><head><link rel="manifest" href="/manifest.webmanifest"></head><body><div id="app"></div><script>${BOOT}</script></body></html>`;

let t: TestApp;
let webDir: string;
beforeAll(async () => {
	webDir = mkdtempSync(join(tmpdir(), 'polku-web-'));
	mkdirSync(join(webDir, '_app/immutable/entry'), { recursive: true });
	writeFileSync(join(webDir, 'index.html'), INDEX);
	writeFileSync(join(webDir, 'about.html'), '<!doctype html><p>about</p>');
	writeFileSync(join(webDir, 'manifest.webmanifest'), '{"name":"Polku"}');
	writeFileSync(join(webDir, 'service-worker.js'), 'self.addEventListener("fetch", () => {});');
	writeFileSync(join(webDir, '_app/immutable/entry/start.abc.js'), 'export const start = () => {};');
	t = await createTestApp({ empty: true, options: { webDir } });
});
afterAll(async () => {
	await t.close();
	rmSync(webDir, { recursive: true, force: true });
});

describe('the web build outside /api', () => {
	it('serves index.html at / with no-cache and a CSP allowing exactly its inline bootstrap', async () => {
		const res = await t.request('GET', '/');
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/html/);
		expect(res.headers.get('cache-control')).toBe('no-cache');
		const hash = createHash('sha256').update(BOOT).digest('base64');
		const csp = res.headers.get('content-security-policy') ?? '';
		expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
		expect(csp).not.toContain('unsafe-inline');
		expect(res.headers.has('x-polku-script-hashes')).toBe(false);
		expect(await res.text()).toBe(INDEX);
	});

	it('caches immutable assets for a year', async () => {
		const res = await t.request('GET', '/_app/immutable/entry/start.abc.js');
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
		expect(res.headers.get('content-type')).toMatch(/javascript/);
	});

	it('revalidates the manifest and the service worker', async () => {
		const manifest = await t.request('GET', '/manifest.webmanifest');
		expect(manifest.headers.get('cache-control')).toBe('no-cache');
		expect(manifest.headers.get('content-type')).toBe('application/manifest+json');
		const sw = await t.request('GET', '/service-worker.js');
		expect(sw.headers.get('cache-control')).toBe('no-cache');
		const etag = sw.headers.get('etag') ?? '';
		expect((await t.request('GET', '/service-worker.js', { headers: { 'if-none-match': etag } })).status).toBe(304);
	});

	it('tries <path>.html before the SPA fallback', async () => {
		expect(await (await t.request('GET', '/about')).text()).toContain('about');
		const deep = await t.request('GET', '/clients/123/edit');
		expect(deep.status).toBe(200);
		expect(await deep.text()).toBe(INDEX);
	});

	it('answers 404 for a missing asset and for unknown /api paths, never the shell', async () => {
		const asset = await t.request('GET', '/_app/immutable/missing.js');
		expect(asset.status).toBe(404);
		const api = await t.request('GET', '/api/unknown/thing');
		expect(api.status).toBe(404);
		expect(api.headers.get('content-type')).toBe('application/problem+json');
	});

	it('never serves files outside the build directory', async () => {
		for (const path of ['/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/../package.json']) {
			const res = await t.request('GET', path);
			// Either refused, or (a path without an extension) answered with the app shell: never the file.
			if (res.status === 200) expect(await res.text()).toBe(INDEX);
			else expect(res.status).toBe(404);
		}
	});
});

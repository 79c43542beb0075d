import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { API_PATH, isShellNavigation } from './sw-rules';

const source = readFileSync(fileURLToPath(new URL('../../service-worker.ts', import.meta.url)), 'utf8');
/** The worker's code without comments. */
const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('service worker: /api is never cached', () => {
	it('treats every API path, attachments included, as API and nothing else', () => {
		for (const path of ['/api', '/api/', '/api/attachments/0190a0b2-7c4e-7a11-8f00-000000000001', '/api/clients/x/hetu/reveal', '/api/sync/pull']) {
			expect(API_PATH.test(path)).toBe(true);
			expect(isShellNavigation(path)).toBe(false);
		}
		for (const path of ['/', '/clients', '/clients/0190a0b2-7c4e-7a11-8f00-000000000001', '/apiary', '/sync']) {
			expect(isShellNavigation(path)).toBe(true);
		}
	});

	it('registers only the shell navigation route (denying /api) and no runtime cache', () => {
		expect(code.match(/registerRoute\(/g)).toHaveLength(1);
		expect(code).toMatch(/new NavigationRoute\([\s\S]*denylist: \[API_PATH\]/);
		expect(code).not.toMatch(/\bcaches\.|CacheFirst|StaleWhileRevalidate|NetworkFirst|cache\.put|addEventListener\(\s*'fetch'/);
		expect(code).toMatch(/precacheAndRoute\(entries\)/);
	});
});

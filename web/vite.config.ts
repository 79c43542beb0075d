import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { HANG_GUARD } from '../vitest.hang-guard.ts';
import { paraglideOptions } from './i18n.config.js';
import { assertMessagesComplete } from './scripts/check-messages.js';

/**
 * SvelteKit's generated root component hides its route announcer with an inline `style="…"`
 * attribute, which the API's `style-src 'self'` refuses (and logs as a CSP violation). Strip the
 * attribute before Svelte compiles the file; app.css hides `#svelte-announcer` the same way.
 * See https://github.com/sveltejs/kit/issues/11993.
 */
function announcerWithoutInlineStyle(): Plugin {
	return {
		name: 'polku:announcer-without-inline-style',
		enforce: 'pre',
		transform(code, id) {
			if (!id.endsWith('/generated/root.svelte')) return null;
			const out = code.replace(/(<div id="svelte-announcer"[^>]*?)\s+style="[^"]*"/, '$1');
			if (out === code && code.includes('svelte-announcer')) {
				throw new Error('polku: could not remove the inline style of #svelte-announcer');
			}
			return { code: out, map: null };
		}
	};
}

// A missing or empty translation fails the build instead of silently falling back (STACK.md G9).
assertMessagesComplete();

// Under Vitest the messages are compiled once by the global setup instead: the plugin's inlang
// project keeps a handle open that stops Vitest from exiting.
const paraglide = process.env.VITEST ? [] : [paraglideVitePlugin(paraglideOptions)];

export default defineConfig({
	plugins: [announcerWithoutInlineStyle(), sveltekit(), ...paraglide],
	server: { port: 5173, proxy: { '/api': 'http://localhost:8787' } },
	test: {
		include: ['src/**/*.test.ts', 'scripts/**/*.test.js'],
		environment: 'node',
		globalSetup: ['./scripts/vitest-global-setup.js'],
		...HANG_GUARD
	}
});

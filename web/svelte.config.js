import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * A single-page app: every route is rendered in the browser (`ssr = false` in the root layout) and
 * the API serves `build/index.html` for any path outside /api. The service worker is registered by
 * the root layout (STACK.md G6), not by SvelteKit's inline bootstrap, which `scripts/externalize-boot.js`
 * moves into a file anyway so that `script-src 'self'` holds.
 */
/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
		serviceWorker: { register: false },
		// Component styles always go to files: the API's CSP has no 'unsafe-inline' for styles.
		inlineStyleThreshold: 0,
		version: { pollInterval: 0 }
	}
};

export default config;

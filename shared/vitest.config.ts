import { defineConfig } from 'vitest/config';

/**
 * No shared test measures time (benchmarks do, in `npm run bench`); the timeout only catches a hang.
 * CI runs these beside the API tests and the web build on 2 cores, where a fast-check property of a
 * few hundred runs can pass Vitest's 5 s default without anything being wrong.
 */
export default defineConfig({
	test: {
		testTimeout: 60_000
	}
});

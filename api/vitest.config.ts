import { defineConfig } from 'vitest/config';

/**
 * No API test measures time (benchmarks do, in `npm run bench`); the timeout only catches a hang.
 * CI runs these beside the fault-injection test and the web build on 2 cores, where a test that
 * registers 20 devices can pass Vitest's 5 s default without anything being wrong.
 */
export default defineConfig({
	test: {
		testTimeout: 30_000,
		hookTimeout: 30_000
	}
});

import { defineConfig } from 'vitest/config';

// Only the fault-injection tests run under Vitest here; e2e/ is Playwright's (`npm run e2e`).
export default defineConfig({
	test: {
		include: ['fault/**/*.test.ts'],
		testTimeout: 120_000,
		hookTimeout: 120_000,
		// One real server at a time: the machine has two cores.
		fileParallelism: false
	}
});

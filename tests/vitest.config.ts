import { defineConfig } from 'vitest/config';
import { HANG_GUARD } from '../vitest.hang-guard.ts';

// Only the fault-injection tests run under Vitest here; e2e/ is Playwright's (`npm run e2e`).
export default defineConfig({
	test: {
		include: ['fault/**/*.test.ts'],
		...HANG_GUARD,
		// One real server at a time: the machine has two cores.
		fileParallelism: false
	}
});

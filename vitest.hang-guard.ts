/**
 * The one hang guard of every Vitest project (shared, api, web, tests). No unit or API test measures
 * time — speed is measured by `npm run bench` — so the timeout only has to catch a test that never
 * ends. It is generous on purpose: `npm test` runs the web build, type checks and several Vitest
 * projects side by side on two cores, where 600,000-iteration PBKDF2 runs, argon2 hashes and
 * fast-check properties can take many times their quiet-machine duration without anything being
 * wrong.
 */
export const HANG_GUARD = {
	testTimeout: 120_000,
	hookTimeout: 120_000
} as const;

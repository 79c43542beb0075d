/**
 * End-to-end tests against the real thing: the API (tsx, real SQLite files in a fresh temporary
 * data directory, real argon2) serving the built web app (web/build) on one origin, in Debian's
 * Chromium. Build the web app first: `npm run build -w @polku/web` (root `npm run e2e` does).
 *
 * The data directory, master key and demo password are made once here, in the runner process, and
 * handed to the workers through the environment (Playwright loads this file in every worker too).
 */
import { defineConfig, devices } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

process.env.POLKU_E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'polku-e2e-'));
process.env.POLKU_E2E_MASTER_KEY ??= randomBytes(32).toString('base64');
process.env.POLKU_E2E_PORT ??= '8799';
// The demo users' password for this run. Tests never change it (they make their own users).
process.env.POLKU_E2E_DEMO_PASSWORD ??= 'e2e-demo-passphrase-2026';

const port = Number(process.env.POLKU_E2E_PORT);
const baseURL = `http://localhost:${port}`;
const ci = Boolean(process.env.CI);

export default defineConfig({
	testDir: './e2e',
	outputDir: './test-results',
	fullyParallel: true,
	forbidOnly: ci,
	retries: ci ? 1 : 0,
	workers: 2,
	// Hang guards, not speed checks: `npm test` must pass on a busy 2-core machine, where a page
	// that answers in 1 s when quiet can take several.
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: ci ? [['list'], ['html', { open: 'never' }]] : [['list']],
	globalTeardown: './global-teardown.ts',
	use: {
		baseURL,
		locale: 'fi-FI',
		timezoneId: 'Europe/Helsinki',
		serviceWorkers: 'allow',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run',
				'--disable-quic'
			]
		}
	},
	projects: [
		// A story tagged `@only-<project>` is told once, at the size where it happens in real life;
		// everything else runs at all three sizes.
		{
			name: 'phone',
			grepInvert: /@only-(tablet|desktop)/,
			use: {
				...devices['Desktop Chrome'],
				viewport: { width: 360, height: 740 },
				deviceScaleFactor: 2,
				isMobile: true,
				hasTouch: true
			}
		},
		{
			name: 'tablet',
			grepInvert: /@only-(phone|desktop)/,
			use: { ...devices['Desktop Chrome'], viewport: { width: 820, height: 1180 }, deviceScaleFactor: 2, hasTouch: true }
		},
		{
			name: 'desktop',
			grepInvert: /@only-(phone|tablet)/,
			use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 } }
		}
	],
	webServer: {
		// The API binary itself, not npx (STACK.md G13): Playwright stops exactly what it started.
		command: 'node --import tsx ../api/src/index.ts',
		cwd: import.meta.dirname,
		url: `${baseURL}/api/health`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'ignore',
		stderr: 'pipe',
		env: {
			PORT: String(port),
			HOST: '127.0.0.1',
			POLKU_DATA_DIR: process.env.POLKU_E2E_DATA_DIR,
			POLKU_MASTER_KEY: process.env.POLKU_E2E_MASTER_KEY,
			POLKU_DEMO_PASSWORD: process.env.POLKU_E2E_DEMO_PASSWORD,
			POLKU_LOG_LEVEL: 'warn'
		}
	}
});

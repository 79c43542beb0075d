import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, test } from 'vitest';
import { ENV_DOCS, EnvError, loadEnv } from './env';

describe(loadEnv.name, () => {
	it('applies the documented defaults, taking the data dir from where npm started', () => {
		const env = loadEnv({ INIT_CWD: '/repo' });
		expect(env).toMatchObject({
			port: 8787,
			host: '0.0.0.0',
			dataDir: '/repo/data',
			seedDemo: true,
			logLevel: 'info',
			trustProxy: false,
			requireHttps: false,
			sessionIdleMinutes: 30,
			sessionMaxHours: 12,
			masterKey: undefined,
			demoPassword: undefined
		});
		expect(env.webDir).toMatch(/web\/build$/);
	});

	it('reads every variable, treating empty ones as unset', () => {
		const env = loadEnv({
			PORT: '9000',
			POLKU_DATA_DIR: '/var/lib/polku',
			POLKU_SEED_DEMO: 'false',
			POLKU_TRUST_PROXY: '1',
			POLKU_REQUIRE_HTTPS: 'true',
			POLKU_MASTER_KEY: '',
			POLKU_SESSION_IDLE_MINUTES: '15'
		});
		expect(env).toMatchObject({ port: 9000, dataDir: '/var/lib/polku', seedDemo: false, trustProxy: true, requireHttps: true, masterKey: undefined, sessionIdleMinutes: 15 });
	});

	it('names every bad variable', () => {
		expect(() => loadEnv({ POLKU_REQUIRE_HTTPS: 'always' })).toThrow(/POLKU_REQUIRE_HTTPS/);
		expect(() => loadEnv({ PORT: 'eighty', POLKU_SEED_DEMO: 'maybe' })).toThrow(EnvError);
		try {
			loadEnv({ PORT: 'eighty', POLKU_SEED_DEMO: 'maybe' });
		} catch (e) {
			expect((e as Error).message).toMatch(/PORT/);
			expect((e as Error).message).toMatch(/POLKU_SEED_DEMO/);
		}
	});

	it('documents every variable it reads', () => {
		const names = ENV_DOCS.map((d) => d.name);
		for (const n of ['PORT', 'HOST', 'POLKU_DATA_DIR', 'POLKU_MASTER_KEY', 'POLKU_DEMO_PASSWORD', 'POLKU_SEED_DEMO', 'POLKU_LOG_LEVEL', 'POLKU_WEB_DIR', 'POLKU_TRUST_PROXY', 'POLKU_REQUIRE_HTTPS', 'POLKU_SESSION_IDLE_MINUTES', 'POLKU_SESSION_MAX_HOURS']) {
			expect(names).toContain(n);
		}
	});
});

describe('README', () => {
	test('documents every environment variable the API reads', () => {
		const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
		for (const { name } of ENV_DOCS) expect(readme).toContain(`\`${name}\``);
	});
});

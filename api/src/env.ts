/**
 * The environment, parsed once by zod. `index.ts` and `cli.ts` call `loadEnv()` and exit with a clear
 * message when it is wrong; nothing else reads `process.env`. `ENV_DOCS` is the list the README shows.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const booleanText = z
	.enum(['true', 'false', '1', '0', 'yes', 'no'])
	.transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);

export const ENV_DOCS = [
	{ name: 'PORT', default: '8787', description: 'TCP port the server listens on.' },
	{ name: 'HOST', default: '0.0.0.0', description: 'Interface the server binds to (use 127.0.0.1 to keep it local).' },
	{
		name: 'POLKU_DATA_DIR',
		default: './data',
		description:
			'Data directory: control.sqlite, orgs/<organisation-id>.sqlite and, without POLKU_MASTER_KEY, master.key. A relative path is taken from the directory npm was started in.'
	},
	{
		name: 'POLKU_MASTER_KEY',
		default: '(unset: a 0600 key file <data dir>/master.key is made on first start)',
		description:
			'Master key wrapping every organisation key: 32 random bytes as base64 or base64url (`openssl rand -base64 32`). Losing it makes the data unreadable.'
	},
	{
		name: 'POLKU_DEMO_PASSWORD',
		default: '(unset: one random password, printed once)',
		description: 'Password of the demo users admin, supervisor, coach and worker when the demo organisation is seeded.'
	},
	{
		name: 'POLKU_SEED_DEMO',
		default: 'true',
		description: 'Seed the demo organisation (slug `demo`) on start when it does not exist yet. true/false.'
	},
	{ name: 'POLKU_LOG_LEVEL', default: 'info', description: 'pino log level: fatal, error, warn, info, debug, trace or silent.' },
	{
		name: 'POLKU_WEB_DIR',
		default: 'web/build',
		description: 'Directory of the built web app (SvelteKit static build) served outside /api.'
	},
	{
		name: 'POLKU_TRUST_PROXY',
		default: 'false',
		description:
			'Set to true behind a reverse proxy: the client address is then taken from X-Forwarded-For, https from X-Forwarded-Proto and the host from X-Forwarded-Host (the last entry of each: the one your proxy set).'
	},
	{
		name: 'POLKU_REQUIRE_HTTPS',
		default: 'false',
		description:
			'Set to true to refuse plain http: /api answers 403 `https-required` and pages redirect to https (GET /api/health stays open for probes). A request counts as https over TLS, or through a trusted proxy (POLKU_TRUST_PROXY) sending X-Forwarded-Proto: https. Browsers get HSTS on https either way.'
	},
	{
		name: 'POLKU_SESSION_IDLE_MINUTES',
		default: '30',
		description: 'Default idle timeout of a session (an organisation setting may override it).'
	},
	{
		name: 'POLKU_SESSION_MAX_HOURS',
		default: '12',
		description: 'Absolute lifetime of a session, however active (an organisation setting may override it).'
	}
] as const;

const defaultWebDir = fileURLToPath(new URL('../../web/build', import.meta.url));

const EnvSchema = z.object({
	PORT: positiveInt(65535).default(8787),
	HOST: z.string().min(1).default('0.0.0.0'),
	POLKU_DATA_DIR: z.string().min(1).default('./data'),
	POLKU_MASTER_KEY: z.string().optional(),
	POLKU_DEMO_PASSWORD: z.string().min(1).max(256).optional(),
	POLKU_SEED_DEMO: booleanText.default(true),
	POLKU_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
	POLKU_WEB_DIR: z.string().min(1).optional(),
	POLKU_TRUST_PROXY: booleanText.default(false),
	POLKU_REQUIRE_HTTPS: booleanText.default(false),
	POLKU_SESSION_IDLE_MINUTES: positiveInt(24 * 60).default(30),
	POLKU_SESSION_MAX_HOURS: positiveInt(24 * 30).default(12)
});

export type Env = {
	port: number;
	host: string;
	dataDir: string;
	masterKey: string | undefined;
	demoPassword: string | undefined;
	seedDemo: boolean;
	logLevel: z.infer<typeof EnvSchema>['POLKU_LOG_LEVEL'];
	webDir: string;
	trustProxy: boolean;
	requireHttps: boolean;
	sessionIdleMinutes: number;
	sessionMaxHours: number;
};

export class EnvError extends Error {}

/** Parses `source` (normally `process.env`); throws `EnvError` naming every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
	// Empty strings count as unset, as compose files and shells often pass `NAME=`.
	const cleaned = Object.fromEntries(
		Object.entries(source).filter(([k, v]) => k in EnvSchema.shape && v !== undefined && v.trim() !== '')
	);
	const parsed = EnvSchema.safeParse(cleaned);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
	}
	const e = parsed.data;
	const base = source.INIT_CWD ?? process.cwd();
	const fromBase = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
	return {
		port: e.PORT,
		host: e.HOST,
		dataDir: fromBase(e.POLKU_DATA_DIR),
		masterKey: e.POLKU_MASTER_KEY,
		demoPassword: e.POLKU_DEMO_PASSWORD,
		seedDemo: e.POLKU_SEED_DEMO,
		logLevel: e.POLKU_LOG_LEVEL,
		webDir: e.POLKU_WEB_DIR ? fromBase(e.POLKU_WEB_DIR) : defaultWebDir,
		trustProxy: e.POLKU_TRUST_PROXY,
		requireHttps: e.POLKU_REQUIRE_HTTPS,
		sessionIdleMinutes: e.POLKU_SESSION_IDLE_MINUTES,
		sessionMaxHours: e.POLKU_SESSION_MAX_HOURS
	};
}

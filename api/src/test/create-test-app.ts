/**
 * A real API on a temporary data directory: control database, one organisation file (slug `test`)
 * with an outreach unit and a workshop unit and one user per role, a master key from an env value,
 * cheap argon2 parameters, a clock the test moves, and the log captured as text.
 */
import type { Role } from '@polku/shared';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app';
import { createContext, type AppContext, type AppOptions } from '../context';
import type { OrgHandle } from '../db/org-registry';
import type { ThrottleOptions } from '../lib/login-throttle';
import { createLogger } from '../lib/logger';
import { createSession, sessionCookieValue, SESSION_COOKIE } from '../services/session.service';
import { seedOrganisation, type SeedSpec } from '../services/seed.service';

export const TEST_PASSWORD = 'correct horse battery staple';
/** Far below production cost: only the tests use it. */
export const TEST_HASHING = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

export const ROLE_USERS: Record<Role, string> = {
	admin: 'admin',
	supervisor: 'supervisor',
	coach: 'coach',
	'outreach-worker': 'worker'
};

export const TEST_SPEC: SeedSpec = {
	slug: 'test',
	name: 'Testijärjestö',
	units: [
		{ name: 'Etsivä', kind: 'outreach' },
		{ name: 'Paja', kind: 'workshop' },
		{ name: 'Muu', kind: 'employment' }
	],
	users: [
		{ username: 'admin', displayName: 'Aino Admin', roles: ['admin'], units: [] },
		{ username: 'supervisor', displayName: 'Ville Vastaava', roles: ['supervisor'], units: [0, 1] },
		{ username: 'coach', displayName: 'Kaisa Valmentaja', roles: ['coach'], units: [1] },
		{ username: 'worker', displayName: 'Eetu Etsivä', roles: ['outreach-worker'], units: [0] }
	]
};

export type TestAppOptions = {
	throttle?: Partial<ThrottleOptions>;
	options?: Partial<AppOptions>;
	/** Skip seeding the `test` organisation. */
	empty?: boolean;
};

export async function createTestApp(opts: TestAppOptions = {}) {
	const dataDir = mkdtempSync(join(tmpdir(), 'polku-test-'));
	let log = '';
	const logger = createLogger('debug', { write: (line: string) => void (log += line) });
	let now = Date.parse('2026-03-02T08:00:00.000Z');
	const ctx: AppContext = createContext({
		dataDir,
		masterKeyEnv: randomBytes(32).toString('base64'),
		logger,
		clock: () => new Date(now),
		passwordHashing: TEST_HASHING,
		...(opts.throttle ? { throttle: opts.throttle } : {}),
		options: {
			version: 'test',
			trustProxy: false,
			webDir: null,
			sessionIdleMinutes: 30,
			sessionMaxHours: 12,
			...opts.options
		}
	});
	const app = createApp(ctx);
	const seeded = opts.empty ? null : await seedOrganisation(ctx, TEST_SPEC, TEST_PASSWORD);

	function requireSeed(): NonNullable<typeof seeded> {
		if (!seeded) throw new Error('createTestApp({ empty: true }) has no organisation');
		return seeded;
	}

	return {
		app,
		ctx,
		dataDir,
		get org(): OrgHandle {
			return requireSeed().org;
		},
		get unitIds(): string[] {
			return requireSeed().unitIds;
		},
		userId(role: Role): string {
			const id = requireSeed().userIds[ROLE_USERS[role]];
			if (!id) throw new Error(`No user for ${role}`);
			return id;
		},
		/** Everything logged so far (pino JSON lines). */
		logs: () => log,
		now: () => new Date(now),
		advance(ms: number) {
			now += ms;
		},
		/** A request with a JSON body (when given) and an optional cookie. */
		request(method: string, path: string, init: { json?: unknown; cookie?: string; headers?: Record<string, string> } = {}) {
			const headers: Record<string, string> = { ...init.headers };
			if (init.cookie) headers.cookie = init.cookie;
			if (init.json !== undefined) headers['content-type'] = 'application/json';
			return app.request(path, {
				method,
				headers,
				...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {})
			});
		},
		/** Signs in through the API (real argon2 verification) and returns the Cookie header value. */
		async login(role: Role): Promise<string> {
			const res = await app.request('/api/auth/login', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ organisation: TEST_SPEC.slug, username: ROLE_USERS[role], password: TEST_PASSWORD })
			});
			if (res.status !== 200) throw new Error(`login as ${role} failed: ${res.status} ${await res.text()}`);
			const setCookie = res.headers.get('set-cookie') ?? '';
			return setCookie.split(';')[0] ?? '';
		},
		/** A session made directly in the database (no argon2): for tests that need many. */
		sessionCookie(role: Role): string {
			const org = requireSeed().org;
			const userId = this.userId(role);
			const { token } = org.write((tx) => createSession(tx, userId, new Date(now), 12));
			return `${SESSION_COOKIE}=${sessionCookieValue(org.id, token)}`;
		},
		async close() {
			await ctx.close();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

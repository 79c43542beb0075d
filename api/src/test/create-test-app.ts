/**
 * A real API on a temporary data directory: control database, one organisation file (slug `test`)
 * with an outreach unit and a workshop unit and one user per role, a master key from an env value,
 * cheap argon2 parameters, a clock the test moves, and the log captured as text.
 */
import {
	OrganisationPublicKeySchema,
	PullResponseSchema,
	PushResponseSchema,
	RegisteredDeviceSchema,
	type Mutation,
	type OrganisationPublicKey,
	type PullResponse,
	type PushItem,
	type PushResponse,
	type Role
} from '@polku/shared';
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
import { SEED_CLIENTS, SEED_WORKSHOP_CLIENTS, seedOrganisation, type SeedSpec } from '../services/seed.service';
import { sealMutation, uuidv7, type SealOptions } from './sync-helpers';

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
	],
	/** Eight fictional clients in the outreach unit, made by the worker (indices 0–7), then two workshop clients with full records (8–9, made by and assigned to the coach). */
	clients: [...SEED_CLIENTS, ...SEED_WORKSHOP_CLIENTS]
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
	let publicKey: OrganisationPublicKey | undefined;

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
		/** The fixture's clients (outreach unit, made by the worker). */
		get clientIds(): string[] {
			return requireSeed().clientIds;
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
		/** Registers a new device for `role` through the API; returns its id and token. */
		async registerDevice(role: Role, opts: { id?: string; cookie?: string; label?: string } = {}): Promise<{ id: string; token: string }> {
			const res = await this.request('POST', '/api/devices', {
				cookie: opts.cookie ?? this.sessionCookie(role),
				json: { id: opts.id ?? crypto.randomUUID(), label: opts.label ?? 'Test device' }
			});
			if (res.status !== 201) throw new Error(`register device as ${role} failed: ${res.status} ${await res.text()}`);
			return RegisteredDeviceSchema.parse(await res.json());
		},
		/** The organisation's public key, as a device gets it (GET /api/organisation/public-key). */
		async publicKey(): Promise<OrganisationPublicKey> {
			if (!publicKey) {
				const res = await this.request('GET', '/api/organisation/public-key', { cookie: this.sessionCookie('admin') });
				publicKey = OrganisationPublicKeySchema.parse(await res.json());
			}
			return publicKey;
		},
		/** A push item: the mutation sealed to the organisation (see sync-helpers.ts for options). */
		async sealMutation(mutation: Mutation | Record<string, unknown>, opts: SealOptions = {}): Promise<PushItem> {
			return sealMutation({ organisationId: requireSeed().org.id, publicKey: await this.publicKey() }, mutation, opts);
		},
		/** A UUIDv7 mutation id at the test clock's time plus `offsetMs`. */
		mutationId(offsetMs = 0): string {
			return uuidv7(now + offsetMs);
		},
		/** POST /api/sync/push with a device token; the raw response. */
		async pushRaw(token: string | null, body: unknown): Promise<Response> {
			return this.request('POST', '/api/sync/push', { json: body, headers: token ? { authorization: `Bearer ${token}` } : {} });
		},
		/** POST /api/sync/push; fails the test unless it answers 200. */
		async push(token: string, items: PushItem[]): Promise<PushResponse> {
			const res = await this.pushRaw(token, { items });
			if (res.status !== 200) throw new Error(`push failed: ${res.status} ${await res.text()}`);
			return PushResponseSchema.parse(await res.json());
		},
		/** GET /api/sync/pull as `role` (a fresh session) with the device token; fails unless 200. */
		async pull(role: Role, token: string, query: { since?: string; limit?: number } = {}): Promise<PullResponse> {
			const qs = new URLSearchParams();
			if (query.since !== undefined) qs.set('since', query.since);
			if (query.limit !== undefined) qs.set('limit', String(query.limit));
			const res = await this.request('GET', `/api/sync/pull?${qs.toString()}`, {
				cookie: this.sessionCookie(role),
				headers: { authorization: `Bearer ${token}` }
			});
			if (res.status !== 200) throw new Error(`pull failed: ${res.status} ${await res.text()}`);
			return PullResponseSchema.parse(await res.json());
		},
		async close() {
			await ctx.close();
			rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/**
 * Everything a running API needs, made once (index.ts, cli.ts, the test helper) and handed to
 * `createApp`. Services receive the parts they need as plain values, never Hono's context.
 */
import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { openControlDb, type ControlDb } from './db';
import { OrgRegistry } from './db/org-registry';
import { loadMasterKey, type LoadedMasterKey } from './lib/crypto';
import { masterDerivedKey } from './lib/crypto/derived-key';
import { LoginThrottle, type ThrottleOptions } from './lib/login-throttle';
import { PasswordHasher, type PasswordHashing } from './lib/passwords';

export type AppOptions = {
	version: string;
	/** Believe X-Forwarded-For / X-Forwarded-Proto / X-Forwarded-Host (only behind a reverse proxy you control). */
	trustProxy: boolean;
	/** Refuse plain http (POLKU_REQUIRE_HTTPS): /api answers 403, pages redirect to https. Default false. */
	requireHttps?: boolean;
	/** Built web app to serve outside /api; null serves a 503 problem there. */
	webDir: string | null;
	/** Defaults; an organisation's settings may override them. */
	sessionIdleMinutes: number;
	sessionMaxHours: number;
};

export type AppContext = {
	dataDir: string;
	control: ControlDb;
	controlSqlite: Database.Database;
	registry: OrgRegistry;
	masterKey: LoadedMasterKey;
	logger: Logger;
	/** The one clock of the server; tests replace it to move time. */
	clock: () => Date;
	passwords: PasswordHasher;
	throttle: LoginThrottle;
	options: AppOptions;
	close(): Promise<void>;
};

export type ContextInput = {
	dataDir: string;
	masterKeyEnv: string | undefined;
	logger?: Logger;
	clock?: () => Date;
	passwordHashing?: PasswordHashing;
	throttle?: Partial<ThrottleOptions>;
	options: AppOptions;
};

/** Makes the data directory (0700), opens and migrates the control database, loads the master key. */
export function createContext(input: ContextInput): AppContext {
	mkdirSync(input.dataDir, { recursive: true, mode: 0o700 });
	const masterKey = loadMasterKey({ envValue: input.masterKeyEnv, dataDir: input.dataDir });
	const { db: control, sqlite: controlSqlite } = openControlDb(join(input.dataDir, 'control.sqlite'));
	const registry = new OrgRegistry(input.dataDir, control, masterKey.key);
	const clock = input.clock ?? (() => new Date());
	return {
		dataDir: input.dataDir,
		control,
		controlSqlite,
		registry,
		masterKey,
		logger: input.logger ?? pino({ level: 'silent' }),
		clock,
		passwords: new PasswordHasher(input.passwordHashing),
		throttle: new LoginThrottle(control, masterDerivedKey(masterKey.key, 'login-throttle'), () => clock().getTime(), input.throttle),
		options: input.options,
		async close() {
			await registry.close();
			if (controlSqlite.open) controlSqlite.close();
		}
	};
}

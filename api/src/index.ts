/**
 * Server entry: environment → data directory, control database, master key → organisations
 * (migrated) → demo seed → HTTP. `npm start` at the repository root builds the web app and runs this.
 */
import { serve } from '@hono/node-server';
import { readFileSync } from 'node:fs';
import { createApp } from './app';
import { createContext } from './context';
import { EnvError, loadEnv, type Env } from './env';
import { createLogger } from './lib/logger';
import { sweepAttachmentStore } from './services/attachment.service';
import { seedDemoIfMissing } from './services/seed.service';

function packageVersion(): string {
	const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
	return pkg.version ?? '0.0.0';
}

/** The one-time demo password, in a box on stdout (never through the logger). */
function printDemoPassword(password: string, usernames: string[]): void {
	const lines = [
		'Demo organisation "demo" created. Sign in with:',
		`  usernames: ${usernames.join(', ')}`,
		`  password:  ${password}`,
		'This password is shown only now. Set POLKU_DEMO_PASSWORD to choose it.'
	];
	const width = Math.max(...lines.map((l) => l.length));
	const bar = '─'.repeat(width + 2);
	process.stdout.write(`\n┌${bar}┐\n${lines.map((l) => `│ ${l.padEnd(width)} │`).join('\n')}\n└${bar}┘\n\n`);
}

async function main(env: Env): Promise<void> {
	const logger = createLogger(env.logLevel);
	const ctx = createContext({
		dataDir: env.dataDir,
		masterKeyEnv: env.masterKey,
		logger,
		options: {
			version: packageVersion(),
			trustProxy: env.trustProxy,
			requireHttps: env.requireHttps,
			webDir: env.webDir,
			sessionIdleMinutes: env.sessionIdleMinutes,
			sessionMaxHours: env.sessionMaxHours
		}
	});
	const mk = ctx.masterKey;
	logger.info({ source: mk.source, ...(mk.path ? { path: mk.path } : {}) }, 'master key loaded');
	if (mk.looseFileMode) logger.warn({ path: mk.path }, 'master key file is readable by others: chmod 600 it');

	await ctx.passwords.prepare();
	const orgs = await ctx.registry.openAll();
	// Leftovers of uploads interrupted by a crash or a kill (services/attachment.service.ts).
	const staleParts = orgs.reduce((n, org) => n + sweepAttachmentStore(ctx, org.id), 0);
	logger.info({ dataDir: env.dataDir, organisations: orgs.length, staleParts }, 'data directory ready');

	if (env.seedDemo) {
		const seeded = await seedDemoIfMissing(ctx, env.demoPassword);
		if (seeded.created) {
			logger.info('demo organisation seeded');
			if (seeded.generated) printDemoPassword(seeded.password, seeded.usernames);
		}
	}

	const app = createApp(ctx);
	const server = serve({ fetch: app.fetch, hostname: env.host, port: env.port }, (info) => {
		const host = env.host === '0.0.0.0' || env.host === '::' ? 'localhost' : env.host;
		process.stdout.write(`Polku is running at http://${host}:${info.port}\n`);
		logger.info({ port: info.port, host: env.host }, 'listening');
	});

	let closing = false;
	const shutdown = (signal: string) => {
		if (closing) return;
		closing = true;
		logger.info({ signal }, 'shutting down');
		server.close(() => {
			void ctx.close().then(() => process.exit(0));
		});
		if ('closeIdleConnections' in server) server.closeIdleConnections();
		// Keep-alive connections can hold close() open: give them a moment, then go anyway.
		setTimeout(() => void ctx.close().finally(() => process.exit(0)), 5000).unref();
	};
	process.on('SIGINT', () => shutdown('SIGINT'));
	process.on('SIGTERM', () => shutdown('SIGTERM'));
}

try {
	await main(loadEnv());
} catch (error) {
	if (error instanceof EnvError) {
		console.error(error.message);
	} else {
		console.error('Polku could not start:', error instanceof Error ? error.message : error);
	}
	process.exit(1);
}

/* eslint-disable no-console -- a benchmark reports progress */
/**
 * Sync benchmarks (issue 3, point 8), all against the real API server started as a child process:
 * - sealing cost per encounter (Node WebCrypto, the same `sealForOrg` the browser runs);
 * - push throughput end to end: encounters committed per second for 1,000 and 10,000 queued,
 *   pushed over HTTP in batches of 100 by several devices at once;
 * - server ingest next to raw better-sqlite3 inserts of the same rows (same table, indexes and triggers,
 *   a temporary file, one transaction per 100 rows);
 * - the price of durability: the same in-process ingest with the server's synchronous = FULL and, for
 *   comparison only, with the connections switched to NORMAL (the server never runs so);
 * - the fault-injection run at full size (20 devices × 250 encounters) and its time.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYNC_SCHEMA_VERSION, sealForOrg, syncAad } from '@polku/shared';
import { openOrgDb } from '../../api/src/db';
import { createTestApp, TEST_PASSWORD, TEST_SPEC } from '../../api/src/test/create-test-app';
import { SimDevice } from '../fault/device';
import { orgDatabaseFile, runFaultScenario, type FaultRunReport } from '../fault/harness';
import { hashSeed, mulberry32 } from '../fault/prng';
import { startServer, type RunningServer } from '../fault/server';
import { latency, round, type Latency } from './stats';

export type SealResult = { plaintextBytes: number; envelopeBytes: number; perSec: number } & Latency;
export type PushResult = { queued: number; devices: number; batchSize: number; seconds: number; perSec: number; applied: number; sealSeconds: number };
export type IngestResult = {
	rows: number;
	/** The Hono app called in process (no sockets): open, validate, apply exactly once, audit. */
	serverInProcessPerSec: number;
	/**
	 * The same with the organisation's and the control database's connections at synchronous = NORMAL,
	 * measured right after (alternating rounds): what FULL costs. Each round's figures, FULL first.
	 */
	durability: {
		rounds: { fullPerSec: number; normalPerSec: number }[];
		fullPerSec: number;
		normalPerSec: number;
		/** One small write transaction on an organisation file (the fsync itself, next to no CPU work). */
		commit: { full: Latency; normal: Latency };
	};
	/** The same through HTTP to the spawned server (the largest push run). */
	serverHttpPerSec: number | null;
	rawPerSec: number;
	rawSeconds: number;
	rawTransactionRows: number;
};
export type SyncBenchResults = { seal?: SealResult; push: PushResult[]; ingest?: IngestResult; fault?: FaultRunReport & { ok: boolean } };

async function devicesFor(server: RunningServer, count: number, seed: number): Promise<SimDevice[]> {
	const credentials = { organisation: 'demo', username: 'worker', password: server.demoPassword };
	const devices = Array.from({ length: count }, (_, i) => new SimDevice(server.baseUrl, credentials, mulberry32(hashSeed(seed, `bench-${i}`)), `Bench ${i}`));
	for (const d of devices) await d.setUp();
	return devices;
}

export async function benchSeal(server: RunningServer, seconds = 3): Promise<SealResult> {
	const [device] = await devicesFor(server, 1, 1);
	if (!device) throw new Error('no device');
	const data = device.makeEncounter();
	const plaintext = new TextEncoder().encode(JSON.stringify({ kind: 'encounter.create', data }));
	const seal = () => sealForOrg(device.publicKey.jwk, device.publicKey.kid, plaintext, syncAad(device.me.organisation.id, data.id, SYNC_SCHEMA_VERSION));
	for (let i = 0; i < 50; i++) await seal();
	const samples: number[] = [];
	const start = performance.now();
	let envelopeBytes = 0;
	while (performance.now() - start < seconds * 1000) {
		const t = performance.now();
		const env = await seal();
		samples.push(performance.now() - t);
		envelopeBytes = JSON.stringify(env).length;
	}
	const total = performance.now() - start;
	return { plaintextBytes: plaintext.length, envelopeBytes, perSec: round((samples.length / total) * 1000), ...latency(samples) };
}

/** Seals `queued` encounters across `deviceCount` devices, then pushes them all and times the push. */
export async function benchPush(queued: number, deviceCount = 4, batchSize = 100): Promise<{ result: PushResult; server: RunningServer }> {
	const server = await startServer();
	try {
		const devices = await devicesFor(server, deviceCount, queued);
		const sealStart = performance.now();
		for (let i = 0; i < queued; i++) {
			const d = devices[i % deviceCount] as SimDevice;
			const data = d.makeEncounter();
			await d.enqueue({ kind: 'encounter.create', data }, data.id);
		}
		const sealSeconds = (performance.now() - sealStart) / 1000;
		const start = performance.now();
		await Promise.all(devices.map((d) => d.pushUntilEmpty(server.baseUrl, { batchSize })));
		const seconds = (performance.now() - start) / 1000;
		const failures = devices.flatMap((d) => d.log.failures);
		if (failures.length > 0) throw new Error(`push had ${failures.length} failures: ${JSON.stringify(failures[0])}`);
		const applied = devices.reduce((n, d) => n + d.log.applied, 0);
		if (applied !== queued) throw new Error(`expected ${queued} applied, got ${applied}`);
		return {
			result: { queued, devices: deviceCount, batchSize, seconds: round(seconds, 2), perSec: round(queued / seconds), applied, sealSeconds: round(sealSeconds, 2) },
			server
		};
	} catch (error) {
		await server.stop();
		throw error;
	}
}

/**
 * The rows the server wrote, inserted again with plain better-sqlite3 into a temporary file with the
 * same table, indexes and triggers (foreign keys off: the referenced users, units and clients are not there),
 * WAL and synchronous=FULL like the server, one transaction per `perTransaction` rows.
 */
export function benchRawInsert(serverDataDir: string, perTransaction = 100): { rows: number; seconds: number; perSec: number } {
	const src = new Database(orgDatabaseFile(serverDataDir), { readonly: true, fileMustExist: true });
	// The table, its indexes and its triggers (with the per-day count tables they keep): the same write work.
	const ddl = src
		.prepare(
			"select sql from sqlite_master where tbl_name like 'encounter%' and sql is not null order by case type when 'table' then 0 when 'index' then 1 else 2 end"
		)
		.all() as { sql: string }[];
	const rows = src.prepare('select * from encounters').all() as Record<string, unknown>[];
	src.close();
	const dir = mkdtempSync(join(tmpdir(), 'polku-raw-'));
	try {
		const db = new Database(join(dir, 'raw.sqlite'));
		db.pragma('journal_mode = WAL');
		db.pragma('synchronous = FULL');
		db.pragma('foreign_keys = OFF');
		for (const { sql } of ddl) db.exec(sql);
		const columns = Object.keys(rows[0] ?? {});
		const insert = db.prepare(`insert into encounters (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`);
		const many = db.transaction((chunk: Record<string, unknown>[]) => {
			for (const row of chunk) insert.run(row);
		});
		const start = performance.now();
		for (let i = 0; i < rows.length; i += perTransaction) many(rows.slice(i, i + perTransaction));
		const seconds = (performance.now() - start) / 1000;
		const count = (db.prepare('select count(*) as n from encounters').get() as { n: number }).n;
		db.close();
		if (count !== rows.length) throw new Error('raw insert lost rows');
		return { rows: rows.length, seconds, perSec: rows.length / seconds };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * Server ingest without the network: one device pushes `count` sealed encounters in batches of 100
 * to the Hono app in this process (`app.request`). `synchronous` NORMAL switches the open connections
 * (organisation and control) after opening, for the comparison only; the server opens with FULL.
 */
async function ingestPerSec(count: number, synchronous: 'FULL' | 'NORMAL'): Promise<{ perSec: number; dataDir: string }> {
	const t = await createTestApp();
	let ok = false;
	try {
		if (synchronous === 'NORMAL') {
			t.org.sqlite.pragma('synchronous = NORMAL');
			t.ctx.controlSqlite.pragma('synchronous = NORMAL');
		}
		const app = t.app;
		const device = new SimDevice('http://in-process', { organisation: TEST_SPEC.slug, username: 'worker', password: TEST_PASSWORD }, mulberry32(count), 'Ingest', (url, init) =>
			app.request(url, init)
		);
		await device.setUp();
		for (let i = 0; i < count; i++) {
			const data = device.makeEncounter();
			await device.enqueue({ kind: 'encounter.create', data }, data.id);
		}
		const start = performance.now();
		await device.pushUntilEmpty('http://in-process', { batchSize: 100 });
		const seconds = (performance.now() - start) / 1000;
		if (device.log.failures.length > 0 || device.log.applied !== count) throw new Error(`in-process ingest: ${device.log.applied} applied, ${device.log.failures.length} failed`);
		if (t.org.sqlite.pragma('synchronous', { simple: true }) !== (synchronous === 'FULL' ? 2 : 1)) throw new Error('ingest ran with another synchronous setting');
		ok = true;
		return { perSec: count / seconds, dataDir: t.dataDir };
	} finally {
		await t.ctx.close();
		if (!ok) rmSync(t.dataDir, { recursive: true, force: true });
	}
}

/**
 * Commit latency of one small write transaction (the change-sequence counter) on an organisation
 * file opened by `openOrgDb` (FULL), and with the connection switched to NORMAL, alternating in
 * blocks of 50 so that both see the same load.
 */
export function benchCommit(count = 1000): { full: Latency; normal: Latency } {
	const dir = mkdtempSync(join(tmpdir(), 'polku-commit-'));
	try {
		const { sqlite } = openOrgDb(join(dir, 'org.sqlite'));
		const bump = sqlite.prepare('INSERT INTO sync_counter (id, seq) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET seq = seq + 1');
		const commit = sqlite.transaction(() => bump.run());
		const samples: Record<'FULL' | 'NORMAL', number[]> = { FULL: [], NORMAL: [] };
		for (let i = 0; i < 20; i++) commit();
		for (let block = 0; block < (2 * count) / 50; block++) {
			const mode = block % 2 === 0 ? 'FULL' : 'NORMAL';
			sqlite.pragma(`synchronous = ${mode}`);
			for (let i = 0; i < 50; i++) {
				const t = performance.now();
				commit.immediate();
				samples[mode].push(performance.now() - t);
			}
		}
		sqlite.close();
		return { full: latency(samples.FULL), normal: latency(samples.NORMAL) };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * In-process ingest with FULL (as the server runs) and NORMAL, alternating `rounds` times on a busy
 * machine, then the rows of the first FULL run inserted into raw better-sqlite3.
 */
export async function benchIngest(count: number, rounds = 2): Promise<Omit<IngestResult, 'serverHttpPerSec'>> {
	const results: { fullPerSec: number; normalPerSec: number }[] = [];
	let rawSource: string | null = null;
	try {
		for (let i = 0; i < rounds; i++) {
			const full = await ingestPerSec(count, 'FULL');
			if (rawSource === null) rawSource = full.dataDir;
			else rmSync(full.dataDir, { recursive: true, force: true });
			const normal = await ingestPerSec(count, 'NORMAL');
			rmSync(normal.dataDir, { recursive: true, force: true });
			results.push({ fullPerSec: round(full.perSec), normalPerSec: round(normal.perSec) });
		}
		if (rawSource === null) throw new Error('no ingest round ran');
		const raw = benchRawInsert(rawSource);
		const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / xs.length);
		const fullPerSec = mean(results.map((r) => r.fullPerSec));
		return {
			rows: count,
			serverInProcessPerSec: fullPerSec,
			durability: { rounds: results, fullPerSec, normalPerSec: mean(results.map((r) => r.normalPerSec)), commit: benchCommit() },
			rawPerSec: round(raw.perSec),
			rawSeconds: round(raw.seconds, 3),
			rawTransactionRows: 100
		};
	} finally {
		if (rawSource !== null) rmSync(rawSource, { recursive: true, force: true });
	}
}

export async function runSyncBenchmarks(opts: { fault?: boolean; seal?: boolean; sizes?: number[] } = {}): Promise<SyncBenchResults> {
	const out: SyncBenchResults = { push: [] };
	const sizes = opts.sizes ?? [1000, 10_000];

	if (opts.seal !== false) {
		console.log('sync: sealing…');
		const sealServer = await startServer();
		try {
			out.seal = await benchSeal(sealServer);
		} finally {
			await sealServer.stop();
		}
	}

	for (const queued of sizes) {
		console.log(`sync: push ${queued} queued…`);
		const { result, server } = await benchPush(queued);
		out.push.push(result);
		await server.stop();
	}
	if (opts.seal !== false) {
		console.log('sync: server ingest in process (synchronous FULL and NORMAL), and raw better-sqlite3 inserts of the same rows…');
		const largest = out.push.reduce<PushResult | null>((a, p) => (a === null || p.queued > a.queued ? p : a), null);
		out.ingest = { ...(await benchIngest(2000)), serverHttpPerSec: largest?.perSec ?? null };
	}

	if (opts.fault !== false) {
		console.log('sync: fault run 20 × 250…');
		const report = await runFaultScenario({ devices: 20, perDevice: 250, batchSize: 25, seed: 20260315 });
		const ok =
			report.failures.length === 0 &&
			report.missing.length === 0 &&
			report.pulledTwice.length === 0 &&
			report.unexpected.length === 0 &&
			report.pulledOfRun === 5000 &&
			report.dbRowsOfRun === 5000 &&
			report.mutationRows === 5000;
		// Keep the file small: ids only when something went wrong.
		out.fault = { ...report, missing: report.missing.slice(0, 20), pulledTwice: report.pulledTwice.slice(0, 20), unexpected: report.unexpected.slice(0, 20), ok };
	}
	return out;
}

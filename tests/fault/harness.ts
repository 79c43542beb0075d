/**
 * The fault-injection run (issue 3, point 7), shared by the Vitest test (small) and the benchmark
 * (20 devices × 250 encounters): the real API server, the fault proxy in front of it, and simulated
 * devices that seal encounters and push them through the proxy until every one is acknowledged.
 * Then, straight to the server, it checks that every encounter is there exactly once — by a pull and
 * by counting rows in the organisation's SQLite file.
 */
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SimDevice, type PushLog } from './device';
import { hashSeed, mulberry32 } from './prng';
import { startFaultProxy, type FaultRates, type ProxyStats } from './proxy';
import { startServer, type RunningServer } from './server';

export type FaultRunOptions = {
	devices: number;
	perDevice: number;
	batchSize?: number;
	seed?: number;
	faults?: Partial<FaultRates>;
	/** Reuse a running server (the caller stops it); otherwise one is started and stopped here. */
	server?: RunningServer;
};

export type FaultRunReport = {
	devices: number;
	perDevice: number;
	batchSize: number;
	seed: number;
	expected: number;
	/** Encounters made by this run that the pull returned, counting repeats. */
	pulledOfRun: number;
	pulledDistinctOfRun: number;
	missing: string[];
	pulledTwice: string[];
	unexpected: string[];
	dbRowsOfRun: number;
	dbDistinctOfRun: number;
	mutationRows: number;
	failures: PushLog['failures'];
	push: { requests: number; networkErrors: number; httpErrors: number; applied: number; duplicate: number };
	proxy: ProxyStats;
	sealMs: number;
	pushMs: number;
	totalMs: number;
};

/** The organisation's SQLite file (the demo organisation is the only one in a fresh data dir). */
export function orgDatabaseFile(dataDir: string): string {
	const dir = join(dataDir, 'orgs');
	const files = readdirSync(dir).filter((f) => f.endsWith('.sqlite'));
	if (files.length !== 1) throw new Error(`expected one organisation database in ${dir}, found ${files.length}`);
	return join(dir, files[0] as string);
}

export async function runFaultScenario(opts: FaultRunOptions): Promise<FaultRunReport> {
	const started = performance.now();
	const seed = opts.seed ?? 20260315;
	const batchSize = opts.batchSize ?? 100;
	const server = opts.server ?? (await startServer());
	const proxy = await startFaultProxy({ target: server.baseUrl, seed, faults: opts.faults });
	try {
		const credentials = { organisation: 'demo', username: 'worker', password: server.demoPassword };
		const devices = Array.from(
			{ length: opts.devices },
			(_, i) => new SimDevice(server.baseUrl, credentials, mulberry32(hashSeed(seed, `device-${i}`)), `Fault device ${i}`)
		);
		// Sign-in and registration go straight to the server: the faults are about pushes.
		for (const d of devices) await d.setUp();
		const checker = devices[0] as SimDevice;
		const before = new Set((await checker.pullAll()).filter((c) => c.entity === 'encounter').map((c) => c.id));

		const sealStart = performance.now();
		const expected = new Set<string>();
		for (const d of devices) {
			for (let i = 0; i < opts.perDevice; i++) {
				const data = d.makeEncounter();
				await d.enqueue({ kind: 'encounter.create', data }, data.id);
				expected.add(data.id);
			}
		}
		const sealMs = performance.now() - sealStart;

		const pushStart = performance.now();
		await Promise.all(devices.map((d) => d.pushUntilEmpty(proxy.url, { batchSize })));
		const pushMs = performance.now() - pushStart;

		// Verification goes straight to the server, never through the proxy.
		const pulled = (await checker.pullAll(server.baseUrl)).filter((c) => c.entity === 'encounter' && !before.has(c.id));
		const seen = new Map<string, number>();
		for (const c of pulled) seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
		const missing = [...expected].filter((id) => !seen.has(id));
		const pulledTwice = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
		const unexpected = [...seen.keys()].filter((id) => !expected.has(id));

		const db = new Database(orgDatabaseFile(server.dataDir), { readonly: true, fileMustExist: true });
		let dbRowsOfRun = 0;
		let dbDistinctOfRun = 0;
		let mutationRows = 0;
		try {
			const ids = (db.prepare('select id from encounters').all() as { id: string }[]).map((r) => r.id).filter((id) => expected.has(id));
			dbRowsOfRun = ids.length;
			dbDistinctOfRun = new Set(ids).size;
			const mutationIds = new Set(devices.flatMap((d) => d.sentMutationIds));
			mutationRows = (db.prepare('select mutation_id as id from sync_mutations').all() as { id: string }[]).filter((r) =>
				mutationIds.has(r.id)
			).length;
		} finally {
			db.close();
		}

		const sum = (f: (l: PushLog) => number) => devices.reduce((n, d) => n + f(d.log), 0);
		return {
			devices: opts.devices,
			perDevice: opts.perDevice,
			batchSize,
			seed,
			expected: expected.size,
			pulledOfRun: pulled.length,
			pulledDistinctOfRun: seen.size,
			missing,
			pulledTwice,
			unexpected,
			dbRowsOfRun,
			dbDistinctOfRun,
			mutationRows,
			failures: devices.flatMap((d) => d.log.failures),
			push: {
				requests: sum((l) => l.requests),
				networkErrors: sum((l) => l.networkErrors),
				httpErrors: sum((l) => l.httpErrors),
				applied: sum((l) => l.applied),
				duplicate: sum((l) => l.duplicate)
			},
			proxy: { ...proxy.stats },
			sealMs,
			pushMs,
			totalMs: performance.now() - started
		};
	} finally {
		await proxy.close();
		if (!opts.server) await server.stop();
	}
}

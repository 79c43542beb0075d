/* eslint-disable no-console -- a benchmark prints its table */
/**
 * Benchmarks (`npm run bench`): what Polku costs on this machine. Speed and memory are measured here
 * and printed, never asserted by timed tests. Results go to tests/bench/results/latest.json and a
 * markdown summary, latest.md (small, meant to be committed; each run overwrites them).
 *
 * Sections (all by default; `--only=foundation,sync,fault,draft` picks some, `--sizes=1000,10000`
 * sets the push sizes):
 * - foundation: argon2id at production cost (a login's CPU price), field encryption and the blind
 *   index, one audited write transaction on a real SQLite file, `GET /api/me` through the whole Hono
 *   stack. Each case runs for a fixed wall time after a warm-up.
 * - sync (issue 3): sealing cost per encounter; push throughput end to end for 1,000 and 10,000
 *   queued encounters; server ingest next to raw better-sqlite3 inserts of the same rows; the same
 *   ingest with synchronous FULL (as the server runs) and NORMAL (comparison only): durability's price.
 * - fault: the fault-injection run at full size, 20 devices × 250 encounters (tests/fault).
 * - draft: draft save latency p50/p95 in Chromium, phone profile, CPU ×4, next to a raw IndexedDB put.
 * - statistics (issue 6): on a generated organisation file (100,000 clients, 2,000,000 encounters,
 *   50,000 periods; made once and cached in tests/bench/.data/), `loadReportFacts` + `computeReport`
 *   for the youth-work report of a whole year and of Jan–Apr, and the workshop report, all units.
 *   `--statistics-scale=0.1` makes a smaller file (a quick check of the section itself).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createTestApp } from '../../api/src/test/create-test-app';
import { appendAudit } from '../../api/src/services/audit.service';
import { DEFAULT_PASSWORD_HASHING, PasswordHasher } from '../../api/src/lib/passwords';
import { createOrgKeys, loadMasterKey, openOrgKeys } from '../../api/src/lib/crypto';
import { runDraftBenchmark, type DraftBenchResult } from './draft-bench';
import { runStatisticsBenchmark, type StatisticsBenchResult } from './statistics-bench';
import { runSyncBenchmarks, type SyncBenchResults } from './sync-bench';
import { round } from './stats';

type Result = { name: string; ops: number; opsPerSec: number; medianMs: number; p99Ms: number };

const TARGETS = { draftSaveP95Ms: 50, pushPerSec: 1000, statisticsReportMs: 1000 };

async function bench(name: string, fn: () => unknown, seconds = 2): Promise<Result> {
	for (let i = 0; i < 5; i++) await fn();
	const times: number[] = [];
	const end = performance.now() + seconds * 1000;
	const start = performance.now();
	while (performance.now() < end) {
		const t = performance.now();
		await fn();
		times.push(performance.now() - t);
	}
	const total = performance.now() - start;
	times.sort((a, b) => a - b);
	const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
	return { name, ops: times.length, opsPerSec: (times.length / total) * 1000, medianMs: at(0.5), p99Ms: at(0.99) };
}

async function runFoundation(): Promise<Result[]> {
	const results: Result[] = [];
	const hasher = new PasswordHasher(DEFAULT_PASSWORD_HASHING);
	const hashed = await hasher.hash('correct horse battery staple');
	results.push(await bench('argon2id verify (19 MiB, t=2)', () => hasher.verifyOrDummy(hashed, 'correct horse battery staple')));

	const master = loadMasterKey({ envValue: randomBytes(32).toString('base64'), dataDir: '/nonexistent' }).key;
	const orgId = '0193a2b4-0000-7000-8000-000000000001';
	const keyring = await openOrgKeys(master, orgId, await createOrgKeys(master, orgId));
	const note = 'x'.repeat(1024);
	const token = keyring.encryptField(note, 'client:1:note');
	results.push(await bench('field encrypt 1 KB (AES-256-GCM)', () => keyring.encryptField(note, 'client:1:note')));
	results.push(await bench('field decrypt 1 KB', () => keyring.decryptField(token, 'client:1:note')));
	results.push(await bench('blind index (HMAC-SHA256)', () => keyring.blindIndex('010594Y9032', 'hetu')));

	const t = await createTestApp();
	let n = 0;
	results.push(
		await bench('audited write transaction (SQLite WAL)', () =>
			t.org.write((tx) => appendAudit(tx, { at: new Date(), actorId: null, action: 'user.read', entity: 'user', entityId: String(n++), address: null, detail: {} }))
		)
	);
	const cookie = await t.login('admin');
	results.push(
		await bench('GET /api/me, signed in (full Hono stack)', async () => {
			const res = await t.request('GET', '/api/me', { cookie });
			if (res.status !== 200) throw new Error(`GET /api/me answered ${res.status}`);
			await res.arrayBuffer();
		})
	);
	rmSync(t.dataDir, { recursive: true, force: true });
	return results;
}

function arg(name: string): string | undefined {
	return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const only = new Set((arg('only') ?? 'foundation,sync,fault,draft,statistics').split(','));
const sizes = (arg('sizes') ?? '1000,10000').split(',').map(Number);
const startedAt = new Date();
const loadBefore = loadavg().map((l) => round(l, 2));

let foundation: Result[] | undefined;
let sync: SyncBenchResults | undefined;
let draft: DraftBenchResult | undefined;
let draftError: string | undefined;
let statistics: StatisticsBenchResult | undefined;

if (only.has('foundation')) foundation = await runFoundation();
if (only.has('sync') || only.has('fault')) {
	sync = await runSyncBenchmarks({ fault: only.has('fault'), sizes: only.has('sync') ? sizes : [], seal: only.has('sync') });
}
if (only.has('draft')) {
	try {
		draft = await runDraftBenchmark();
	} catch (error) {
		draftError = error instanceof Error ? error.message : String(error);
		console.error('draft benchmark failed:', draftError);
	}
}
if (only.has('statistics')) statistics = await runStatisticsBenchmark({ scale: Number(arg('statistics-scale') ?? 1) });

const mem = process.memoryUsage();
const machine = {
	node: process.version,
	cpus: cpus().length,
	cpuModel: cpus()[0]?.model ?? 'unknown',
	loadAverageAtStart: loadBefore,
	loadAverageAtEnd: loadavg().map((l) => round(l, 2))
};

console.log('\nPolku benchmarks (node %s, %s)\n', process.version, startedAt.toISOString());
if (foundation) {
	console.table(
		foundation.map((r) => ({
			case: r.name,
			'ops/s': Math.round(r.opsPerSec),
			'median ms': r.medianMs.toFixed(3),
			'p99 ms': r.p99Ms.toFixed(3),
			runs: r.ops
		}))
	);
}

// ---- results file ----
const lines: string[] = [];
lines.push(`# Polku benchmarks`, '');
lines.push(`${startedAt.toISOString()} · Node ${machine.node} · ${machine.cpus} × ${machine.cpuModel} · load average ${machine.loadAverageAtStart.join(' / ')} at start, ${machine.loadAverageAtEnd.join(' / ')} at end`, '');
lines.push('Measured on a shared, noisy machine; compare runs made under similar load. Produced by `npm run bench` (tests/bench/run.ts).', '');
if (draft) {
	const ok = draft.putDraft.p95Ms <= TARGETS.draftSaveP95Ms;
	lines.push(`## Draft save (${draft.browser}, ${draft.viewport}, CPU ×${draft.cpuThrottle}, ${draft.putDraft.runs} saves of a ${draft.draftBytes}-byte encrypted draft)`, '');
	lines.push('| case | p50 ms | p95 ms | p99 ms | max ms |', '|---|---:|---:|---:|---:|');
	lines.push(`| putDraft (AES-256-GCM + Dexie put) | ${draft.putDraft.p50Ms} | ${draft.putDraft.p95Ms} | ${draft.putDraft.p99Ms} | ${draft.putDraft.maxMs} |`);
	lines.push(`| raw IndexedDB put, same bytes | ${draft.rawIndexedDbPut.p50Ms} | ${draft.rawIndexedDbPut.p95Ms} | ${draft.rawIndexedDbPut.p99Ms} | ${draft.rawIndexedDbPut.maxMs} |`, '');
	lines.push(`Target p95 ≤ ${TARGETS.draftSaveP95Ms} ms: **${ok ? 'met' : 'NOT met'}**. Vault creation (PBKDF2 600,000) took ${draft.vaultCreateMs} ms.`, '');
} else if (draftError) {
	lines.push('## Draft save', '', `Not measured: ${draftError}`, '');
}
if (sync?.seal) {
	const s = sync.seal;
	lines.push('## Sealing one encounter (Node WebCrypto, `sealForOrg`)', '');
	lines.push(`${s.perSec} seals/s one at a time; p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms, p99 ${s.p99Ms} ms (${s.runs} runs; ${s.plaintextBytes}-byte mutation → ${s.envelopeBytes}-byte envelope).`, '');
}
if (sync && sync.push.length > 0) {
	lines.push('## Push throughput, end to end (HTTP to the real server, batches of 100)', '');
	lines.push('| queued | devices | push s | committed/s | sealing s (before) |', '|---:|---:|---:|---:|---:|');
	for (const p of sync.push) lines.push(`| ${p.queued} | ${p.devices} | ${p.seconds} | ${p.perSec} | ${p.sealSeconds} |`);
	const best = Math.min(...sync.push.map((p) => p.perSec));
	lines.push('', `Target ≥ ${TARGETS.pushPerSec} encounters/s: **${best >= TARGETS.pushPerSec ? 'met' : 'NOT met'}**.`, '');
}
if (sync?.ingest) {
	const i = sync.ingest;
	lines.push('## Server ingest next to raw better-sqlite3', '');
	lines.push('| case | rows | rows/s |', '|---|---:|---:|');
	lines.push(`| server ingest, in process (\`app.request\`: open envelope, validate, exactly once, audit; one transaction per push of 100, a savepoint per item) | ${i.rows} | ${i.serverInProcessPerSec} |`);
	if (i.serverHttpPerSec !== null) lines.push(`| server ingest over HTTP (the largest push run above) | — | ${i.serverHttpPerSec} |`);
	lines.push(`| raw better-sqlite3 insert of the same rows (same table, indexes and triggers, ${i.rawTransactionRows} per transaction, WAL, synchronous=FULL) | ${i.rows} | ${i.rawPerSec} |`, '');
	const d = i.durability;
	lines.push('## The price of durability: server ingest in process, synchronous FULL (the server) and NORMAL (comparison only)', '');
	lines.push('| round | FULL rows/s | NORMAL rows/s |', '|---:|---:|---:|');
	d.rounds.forEach((r, n) => lines.push(`| ${n + 1} | ${r.fullPerSec} | ${r.normalPerSec} |`));
	lines.push(`| mean | ${d.fullPerSec} | ${d.normalPerSec} |`, '');
	lines.push(
		`FULL / NORMAL: ${round(d.fullPerSec / d.normalPerSec, 3)} of the rows per second (FULL adds one fsync of the WAL per push of 100, and one of the control database's for the audit anchor).`,
		''
	);
	const c = d.commit;
	lines.push(`One small write transaction on an organisation file (${c.full.runs} commits each, alternating blocks of 50):`, '');
	lines.push('| synchronous | p50 ms | p95 ms | p99 ms | mean ms |', '|---|---:|---:|---:|---:|');
	lines.push(`| FULL (the server) | ${c.full.p50Ms} | ${c.full.p95Ms} | ${c.full.p99Ms} | ${c.full.meanMs} |`);
	lines.push(`| NORMAL (comparison only) | ${c.normal.p50Ms} | ${c.normal.p95Ms} | ${c.normal.p99Ms} | ${c.normal.meanMs} |`, '');
}
if (sync?.fault) {
	const f = sync.fault;
	lines.push(`## Fault injection, ${f.devices} devices × ${f.perDevice} encounters (seed ${f.seed})`, '');
	lines.push(`**${f.ok ? 'PASS' : 'FAIL'}**: ${f.dbRowsOfRun} encounter rows and ${f.mutationRows} recorded mutations on the server for ${f.expected} made; pulled ${f.pulledOfRun} (${f.pulledDistinctOfRun} distinct), missing ${f.missing.length}, twice ${f.pulledTwice.length}, rejected/conflict ${f.failures.length}.`, '');
	lines.push(`Proxy: ${f.proxy.requests} pushes — dropped ${f.proxy.drop}, duplicated ${f.proxy.duplicate}, cut after commit ${f.proxy.cut}, delayed ${f.proxy.delay}, untouched ${f.proxy.pass}. Devices saw ${f.push.networkErrors} network errors and ${f.push.duplicate} \`duplicate\` answers.`, '');
	lines.push(`Time: sealing ${round(f.sealMs / 1000, 2)} s, pushing through the faults ${round(f.pushMs / 1000, 2)} s, whole run ${round(f.totalMs / 1000, 2)} s.`, '');
}
if (statistics) {
	const d = statistics.data;
	const youth = statistics.cases.find((c) => c.report === 'youth-work');
	lines.push(
		`## Statistics report at scale (${d.counts.clients} clients, ${d.counts.encounters} encounters, ${d.counts.periods} periods${d.scale === 1 ? '' : `, scale ${d.scale}`})`,
		''
	);
	lines.push(
		`Data file ${d.mib} MiB (${d.counts.anonymousContacts} anonymous contacts, ${d.counts.services} services, ${d.counts.situations} situations, ${d.counts.attendanceMarks} attendance marks), generated in ${d.generationSeconds} s${d.cached ? ' (cached from an earlier run)' : ''}. \`loadReportFacts\` + \`computeReport\`, all units, threshold ${statistics.threshold}, ${youth?.total.runs ?? 0} runs after two warm-ups:`,
		''
	);
	lines.push('| report | window | clients / periods counted | encounters in window | load p50 ms | compute p50 ms | total p50 ms | total p99 ms | first run ms |', '|---|---|---:|---:|---:|---:|---:|---:|---:|');
	for (const c of statistics.cases) {
		lines.push(`| ${c.report} | ${c.window} | ${c.report === 'workshop' ? c.periods : c.clients} | ${c.encountersCounted} | ${c.load.p50Ms} | ${c.compute.p50Ms} | ${c.total.p50Ms} | ${c.total.p99Ms} | ${c.firstRunMs} |`);
	}
	const full = youth && youth.total.p50Ms <= TARGETS.statisticsReportMs;
	lines.push('', `Target: the full youth-work report for one window (the first row) in ≤ ${TARGETS.statisticsReportMs} ms: **${full ? 'met' : 'NOT met'}** (median).`, '');
}
if (foundation) {
	lines.push('## Foundation', '', '| case | ops/s | median ms | p99 ms |', '|---|---:|---:|---:|');
	for (const r of foundation) lines.push(`| ${r.name} | ${Math.round(r.opsPerSec)} | ${r.medianMs.toFixed(3)} | ${r.p99Ms.toFixed(3)} |`);
	lines.push('');
}

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
const json = {
	startedAt: startedAt.toISOString(),
	machine,
	targets: TARGETS,
	foundation: foundation?.map((r) => ({ ...r, opsPerSec: round(r.opsPerSec), medianMs: round(r.medianMs, 3), p99Ms: round(r.p99Ms, 3) })),
	sync: sync && { ...sync, fault: sync.fault && { ...sync.fault, sealMs: round(sync.fault.sealMs), pushMs: round(sync.fault.pushMs), totalMs: round(sync.fault.totalMs) } },
	draft,
	draftError,
	statistics
};
writeFileSync(`${resultsDir}latest.json`, `${JSON.stringify(json, null, '\t')}\n`);
writeFileSync(`${resultsDir}latest.md`, `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
console.log('rss %d MiB, heap used %d MiB', Math.round(mem.rss / 2 ** 20), Math.round(mem.heapUsed / 2 ** 20));
console.log('written: tests/bench/results/latest.json, latest.md');
if (sync?.fault && !sync.fault.ok) process.exitCode = 1;

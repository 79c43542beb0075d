/* eslint-disable no-console -- a benchmark prints its table */
/**
 * Benchmarks (`npm run bench`): what the foundation costs on this machine. Speed and memory are
 * measured here and printed, never asserted by timed tests. Each case runs for a fixed wall time
 * after a warm-up and reports operations per second and the median latency.
 *
 * Cases: argon2id at production cost (a login's CPU price), field encryption and the blind index
 * (every sensitive read and write later), one audited write transaction on a real SQLite file,
 * and an authenticated `GET /api/me` through the whole Hono stack.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createTestApp } from '../../api/src/test/create-test-app';
import { appendAudit } from '../../api/src/services/audit.service';
import { DEFAULT_PASSWORD_HASHING, PasswordHasher } from '../../api/src/lib/passwords';
import { createOrgKeys, loadMasterKey, openOrgKeys } from '../../api/src/lib/crypto';

type Result = { name: string; ops: number; opsPerSec: number; medianMs: number; p99Ms: number };

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

const mem = process.memoryUsage();
console.log('\nPolku benchmarks (node %s, %s)\n', process.version, new Date().toISOString());
console.table(
	results.map((r) => ({
		case: r.name,
		'ops/s': Math.round(r.opsPerSec),
		'median ms': r.medianMs.toFixed(3),
		'p99 ms': r.p99Ms.toFixed(3),
		runs: r.ops
	}))
);
console.log('rss %d MiB, heap used %d MiB', Math.round(mem.rss / 2 ** 20), Math.round(mem.heapUsed / 2 ** 20));

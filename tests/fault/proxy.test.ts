import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy, type FaultRates } from './proxy';

/** An upstream that "commits" every POST it receives completely, and says how many it has. */
let upstream: Server;
let upstreamUrl = '';
let commits = 0;

beforeAll(async () => {
	upstream = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			if (req.method === 'POST') commits++;
			res.writeHead(200, { 'content-type': 'application/json', 'x-echo-auth': String(req.headers.authorization ?? '') });
			res.end(JSON.stringify({ commits, body: Buffer.concat(chunks).toString('utf8') }));
		});
	});
	await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
	upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => upstream.close(() => r())));
beforeEach(() => {
	commits = 0;
});

const none: FaultRates = { drop: 0, duplicate: 0, cut: 0, delay: 0, maxDelayMs: 0 };

async function withProxy(faults: Partial<FaultRates>, fn: (p: FaultProxy) => Promise<void>, seed = 7): Promise<void> {
	const proxy = await startFaultProxy({ target: upstreamUrl, seed, faults: { ...none, ...faults } });
	try {
		await fn(proxy);
	} finally {
		await proxy.close();
	}
}

const push = (proxy: FaultProxy, auth = 'Bearer device-a', path = '/api/sync/push') =>
	fetch(`${proxy.url}${path}`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: '{"items":[]}' });

describe('fault proxy', () => {
	it('passes requests through unchanged when no fault is drawn', async () => {
		await withProxy({}, async (proxy) => {
			const res = await push(proxy);
			expect(res.status).toBe(200);
			expect(res.headers.get('x-echo-auth')).toBe('Bearer device-a');
			expect(await res.json()).toEqual({ commits: 1, body: '{"items":[]}' });
			expect(proxy.stats.pass).toBe(1);
		});
	});

	it('drops a request before it reaches the server', async () => {
		await withProxy({ drop: 1 }, async (proxy) => {
			await expect(push(proxy)).rejects.toThrow();
			expect(commits).toBe(0);
			expect(proxy.stats.drop).toBe(1);
		});
	});

	it('cuts the answer only after the server has committed', async () => {
		await withProxy({ cut: 1 }, async (proxy) => {
			await expect(push(proxy)).rejects.toThrow();
			expect(commits).toBe(1);
			expect(proxy.stats.cut).toBe(1);
		});
	});

	it('sends a duplicated request to the server twice and answers once', async () => {
		await withProxy({ duplicate: 1 }, async (proxy) => {
			for (let i = 0; i < 6; i++) expect((await push(proxy)).status).toBe(200);
			expect(commits).toBe(12);
			expect(proxy.stats.duplicate).toBe(6);
			expect(proxy.stats.upstreamRequests).toBe(12);
		});
	});

	it('delays a request by at most maxDelayMs, then forwards it', async () => {
		// The pause asked of the timer is checked, not the wall clock: a busy machine may run late.
		await withProxy({ delay: 1, maxDelayMs: 120 }, async (proxy) => {
			for (let i = 0; i < 5; i++) expect((await push(proxy)).status).toBe(200);
			expect(commits).toBe(5);
			expect(proxy.stats.delay).toBe(5);
			expect(proxy.stats.delaysMs).toHaveLength(5);
			expect(proxy.stats.delaysMs.every((ms) => Number.isInteger(ms) && ms >= 0 && ms <= 120)).toBe(true);
		});
	});

	it('leaves requests outside the match alone', async () => {
		await withProxy({ drop: 1 }, async (proxy) => {
			const res = await push(proxy, 'Bearer x', '/api/auth/login');
			expect(res.status).toBe(200);
			expect(proxy.stats.drop).toBe(0);
		});
	});

	it('draws the same faults for the same seed and device, whatever the interleaving', async () => {
		const mixed = { drop: 0.2, duplicate: 0.2, cut: 0.2, delay: 0.2, maxDelayMs: 5 };
		const fates = async (seed: number, order: string[]) => {
			const outcome: Record<string, string[]> = {};
			await withProxy(
				mixed,
				async (proxy) => {
					for (const device of order) {
						const before = commits;
						const ok = await push(proxy, `Bearer ${device}`).then(
							(r) => r.status,
							() => 'error'
						);
						(outcome[device] ??= []).push(`${ok}/${commits - before}`);
					}
				},
				seed
			);
			return outcome;
		};
		const order1 = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'b' : 'a'));
		const order2 = [...order1.filter((d) => d === 'b'), ...order1.filter((d) => d === 'a')];
		const first = await fates(99, order1);
		expect(await fates(99, order2)).toEqual(first);
		// Every kind of fault shows up in 40 requests at these rates.
		const all = Object.values(first).flat();
		expect(all).toContain('error/0');
		expect(all).toContain('error/1');
		expect(all).toContain('200/2');
		expect(all).toContain('200/1');
		expect(await fates(100, order1)).not.toEqual(first);
	});
});

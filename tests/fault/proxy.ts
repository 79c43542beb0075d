/**
 * A fault-injecting HTTP proxy between simulated devices and the API (issue 3, point 7).
 *
 * Each request that matches `match` (by default every push) gets one fate, drawn from a seeded PRNG
 * keyed by (seed, Authorization header, n-th request with that header), so a device's faults are the
 * same on every run with the same seed, whatever the interleaving of devices:
 * - `drop`: the request never reaches the server; the client's connection is destroyed.
 * - `duplicate`: the same request is sent to the server twice (at once, or one after the other);
 *   the client gets one of the two answers.
 * - `cut`: the request is forwarded, the proxy waits for the server's complete answer — so the
 *   server has committed — and then destroys the client's connection instead of answering.
 * - `delay`: forwarded after a random pause.
 * - otherwise forwarded as is.
 * Requests that do not match are forwarded untouched.
 */
import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hashSeed, mulberry32 } from './prng';

export type FaultRates = {
	drop: number;
	duplicate: number;
	cut: number;
	delay: number;
	/** Longest delay in ms (uniform 0..max). */
	maxDelayMs: number;
};

export const DEFAULT_FAULTS: FaultRates = { drop: 0.1, duplicate: 0.1, cut: 0.15, delay: 0.2, maxDelayMs: 200 };

export type Fate = 'pass' | 'drop' | 'duplicate' | 'cut' | 'delay';

export type ProxyStats = Record<Fate, number> & {
	requests: number;
	upstreamRequests: number;
	upstreamErrors: number;
	/** The pause chosen for each delayed request, in ms (what was asked of the timer, not measured). */
	delaysMs: number[];
};

export type FaultProxy = {
	url: string;
	stats: ProxyStats;
	close(): Promise<void>;
};

type Upstream = { status: number; headers: IncomingHttpHeaders; body: Buffer };

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

export async function startFaultProxy(opts: {
	target: string;
	seed: number;
	faults?: Partial<FaultRates>;
	/** Which requests get faults; default: POST /api/sync/push. */
	match?: (method: string, path: string) => boolean;
}): Promise<FaultProxy> {
	const faults = { ...DEFAULT_FAULTS, ...opts.faults };
	const target = new URL(opts.target);
	const match = opts.match ?? ((method, path) => method === 'POST' && path.startsWith('/api/sync/push'));
	const counters = new Map<string, number>();
	const stats: ProxyStats = { requests: 0, upstreamRequests: 0, upstreamErrors: 0, pass: 0, drop: 0, duplicate: 0, cut: 0, delay: 0, delaysMs: [] };

	const forward = (req: IncomingMessage, body: Buffer): Promise<Upstream> =>
		new Promise((resolve, reject) => {
			stats.upstreamRequests++;
			const headers: Record<string, string | string[]> = {};
			for (const [k, v] of Object.entries(req.headers)) {
				if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
			}
			headers.host = target.host;
			headers['content-length'] = String(body.length);
			const up = httpRequest(
				{ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent: false },
				(res) => {
					readBody(res).then((b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }), reject);
				}
			);
			up.on('error', (e) => {
				stats.upstreamErrors++;
				reject(e);
			});
			up.end(body);
		});

	const reply = (res: ServerResponse, upstream: Upstream) => {
		const headers: Record<string, string | string[]> = {};
		for (const [k, v] of Object.entries(upstream.headers)) {
			if (v !== undefined && !HOP_BY_HOP.has(k)) headers[k] = v;
		}
		headers['content-length'] = String(upstream.body.length);
		res.writeHead(upstream.status, headers);
		res.end(upstream.body);
	};

	const fateOf = (key: string): { fate: Fate; delayMs: number; second: boolean; concurrent: boolean } => {
		const n = (counters.get(key) ?? 0) + 1;
		counters.set(key, n);
		const rnd = mulberry32(hashSeed(opts.seed, `${key}#${n}`));
		const r = rnd.next();
		// Cumulative bands: [0, drop) drop, then duplicate, cut, delay; the rest passes.
		const bands: [Fate, number][] = [
			['drop', faults.drop],
			['duplicate', faults.drop + faults.duplicate],
			['cut', faults.drop + faults.duplicate + faults.cut],
			['delay', faults.drop + faults.duplicate + faults.cut + faults.delay]
		];
		const fate: Fate = bands.find(([, upTo]) => r < upTo)?.[0] ?? 'pass';
		return { fate, delayMs: rnd.int(0, faults.maxDelayMs), second: rnd.chance(0.5), concurrent: rnd.chance(0.5) };
	};

	const server = createServer((req, res) => {
		void (async () => {
			stats.requests++;
			const body = await readBody(req);
			const path = req.url ?? '/';
			if (!match(req.method ?? 'GET', path)) {
				reply(res, await forward(req, body));
				return;
			}
			const { fate, delayMs, second, concurrent } = fateOf(String(req.headers.authorization ?? 'anonymous'));
			stats[fate]++;
			switch (fate) {
				case 'drop':
					req.socket.destroy();
					return;
				case 'delay':
					stats.delaysMs.push(delayMs);
					await new Promise((r) => setTimeout(r, delayMs));
					reply(res, await forward(req, body));
					return;
				case 'cut':
					await forward(req, body);
					req.socket.destroy();
					return;
				case 'duplicate': {
					const answers = concurrent
						? await Promise.all([forward(req, body), forward(req, body)])
						: [await forward(req, body), await forward(req, body)];
					reply(res, (second ? answers[1] : answers[0]) as Upstream);
					return;
				}
				default:
					reply(res, await forward(req, body));
			}
		})().catch(() => {
			// Upstream failed: to the device this is a network error, like any other.
			req.socket.destroy();
		});
	});
	server.keepAliveTimeout = 5000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		stats,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

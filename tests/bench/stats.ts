/** Small helpers shared by the benchmark modules. */

export function percentile(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return 0;
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

export type Latency = { runs: number; p50Ms: number; p95Ms: number; p99Ms: number; meanMs: number; maxMs: number };

export function latency(samples: readonly number[]): Latency {
	const s = [...samples].sort((a, b) => a - b);
	const round = (n: number) => Math.round(n * 1000) / 1000;
	return {
		runs: s.length,
		p50Ms: round(percentile(s, 0.5)),
		p95Ms: round(percentile(s, 0.95)),
		p99Ms: round(percentile(s, 0.99)),
		meanMs: round(s.reduce((a, b) => a + b, 0) / Math.max(1, s.length)),
		maxMs: round(s[s.length - 1] ?? 0)
	};
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

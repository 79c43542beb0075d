/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence on every platform, so fault
 * runs, the benchmark's generated data and the demo's fictional history are reproducible.
 */
export type Random = {
	/** Uniform in [0, 1). */
	next(): number;
	int(minInclusive: number, maxInclusive: number): number;
	pick<T>(items: readonly T[]): T;
	/** `count` distinct items, in list order. */
	sample<T>(items: readonly T[], count: number): T[];
	chance(p: number): boolean;
	/** One of `items` by weight. */
	weighted<T>(items: readonly (readonly [T, number])[]): T;
};

export function mulberry32(seed: number): Random {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
	return {
		next,
		int,
		pick: (items) => {
			if (items.length === 0) throw new Error('pick from an empty list');
			return items[int(0, items.length - 1)] as (typeof items)[number];
		},
		sample: (items, count) => {
			const chosen = new Set<number>();
			const n = Math.min(count, items.length);
			while (chosen.size < n) chosen.add(int(0, items.length - 1));
			return [...chosen].sort((x, y) => x - y).map((i) => items[i] as (typeof items)[number]);
		},
		chance: (p) => next() < p,
		weighted: (items) => {
			const total = items.reduce((s, [, w]) => s + w, 0);
			let x = next() * total;
			for (const [v, w] of items) {
				x -= w;
				if (x < 0) return v;
			}
			return (items[items.length - 1] as (typeof items)[number])[0];
		}
	};
}

/** FNV-1a of a string, to derive a per-key seed from the run's seed. */
export function hashSeed(seed: number, key: string): number {
	let h = (0x811c9dc5 ^ seed) >>> 0;
	for (let i = 0; i < key.length; i++) {
		h ^= key.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h;
}

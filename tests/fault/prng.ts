/**
 * A small seeded PRNG (mulberry32) so that fault runs are reproducible: the same seed gives the same
 * faults to the same device's n-th request, and the same generated encounter content.
 */
export type Random = {
	/** Uniform in [0, 1). */
	next(): number;
	int(minInclusive: number, maxInclusive: number): number;
	pick<T>(items: readonly T[]): T;
	/** `count` distinct items, in list order. */
	sample<T>(items: readonly T[], count: number): T[];
	chance(p: number): boolean;
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
		chance: (p) => next() < p
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

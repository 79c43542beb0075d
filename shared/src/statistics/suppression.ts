/**
 * Small-cell suppression (issue 6, DESIGN.md "Lessons"). A count under the organisation's threshold
 * is shown as "<5" (primary); further cells are hidden as "×" (complementary) until no hidden
 * quantity can be worked out from what is shown.
 *
 * The attacker we protect against knows every shown value, that a primary cell lies in
 * [1, threshold − 1] — or [0, threshold − 1] where zeros are hidden too, see below —, that a
 * complementary cell is ≥ threshold (the algorithm only hides non-zero cells that are not primary),
 * that every quantity is ≥ 0, and every equation total = Σ parts.
 * Quantities are shared between equations (a population total is the total of many sections).
 * `feasibleRanges` is that attacker: interval propagation to a fixpoint. For the reports' shape —
 * totals shared between equations, each part in one equation — its ranges are exact (every integer
 * in a range is feasible); for other shapes they are an over-approximation.
 *
 * Zeros are shown, except beside a small total: when an equation's total is itself under the
 * threshold, its zero parts read "<5" too (true: 0 < 5). Otherwise a population of 4 with one person
 * in each of 4 rows would read "<5" everywhere, yet four rows of ≥ 1 under a total < 5 are all 1.
 * So the parts of an equation with a primary total lie in [0, threshold − 1]. The zeros of other
 * equations are hidden the same way when a cell is pinned by the threshold alone.
 *
 * Limit: rows that all sit at threshold − 1 and fill their total (threshold 3: rows 2, 2, 2 of a
 * total 6 that other sections show is at least 6) stay pinned, whatever is hidden: "<3" says ≤ 2 and
 * "×" says ≥ 3. The property tests check that nothing else is ever pinned.
 */
import type { CellState } from '../schemas/statistics';

export interface SuppressionTable {
	values: Record<string, number>;
	equations: { total: string; parts: string[] }[];
	/** Never suppressed (staff counts): the attacker knows them exactly. */
	exempt?: ReadonlySet<string>;
}

/** What the attacker can tell about a suppressed quantity: every value in [min, max] may hold. */
export type FeasibleRange = readonly [min: number, max: number];

/**
 * The attacker: for every suppressed id, the range of values consistent with the shown values, the
 * meaning of "<t" and "×", non-negativity and the equations (interval propagation to a fixpoint).
 */
export function feasibleRanges(
	table: SuppressionTable,
	states: Record<string, CellState>,
	threshold: number,
	mayBeZero: ReadonlySet<string> = besideSmallTotal(table, states)
): Record<string, FeasibleRange> {
	const ids = Object.keys(table.values);
	const index = new Map<string, number>();
	ids.forEach((id, i) => index.set(id, i));
	const lo = new Float64Array(ids.length);
	const hi = new Float64Array(ids.length);
	ids.forEach((id, i) => {
		const state = states[id] ?? 'shown';
		const value = table.values[id] ?? 0;
		if (state === 'primary') {
			lo[i] = mayBeZero.has(id) ? 0 : 1;
			hi[i] = threshold - 1;
		} else if (state === 'complementary') {
			lo[i] = threshold;
			hi[i] = Infinity;
		} else {
			lo[i] = value;
			hi[i] = value;
		}
	});
	const equations = compile(table, index);
	for (let pass = 0; pass < 10_000; pass++) {
		let changed = false;
		for (const { total, parts } of equations) {
			let sumLo = 0;
			let sumHi = 0;
			for (const p of parts) {
				sumLo += lo[p]!;
				sumHi += hi[p]!;
			}
			// total ∈ [Σ lo, Σ hi]
			if (sumLo > lo[total]!) {
				lo[total] = sumLo;
				changed = true;
			}
			if (sumHi < hi[total]!) {
				hi[total] = sumHi;
				changed = true;
			}
			// part ∈ [total.lo − Σ others.hi, total.hi − Σ others.lo]; lows are finite, so no ∞ − ∞.
			for (const p of parts) {
				const othersLo = sumLo - lo[p]!;
				const othersHi = hi[p] === Infinity ? sumHiWithout(parts, hi, p) : sumHi - hi[p]!;
				const newLo = lo[total]! - othersHi;
				const newHi = hi[total]! - othersLo;
				if (newLo > lo[p]!) {
					sumLo += newLo - lo[p]!;
					lo[p] = newLo;
					changed = true;
				}
				if (newHi < hi[p]!) {
					sumHi = hi[p] === Infinity ? sumHiWithout(parts, hi, p) + newHi : sumHi - hi[p]! + newHi;
					hi[p] = newHi;
					changed = true;
				}
			}
		}
		if (!changed) break;
	}
	const ranges: Record<string, FeasibleRange> = {};
	ids.forEach((id, i) => {
		const state = states[id];
		if (state === 'primary' || state === 'complementary') ranges[id] = [lo[i]!, hi[i]!];
	});
	return ranges;
}

/** The parts of every equation whose total is primary: their zeros are hidden, so "<t" may be 0. */
export function besideSmallTotal(table: SuppressionTable, states: Record<string, CellState>): Set<string> {
	return partsOf(table, table.equations.flatMap((e, i) => (states[e.total] === 'primary' ? [i] : [])));
}

function partsOf(table: SuppressionTable, equations: Iterable<number>): Set<string> {
	const ids = new Set<string>();
	for (const i of equations) for (const p of table.equations[i]!.parts) ids.add(p);
	return ids;
}

/** `suppress`, with the equations whose zeros it hid (there "<t" may be 0: the attacker knows it). */
export interface Suppression {
	states: Record<string, CellState>;
	zerosHidden: ReadonlySet<number>;
}

function sumHiWithout(parts: readonly number[], hi: Float64Array, skip: number): number {
	let sum = 0;
	for (const p of parts) if (p !== skip) sum += hi[p]!;
	return sum;
}

interface CompiledEquation {
	total: number;
	parts: number[];
}

function compile(table: SuppressionTable, index: Map<string, number>): CompiledEquation[] {
	return table.equations.map((e) => {
		const at = (id: string): number => {
			const i = index.get(id);
			if (i === undefined) throw new Error(`Suppression: equation names ${id}, which has no value`);
			return i;
		};
		return { total: at(e.total), parts: e.parts.map(at) };
	});
}

/**
 * Each cell's state: primary when 0 < value < threshold (exempt ids never hidden), and the zero parts
 * of an equation whose total is primary; then complementary cells, one at a time, while the attacker can pin a suppressed quantity to one
 * value. The cell hidden next is deterministic, so the same figures always give the same table:
 * for the first pinned quantity (in `values` order), the first equation holding it that has a
 * candidate, and there its smallest non-zero shown part, else its total. When none of its equations
 * has one, the nearest equation (through suppressed quantities) that has one.
 */
export function suppress(table: SuppressionTable, threshold: number): Record<string, CellState> {
	return suppressTable(table, threshold).states;
}

export function suppressTable(table: SuppressionTable, threshold: number): Suppression {
	const exempt = table.exempt ?? new Set<string>();
	for (const { total, parts } of table.equations) {
		const sum = parts.reduce((a, p) => a + (table.values[p] ?? Number.NaN), 0);
		if (sum !== table.values[total]) throw new Error(`Suppression: ${total} is not the sum of ${parts.join(', ')}`);
	}
	const states: Record<string, CellState> = {};
	for (const [id, value] of Object.entries(table.values)) {
		states[id] = !exempt.has(id) && value > 0 && value < threshold ? 'primary' : 'shown';
	}
	// Zeros beside a primary total are hidden ("<t"), and so are those of an equation whose pinned
	// cells nothing else can protect: there a "<t" may be 0, which the attacker is told.
	const zerosHidden = new Set<number>();
	const hideZeros = (e: number) => {
		zerosHidden.add(e);
		for (const p of table.equations[e]!.parts) if (!exempt.has(p) && table.values[p] === 0) states[p] = 'primary';
	};
	table.equations.forEach((e, i) => {
		if (states[e.total] === 'primary') hideZeros(i);
	});
	const byQuantity = new Map<string, number[]>();
	table.equations.forEach((e, i) => {
		for (const id of [e.total, ...e.parts]) {
			const list = byQuantity.get(id) ?? [];
			if (!list.includes(i)) list.push(i);
			byQuantity.set(id, list);
		}
	});
	const isCandidate = (id: string): boolean => states[id] === 'shown' && !exempt.has(id) && (table.values[id] ?? 0) > 0;
	const candidateOf = (eq: { total: string; parts: string[] }): string | undefined => {
		let best: string | undefined;
		for (const p of eq.parts) {
			if (isCandidate(p) && (best === undefined || table.values[p]! < table.values[best]!)) best = p;
		}
		return best ?? (isCandidate(eq.total) ? eq.total : undefined);
	};
	/** Breadth-first over equations linked by suppressed quantities, starting from `id`'s own. */
	const nearestCandidate = (id: string): string | undefined => {
		const seenEquations = new Set<number>();
		const seenQuantities = new Set<string>([id]);
		let frontier = [id];
		while (frontier.length > 0) {
			const next: string[] = [];
			for (const q of frontier) {
				for (const e of byQuantity.get(q) ?? []) {
					if (seenEquations.has(e)) continue;
					seenEquations.add(e);
					const eq = table.equations[e]!;
					const found = candidateOf(eq);
					if (found !== undefined) return found;
					for (const m of [eq.total, ...eq.parts]) {
						if (!seenQuantities.has(m) && states[m] !== 'shown') {
							seenQuantities.add(m);
							next.push(m);
						}
					}
				}
			}
			frontier = next;
		}
		return undefined;
	};
	// Each round hides one more cell or the zeros of one more equation, so this ends; quantities no
	// hiding can protect are skipped.
	const hopeless = new Set<string>();
	for (;;) {
		const ranges = feasibleRanges(table, states, threshold, partsOf(table, zerosHidden));
		let hidden = false;
		for (const [id, [min, max]] of Object.entries(ranges)) {
			if (min < max || hopeless.has(id)) continue;
			const next = nearestCandidate(id);
			if (next !== undefined) {
				states[next] = 'complementary';
			} else {
				// Pinned by the threshold alone: let "<t" mean 0…t−1 in the equations holding it.
				const equations = (byQuantity.get(id) ?? []).filter((e) => !zerosHidden.has(e));
				if (equations.length === 0) {
					hopeless.add(id);
					continue;
				}
				for (const e of equations) hideZeros(e);
			}
			hidden = true;
			break;
		}
		if (!hidden) return { states, zerosHidden };
	}
}

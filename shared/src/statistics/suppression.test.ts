import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellState } from '../schemas/statistics';
import { besideSmallTotal, feasibleRanges, suppress, suppressTable, type SuppressionTable } from './suppression';

// ---------------------------------------------------------------------------------------------
// Hand-made tables

/** One population `pop` (total) with sections a, b, … of the given row values. */
function starTable(sections: Record<string, number[]>, total?: number): SuppressionTable {
	const values: Record<string, number> = {};
	const equations: SuppressionTable['equations'] = [];
	const first = Object.values(sections)[0] ?? [];
	values.pop = total ?? first.reduce((a, b) => a + b, 0);
	for (const [id, rows] of Object.entries(sections)) {
		const parts = rows.map((v, i) => {
			values[`${id}${i}`] = v;
			return `${id}${i}`;
		});
		equations.push({ total: 'pop', parts });
	}
	return { values, equations };
}

describe('suppress', () => {
	it('hides a second cell when one small cell could be worked out from its total', () => {
		// 20 = 3 + 17 + 0: with 17 shown, "<5" would be 20 − 17 = 3. Hiding 17 (the only non-zero
		// shown part) leaves 3 + x = 20 with x ≥ 5: the 3 may be 1…4.
		const table = starTable({ a: [3, 17, 0] });
		const states = suppress(table, 5);
		expect(states).toEqual({ pop: 'shown', a0: 'primary', a1: 'complementary', a2: 'shown' });
		expect(feasibleRanges(table, states, 5)).toEqual({ a0: [1, 4], a1: [16, 19] });
	});

	it('lets two small cells protect each other', () => {
		// 20 = 3 + 2 + 15: a0 + a1 = 5, both in 1…4, so neither is pinned.
		const table = starTable({ a: [3, 2, 15] });
		const states = suppress(table, 5);
		expect(states).toEqual({ pop: 'shown', a0: 'primary', a1: 'primary', a2: 'shown' });
		expect(feasibleRanges(table, states, 5)).toEqual({ a0: [1, 4], a1: [1, 4] });
	});

	it('hides the smallest non-zero shown part, the first of equals', () => {
		// 40 = 2 + 9 + 0 + 20 + 9: the candidates are 9, 20, 9; the first 9 is hidden.
		const states = suppress(starTable({ a: [2, 9, 0, 20, 9] }), 5);
		expect(states).toEqual({ pop: 'shown', a0: 'primary', a1: 'complementary', a2: 'shown', a3: 'shown', a4: 'shown' });
	});

	it('hides a total when a section has no other candidate, and follows the total into other sections', () => {
		// pop = 8. Section a: 4 + 4 + 0, both "<5", so 4 + 4 = 8 pins both → hide the total (no shown
		// non-zero part is left). Section b: 8 + 0 would then give the total away → hide b0 too.
		const table = starTable({ a: [4, 4, 0], b: [8, 0] });
		const states = suppress(table, 5);
		expect(states).toEqual({ pop: 'complementary', a0: 'primary', a1: 'primary', a2: 'shown', b0: 'complementary', b1: 'shown' });
		// pop = b0 ≥ 5 and pop = a0 + a1 ≤ 8: pop ∈ [5, 8]; a0 ∈ [1, 4].
		expect(feasibleRanges(table, states, 5)).toEqual({ pop: [5, 8], a0: [1, 4], a1: [1, 4], b0: [5, 8] });
	});

	it('protects a small total that appears in several sections, hiding the zeros beside it', () => {
		// pop = 3 ("<5"); a: 3 + 0; b: 1 + 2. Beside a small total zeros read "<5" too, so every part
		// lies in [0, 4]: pop = b0 + b1 ≥ 1 (it is hidden, so not 0); nothing is pinned.
		const table = starTable({ a: [3, 0], b: [1, 2] });
		const states = suppress(table, 5);
		expect(states).toEqual({ pop: 'primary', a0: 'primary', a1: 'primary', b0: 'primary', b1: 'primary' });
		expect(feasibleRanges(table, states, 5)).toEqual({ pop: [1, 4], a0: [0, 4], a1: [0, 4], b0: [0, 4], b1: [0, 4] });
	});

	it('shows zeros and exempt cells, and never hides an exempt cell as a complement', () => {
		const table: SuppressionTable = { ...starTable({ a: [3, 7, 0] }), exempt: new Set(['a1']) };
		// a1 is exempt (known to everyone), so a0 = 10 − 7 is pinned and nothing can be done within
		// the section but hide its total.
		const states = suppress(table, 5);
		expect(states).toEqual({ pop: 'complementary', a0: 'primary', a1: 'shown', a2: 'shown' });
		expect(feasibleRanges(table, states, 5)).toEqual({ pop: [8, 11], a0: [1, 4] });
	});

	it('protects four rows of one under a total of four (a "<5" beside a small total may be 0)', () => {
		// Four people, one in each of four rows, threshold 5. Were "<5" always ≥ 1, four rows under a
		// total < 5 would all be 1; beside a small total a "<5" may be 0, so each row is 0…4.
		const table = starTable({ a: [1, 1, 1, 1] });
		const states = suppress(table, 5);
		expect(states).toEqual({ pop: 'primary', a0: 'primary', a1: 'primary', a2: 'primary', a3: 'primary' });
		expect(feasibleRanges(table, states, 5).a0).toEqual([0, 4]);
	});

	it('rejects an equation that does not hold', () => {
		expect(() => suppress({ values: { t: 1 }, equations: [{ total: 't', parts: ['x'] }] }, 5)).toThrow(/t is not the sum of x/);
		expect(() => suppress({ values: { t: 5, x: 4 }, equations: [{ total: 't', parts: ['x'] }] }, 5)).toThrow(/t is not the sum of x/);
	});
});

// ---------------------------------------------------------------------------------------------
// Properties

/**
 * Tables shaped like a report: populations of people, each classified once per section, so every
 * section of a population adds up to the same total. Small on purpose (brute force below).
 */
interface Shape {
	threshold: number;
	/** Per population, per section, the row values. */
	populations: number[][][];
}

const populationArb = (maxPeople: number) =>
	fc
		.tuple(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }), fc.nat({ max: maxPeople }))
		.chain(([rowCounts, people]) =>
			fc
				.array(fc.tuple(...rowCounts.map((k) => fc.nat({ max: k - 1 }))), { minLength: people, maxLength: people })
				.map((persons) => rowCounts.map((k, s) => Array.from({ length: k }, (_, row) => persons.filter((p) => p[s] === row).length)))
		);

const shapeArb = (maxPeople = 10): fc.Arbitrary<Shape> =>
	fc.record({
		threshold: fc.integer({ min: 3, max: 6 }),
		populations: fc.array(populationArb(maxPeople), { minLength: 1, maxLength: 2 })
	});

function tableOf(shape: Shape): SuppressionTable {
	const values: Record<string, number> = {};
	const equations: SuppressionTable['equations'] = [];
	shape.populations.forEach((sections, p) => {
		const total = `pop${p}`;
		values[total] = (sections[0] ?? []).reduce((a, b) => a + b, 0);
		sections.forEach((rows, s) => {
			const parts = rows.map((v, r) => {
				values[`p${p}s${s}r${r}`] = v;
				return `p${p}s${s}r${r}`;
			});
			equations.push({ total, parts });
		});
	});
	return { values, equations };
}

const isHidden = (state: CellState | undefined) => state === 'primary' || state === 'complementary';

/**
 * Brute-force oracle, independent of `feasibleRanges`: is there an assignment of the hidden
 * quantities, each within what its mark says (primary 1…t−1, complementary t…cap), that satisfies
 * every equation and gives `target` a value other than its true one? Depth-first with forward
 * checking (the last unknown of an equation is forced); values tried nearest the truth first.
 */
function hasAlternative(table: SuppressionTable, states: Record<string, CellState>, threshold: number, target: string, zerosHidden: ReadonlySet<number> = new Set()): boolean {
	const truth = table.values;
	const cap = Math.max(0, ...Object.values(truth)) + 2 * threshold + 2;
	const hidden = Object.keys(truth).filter((id) => isHidden(states[id]));
	const order = [target, ...table.equations.flatMap((e) => [e.total, ...e.parts]).filter((id) => hidden.includes(id))];
	const vars = [...new Set(order)];
	const equationsOf = new Map(vars.map((v) => [v, table.equations.filter((e) => e.total === v || e.parts.includes(v))]));
	const value = new Map<string, number>();
	for (const id of Object.keys(truth)) if (!isHidden(states[id])) value.set(id, truth[id]!);

	// The published meaning of "<t": 1…t−1, or 0…t−1 in an equation whose zeros are hidden (its
	// total reads "<t", or `suppressTable` says so).
	const smallTotals = new Set(table.equations.filter((e, i) => states[e.total] === 'primary' || zerosHidden.has(i)).flatMap((e) => e.parts));
	const domain = (id: string): number[] => {
		const [lo, hi] = states[id] === 'primary' ? [smallTotals.has(id) ? 0 : 1, threshold - 1] : [threshold, cap];
		const t = truth[id]!;
		const out: number[] = [];
		for (let d = 0; t - d >= lo || t + d <= hi; d++) {
			if (d === 0) {
				if (t >= lo && t <= hi && id !== target) out.push(t);
				continue;
			}
			if (t - d >= lo && t - d <= hi) out.push(t - d);
			if (t + d <= hi && t + d >= lo) out.push(t + d);
		}
		return out;
	};
	const consistent = (id: string): boolean => {
		for (const e of equationsOf.get(id) ?? []) {
			let sum = 0;
			let complete = true;
			for (const p of e.parts) {
				const v = value.get(p);
				if (v === undefined) complete = false;
				else sum += v;
			}
			const total = value.get(e.total);
			if (total !== undefined && (sum > total || (complete && sum !== total))) return false;
		}
		return true;
	};
	/** A value forced by an equation whose other members are all known. */
	const forced = (id: string): number | undefined => {
		for (const e of equationsOf.get(id) ?? []) {
			const members = [e.total, ...e.parts];
			if (members.some((m) => m !== id && !value.has(m))) continue;
			const sum = e.parts.reduce((a, p) => a + (p === id ? 0 : value.get(p)!), 0);
			return e.total === id ? sum : value.get(e.total)! - sum;
		}
		return undefined;
	};
	const search = (i: number): boolean => {
		if (i === vars.length) return true;
		const id = vars[i]!;
		const f = forced(id);
		const candidates = f === undefined ? domain(id) : domain(id).includes(f) ? [f] : [];
		for (const v of candidates) {
			value.set(id, v);
			if (consistent(id) && search(i + 1)) return true;
			value.delete(id);
		}
		return false;
	};
	return search(0);
}

/** Every cell hidden (zeros as "<t"): the most any suppression could hide. */
function hideEverything(table: SuppressionTable, threshold: number): Record<string, CellState> {
	const states: Record<string, CellState> = {};
	for (const [id, v] of Object.entries(table.values)) states[id] = v < threshold ? 'primary' : 'complementary';
	return states;
}

describe('suppress (properties)', () => {
	it('never shows a value in 1…threshold−1, and hides only what the marks say', () => {
		fc.assert(
			fc.property(shapeArb(20), (shape) => {
				const table = tableOf(shape);
				const { states, zerosHidden } = suppressTable(table, shape.threshold);
				const mayBeZero = new Set([...besideSmallTotal(table, states), ...[...zerosHidden].flatMap((i) => table.equations[i]!.parts)]);
				for (const [id, v] of Object.entries(table.values)) {
					const state = states[id];
					if (state === 'shown') expect(v === 0 || v >= shape.threshold).toBe(true);
					// A zero is hidden only beside a small total.
					if (state === 'primary') expect(v < shape.threshold && (v > 0 || mayBeZero.has(id))).toBe(true);
					if (state === 'complementary') expect(v).toBeGreaterThanOrEqual(shape.threshold);
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('leaves every hidden cell at least two possible values (brute-force oracle), unless no suppression could', () => {
		fc.assert(
			fc.property(shapeArb(10), (shape) => {
				const table = tableOf(shape);
				const { states, zerosHidden } = suppressTable(table, shape.threshold);
				for (const id of Object.keys(table.values)) {
					if (!isHidden(states[id]) || hasAlternative(table, states, shape.threshold, id, zerosHidden)) continue;
					// Pinned: then it must be pinned even with every cell and every zero hidden (the limit
					// documented in suppression.ts: rows all at threshold − 1 that fill their total).
					const all = hideEverything(table, shape.threshold);
					const everyEquation = new Set(table.equations.map((_, i) => i));
					expect(hasAlternative(table, all, shape.threshold, id, everyEquation), `${id} is pinned in ${JSON.stringify(shape)}`).toBe(false);
				}
			}),
			{ numRuns: 400 }
		);
	});

	it('matches the oracle: the attacker finds a range of one value exactly when the oracle finds no other', () => {
		fc.assert(
			fc.property(shapeArb(10), fc.integer({ min: 0, max: 1_000 }), (shape, noise) => {
				const table = tableOf(shape);
				// Any marking consistent with the values, not only suppress's: hide a pseudo-random
				// subset of the non-zero cells on top of the primary ones.
				const states = suppress({ ...table, equations: [] }, shape.threshold);
				Object.entries(table.values).forEach(([id, v], i) => {
					if (v >= shape.threshold && (noise >> i % 10) % 2 === 1) states[id] = 'complementary';
				});
				const ranges = feasibleRanges(table, states, shape.threshold);
				for (const [id, [min, max]] of Object.entries(ranges)) {
					expect(min).toBeLessThanOrEqual(table.values[id]!);
					expect(max).toBeGreaterThanOrEqual(table.values[id]!);
					expect(min < max).toBe(hasAlternative(table, states, shape.threshold, id));
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('is deterministic', () => {
		fc.assert(
			fc.property(shapeArb(30), (shape) => {
				const table = tableOf(shape);
				const copy: SuppressionTable = JSON.parse(JSON.stringify(table)) as SuppressionTable;
				expect(suppress(copy, shape.threshold)).toEqual(suppress(table, shape.threshold));
			}),
			{ numRuns: 200 }
		);
	});

	it('suppresses nothing in a table without small cells', () => {
		// Rows of 0 or ≥ threshold; the second section of a population merges rows of the first.
		const bigArb = fc.integer({ min: 3, max: 6 }).chain((threshold) =>
			fc.record({
				threshold: fc.constant(threshold),
				populations: fc.array(
					fc
						.array(fc.oneof(fc.constant(0), fc.integer({ min: threshold, max: 500 })), { minLength: 1, maxLength: 8 })
						.chain((rows) =>
							fc
								.array(fc.nat({ max: 2 }), { minLength: rows.length, maxLength: rows.length })
								.map((groups) => [rows, [0, 1, 2].map((g) => rows.reduce((sum, v, i) => sum + (groups[i] === g ? v : 0), 0))])
						),
					{ minLength: 1, maxLength: 3 }
				)
			})
		);
		fc.assert(
			fc.property(bigArb, (shape) => {
				const states = suppress(tableOf(shape), shape.threshold);
				expect(Object.values(states).every((s) => s === 'shown')).toBe(true);
			}),
			{ numRuns: 200 }
		);
	});
});

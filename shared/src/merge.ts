/**
 * Field-by-field merge of a shared record (DESIGN.md "Sync rules"). An edit travels as, per field,
 * the value its author saw (`from`) and the value they chose (`to`). Against the server's current
 * record, each field is:
 * - already `to`: nothing to do (both sides agree, or the edit was applied before);
 * - still `from`: nobody else changed it, so `to` is applied;
 * - anything else: both sides changed it. The server value stays and the author's value becomes a
 *   conflict for them to resolve. No edit is silently lost.
 * Values are compared structurally, so arrays and objects merge as whole values.
 */
export type FieldChange<V> = { from: V; to: V };
export type FieldChanges<T> = { [K in keyof T]?: FieldChange<T[K]> };

export interface FieldConflict<T, K extends keyof T = keyof T> {
	field: K;
	base: T[K];
	mine: T[K];
	server: T[K];
}

export interface MergeResult<T> {
	/** The record after the merge (the input object is never mutated). */
	next: T;
	applied: (keyof T)[];
	conflicts: FieldConflict<T>[];
}

export function sameValue(a: unknown, b: unknown): boolean {
	if (Object.is(a, b)) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	if (ka.length !== kb.length) return false;
	return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && sameValue((a as never)[k], (b as never)[k]));
}

export function mergeFields<T extends object>(current: T, changes: FieldChanges<T>): MergeResult<T> {
	const next = { ...current };
	const applied: (keyof T)[] = [];
	const conflicts: FieldConflict<T>[] = [];
	for (const field of Object.keys(changes) as (keyof T)[]) {
		const change = changes[field];
		if (!change) continue;
		const server = current[field];
		if (sameValue(server, change.to)) continue;
		if (sameValue(server, change.from)) {
			next[field] = change.to;
			applied.push(field);
		} else {
			conflicts.push({ field, base: change.from, mine: change.to, server });
		}
	}
	return { next, applied, conflicts };
}

import { describe, expect, it } from 'vitest';
import { mergeFields, sameValue } from './merge';

type Rec = { firstName: string | null; nickname: string | null; birthYear: number | null; tags: string[] };
const base: Rec = { firstName: 'Aada', nickname: 'Aada', birthYear: 2006, tags: ['a'] };

describe('mergeFields', () => {
	it('applies a field nobody else changed', () => {
		const r = mergeFields(base, { nickname: { from: 'Aada', to: 'Ada' } });
		expect(r.next).toEqual({ ...base, nickname: 'Ada' });
		expect(r.applied).toEqual(['nickname']);
		expect(r.conflicts).toEqual([]);
	});

	it('merges edits of different fields from two devices', () => {
		const afterA = mergeFields(base, { nickname: { from: 'Aada', to: 'Ada' } }).next;
		const r = mergeFields(afterA, { birthYear: { from: 2006, to: 2005 } });
		expect(r.next).toEqual({ ...base, nickname: 'Ada', birthYear: 2005 });
		expect(r.conflicts).toEqual([]);
	});

	it('keeps the server value and reports a conflict when both sides changed a field', () => {
		const server = { ...base, nickname: 'Ada' };
		const r = mergeFields(server, { nickname: { from: 'Aada', to: 'Aadu' }, birthYear: { from: 2006, to: 2007 } });
		expect(r.next.nickname).toBe('Ada');
		expect(r.next.birthYear).toBe(2007);
		expect(r.applied).toEqual(['birthYear']);
		expect(r.conflicts).toEqual([{ field: 'nickname', base: 'Aada', mine: 'Aadu', server: 'Ada' }]);
	});

	it('is a no-op when the server already holds the new value (replay, or both chose the same)', () => {
		const server = { ...base, nickname: 'Ada' };
		const r = mergeFields(server, { nickname: { from: 'Aada', to: 'Ada' } });
		expect(r.next).toEqual(server);
		expect(r.applied).toEqual([]);
		expect(r.conflicts).toEqual([]);
	});

	it('compares arrays and null structurally and never mutates its input', () => {
		const frozen = Object.freeze({ ...base });
		const r = mergeFields(frozen, { tags: { from: ['a'], to: ['a', 'b'] }, firstName: { from: 'Aada', to: null } });
		expect(r.next.tags).toEqual(['a', 'b']);
		expect(r.next.firstName).toBeNull();
		expect(frozen.tags).toEqual(['a']);
		expect(sameValue({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
		expect(sameValue([1], { 0: 1 })).toBe(false);
		expect(sameValue(null, {})).toBe(false);
	});
});

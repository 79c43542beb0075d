import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WINDOW_KINDS, WindowParamSchema, resolveWindow, windowId, windowLabel, type ResolvedWindow } from './windows';

function resolved(input: string): ResolvedWindow {
	const window = resolveWindow(input);
	if ('error' in window) throw new Error(window.error);
	return window;
}

const error = (input: string) => {
	const window = resolveWindow(input);
	return 'error' in window ? window.error : undefined;
};

describe('resolveWindow', () => {
	it('resolves the national cumulative windows from 1 January', () => {
		expect(resolved('national:jan-apr:2026')).toEqual({
			id: 'national:jan-apr:2026',
			spec: { kind: 'national', period: 'jan-apr', year: 2026 },
			from: '2026-01-01',
			to: '2026-04-30'
		});
		expect(resolved('national:jan-aug:2026')).toMatchObject({ from: '2026-01-01', to: '2026-08-31' });
		expect(resolved('national:jan-dec:2026')).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
	});

	it('resolves quarters and the calendar year', () => {
		expect(resolved('quarter:q1:2024')).toMatchObject({ from: '2024-01-01', to: '2024-03-31' });
		expect(resolved('quarter:q2:2026')).toMatchObject({ from: '2026-04-01', to: '2026-06-30' });
		expect(resolved('quarter:q3:2026')).toMatchObject({ from: '2026-07-01', to: '2026-09-30' });
		expect(resolved('quarter:q4:2026')).toMatchObject({ from: '2026-10-01', to: '2026-12-31' });
		expect(resolved('year:year:2028')).toMatchObject({ spec: { kind: 'year', period: 'year', year: 2028 }, from: '2028-01-01', to: '2028-12-31' });
	});

	it('accepts 29 February only in leap years', () => {
		expect(resolved('custom:2024-02-29:2024-03-01')).toMatchObject({ from: '2024-02-29', to: '2024-03-01' });
		expect(resolved('custom:2000-02-29:2000-02-29')).toMatchObject({ from: '2000-02-29' });
		expect(error('custom:2026-02-29:2026-03-01')).toMatch(/two dates/);
		expect(error('custom:2100-02-01:2100-02-29')).toMatch(/two dates/);
		expect(error('custom:2026-04-31:2026-05-01')).toMatch(/two dates/);
	});

	it('allows a custom window of at most five years (1,830 days, both ends included)', () => {
		// 2020-01-01…2024-12-31 is 366 + 365 × 3 + 366 = 1,827 days; three more days is 1,830.
		expect(resolved('custom:2020-01-01:2025-01-03')).toMatchObject({ spec: { kind: 'custom', from: '2020-01-01', to: '2025-01-03' } });
		expect(error('custom:2020-01-01:2025-01-04')).toMatch(/five years/);
		expect(resolved('custom:2026-03-15:2026-03-15')).toMatchObject({ from: '2026-03-15', to: '2026-03-15' });
	});

	it('says what is wrong with a malformed window', () => {
		expect(error('custom:2026-03-15:2026-02-01')).toMatch(/ends before it starts/);
		expect(error('custom:2026-3-1:2026-03-15')).toMatch(/two dates/);
		expect(error('national:jan-apr')).toMatch(/Expected/);
		expect(error('national:jan-apr:2026:x')).toMatch(/Expected/);
		expect(error('monthly:jan:2026')).toMatch(/Unknown window kind monthly/);
		expect(error('national:q1:2026')).toMatch(/Unknown period q1 of national/);
		expect(error('quarter:q1:1999')).toMatch(/2000–2100/);
		expect(error('quarter:q1:2101')).toMatch(/2000–2100/);
		expect(error('quarter:q1:26')).toMatch(/four-digit/);
	});

	it('resolves every period of every kind to real dates, and round-trips its id', () => {
		const periods = WINDOW_KINDS.flatMap((k) => k.periods.map((p) => [k.id, p.id] as const));
		fc.assert(
			fc.property(fc.constantFrom(...periods), fc.integer({ min: 2000, max: 2100 }), ([kind, period], year) => {
				const window = resolved(`${kind}:${period}:${year}`);
				expect(window.from <= window.to).toBe(true);
				expect(new Date(`${window.to}T00:00:00Z`).toISOString().slice(0, 10)).toBe(window.to);
				expect(windowId(window.spec)).toBe(window.id);
				expect(window.id).toBe(`${kind}:${period}:${year}`);
			})
		);
	});

	it('has quarters that tile the year and cumulative windows that start on 1 January', () => {
		const quarters = WINDOW_KINDS.find((k) => k.id === 'quarter')!.periods.map((p) => [p.from, p.to]);
		expect(quarters).toEqual([
			['01-01', '03-31'],
			['04-01', '06-30'],
			['07-01', '09-30'],
			['10-01', '12-31']
		]);
		for (const kind of WINDOW_KINDS.filter((k) => k.cumulative)) for (const p of kind.periods) expect(p.from).toBe('01-01');
	});
});

describe('WindowParamSchema', () => {
	it('parses a window into its dates', () => {
		expect(WindowParamSchema.parse('quarter:q2:2026')).toMatchObject({ from: '2026-04-01', to: '2026-06-30' });
	});

	it('reports a bad window as an issue with the reason', () => {
		const result = WindowParamSchema.safeParse('quarter:q5:2026');
		expect(result.success).toBe(false);
		expect(result.error?.issues[0]?.message).toBe('Unknown period q5 of quarter');
	});
});

describe('windowLabel', () => {
	it('names the period and its dates', () => {
		expect(windowLabel(resolved('national:jan-apr:2026'), 'fi')).toBe('Tammi–huhtikuu 2026 (1.1.–30.4.2026)');
		expect(windowLabel(resolved('quarter:q3:2026'), 'en')).toBe('Q3 (July–September) 2026 (1.7.–30.9.2026)');
		expect(windowLabel(resolved('year:year:2026'), 'sv')).toBe('Hela året 2026 (1.1.–31.12.2026)');
	});

	it('shows a custom window as dates, with both years when it spans two', () => {
		expect(windowLabel(resolved('custom:2026-02-01:2026-03-15'), 'fi')).toBe('Oma aikaväli 1.2.–15.3.2026');
		expect(windowLabel(resolved('custom:2025-12-01:2026-01-31'), 'en')).toBe('Custom window 1.12.2025–31.1.2026');
	});
});

import { PERIOD_TYPES } from '@polku/shared';
import { describe, expect, it } from 'vitest';
import { chartGeometry, codeText, formatEuros, formatHours, linePath, shiftDay, stepHours, todayInHelsinki } from './workshop-view';

describe('stepHours', () => {
	it('moves by quarter hours', () => {
		expect(stepHours(6, 1)).toBe(6.25);
		expect(stepHours(6, -2)).toBe(5.5);
	});

	it('stays within a quarter hour and twelve hours', () => {
		expect(stepHours(0.25, -1)).toBe(0.25);
		expect(stepHours(12, 1)).toBe(12);
		expect(stepHours(11.9, 1)).toBe(12);
	});
});

describe('formats', () => {
	it('writes hours with a decimal comma in Finnish and a point in English', () => {
		expect(formatHours(5.5, 'fi')).toBe('5,5');
		expect(formatHours(6.25, 'en')).toBe('6.25');
		expect(formatHours(6, 'sv')).toBe('6');
	});

	it('writes euro cents as euros', () => {
		expect(formatEuros(1250, 'en')).toBe('€12.50');
		expect(formatEuros(1250, 'fi').replace(/\s/g, ' ')).toBe('12,50 €');
	});

	it('labels a code in the UI language, and leaves an unknown code as it is', () => {
		expect(codeText(PERIOD_TYPES, 'work-trial', 'fi')).toBe('Työkokeilu');
		expect(codeText(PERIOD_TYPES, 'work-trial', 'sv')).toBe('Arbetsprövning');
		expect(codeText(PERIOD_TYPES, 'nope', 'en')).toBe('nope');
		expect(codeText(PERIOD_TYPES, null, 'en')).toBe('–');
	});
});

describe('dates', () => {
	it('takes today from the Helsinki calendar, not UTC', () => {
		expect(todayInHelsinki(new Date('2026-03-01T22:30:00Z'))).toBe('2026-03-02');
	});

	it('moves a day back freely but never past the last allowed day', () => {
		expect(shiftDay('2026-03-02', -1, '2026-03-02')).toBe('2026-03-01');
		expect(shiftDay('2026-03-02', 1, '2026-03-02')).toBe('2026-03-02');
	});
});

describe('chartGeometry', () => {
	const g = chartGeometry(
		[
			{ key: 'self', values: [{ date: '2026-01-10', value: 2 }, { date: '2026-03-10', value: 4 }] },
			{ key: 'coach', values: [{ date: '2026-02-10', value: 3 }, { date: '2026-03-10', value: null }] }
		],
		{ min: 1, max: 5 },
		{ width: 240, height: 152 }
	);

	it('spreads the dates of every series over one axis, oldest first', () => {
		expect(g.dates.map((d) => d.date)).toEqual(['2026-01-10', '2026-02-10', '2026-03-10']);
		expect(g.dates.map((d) => d.x)).toEqual([36, 130, 224]);
	});

	it('puts the scale bottom-up, one tick a step', () => {
		expect(g.ticks.map((t) => t.value)).toEqual([1, 2, 3, 4, 5]);
		expect(g.ticks[0]!.y).toBe(112);
		expect(g.ticks[4]!.y).toBe(12);
	});

	it('leaves a skipped value out of its line', () => {
		expect(g.series[1]!.points).toHaveLength(1);
		expect(linePath(g.series[0]!.points)).toBe('M36 87 L224 37');
	});

	it('centres a single date', () => {
		const one = chartGeometry([{ key: 'self', values: [{ date: '2026-01-10', value: 3 }] }], { min: 1, max: 5 }, { width: 240, height: 152 });
		expect(one.dates[0]!.x).toBe(130);
	});
});

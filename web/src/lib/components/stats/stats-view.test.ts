import { YOUTH_WORK_REPORT, type StatisticsCell, type StatisticsReport } from '@polku/shared';
import { describe, expect, it } from 'vitest';
import {
	STUB,
	barChart,
	cellText,
	changeText,
	columnChart,
	defaultWindowForm,
	esfProjectValue,
	highest,
	monthLabel,
	niceMax,
	rowLabel,
	sectionViews,
	windowFormValue,
	windowText,
	withKind,
	yearChoices
} from './stats-view';

const shown = (value: number): StatisticsCell => ({ value, state: 'shown' });
const primary: StatisticsCell = { value: null, state: 'primary' };
const complementary: StatisticsCell = { value: null, state: 'complementary' };

describe('the ESF project field', () => {
	it('reads empty as every project, a EURA code in any case as that project, and anything else as no code', () => {
		expect(esfProjectValue('')).toEqual({ ok: true, project: null });
		expect(esfProjectValue('   ')).toEqual({ ok: true, project: null });
		expect(esfProjectValue('S30794')).toEqual({ ok: true, project: 'S30794' });
		expect(esfProjectValue(' s30794 ')).toEqual({ ok: true, project: 'S30794' });
		for (const bad of ['S3079', 'S307940', '30794', 'SS0794', 'S30 794', 'Ä30794']) expect(esfProjectValue(bad), bad).toEqual({ ok: false });
	});
});

describe('the window form', () => {
	it('starts at the national cumulative period that contains today', () => {
		expect(defaultWindowForm('2026-02-10')).toMatchObject({ kind: 'national', period: 'jan-apr', year: 2026 });
		expect(defaultWindowForm('2026-04-30')).toMatchObject({ period: 'jan-apr' });
		expect(defaultWindowForm('2026-05-01')).toMatchObject({ period: 'jan-aug' });
		expect(defaultWindowForm('2026-12-31')).toMatchObject({ period: 'jan-dec' });
	});

	it('gives the wire form of a window, or null for a custom range that is not one', () => {
		const form = defaultWindowForm('2026-05-01');
		expect(windowFormValue(form)).toBe('national:jan-aug:2026');
		expect(windowFormValue({ ...form, kind: 'quarter', period: 'q2' })).toBe('quarter:q2:2026');
		expect(windowFormValue({ ...form, kind: 'custom', from: '2026-02-01', to: '2026-03-15' })).toBe('custom:2026-02-01:2026-03-15');
		expect(windowFormValue({ ...form, kind: 'custom', from: '2026-03-15', to: '2026-02-01' })).toBeNull();
		expect(windowFormValue({ ...form, kind: 'custom', from: '', to: '2026-02-01' })).toBeNull();
	});

	it('keeps the period when the new kind has it, else takes the first', () => {
		const form = { kind: 'quarter', period: 'q3', year: 2026, from: '', to: '' };
		expect(withKind(form, 'national').period).toBe('jan-apr');
		expect(withKind(form, 'year').period).toBe('year');
		expect(withKind({ ...form, kind: 'national', period: 'jan-aug' }, 'national').period).toBe('jan-aug');
	});

	it('offers this year and five before it', () => {
		expect(yearChoices('2026-06-01')).toEqual([2026, 2025, 2024, 2023, 2022, 2021]);
	});

	it('labels a window for people', () => {
		expect(windowText('national:jan-apr:2026', 'fi')).toBe('Tammi–huhtikuu 2026 (1.1.–30.4.2026)');
		expect(windowText('nonsense', 'fi')).toBe('nonsense');
	});
});

describe('report views', () => {
	const report: Pick<StatisticsReport, 'reportId' | 'sections'> = {
		reportId: 'youth-work',
		sections: [
			{ id: 'gender', rows: [{ code: 'female', cell: shown(12) }, { code: 'unknown', cell: primary }], total: shown(15) },
			{ id: 'status', rows: [{ code: 'new', cell: shown(6) }, { code: 'continuing', cell: shown(9) }], total: shown(15) },
			{ id: 'services', rows: [{ code: 'none', cell: complementary }], total: shown(15) }
		]
	};

	it('orders sections as the definition does and labels their rows', () => {
		const views = sectionViews(report, 'fi');
		expect(views.map((v) => v.id)).toEqual(['status', 'gender', 'services']);
		expect(views[0]?.label).toBe(YOUTH_WORK_REPORT.sections[0].labels.fi);
		expect(views[1]?.rows.map((r) => r.label)).toEqual(['Nainen', 'Ei tietoa']);
		expect(views[2]?.multi).toBe(true);
		expect(views[0]?.multi).toBe(false);
	});

	it('labels the rows of a change, the total included', () => {
		expect(rowLabel('youth-work', 'gender', 'unknown', 'en', 'Total')).toBe('No information');
		expect(rowLabel('youth-work', 'gender', 'total', 'en', 'Total')).toBe('Total');
	});

	it('reads cells as every view and export does', () => {
		expect(cellText(shown(12), 5, 'fi')).toBe('12');
		expect(cellText(shown(12.5), 5, 'fi')).toBe('12,50');
		expect(cellText(shown(12.5), 5, 'en')).toBe('12.50');
		expect(cellText(primary, 5, 'fi')).toBe('<5');
		expect(cellText(complementary, 5, 'fi')).toBe('×');
		expect(cellText(null, 5, 'fi')).toBe('–');
	});

	it('signs changes between deliveries', () => {
		expect(changeText(3, 'fi')).toBe('+3');
		expect(changeText(-2, 'fi')).toBe('−2');
		expect(changeText(0, 'fi')).toBe('0');
		expect(changeText(null, 'fi')).toBe('–');
	});

	it('names months in the UI language', () => {
		expect(monthLabel('2026-03', 'en')).toBe('Mar 2026');
		expect(monthLabel('2026-03', 'en', false)).toBe('Mar');
	});
});

describe('charts', () => {
	const months = [
		{ key: '2026-01', label: 'Jan' },
		{ key: '2026-02', label: 'Feb' },
		{ key: '2026-03', label: 'Mar' }
	];

	it('rounds an axis up to 1, 2 or 5 times a power of ten', () => {
		expect(niceMax(0)).toBe(1);
		expect(niceMax(7)).toBe(10);
		expect(niceMax(12)).toBe(20);
		expect(niceMax(40)).toBe(50);
		expect(niceMax(100)).toBe(100);
	});

	it('scales shown columns and draws every suppressed one as the same stub, labelled', () => {
		const chart = columnChart(months, [{ key: 'n', label: 'N', cells: [shown(20), primary, complementary] }], 5, 'fi', { width: 640, height: 260 });
		const [a, b, c] = chart.bars;
		const innerH = 260 - chart.pad.top - chart.pad.bottom;
		expect(a?.height).toBe(innerH);
		expect(a?.y).toBe(chart.pad.top);
		expect(b).toMatchObject({ suppressed: true, height: STUB, text: '<5' });
		expect(c).toMatchObject({ suppressed: true, height: STUB, text: '×' });
		expect(chart.ticks[0]).toEqual({ value: 0, y: chart.pad.top + innerH });
		expect(chart.axis.map((x) => x.show)).toEqual([true, true, true]);
	});

	it('thins out the axis labels of a long window', () => {
		const many = Array.from({ length: 24 }, (_, i) => ({ key: String(i), label: String(i) }));
		const cells = many.map(() => shown(1));
		const series = [{ key: 'n', label: 'N', cells }, { key: 'm', label: 'M', cells }];
		const chart = columnChart(many, series, 5, 'fi', { width: 640, height: 260 });
		expect(chart.axis.filter((a) => a.show)).toHaveLength(12);
		expect(chart.valueLabels).toBe(false);
		const phone = columnChart(many, series, 5, 'fi', { width: 300, height: 240 });
		expect(phone.axis.filter((a) => a.show)).toHaveLength(5);
	});

	it('gives each series of a bar chart its own panel and scale', () => {
		const units = [
			{ key: 'a', label: 'A' },
			{ key: 'b', label: 'B' }
		];
		const chart = barChart(
			units,
			[
				{ key: 'clients', label: 'Clients', cells: [shown(10), primary] },
				{ key: 'encounters', label: 'Encounters', cells: [shown(200), shown(100)] }
			],
			5,
			'fi',
			640
		);
		expect(chart.panels).toHaveLength(2);
		const clientsA = chart.bars.find((b) => b.series === 'clients' && b.key === 'a')!;
		const encountersA = chart.bars.find((b) => b.series === 'encounters' && b.key === 'a')!;
		const encountersB = chart.bars.find((b) => b.series === 'encounters' && b.key === 'b')!;
		expect(clientsA.width).toBe(encountersA.width);
		expect(encountersB.width).toBe(encountersA.width / 2);
		expect(chart.bars.find((b) => b.series === 'clients' && b.key === 'b')).toMatchObject({ suppressed: true, width: STUB, text: '<5' });
		expect(encountersA.x).toBe(chart.panels[1]?.x);
	});

	it('finds the largest shown figure for the spoken summary, ignoring suppressed ones', () => {
		const series = [
			{ key: 'new', label: 'New', cells: [shown(3), primary, shown(7)] },
			{ key: 'active', label: 'Active', cells: [shown(9), complementary, shown(8)] }
		];
		expect(highest(months, series)).toEqual({ category: 'Jan', series: 'Active', value: 9 });
		expect(highest(months, [{ key: 'x', label: 'X', cells: [primary, primary, complementary] }])).toBeNull();
	});
});

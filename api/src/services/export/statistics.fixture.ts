/**
 * Tests only: a youth-work delivery and a workshop delivery for the export and PDF tests, built from
 * the report definitions (every section, every category) and checked against DeliverySchema.
 */
import { DeliverySchema, DIMENSIONS, reportDefinition, type Delivery, type DimensionId, type ReportId, type StatisticsCell } from '@polku/shared';

export const UNIT_A = '0193a2b4-0000-7000-8000-00000000000a';
export const UNIT_B = '0193a2b4-0000-7000-8000-00000000000b';
const shown = (value: number): StatisticsCell => ({ value, state: 'shown' });
export const PRIMARY: StatisticsCell = { value: null, state: 'primary' };
export const COMPLEMENTARY: StatisticsCell = { value: null, state: 'complementary' };

/**
 * Cells by `<section>:<code>` (a section's total under `<section>:total`); every other cell is shown
 * with the value 0.
 */
export function fixtureDelivery(reportId: ReportId, window: { id: string; from: string; to: string; year: number; period: string }, cells: Record<string, StatisticsCell | number>, more: Partial<Delivery> = {}): Delivery {
	const def = reportDefinition(reportId);
	if (!def) throw new Error(reportId);
	const cell = (key: string): StatisticsCell => {
		const c = cells[key];
		return c === undefined ? shown(0) : typeof c === 'number' ? shown(c) : c;
	};
	const createdAt = more.createdAt ?? '2026-05-04T07:30:00.000Z';
	return DeliverySchema.parse({
		id: '0193a2b4-0000-7000-8000-0000000000d2',
		reportId,
		window: window.id,
		from: window.from,
		to: window.to,
		unitIds: [UNIT_A, UNIT_B],
		project: null,
		createdAt,
		createdByName: 'Ville Vastaava',
		hash: 'c0ffee'.padEnd(64, '0'),
		previousId: null,
		changedCells: null,
		previous: null,
		changes: [],
		report: {
			reportId,
			definitionVersion: def.version,
			window: window.id,
			windowSpec: { kind: 'national', period: window.period, year: window.year },
			from: window.from,
			to: window.to,
			unitIds: [UNIT_A, UNIT_B],
			threshold: 5,
			computedAt: createdAt,
			sections: def.sections.map((s) => ({
				id: s.id,
				rows: dimensionCodes(s.dimension).map((code) => ({ code, cell: cell(`${s.id}:${code}`) })),
				total: cell(`${s.id}:total`)
			}))
		},
		...more
	});
}

function dimensionCodes(id: DimensionId): string[] {
	return DIMENSIONS[id].categories.map((c) => c.code);
}

export const JAN_APR_2026 = { id: 'national:jan-apr:2026', from: '2026-01-01', to: '2026-04-30', year: 2026, period: 'jan-apr' };

/**
 * Youth work, Jan–Apr 2026: 42 clients (12 new, 30 continuing); by gender 20 female, 18 male, "other"
 * under the threshold (<5) and "unknown" hidden with it (×); 6 staff in the outreach role; 1,234
 * encounters, 1,000 street.
 */
export const YOUTH_DELIVERY = fixtureDelivery('youth-work', JAN_APR_2026, {
	'status:new': 12,
	'status:continuing': 30,
	'status:total': 42,
	'gender:female': 20,
	'gender:male': 18,
	'gender:other': PRIMARY,
	'gender:unknown': COMPLEMENTARY,
	'gender:total': 42,
	'encounter-channel:street': 1000,
	'encounter-channel:other': 234,
	'encounter-channel:total': 1234,
	'staff:outreach-worker': 6,
	'staff:total': 6
});

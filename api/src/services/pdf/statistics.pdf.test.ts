import { DeliverySchema, type Delivery } from '@polku/shared';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../lib/pdf-text';
import type { StatisticsFile } from '../export/statistics.export';
import { fixtureDelivery, JAN_APR_2026, PRIMARY, UNIT_A, UNIT_B, YOUTH_DELIVERY } from '../export/statistics.fixture';
import { statisticsPdf } from './statistics.pdf';

const file = (delivery: Delivery, locale: StatisticsFile['locale'] = 'fi'): StatisticsFile => ({
	organisationName: 'Testijärjestö ry',
	delivery,
	unitNames: { [UNIT_A]: 'Etsivä nuorisotyö', [UNIT_B]: 'Nuorten työpaja' },
	locale
});

describe('statisticsPdf', () => {
	it('renders the title, window, units, delivery time, hash, legend and every section in Finnish, readable by pdftotext', async () => {
		const pdf = await statisticsPdf(file(YOUTH_DELIVERY));
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const text = pdfText(pdf);
		expect(text).toContain('Nuorisotyön asiakastilasto');
		expect(text).toContain('Testijärjestö ry');
		expect(text).toContain('Tammi–huhtikuu 2026 (1.1.–30.4.2026)');
		expect(text).toContain('Etsivä nuorisotyö, Nuorten työpaja');
		expect(text).toContain('4.5.2026 klo 10.30, tuottaja Ville Vastaava');
		expect(text.replace(/\s+/g, '')).toContain(YOUTH_DELIVERY.hash);
		expect(text).toContain('<5 = alle 5; × = salattu, ettei pieni luku paljastu');
		expect(text).toContain('Ei aiempaa toimitusta');
		expect(text).toMatch(/Uudet\s+12\n/);
		expect(text).toMatch(/Jatkavat\s+30\n/);
		expect(text).toMatch(/Asiakkaat yhteensä\s+42\n/);
		expect(text).toMatch(/Muu\s+<5\n/);
		expect(text).toMatch(/Ei tietoa\s+×\n/);
		expect(text).toMatch(/Katu tai julkinen tila\s+1000\n/);
		expect(text).toMatch(/Kohtaamiset yhteensä\s+1234\n/);
		expect(text).toMatch(/Etsivä nuorisotyöntekijä\s+6\n/);
		for (const heading of ['Asiakkaat iän mukaan asiakkuuden alkaessa', 'Päättyneet asiakkuudet: sijoittuminen', 'Anonyymit kontaktit sukupuolen mukaan', 'Henkilöstö roolin mukaan']) {
			expect(text).toContain(heading);
		}
		expect(text).not.toContain('Muutokset edelliseen toimitukseen');
	});

	it('lists the changes since the previous delivery', async () => {
		const second: Delivery = DeliverySchema.parse({
			...YOUTH_DELIVERY,
			previousId: YOUTH_DELIVERY.id,
			changedCells: 2,
			previous: { ...YOUTH_DELIVERY, changedCells: undefined, report: undefined, previous: undefined, changes: undefined, createdAt: '2026-04-27T07:30:00.000Z' },
			changes: [
				{ sectionId: 'status', code: 'continuing', previous: { value: 33, state: 'shown' }, current: { value: 30, state: 'shown' }, change: -3 },
				{ sectionId: 'gender', code: 'other', previous: { value: 5, state: 'shown' }, current: PRIMARY, change: null }
			]
		});
		const text = pdfText(await statisticsPdf(file(second)));
		expect(text).toContain('27.4.2026 klo 10.30 (c0ffee000000)');
		expect(text).toContain('Muutokset edelliseen toimitukseen');
		expect(text).toMatch(/Asiakkaat: uudet ja jatkavat\s+Jatkavat\s+33\s+30\s+-3\n/);
		expect(text).toMatch(/Asiakkaat sukupuolen mukaan\s+Muu\s+5\s+<5\s*\n/);

		const unchanged = pdfText(await statisticsPdf(file({ ...second, changes: [], changedCells: 0 })));
		expect(unchanged).toContain('Ei muutoksia edelliseen toimitukseen.');
	});

	it('uses the chosen language and its decimal sign', async () => {
		const workshop = fixtureDelivery('workshop', JAN_APR_2026, { 'attendance:present-hours': 1234.5, 'attendance:present-days': 210 });
		const sv = pdfText(await statisticsPdf(file(workshop, 'sv')));
		expect(sv).toContain('Verkstadsstatistik');
		expect(sv).toContain('Januari–april 2026');
		expect(sv).toMatch(/Närvarotimmar\s+1234,50\n/);
		expect(sv).toContain('<5 = under 5');
		const en = pdfText(await statisticsPdf(file(workshop, 'en')));
		expect(en).toMatch(/Hours present\s+1234\.50\n/);
		expect(en).toContain('Participants by period type');
	});
});

import { DeliverySchema, YOUTH_WORK_REPORT, WORKSHOP_REPORT, DIMENSIONS, type Delivery } from '@polku/shared';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CHANGES_SHEET, DATA_SHEET, REPORT_SHEET, statisticsCsv, statisticsXlsx, type StatisticsFile } from './statistics.export';
import { COMPLEMENTARY, fixtureDelivery, JAN_APR_2026, PRIMARY, UNIT_A, UNIT_B, YOUTH_DELIVERY } from './statistics.fixture';

const file = (delivery: Delivery, locale: StatisticsFile['locale'] = 'fi'): StatisticsFile => ({
	organisationName: 'Testijärjestö ry',
	delivery,
	unitNames: { [UNIT_A]: 'Etsivä nuorisotyö', [UNIT_B]: 'Nuorten työpaja' },
	locale
});

/** Rows of the youth-work report: every category of every section plus one total per section. */
const YOUTH_ROWS = YOUTH_WORK_REPORT.sections.reduce((n, s) => n + DIMENSIONS[s.dimension].categories.length + 1, 0);

/** The same delivery made again later: 13 new clients instead of 12 (total 43), "other" gender now shown. */
const SECOND: Delivery = DeliverySchema.parse({
	...YOUTH_DELIVERY,
	id: '0193a2b4-0000-7000-8000-0000000000d3',
	createdAt: '2026-05-11T07:30:00.000Z',
	hash: 'beef'.padEnd(64, '1'),
	previousId: YOUTH_DELIVERY.id,
	changedCells: 3,
	previous: {
		id: YOUTH_DELIVERY.id,
		reportId: 'youth-work',
		window: YOUTH_DELIVERY.window,
		from: YOUTH_DELIVERY.from,
		to: YOUTH_DELIVERY.to,
		unitIds: YOUTH_DELIVERY.unitIds,
		project: null,
		createdAt: YOUTH_DELIVERY.createdAt,
		createdByName: 'Ville Vastaava',
		hash: YOUTH_DELIVERY.hash,
		previousId: null
	},
	changes: [
		{ sectionId: 'status', code: 'new', previous: { value: 12, state: 'shown' }, current: { value: 13, state: 'shown' }, change: 1 },
		{ sectionId: 'status', code: 'total', previous: { value: 42, state: 'shown' }, current: { value: 43, state: 'shown' }, change: 1 },
		{ sectionId: 'gender', code: 'other', previous: PRIMARY, current: { value: 5, state: 'shown' }, change: null }
	]
});

describe('statisticsCsv', () => {
	it('writes UTF-8 with a BOM, `;`, CRLF: a header, then every row of every section and its total, suppressed cells as "<5" and "×"', () => {
		const bytes = statisticsCsv(file(YOUTH_DELIVERY));
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const csv = bytes.toString('utf8');
		expect(csv.endsWith('\r\n')).toBe(true);
		expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
		const lines = csv.slice(1).split('\r\n').slice(0, -1);
		expect(lines[0]).toBe('Osio;Koodi;Luokka;Arvo');
		expect(lines).toHaveLength(1 + YOUTH_ROWS);
		expect(lines.slice(1, 4)).toEqual([
			'Asiakkaat: uudet ja jatkavat;new;Uudet;12',
			'Asiakkaat: uudet ja jatkavat;continuing;Jatkavat;30',
			'Asiakkaat: uudet ja jatkavat;total;Asiakkaat yhteensä;42'
		]);
		expect(lines).toContain('Asiakkaat sukupuolen mukaan;other;Muu;<5');
		expect(lines).toContain('Asiakkaat sukupuolen mukaan;unknown;Ei tietoa;×');
		expect(lines).toContain('Kohtaamiset kanavan mukaan;street;Katu tai julkinen tila;1000');
		expect(lines).toContain('Henkilöstö roolin mukaan;outreach-worker;Etsivä nuorisotyöntekijä;6');
		// "Ei tietoa" is a row of every client breakdown, counted explicitly.
		expect(lines.filter((l) => /;unknown;Ei tietoa;/.test(l)).length).toBeGreaterThanOrEqual(6);
	});

	it('writes hours with a decimal comma', () => {
		const workshop = fixtureDelivery('workshop', JAN_APR_2026, { 'attendance:present-hours': 1234.5, 'attendance:present-days': 210 });
		const lines = statisticsCsv(file(workshop)).toString('utf8').split('\r\n');
		expect(lines).toContain('Läsnäolo ja poissaolot;present-hours;Läsnäolotunnit;1234,50');
		expect(lines).toContain('Läsnäolo ja poissaolot;present-days;Läsnäolopäivät;210');
		const rows = WORKSHOP_REPORT.sections.reduce((n, s) => n + DIMENSIONS[s.dimension].categories.length + 1, 0);
		expect(lines).toHaveLength(1 + rows + 1);
	});

	it('writes the header and labels in the chosen language', () => {
		const sv = statisticsCsv(file(YOUTH_DELIVERY, 'sv')).toString('utf8').slice(1).split('\r\n');
		expect(sv[0]).toBe('Avsnitt;Kod;Kategori;Värde');
		expect(sv).toContain('Klienter efter kön;unknown;Uppgift saknas;×');
		expect(sv).toContain('Klienter: nya och fortsättande;total;Klienter totalt;42');
		const en = statisticsCsv(file(YOUTH_DELIVERY, 'en')).toString('utf8').slice(1).split('\r\n');
		expect(en[0]).toBe('Section;Code;Category;Value');
		expect(en).toContain('Clients by gender;other;Other;<5');
	});
});

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
	expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
	return workbook;
}

const rowValues = (sheet: ExcelJS.Worksheet, row: number, n: number) => (sheet.getRow(row).values as unknown[]).slice(1, n + 1);

describe('statisticsXlsx', () => {
	it('writes the `data` sheet: one row per cell, shown values as numbers and suppressed ones as "<5" and "×"', async () => {
		const workbook = await load(await statisticsXlsx(file(YOUTH_DELIVERY)));
		const data = workbook.getWorksheet(DATA_SHEET);
		expect(data).toBeDefined();
		if (!data) return;
		expect(rowValues(data, 1, 4)).toEqual(['section', 'code', 'label', 'value']);
		expect(data.rowCount).toBe(1 + YOUTH_ROWS);
		expect(rowValues(data, 2, 4)).toEqual(['status', 'new', 'Uudet', 12]);
		expect(rowValues(data, 4, 4)).toEqual(['status', 'total', 'Asiakkaat yhteensä', 42]);
		const all = Array.from({ length: data.rowCount - 1 }, (_, i) => rowValues(data, i + 2, 4));
		expect(all).toContainEqual(['gender', 'other', 'Muu', '<5']);
		expect(all).toContainEqual(['gender', 'unknown', 'Ei tietoa', '×']);
		expect(all).toContainEqual(['encounter-channel', 'total', 'Kohtaamiset yhteensä', 1234]);
		// Every cell of the report, in report order, equals what the delivery says.
		const expected = YOUTH_DELIVERY.report.sections.flatMap((s) =>
			[...s.rows, { code: 'total', cell: s.total }].map((r) => [s.id, r.code, r.cell.state === 'shown' ? r.cell.value : r.cell.state === 'primary' ? '<5' : '×'])
		);
		expect(all.map(([s, c, , v]) => [s, c, v])).toEqual(expected);
		expect(workbook.getWorksheet(CHANGES_SHEET.fi)).toBeUndefined();
	});

	it('writes the report sheet for people: title, window, units, delivery time, hash, legend, then each section with its total', async () => {
		const workbook = await load(await statisticsXlsx(file(YOUTH_DELIVERY)));
		expect(workbook.worksheets.map((w) => w.name)).toEqual([REPORT_SHEET.fi, DATA_SHEET]);
		const sheet = workbook.getWorksheet(REPORT_SHEET.fi);
		if (!sheet) throw new Error('no report sheet');
		expect(sheet.getCell('A1').value).toBe('Nuorisotyön asiakastilasto');
		const facts = Object.fromEntries(Array.from({ length: 7 }, (_, i) => rowValues(sheet, i + 2, 2)));
		expect(facts).toEqual({
			Organisaatio: 'Testijärjestö ry',
			Aikaväli: 'Tammi–huhtikuu 2026 (1.1.–30.4.2026)',
			Yksiköt: 'Etsivä nuorisotyö, Nuorten työpaja',
			'Tuotettu toimitettavaksi': '4.5.2026 klo 10.30, tuottaja Ville Vastaava',
			'Tarkiste (SHA-256)': YOUTH_DELIVERY.hash,
			'Edellinen toimitus': 'Ei aiempaa toimitusta',
			'Pienten lukujen suojaus': '<5 = alle 5; × = salattu, ettei pieni luku paljastu'
		});
		const rows = Array.from({ length: sheet.rowCount }, (_, i) => rowValues(sheet, i + 1, 2));
		const gender = rows.findIndex(([a]) => a === 'Asiakkaat sukupuolen mukaan');
		expect(gender).toBeGreaterThan(8);
		expect(rows.slice(gender + 1, gender + 6)).toEqual([
			['Nainen', 20],
			['Mies', 18],
			['Muu', '<5'],
			['Ei tietoa', '×'],
			['Asiakkaat yhteensä', 42]
		]);
		expect(sheet.getRow(gender + 6).font?.bold).toBe(true);
		expect(sheet.getCell(`B${gender + 2}`).type).toBe(ExcelJS.ValueType.Number);
	});

	it('adds a sheet of the changes since the previous delivery', async () => {
		const workbook = await load(await statisticsXlsx(file(SECOND)));
		const changes = workbook.getWorksheet(CHANGES_SHEET.fi);
		expect(changes).toBeDefined();
		if (!changes) return;
		expect(rowValues(changes, 1, 5)).toEqual(['Osio', 'Luokka', 'Edellinen', 'Nyt', 'Muutos']);
		expect(rowValues(changes, 2, 5)).toEqual(['Asiakkaat: uudet ja jatkavat', 'Uudet', 12, 13, 1]);
		expect(rowValues(changes, 3, 5)).toEqual(['Asiakkaat: uudet ja jatkavat', 'Asiakkaat yhteensä', 42, 43, 1]);
		expect(rowValues(changes, 4, 4)).toEqual(['Asiakkaat sukupuolen mukaan', 'Muu', '<5', 5]);
		expect(changes.getCell('E4').value).toBeNull();
		const report = workbook.getWorksheet(REPORT_SHEET.fi);
		expect(report?.getCell('B7').value).toBe('4.5.2026 klo 10.30 (c0ffee000000)');
	});

	it('names sheets and labels in the chosen language', async () => {
		const workbook = await load(await statisticsXlsx(file(SECOND, 'sv')));
		expect(workbook.worksheets.map((w) => w.name)).toEqual(['Rapport', 'data', 'Ändringar']);
		const data = workbook.getWorksheet(DATA_SHEET);
		expect(data && rowValues(data, 2, 4)).toEqual(['status', 'new', 'Nya', 12]);
		expect(workbook.getWorksheet('Rapport')?.getCell('A1').value).toBe('Klientstatistik för ungdomsarbete');
	});

	it('says which ESF project the report counts, or that it counts every project', async () => {
		const facts = async (delivery: Delivery, locale: StatisticsFile['locale'] = 'fi') => {
			const sheet = (await load(await statisticsXlsx(file(delivery, locale)))).worksheets[0];
			if (!sheet) throw new Error('no report sheet');
			return Object.fromEntries(Array.from({ length: 8 }, (_, i) => rowValues(sheet, i + 2, 2)));
		};
		const one = fixtureDelivery('esf', JAN_APR_2026, {}, { project: 'S30794' });
		expect(await facts(DeliverySchema.parse({ ...one, report: { ...one.report, project: 'S30794' } }))).toMatchObject({ Yksiköt: 'Etsivä nuorisotyö, Nuorten työpaja', 'Hanke (ESR)': 'S30794' });
		expect(await facts(DeliverySchema.parse({ ...one, project: null, report: { ...one.report, project: null } }), 'en')).toMatchObject({ 'Project (ESF)': 'Every project' });
		expect(await facts(YOUTH_DELIVERY)).not.toHaveProperty('Hanke (ESR)');
	});

	it('keeps hours as decimal numbers', async () => {
		const workshop = fixtureDelivery('workshop', JAN_APR_2026, { 'attendance:present-hours': 1234.5, 'attendance:absent-sick': COMPLEMENTARY });
		const data = (await load(await statisticsXlsx(file(workshop)))).getWorksheet(DATA_SHEET);
		if (!data) throw new Error('no data sheet');
		const all = Array.from({ length: data.rowCount - 1 }, (_, i) => rowValues(data, i + 2, 4));
		expect(all).toContainEqual(['attendance', 'present-hours', 'Läsnäolotunnit', 1234.5]);
		expect(all).toContainEqual(['attendance', 'absent-sick', 'Poissaolopäivät: sairas', '×']);
	});
});

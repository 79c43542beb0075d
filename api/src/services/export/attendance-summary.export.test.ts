import { attendanceSummary, type SummaryInput } from '@polku/shared';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { attendanceSummaryCsv, attendanceSummaryXlsx, SUMMARY_SHEET } from './attendance-summary.export';

const contract = { contractStart: '2026-01-01', contractEnd: null, weekdays: [1, 2, 3, 4, 5], daysPerWeek: 5, hoursPerDay: 6, startDate: '2026-01-01', endDate: null };
const mark = (date: string, status: 'present' | 'absent', hours: number | null, absenceReason: 'sick' | 'authorised' | null = null) => ({ date, status, hours, absenceReason, deletedAt: null });

/**
 * March 2026 (Mon 2. … Tue 31.: 22 weekdays). Öljynen, Mon–Fri 6 h, payer A, 9 € a day: present 2.–4.
 * (6 h, 6 h, 5.75 h) and Sat 7. (3 h, off contract); sick 5.; authorised 6.; the other 17 weekdays
 * unmarked. Åberg, Mon–Wed 4 h, no payer, no compensation: present 2. (4 h). A name with `;` and a
 * formula-like payer are escaped in the CSV.
 */
const inputs: SummaryInput[] = [
	{
		period: { ...contract, id: 'a0000000-0000-4000-8000-000000000001', clientId: 'c0000000-0000-4000-8000-000000000001', type: 'youth-workshop', payingOrganisation: 'Kaupungin sosiaalipalvelut', expenseCompensationCents: 900 },
		participant: 'Öljynen Äijä',
		marks: [mark('2026-03-02', 'present', 6), mark('2026-03-03', 'present', 6), mark('2026-03-04', 'present', 5.75), mark('2026-03-07', 'present', 3), mark('2026-03-05', 'absent', null, 'sick'), mark('2026-03-06', 'absent', null, 'authorised')]
	},
	{
		period: { ...contract, weekdays: [1, 2, 3], daysPerWeek: 3, hoursPerDay: 4, id: 'a0000000-0000-4000-8000-000000000002', clientId: 'c0000000-0000-4000-8000-000000000002', type: 'rehabilitative', payingOrganisation: null, expenseCompensationCents: null },
		participant: 'Åberg; "Kalle"',
		marks: [mark('2026-03-02', 'present', 4)]
	},
	{
		period: { ...contract, id: 'a0000000-0000-4000-8000-000000000003', clientId: 'c0000000-0000-4000-8000-000000000003', type: 'work-trial', payingOrganisation: '=HYPERLINK("x")', expenseCompensationCents: 1050 },
		participant: 'Virtanen Ville',
		marks: []
	}
];
const summary = attendanceSummary('u0000000-0000-4000-8000-000000000001', '2026-03', inputs);

describe('attendanceSummaryCsv', () => {
	it('writes UTF-8 with a BOM, `;` separators, CRLF lines and decimal commas', () => {
		const csv = attendanceSummaryCsv(summary, 'fi');
		const bytes = Buffer.from(csv, 'utf8');
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(csv.endsWith('\r\n')).toBe(true);
		expect(csv.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
		const lines = csv.slice(1).split('\r\n').slice(0, -1);
		expect(lines[0]).toBe(
			'Valmentautuja;Jakson tyyppi;Maksaja;Sopimuspäivät;Läsnäolopäivät;Läsnäolotunnit;Sopimuksen tunnit;Sairas;Luvallinen poissaolo;Luvaton poissaolo;Muu poissaolo;Merkitsemättä;Sopimuksen ulkopuoliset päivät;Kulukorvaus €'
		);
		// Payers sorted: '=HYPERLINK…' < 'Kaupungin…' by the Finnish collator, null last.
		expect(lines.slice(1)).toEqual([
			`Virtanen Ville;Työkokeilu;'=HYPERLINK(""x"");22;0;0;132;0;0;0;0;22;0;0,00`.replace(`'=HYPERLINK(""x"")`, `"'=HYPERLINK(""x"")"`),
			'Öljynen Äijä;Nuorten työpajajakso;Kaupungin sosiaalipalvelut;22;4;20,75;132;1;1;0;0;17;1;36,00',
			'"Åberg; ""Kalle""";Kuntouttava työtoiminta;Ei maksajaa;14;1;4;56;0;0;0;0;13;0;',
			`Yhteensä (1);;"'=HYPERLINK(""x"")";22;0;0;;;;;;;;0,00`,
			'Yhteensä (1);;Kaupungin sosiaalipalvelut;22;4;20,75;;;;;;;;36,00',
			'Yhteensä (1);;Ei maksajaa;14;1;4;;;;;;;;'
		]);
		expect(lines).toHaveLength(7);
	});

	it('writes the header row in the chosen language', () => {
		const sv = attendanceSummaryCsv(summary, 'sv');
		expect(sv.slice(1).split('\r\n')[0]).toMatch(/^Deltagare;Periodens typ;Betalare;Avtalsdagar;Närvarodagar;Närvarotimmar;/);
		expect(sv).toContain('Ingen betalare');
		const en = attendanceSummaryCsv(summary, 'en');
		expect(en.slice(1).split('\r\n')[0]).toMatch(/^Participant;Type of period;Payer;Contract days;Days present;Hours present;Contract hours;Sick;/);
		expect(en).toContain('Rehabilitative work activity');
	});
});

describe('attendanceSummaryXlsx', () => {
	it('writes the sheet "Yhteenveto": headers in row 1, one row per period, then a subtotal per payer, numbers as numbers', async () => {
		const buffer = await attendanceSummaryXlsx(summary, 'fi', { createdAt: new Date('2026-04-01T08:00:00Z') });
		expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
		const sheet = workbook.getWorksheet(SUMMARY_SHEET);
		expect(sheet).toBeDefined();
		if (!sheet) return;
		const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1, 15);
		expect(values(1)).toEqual([
			'Valmentautuja',
			'Jakson tyyppi',
			'Maksaja',
			'Sopimuspäivät',
			'Läsnäolopäivät',
			'Läsnäolotunnit',
			'Sopimuksen tunnit',
			'Sairas',
			'Luvallinen poissaolo',
			'Luvaton poissaolo',
			'Muu poissaolo',
			'Merkitsemättä',
			'Sopimuksen ulkopuoliset päivät',
			'Kulukorvaus €'
		]);
		expect(values(2)).toEqual(['Virtanen Ville', 'Työkokeilu', '=HYPERLINK("x")', 22, 0, 0, 132, 0, 0, 0, 0, 22, 0, 0]);
		expect(values(3)).toEqual(['Öljynen Äijä', 'Nuorten työpajajakso', 'Kaupungin sosiaalipalvelut', 22, 4, 20.75, 132, 1, 1, 0, 0, 17, 1, 36]);
		// No compensation: the € cell is empty.
		expect(values(4).slice(0, 13)).toEqual(['Åberg; "Kalle"', 'Kuntouttava työtoiminta', 'Ei maksajaa', 14, 1, 4, 56, 0, 0, 0, 0, 13, 0]);
		expect(sheet.getCell('N4').value).toBeNull();
		expect(sheet.getCell('A5').value).toBe('Yhteensä (1)');
		expect(sheet.getCell('C6').value).toBe('Kaupungin sosiaalipalvelut');
		expect(sheet.getCell('E6').value).toBe(4);
		expect(sheet.getCell('F6').value).toBe(20.75);
		expect(sheet.getCell('N6').value).toBe(36);
		expect(sheet.getCell('N6').numFmt).toBe('0.00');
		expect(sheet.getCell('C7').value).toBe('Ei maksajaa');
		expect(sheet.getCell('N7').value).toBeNull();
		expect(sheet.rowCount).toBe(7);
		// Text is text, never a formula.
		expect(sheet.getCell('C2').type).toBe(ExcelJS.ValueType.String);
	});
});

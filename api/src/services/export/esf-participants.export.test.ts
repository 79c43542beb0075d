import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ESF_DATA_HEADERS, ESF_DATA_SHEET, ESF_PARTICIPANTS_SHEET, esfParticipantsCsv, esfParticipantsXlsx, type EsfParticipantRow } from './esf-participants.export';

/** Three participants: one ongoing with two disadvantages, one who left, one who declined to answer. */
const ROWS: EsfParticipantRow[] = [
	{
		participantNumber: 3,
		projectCode: 'S30794',
		startDate: '2026-03-02',
		ageAtStart: 18,
		gender: 'female',
		employmentStatusAtStart: 'unemployed',
		educationAtStart: '0-2',
		disadvantages: ['disability', 'foreign-background'],
		disadvantageDeclined: false,
		endDate: null,
		employmentStatusAtEnd: null,
		qualificationGained: null
	},
	{
		participantNumber: 7,
		projectCode: 'S30794',
		startDate: '2025-09-01',
		ageAtStart: 35,
		gender: 'male',
		employmentStatusAtStart: 'long-term-unemployed',
		educationAtStart: '3-4',
		disadvantages: [],
		disadvantageDeclined: false,
		endDate: '2026-04-15',
		employmentStatusAtEnd: 'employed',
		qualificationGained: null
	},
	{
		participantNumber: 12,
		projectCode: 'S30794',
		startDate: '2026-01-10',
		ageAtStart: null,
		gender: 'other',
		employmentStatusAtStart: 'inactive',
		educationAtStart: 'unknown',
		disadvantages: [],
		disadvantageDeclined: true,
		endDate: null,
		employmentStatusAtEnd: null,
		qualificationGained: null
	}
];
const FILE = { rows: ROWS, locale: 'fi' as const, createdAt: new Date('2026-05-04T09:00:00.000Z') };

describe('esfParticipantsCsv', () => {
	it('writes UTF-8 with a BOM, `;`, CRLF: a header row, then one row per participant', () => {
		const bytes = esfParticipantsCsv(FILE);
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const text = bytes.toString('utf8').slice(1);
		expect(text.endsWith('\r\n')).toBe(true);
		expect(text.split('\r\n').slice(0, -1)).toEqual([
			'Osallistujanumero;Hankekoodi;Alkupäivä;Ikä alussa;Sukupuoli;Työmarkkina-asema alussa;Koulutus (ISCED);Heikommassa asemassa;Päättymispäivä;Tilanne lähtiessä;Tutkinto tai todistus',
			'3;S30794;2026-03-02;18;Nainen;Työtön;ISCED 0–2 (perusaste tai vähemmän);Vammainen tai pitkäaikaissairas, Ulkomaalaistaustainen;;;',
			'7;S30794;2025-09-01;35;Mies;Pitkäaikaistyötön;ISCED 3–4 (toinen aste tai erikoisammattitutkinto);Ei mitään näistä;2026-04-15;Työllinen;Ei tietoa',
			'12;S30794;2026-01-10;;Muunsukupuolinen;Työvoiman ulkopuolella (ei koulutuksessa);Ei tietoa;Ei halunnut vastata;;;'
		]);
	});

	it('labels in the chosen language and names nobody', () => {
		const en = esfParticipantsCsv({ ...FILE, locale: 'en' }).toString('utf8');
		expect(en).toContain('Participant number;Project code;Start date;Age at start;Gender;');
		expect(en).toContain('Non-binary;Inactive (not in education or training);No information;Declined to answer');
		const sv = esfParticipantsCsv({ ...FILE, locale: 'sv' }).toString('utf8');
		expect(sv).toContain('Deltagarnummer;Projektkod;');
	});
});

describe('esfParticipantsXlsx', () => {
	it('has the labelled sheet and a `data` sheet of codes, numbers as numbers', async () => {
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await esfParticipantsXlsx(FILE)) as unknown as ArrayBuffer);
		const people = workbook.getWorksheet(ESF_PARTICIPANTS_SHEET)!;
		const values = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
		expect(people.rowCount).toBe(4);
		expect(values(people, 1)[0]).toBe('Osallistujanumero');
		expect(values(people, 2)).toEqual([3, 'S30794', '2026-03-02', 18, 'Nainen', 'Työtön', 'ISCED 0–2 (perusaste tai vähemmän)', 'Vammainen tai pitkäaikaissairas, Ulkomaalaistaustainen']);
		const data = workbook.getWorksheet(ESF_DATA_SHEET)!;
		expect(values(data, 1)).toEqual([...ESF_DATA_HEADERS]);
		expect(values(data, 2)).toEqual([3, 'S30794', '2026-03-02', 18, 'female', 'unemployed', '0-2', 'disability,foreign-background']);
		expect(values(data, 3)).toEqual([7, 'S30794', '2025-09-01', 35, 'male', 'long-term-unemployed', '3-4', 'none', '2026-04-15', 'employed', 'unknown']);
		expect(values(data, 4)).toEqual([12, 'S30794', '2026-01-10', undefined, 'other', 'inactive', 'unknown', 'declined']);
	});
});

import { attendanceMarkId, buildPeriodReport, type CoachingPeriod, type PeriodReportInput } from '@polku/shared';
import { describe, expect, it } from 'vitest';
import { pdfText } from '../../lib/pdf-text';
import { formatNumber, renderPeriodReportPdf, toPrintable } from './period-report.pdf';

const at = '2026-02-02T08:00:00.000Z';
const meta = { version: 1, createdBy: '00000000-0000-4000-8000-000000000001', createdAt: at, updatedAt: at, deletedAt: null };
const period: CoachingPeriod = {
	id: '11111111-1111-4111-8111-111111111111',
	clientId: '22222222-2222-4222-8222-222222222222',
	unitId: '33333333-3333-4333-8333-333333333333',
	type: 'youth-workshop',
	workCoachId: null,
	individualCoachId: null,
	referringOrganisation: 'Etsivä nuorisotyö',
	referringContact: null,
	payingOrganisation: 'Kaupungin sosiaalipalvelut',
	payingContact: null,
	contractStart: '2026-02-02',
	contractEnd: '2026-02-13',
	daysPerWeek: 5,
	hoursPerDay: 6,
	weekdays: [1, 2, 3, 4, 5],
	priceCents: null,
	priceUnit: null,
	expenseCompensationCents: 900,
	startDate: '2026-02-02',
	endDate: '2026-02-13',
	placementAfter: 'degree-education',
	workTimePlan: null,
	...meta
};

const present = (date: string, hours: number) => ({ id: attendanceMarkId(period.id, date), date, status: 'present' as const, absenceReason: null, hours, deletedAt: null });
const absent = (date: string, absenceReason: 'sick' | 'authorised') => ({ date, status: 'absent' as const, absenceReason, hours: null, deletedAt: null });

/**
 * Two weeks, Mon–Fri 6 h: 10 contract days, 60 contract hours. Present Mon 2.–Fri 6. (5 × 6 h), Sat 7.
 * (3 h, off contract), Tue 10. (5.5 h), Fri 13. (6 h): 8 days, 44.5 h; sick Mon 9., authorised Wed 11.,
 * Thu 12. unmarked. Rate 8 / 10 = 80 %.
 */
const REPORT_INPUT: PeriodReportInput = {
	report: { kind: 'final', date: '2026-02-13', text: 'Jakso sujui hyvin.\n\nÖisin nukkuminen parani.' },
	participant: 'Äijä Öljynen',
	period,
	marks: [
		...['2026-02-02', '2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06'].map((d) => present(d, 6)),
		present('2026-02-07', 3),
		absent('2026-02-09', 'sick'),
		present('2026-02-10', 5.5),
		absent('2026-02-11', 'authorised'),
		present('2026-02-13', 6),
		// Deleted and outside the period: neither counts.
		{ ...present('2026-02-12', 6), deletedAt: at },
		present('2026-02-16', 6)
	],
	goals: [
		{ id: 'g1', text: 'Säännöllinen päivärytmi', status: 'partly-achieved', targetDate: '2026-02-13', deletedAt: null },
		{ id: 'g2', text: 'Poistettu tavoite', status: 'dropped', targetDate: null, deletedAt: at }
	],
	notes: [{ goalId: 'g1', date: '2026-02-09', text: 'Herätys kello seitsemältä onnistui.', deletedAt: null }],
	assessments: [
		{ instrumentId: 'social-empowerment', mode: 'self', date: '2026-02-02', answers: { 'self-knowledge.strengths': 2, 'self-knowledge.self-worth': 3 }, createdAt: at, deletedAt: null },
		{ instrumentId: 'social-empowerment', mode: 'self', date: '2026-02-13', answers: { 'self-knowledge.strengths': 4, 'self-knowledge.self-worth': 5 }, createdAt: at, deletedAt: null },
		{ instrumentId: 'social-empowerment', mode: 'coach', date: '2026-02-03', answers: { 'self-knowledge.strengths': 3, 'social-skills.group': 2 }, createdAt: at, deletedAt: null }
	]
};

describe('renderPeriodReportPdf', () => {
	it('renders the figures, goals, assessments and labels in Finnish, readable by pdftotext with ä/ö', async () => {
		const content = buildPeriodReport(REPORT_INPUT);
		const pdf = await renderPeriodReportPdf(content, { locale: 'fi', printedAt: new Date('2026-02-16T10:30:00Z') });
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const text = pdfText(pdf);
		expect(text).toContain('Loppulausunto 13.2.2026');
		expect(text).toContain('Äijä Öljynen');
		expect(text).toContain('Nuorten työpajajakso');
		expect(text).toContain('Kaupungin sosiaalipalvelut');
		expect(text).toContain('Etsivä nuorisotyö');
		expect(text).toMatch(/Sopimuksen mukaiset päivät\s+10\b/);
		expect(text).toMatch(/Läsnäolopäivät\s+8\b/);
		expect(text).toMatch(/Läsnäolotunnit\s+44,5\b/);
		expect(text).toMatch(/Sopimuksen tunnit\s+60\b/);
		expect(text).toMatch(/Läsnäoloprosentti\s+80 %/);
		expect(text).toMatch(/Poissaolot: Sairas\s+1\b/);
		expect(text).toMatch(/Poissaolot: Luvallinen poissaolo\s+1\b/);
		expect(text).toMatch(/Poissaolot: Luvaton poissaolo\s+0\b/);
		expect(text).toMatch(/Merkitsemättä\s+1\b/);
		expect(text).toContain('ma, ti, ke, to, pe');
		expect(text).toContain('Säännöllinen päivärytmi');
		expect(text).toContain('Osittain saavutettu');
		expect(text).toContain('9.2.2026: Herätys kello seitsemältä onnistui.');
		expect(text).not.toContain('Poistettu tavoite');
		expect(text).toContain('Sosiaalinen vahvistuminen');
		// Self first 2.5, self latest 4.5, coach first = latest 3 (self-knowledge); social skills: coach 2 only.
		expect(text).toMatch(/Itsetuntemus\s+2,5\s+4,5\s+3\s+3/);
		expect(text).toMatch(/Sosiaaliset taidot\s+–\s+–\s+2\s+2/);
		expect(text).toContain('Tutkintoon johtava koulutus');
		expect(text).toContain('Öisin nukkuminen parani.');
		expect(text).toContain('Salassa pidettävä');
		expect(text).toContain('Tulostettu 16.2.2026');
	});

	it('uses the chosen language for headings and code labels', async () => {
		const content = buildPeriodReport({ ...REPORT_INPUT, report: { ...REPORT_INPUT.report, kind: 'interim' }, period: { ...period, endDate: null, placementAfter: null } });
		const sv = pdfText(await renderPeriodReportPdf(content, { locale: 'sv', printedAt: new Date('2026-02-16T10:30:00Z') }));
		expect(sv).toContain('Mellanrapport');
		expect(sv).toMatch(/Närvarodagar\s+8\b/);
		expect(sv).toContain('Period i ungdomsverkstad');
		expect(sv).toContain('Perioden pågår.');
		expect(sv).toContain('Sekretessbelagd');
		const en = pdfText(await renderPeriodReportPdf(content, { locale: 'en', printedAt: new Date('2026-02-16T10:30:00Z') }));
		expect(en).toMatch(/Hours present\s+44\.5\b/);
		expect(en).toContain('Partly achieved');
	});

	it('shows a local placement code by its label and says when nothing is recorded', async () => {
		const content = buildPeriodReport({ ...REPORT_INPUT, goals: [], assessments: [], period: { ...period, placementAfter: 'local:oma-paja' } });
		const text = pdfText(
			await renderPeriodReportPdf(content, {
				locale: 'fi',
				printedAt: new Date('2026-02-16T10:30:00Z'),
				codeOverrides: { placement: { hidden: [], local: [{ code: 'local:oma-paja', labels: { fi: 'Oman pajan jatkojakso', sv: 'Egen verkstad', en: 'Own workshop' }, mapsTo: 'other', hidden: false }] } }
			})
		);
		expect(text).toContain('Oman pajan jatkojakso');
		expect(text).toContain('Ei kirjattuja tavoitteita.');
		expect(text).toContain('Ei arviointeja.');
	});

	it('formats numbers with the decimal sign of the language', () => {
		expect(formatNumber(44.5, 'fi')).toBe('44,5');
		expect(formatNumber(1234.25, 'fi')).toBe('1234,25');
		expect(formatNumber(44.5, 'en')).toBe('44.5');
	});

	it('prints Latin, Cyrillic and Vietnamese names as written, and stands in for what the font lacks', async () => {
		expect(toPrintable('Łukasz Nguyễn Gödör Şahin Жанна Őrs')).toBe('Łukasz Nguyễn Gödör Şahin Жанна Őrs');
		expect(toPrintable('سارا 😀 → “ok” – 5 €')).toBe('???? ? -> “ok” – 5 €');
		const content = buildPeriodReport({ ...REPORT_INPUT, participant: 'Łukasz Nguyễn', report: { ...REPORT_INPUT.report, text: 'Жанна Erdős → Jóska' } });
		const text = pdfText(await renderPeriodReportPdf(content, { locale: 'fi', printedAt: new Date('2026-02-16T10:30:00Z') }));
		expect(text).toContain('Łukasz Nguyễn');
		expect(text).toContain('Жанна Erdős -> Jóska');
	});
});

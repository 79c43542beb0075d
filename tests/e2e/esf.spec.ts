/**
 * Issue 6, ESF participants on the coach's tablet: the record's ESR section suggests the start from
 * the client's record, records a participation with a disadvantage (a special category the coach
 * reaches), gets its participant number from the server, and ends it. The supervisor's participant
 * file lists it by number, never by name. Axe on the section as it changes.
 *
 * At the supervisor's desk: the ESF report of one project (the project field checked where it is
 * typed), its completeness check, the participant XLSX read back with exceljs against the API, and
 * the project's delivery.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { ClientInputSchema, ESF_REPORT, cellDisplay, helsinkiDate, type Completeness, type Delivery, type EsfParticipationInput, type Mutation, type StatisticsReport } from '@polku/shared';
import { DEMO_OUTREACH_UNIT, DEMO_PASSWORD, expect, test } from '../fixtures';
import { fi, fill } from '../messages';
import { ClientPage } from '../page-models/client-page';
import { SyncStrip } from '../page-models/encounter-pages';
import { LoginPage } from '../page-models/login-page';
import { StatisticsPage } from '../page-models/statistics-pages';
import { apiAs, deviceAs, waitForServiceWorker } from '../server-check';

test('a coach records an ESF participation and ends it; the supervisor’s participant file lists it by number', { tag: '@only-tablet' }, async ({ page, a11y, playwright }) => {
	test.setTimeout(120_000);
	// A project of this run only (the data directory is fresh, but a retry must not meet its own record).
	const project = `E${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
	const year = new Date().getFullYear();

	await new LoginPage(page, a11y).loginAs('coach');
	await waitForServiceWorker(page);
	const strip = new SyncStrip(page);
	await strip.expectAllSent();
	const clients = new ClientPage(page, a11y);
	await clients.open('Juho', 'Juho Pajanen');
	await clients.section(fi.record_section_esf);
	await expect(page.getByTestId('esf').or(page.getByText(fi.record_esf_none))).toBeVisible();
	await a11y.check('esf');

	// The start, suggested from the record: the coach confirms it and adds a disadvantage.
	const form = page.locator('form.section-form').filter({ has: page.getByRole('heading', { name: fi.record_esf_add }) });
	await form.getByLabel(`${fi.record_esf_project} *`, { exact: true }).fill(project.toLowerCase());
	await expect(form.getByLabel(`${fi.record_esf_status_start} *`, { exact: true })).not.toHaveValue('');
	await form.getByRole('checkbox', { name: 'Maaseudulta', exact: true }).check();
	await form.getByRole('button', { name: fi.record_esf_add, exact: true }).click();
	const item = page.getByTestId('esf').locator('li').filter({ hasText: fill(fi.record_esf_project_title, { code: project }) });
	await expect(item).toBeVisible();
	await expect(item).toContainText('Maaseudulta');
	await a11y.check('esf added');

	// The server gives the participant number; the record shows it once pulled back.
	await strip.expectAllSent();
	await expect(item).toContainText(/Osallistujanumero \d+/, { timeout: 20_000 });
	const number = /Osallistujanumero (\d+)/.exec((await item.textContent()) ?? '')?.[1];

	// Ending it: the end date and the status on leaving.
	await item.getByRole('button', { name: fill(fi.record_esf_change, { code: project }), exact: true }).click();
	await a11y.check('esf change');
	const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });
	await item.getByLabel(fi.record_esf_end, { exact: true }).fill(today);
	await item.getByLabel(fi.record_esf_status_end, { exact: true }).selectOption('education');
	await item.getByRole('button', { name: fi.save, exact: true }).click();
	await expect(item).toContainText('Koulutuksessa');
	await strip.expectAllSent();

	// The supervisor's participant file: by number, with the disadvantage, and no name.
	const { api } = await apiAs(playwright, 'supervisor', DEMO_PASSWORD);
	const res = await api.get(`/api/statistics/esf/participants.csv?window=year:year:${year}&project=${project}&lang=fi`);
	expect(res.status()).toBe(200);
	const lines = (await res.text()).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
	expect(lines).toHaveLength(2);
	expect(lines[1]).toMatch(new RegExp(`^${number};${project};\\d{4}-\\d{2}-\\d{2};\\d*;`));
	expect(lines[1]).toContain('Maaseudulta');
	expect(lines[1]).toContain(`${today};Koulutuksessa;`);
	expect(lines.join('\n')).not.toContain('Pajanen');
	await api.dispose();
});

test('a supervisor views one ESF project’s report and downloads its participant file', { tag: '@only-desktop' }, async ({ page, a11y, playwright }) => {
	test.setTimeout(120_000);
	// Projects of this run only: the figures are ours alone.
	const code = (letter: string) => `${letter}${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
	const project = code('P');
	const other = code('Q');
	const today = helsinkiDate(new Date());
	const year = Number(today.slice(0, 4));
	const WINDOW = `year:year:${year}`;

	// The outreach worker's phone records three participants: two in the project (one left today,
	// employed and qualified; one whose status at start is "ei tietoa") and one in another project.
	const worker = await deviceAs(playwright, 'worker', DEMO_PASSWORD);
	const unitId = worker.me.units.find((u) => u.name === DEMO_OUTREACH_UNIT)?.id ?? '';
	expect(unitId, 'the worker’s outreach unit').not.toBe('');
	const people = [
		{ client: { firstName: 'Esr', lastName: 'Ensimmäinen', gender: 'female', birthYear: 2004 }, esf: { projectCode: project, employmentStatusAtStart: 'unemployed', educationAtStart: '0-2', endDate: today, employmentStatusAtEnd: 'employed', qualificationGained: 'yes' } },
		{ client: { firstName: 'Esr', lastName: 'Toinen', gender: 'male', birthYear: 1999 }, esf: { projectCode: project, employmentStatusAtStart: 'unknown', educationAtStart: '3-4' } },
		{ client: { firstName: 'Esr', lastName: 'Kolmas', gender: 'other', birthYear: 1990 }, esf: { projectCode: other, employmentStatusAtStart: 'inactive', educationAtStart: '5-8' } }
	] as const;
	const mutations: Mutation[] = people.flatMap(({ client, esf }) => {
		const data = ClientInputSchema.parse({ id: randomUUID(), unitId, nickname: null, municipality: 'unknown', startDate: today, ...client });
		const participation: EsfParticipationInput = {
			id: randomUUID(),
			clientId: data.id,
			startDate: today,
			disadvantages: [],
			disadvantageDeclined: false,
			endDate: null,
			employmentStatusAtEnd: null,
			qualificationGained: null,
			...esf
		};
		return [
			{ kind: 'client.create', data },
			{ kind: 'esf-participation.create', data: participation }
		];
	});
	expect((await worker.push(mutations)).map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
	await worker.api.dispose();

	await new LoginPage(page, a11y).loginAs('supervisor');
	const stats = new StatisticsPage(page, a11y);
	await stats.open();
	await stats.choose(ESF_REPORT.labels.fi, { kind: 'year', year });

	// The project field says at once when it is not a EURA code, and the report waits for one.
	await stats.project.fill('P123');
	await stats.project.blur();
	await expect(stats.project).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText(fi.statistics_esf_project_invalid, { exact: true })).toBeVisible();
	await a11y.check('esf project invalid');
	await page.getByRole('button', { name: fi.stats_show, exact: true }).click();
	await expect(stats.project).toBeFocused();
	await expect(stats.report).toHaveCount(0);
	await stats.project.fill(project.toLowerCase());
	await expect(stats.project).not.toHaveAttribute('aria-invalid', 'true');
	await stats.show();
	await expect(stats.project).toHaveValue(project);
	await expect(stats.report).toHaveAttribute('data-window', WINDOW);
	await expect(page.getByTestId('stats-project')).toHaveText(fill(fi.statistics_esf_project_value, { project }));

	// The figures are the API's for the project (small ones as "<5"), and the check counts its gaps.
	const meta = (await stats.report.locator('.meta').textContent()) ?? '';
	const query = `window=${encodeURIComponent(WINDOW)}&project=${project}`;
	const report = (await (await page.request.get(`/api/statistics/reports/esf?${query}`)).json()) as StatisticsReport;
	expect(report.project).toBe(project);
	expect(meta).toContain(fill(fi.statistics_esf_project_value, { project }));
	for (const section of report.sections) {
		const table = page.locator(`[data-testid="stats-section"][data-section="${section.id}"]`);
		for (const row of [...section.rows, { code: 'total', cell: section.total }]) {
			await expect(table.locator(`tr[data-code="${row.code}"] td`), `${section.id}:${row.code}`).toHaveText(cellDisplay(row.cell, report.threshold, true));
		}
	}
	const check = (await (await page.request.get(`/api/statistics/reports/esf/completeness?${query}`)).json()) as Completeness;
	expect(check.checked).toBe(2);
	expect(check.fields.find((f) => f.field === 'esf-employment-status-at-start')?.count).toBe(1);
	await expect(page.locator('[data-testid="completeness-fields"] [data-field="esf-employment-status-at-start"]')).toContainText(`${fi.stats_field_esf_status_start}: 1`);
	await expect(page.getByTestId('completeness-hidden')).toBeVisible();

	// The participant file: one row per participant of the project by number, as the API gives it.
	const block = page.getByTestId('esf-participants');
	await expect(block.getByRole('heading', { name: fi.statistics_esf_participants_title })).toBeVisible();
	const [download] = await Promise.all([page.waitForEvent('download'), block.getByRole('link', { name: fi.statistics_esf_participants_xlsx, exact: true }).click()]);
	expect(download.suggestedFilename()).toBe(`esf-participants-${project}-${WINDOW.replaceAll(':', '-')}.xlsx`);
	const file = join(mkdtempSync(join(tmpdir(), 'polku-esf-')), 'participants.xlsx');
	await download.saveAs(file);
	const book = new ExcelJS.Workbook();
	await book.xlsx.readFile(file);
	const rowsOf = (name: string) => {
		const sheet = book.getWorksheet(name);
		expect(sheet, name).toBeTruthy();
		const rows: string[][] = [];
		sheet!.eachRow((row) => rows.push(Array.from({ length: 11 }, (_, i) => String(row.getCell(i + 1).value ?? ''))));
		return rows;
	};
	const csv = await page.request.get(`/api/statistics/esf/participants.csv?${query}&lang=fi`);
	expect(csv.status()).toBe(200);
	const lines = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
	expect(rowsOf('participants')).toEqual(lines.map((l) => l.split(';')));
	const data = rowsOf('data');
	expect(data[0]).toEqual(['participantNumber', 'projectCode', 'startDate', 'ageAtStart', 'gender', 'employmentStatusAtStart', 'educationAtStart', 'disadvantages', 'endDate', 'employmentStatusAtEnd', 'qualificationGained']);
	expect(data.slice(1).map((r) => [r[1], r[2], r[4], r[5], r[6], r[7], r[8], r[9], r[10]])).toEqual([
		[project, today, 'female', 'unemployed', '0-2', 'none', today, 'employed', 'yes'],
		[project, today, 'male', 'unknown', '3-4', 'none', '', '', '']
	]);
	expect(Number(data[1]?.[0])).toBeLessThan(Number(data[2]?.[0]));
	expect(JSON.stringify(rowsOf('participants'))).not.toMatch(/Ensimmäinen|Toinen|Kolmas/);

	// Produced for delivery: the project goes with the frozen figures.
	const id = await stats.produce();
	const delivery = (await (await page.request.get(`/api/statistics/deliveries/${id}`)).json()) as Delivery;
	expect(delivery).toMatchObject({ reportId: 'esf', project, previousId: null });
	expect(delivery.report.project).toBe(project);
	await expect(page.getByTestId('delivery-project')).toHaveText(project);
});

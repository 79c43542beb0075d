/**
 * Issue 5 on the coach's tablet: the morning roll-call of eight participants without a connection,
 * synced exactly once; self-assessment mode, which reaches nothing else of the app by navigation,
 * the back button or a typed address; the interim report's PDF with the period's figures (read back
 * with pdftotext); the month's attendance summary as XLSX (read back with exceljs). Axe on every page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import {
	addDays,
	attendanceFigures,
	attendanceMarkId,
	helsinkiDate,
	isoWeekday,
	type AttendanceMark,
	type AttendanceSummary,
	type CoachingPeriod
} from '@polku/shared';
import { DEMO_PASSWORD, expect, test } from '../fixtures';
import { fi, fill, t } from '../messages';
import { AppShell } from '../page-models/app-shell';
import { SyncStrip } from '../page-models/encounter-pages';
import { LoginPage } from '../page-models/login-page';
import { PeriodPage, RollCallPage } from '../page-models/workshop-pages';
import { auditTrail, pullAll, waitForServiceWorker } from '../server-check';

// One after another in one worker (not skipped on a failure): the summary and the report read the
// marks the roll-call writes.
test.describe.configure({ mode: 'default' });

/** The latest Monday–Friday on or before today, in Helsinki. */
function latestWeekday(): string {
	let day = helsinkiDate(new Date());
	while (isoWeekday(day) > 5) day = addDays(day, -1);
	return day;
}

const hoursText = (n: number) => String(n).replace('.', ',');

test('a coach takes the roll-call of eight participants offline; it reaches the server exactly once', { tag: '@only-tablet' }, async ({ page, context, a11y, playwright }) => {
	test.setTimeout(120_000);
	const day = latestWeekday();
	await new LoginPage(page, a11y).loginAs('coach');
	await waitForServiceWorker(page);
	const strip = new SyncStrip(page);
	await strip.expectAllSent();

	const rollCall = new RollCallPage(page, a11y);
	await rollCall.open();
	await context.setOffline(true);
	await rollCall.setDate(day);
	// The seed's ten Monday–Friday participants (and two more on Mondays to Wednesdays), none marked in the last week.
	await expect.poll(() => rollCall.rows().count()).toBeGreaterThanOrEqual(10);
	await expect(rollCall.list.locator('li[data-status="unmarked"]')).toHaveCount(await rollCall.rows().count());
	await a11y.check('roll-call, offline');

	const rows = rollCall.rows();
	const marked: { periodId: string; name: string }[] = [];
	for (let i = 0; i < 8; i++) {
		const row = rows.nth(i);
		const periodId = (await row.getAttribute('data-participant')) ?? '';
		const name = (await row.getByRole('link').first().textContent())?.trim() ?? '';
		marked.push({ periodId, name });
		if (i === 0) {
			// A quarter hour less than the contract, before the mark: still one mark, one mutation.
			const before = (await row.getByTestId('hours').textContent()) ?? '';
			await rollCall.fewerHours(row, name);
			await expect(row.getByTestId('hours')).not.toHaveText(before);
			await rollCall.present(row);
			await expect(row.getByTestId('mark-state')).toContainText(',75');
		} else if (i === 3) {
			await rollCall.absent(row, 'Sairas');
			await expect(row.getByTestId('mark-state')).toHaveText('Poissa: Sairas');
		} else if (i === 6) {
			await rollCall.absent(row, 'Luvallinen poissaolo');
		} else {
			await rollCall.present(row);
		}
		await expect(row.locator('.badge')).toHaveText(fi.record_pending_short);
	}
	await expect(page.getByTestId('rollcall-summary')).toContainText('8/');
	await strip.expectUnsent(8);
	await a11y.check('roll-call marked offline');

	await context.setOffline(false);
	await strip.expectAllSent(30_000);
	await expect(rollCall.list.locator('.badge')).toHaveCount(0, { timeout: 15_000 });

	const ids = new Set(marked.map((m) => attendanceMarkId(m.periodId, day)));
	const onServer = (await pullAll(playwright, 'coach', DEMO_PASSWORD)).filter((c) => c.entity === 'attendance' && ids.has(c.id));
	expect(onServer).toHaveLength(8);
	for (const change of onServer) {
		expect(change.version).toBe(1);
		expect(change.data?.date).toBe(day);
	}
	const first = onServer.find((c) => c.id === attendanceMarkId(marked[0]!.periodId, day));
	expect(first?.data?.status).toBe('present');
	expect(Number(first?.data?.hours) % 1).toBe(0.75);
	expect(onServer.filter((c) => c.data?.status === 'absent').map((c) => c.data?.absenceReason).sort()).toEqual(['authorised', 'sick']);

	const audit = await auditTrail(playwright, DEMO_PASSWORD, 500);
	const sets = audit.filter((a) => a.action === 'attendance.set' && a.entityId !== null && ids.has(a.entityId));
	expect(sets).toHaveLength(8);
	expect(new Set(sets.map((a) => a.entityId)).size).toBe(8);
	expect(audit.filter((a) => a.action === 'attendance.correct' && a.entityId !== null && ids.has(a.entityId))).toEqual([]);

	// A correction: three quick taps on + settle into one `attendance.set`, one more version and one
	// audited correction of the hours.
	const second = rows.nth(1);
	const secondId = attendanceMarkId(marked[1]!.periodId, day);
	const hoursBefore = Number(onServer.find((c) => c.id === secondId)?.data?.hours);
	for (let i = 0; i < 3; i++) await rollCall.moreHours(second, marked[1]!.name);
	await expect(second.getByTestId('mark-state')).toContainText(hoursText(hoursBefore + 0.75));
	await strip.expectAllSent(30_000);
	await expect(rollCall.list.locator('.badge')).toHaveCount(0, { timeout: 15_000 });
	const corrected = (await pullAll(playwright, 'coach', DEMO_PASSWORD)).find((c) => c.entity === 'attendance' && c.id === secondId);
	expect(corrected?.version).toBe(2);
	expect(Number(corrected?.data?.hours)).toBe(hoursBefore + 0.75);
	const corrections = (await auditTrail(playwright, DEMO_PASSWORD, 500)).filter((a) => a.action === 'attendance.correct' && a.entityId === secondId);
	expect(corrections).toHaveLength(1);
	expect(corrections[0]?.detail.fields).toEqual(['hours']);
});

test('self-assessment mode shows only the questionnaire until the coach unlocks it', { tag: '@only-tablet' }, async ({ page, a11y }) => {
	test.setTimeout(120_000);
	const name = 'Iida Työmaa';
	await new LoginPage(page, a11y).loginAs('coach');
	await waitForServiceWorker(page);
	await new SyncStrip(page).expectAllSent();
	const periods = new PeriodPage(page, a11y);
	await periods.openList();
	const periodId = await periods.open(name);
	await periods.section(fi.period_section_assessments);
	await expect(page.getByTestId('progress-chart')).toBeVisible();
	await expect(page.getByTestId('progress-table')).toBeVisible();
	await a11y.check('assessments');
	const selfBefore = await page.locator('[data-testid="assessments"] [data-mode="self"]').count();

	await page.getByTestId('start-self-assessment').click();
	await expect(page).toHaveURL(/\/self-assessment$/);
	const kiosk = page.getByTestId('kiosk');
	await expect(kiosk).toHaveAttribute('data-phase', 'questions');
	await expect(page.locator('nav.app-nav')).toHaveCount(0);
	await expect(page.locator('.menu-button')).toHaveCount(0);
	await expect(page.getByTestId('sync-status')).toHaveCount(0);
	await expect(page.locator('main')).not.toContainText('Työmaa');
	await a11y.check('self-assessment');

	// Back: cancelled; the questionnaire stays.
	await page.goBack();
	await expect(page).toHaveURL(/\/self-assessment$/);
	await expect(kiosk).toHaveAttribute('data-phase', 'questions');
	await expect(page.locator('body')).not.toContainText('Työmaa');

	// Typed addresses: the app loads again (locked) and shows only the lock screen of the mode.
	for (const address of ['/clients', `/periods/${periodId}`]) {
		await page.goto(address);
		await expect(page).toHaveURL(/\/self-assessment$/);
		await expect(kiosk).toHaveAttribute('data-phase', 'locked');
		await expect(page.locator('nav.app-nav')).toHaveCount(0);
		await expect(page.locator('body')).not.toContainText('Työmaa');
		await expect(page.locator('body')).not.toContainText('Pajanen');
	}
	await a11y.check('self-assessment locked');
	// The coach opens the vault again; the questionnaire goes on.
	await page.getByLabel(fi.kiosk_coach_password, { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: fi.unlock_submit, exact: true }).click();
	await expect(kiosk).toHaveAttribute('data-phase', 'questions');
	await expect(page.locator('body')).not.toContainText('Työmaa');

	// Answer every statement: 4 ("Pitää melko hyvin paikkansa") for the first, 3 for the rest; the
	// young person switches to Swedish half way and back, and no answer is lost.
	const items = page.locator('fieldset[data-item]');
	await expect(items).toHaveCount(15);
	const shell = new AppShell(page, a11y);
	for (let i = 0; i < 15; i++) {
		if (i === 8) {
			await shell.switchLanguage('sv');
			await expect(kiosk).toContainText(fill(t.sv.kiosk_answered, { count: '8' }));
			await expect(items.nth(0).getByRole('radio', { checked: true })).toHaveValue('4');
			await shell.switchLanguage('fi');
		}
		await items.nth(i).getByRole('radio', { name: i === 0 ? 'Pitää melko hyvin paikkansa' : 'Pitää jonkin verran paikkansa', exact: true }).check();
	}
	await expect(kiosk).toContainText(fill(t.fi.kiosk_answered, { count: '15' }));
	await a11y.check('self-assessment answered');
	await page.getByTestId('kiosk-done').click();
	await expect(kiosk).toHaveAttribute('data-phase', 'thanks');
	await a11y.check('self-assessment thanks');
	await page.getByTestId('kiosk-handback').click();
	await expect(kiosk).toHaveAttribute('data-phase', 'handback');
	// A wrong password keeps the mode.
	await page.getByLabel(fi.kiosk_coach_password, { exact: true }).fill('not-the-password');
	await page.getByRole('button', { name: fi.kiosk_end, exact: true }).click();
	await expect(page.getByLabel(fi.kiosk_coach_password, { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await expect(page).toHaveURL(/\/self-assessment$/);
	await a11y.check('kiosk wrong password');
	await page.getByLabel(fi.kiosk_coach_password, { exact: true }).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: fi.kiosk_end, exact: true }).click();

	await expect(page).toHaveURL(new RegExp(`/periods/${periodId}\\?tab=assessments$`));
	await expect(page.locator('nav.app-nav')).toBeVisible();
	await expect(page.getByTestId('period-name')).toHaveText(name);
	await expect(page.locator('[data-testid="assessments"] [data-mode="self"]')).toHaveCount(selfBefore + 1);
	await new SyncStrip(page).expectAllSent();
	await a11y.check('assessments after the self-assessment');
});

test('an interim report prints and downloads as a PDF with the period\'s figures', { tag: '@only-tablet' }, async ({ page, a11y, playwright }) => {
	test.setTimeout(120_000);
	const name = 'Juho Pajanen';
	const goal = 'Saapuu pajalle ajoissa joka päivä';
	await new LoginPage(page, a11y).loginAs('coach');
	await waitForServiceWorker(page);
	const strip = new SyncStrip(page);
	await strip.expectAllSent();
	const periods = new PeriodPage(page, a11y);
	await periods.openList();
	const periodId = await periods.open(name);
	await periods.section(fi.period_section_plan);
	await expect(page.getByTestId('goals')).toContainText(goal);
	await a11y.check('plan');
	await periods.section(fi.period_section_attendance);
	await expect(page.getByTestId('marks')).toBeVisible();
	await a11y.check('attendance');
	await periods.section(fi.period_section_diary);
	await a11y.check('diary');

	await periods.section(fi.period_section_reports);
	const reports = page.locator('[data-testid="reports"] li');
	const before = await reports.count();
	await page.getByRole('button', { name: fi.report_create, exact: true }).last().click();
	await expect(reports).toHaveCount(before + 1);
	await a11y.check('reports');
	await strip.expectAllSent();

	const report = page.locator('[data-testid="reports"] li[data-kind="interim"]').first();
	await report.getByTestId('open-report').click();
	await expect(page).toHaveURL(new RegExp(`/periods/${periodId}/reports/[0-9a-f-]{36}$`));
	const reportId = page.url().split('/').pop() ?? '';
	await expect(page.getByTestId('report-participant')).toHaveText(name);
	await a11y.check('report');

	// The server's own figures for the period up to the report's date.
	const changes = await pullAll(playwright, 'coach', DEMO_PASSWORD);
	const period = changes.find((c) => c.entity === 'coaching-period' && c.id === periodId)?.data as unknown as CoachingPeriod;
	expect(period).toBeTruthy();
	const marks = changes.filter((c) => c.entity === 'attendance' && c.data?.periodId === periodId).map((c) => c.data as unknown as AttendanceMark);
	const today = helsinkiDate(new Date());
	const figures = attendanceFigures(period, marks, period.startDate, today);
	expect(figures.daysPresent).toBeGreaterThan(10);
	await expect(page.locator('[data-testid="report-attendance"] [data-figure="daysPresent"]')).toHaveText(String(figures.daysPresent));

	// Print: the audited `printed` record is queued before the browser's dialog.
	await page.evaluate(() => {
		(window as unknown as { printed: number }).printed = 0;
		window.print = () => {
			(window as unknown as { printed: number }).printed += 1;
		};
	});
	await page.getByTestId('print-report').click();
	await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
	await strip.expectAllSent();

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-pdf').click()]);
	expect(download.suggestedFilename()).toMatch(/^valiraportti-\d{4}-\d{2}-\d{2}\.pdf$/);
	const file = join(mkdtempSync(join(tmpdir(), 'polku-pdf-')), 'report.pdf');
	await download.saveAs(file);
	expect(readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
	const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
	expect(text).toContain(name);
	expect(text).toContain(goal);
	expect(text).toMatch(new RegExp(`Läsnäolopäivät\\s+${figures.daysPresent}\\b`));
	expect(text).toMatch(new RegExp(`Läsnäolotunnit\\s+${hoursText(figures.hoursPresent)}\\b`));
	expect(text).toMatch(new RegExp(`Sopimuksen mukaiset päivät\\s+${figures.contractDays}\\b`));

	const audit = await auditTrail(playwright, DEMO_PASSWORD, 200);
	expect(audit.some((a) => a.action === 'coaching-report.print' && a.entityId === reportId)).toBe(true);
	expect(audit.some((a) => a.action === 'coaching-report.download' && a.entityId === reportId)).toBe(true);
});

test('the month\'s attendance summary downloads as XLSX with the same figures', { tag: '@only-tablet' }, async ({ page, a11y }) => {
	test.setTimeout(90_000);
	await new LoginPage(page, a11y).loginAs('coach');
	await waitForServiceWorker(page);
	await page.locator('nav.app-nav [data-nav="attendance-summary"]').click();
	await expect(page).toHaveURL(/\/attendance-summary$/);
	await expect(page.getByTestId('summary-table').first()).toBeVisible({ timeout: 15_000 });
	await a11y.check('attendance summary');

	const month = await page.getByLabel(fi.summary_month, { exact: true }).inputValue();
	const xlsxHref = (await page.getByTestId('summary-xlsx').getAttribute('href')) ?? '';
	const unitId = new URL(xlsxHref, 'http://x').searchParams.get('unitId') ?? '';
	const res = await page.request.get(`/api/attendance/summary?unitId=${unitId}&month=${month}`);
	expect(res.status()).toBe(200);
	const summary = (await res.json()) as AttendanceSummary;
	expect(summary.rows.length).toBeGreaterThanOrEqual(12);
	const juho = summary.rows.find((r) => r.participant === 'Juho Pajanen');
	expect(juho).toBeTruthy();
	await expect(page.locator(`[data-testid="summary-table"] tr[data-period="${juho!.periodId}"] [data-figure="daysPresent"]`)).toHaveText(`${juho!.daysPresent} / ${juho!.contractDays}`);

	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('summary-xlsx').click()]);
	const file = join(mkdtempSync(join(tmpdir(), 'polku-xlsx-')), 'summary.xlsx');
	await download.saveAs(file);
	const book = new ExcelJS.Workbook();
	await book.xlsx.readFile(file);
	const sheet = book.getWorksheet('Yhteenveto');
	expect(sheet).toBeTruthy();
	const header = (sheet!.getRow(1).values as unknown[]).slice(1);
	expect(header).toHaveLength(14);
	expect(header.every((h) => typeof h === 'string' && h.length > 0)).toBe(true);

	const byName = new Map<string, unknown[]>();
	for (let r = 2; r <= sheet!.rowCount; r++) {
		const values = (sheet!.getRow(r).values as unknown[]).slice(1);
		if (typeof values[0] === 'string') byName.set(values[0], values);
	}
	for (const row of summary.rows) {
		const cells = byName.get(row.participant);
		expect(cells, row.participant).toBeTruthy();
		expect(cells![2] ?? null, `${row.participant} payer`).toBe(row.payer ?? null);
		expect(cells!.slice(3, 13), row.participant).toEqual([
			row.contractDays,
			row.daysPresent,
			row.hoursPresent,
			row.contractHours,
			row.absences.sick,
			row.absences.authorised,
			row.absences.unauthorised,
			row.absences.other,
			row.unmarkedDays,
			row.extraDays
		]);
	}
});

/**
 * Issue 6 at the supervisor's desk: the youth-work report for a window, the completeness check,
 * producing it for delivery (frozen figures, SHA-256, changes since the previous delivery) and the
 * XLSX read back with exceljs, cell by cell against the delivery from the API, "<5" cells included;
 * the dashboard's charts with their tables reached by keyboard; the pages offline. Axe on every page.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { YOUTH_WORK_REPORT, cellDisplay, helsinkiDate, type Dashboard, type Delivery } from '@polku/shared';
import { expect, test } from '../fixtures';
import { fi } from '../messages';
import { LoginPage } from '../page-models/login-page';
import { DashboardPage, StatisticsPage } from '../page-models/statistics-pages';
import { waitForServiceWorker } from '../server-check';

// One after another in one worker: the second delivery's "previous" is the first.
test.describe.configure({ mode: 'default' });

const year = Number(helsinkiDate(new Date()).slice(0, 4));
const WINDOW = `national:jan-dec:${year}`;

/** A cell as the `data` sheet holds it: a shown value as a number, a suppressed one as "<5" or "×". */
const sheetValue = (cell: Delivery['report']['sections'][number]['total'], threshold: number) =>
	cell.state === 'shown' && cell.value !== null ? cell.value : cellDisplay(cell, threshold);

test('a supervisor produces the year\'s report for delivery and downloads the XLSX with the same figures', { tag: '@only-desktop' }, async ({ page, a11y }) => {
	test.setTimeout(120_000);
	await new LoginPage(page, a11y).loginAs('supervisor');
	const stats = new StatisticsPage(page, a11y);
	await stats.open();
	await stats.choose(YOUTH_WORK_REPORT.labels.fi, { kind: 'national', period: 'jan-dec', year });
	await stats.show();
	await expect(stats.report).toHaveAttribute('data-window', WINDOW);
	await expect(stats.report.getByTestId('stats-section')).toHaveCount(YOUTH_WORK_REPORT.sections.length);
	await expect(page.getByTestId('stats-legend')).toContainText('<5');

	const firstId = await stats.produce();
	const res = await page.request.get(`/api/statistics/deliveries/${firstId}`);
	expect(res.status()).toBe(200);
	const first = (await res.json()) as Delivery;
	expect(first.report.window).toBe(WINDOW);
	await expect(page.getByTestId('delivery-hash')).toHaveText(first.hash);
	await expect(page.getByTestId('delivery-window')).toContainText(String(year));

	// The page shows the frozen figures as the API holds them, "<5" and "×" included.
	const threshold = first.report.threshold;
	let suppressed = 0;
	for (const section of first.report.sections) {
		const table = page.locator(`[data-testid="stats-section"][data-section="${section.id}"]`);
		for (const row of [...section.rows, { code: 'total', cell: section.total }]) {
			await expect(table.locator(`tr[data-code="${row.code}"] td`), `${section.id}:${row.code}`).toHaveText(cellDisplay(row.cell, threshold, true));
			if (row.cell.state !== 'shown') suppressed++;
		}
	}
	expect(suppressed, 'the demo data has small cells').toBeGreaterThan(0);

	// The XLSX's `data` sheet: one row per cell and section total, equal to the delivery.
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('delivery-xlsx').click()]);
	expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
	const file = join(mkdtempSync(join(tmpdir(), 'polku-stats-')), 'report.xlsx');
	await download.saveAs(file);
	const book = new ExcelJS.Workbook();
	await book.xlsx.readFile(file);
	const sheet = book.getWorksheet('data');
	expect(sheet, 'the data sheet').toBeTruthy();
	expect((sheet!.getRow(1).values as unknown[]).slice(1)).toEqual(['section', 'code', 'label', 'value']);
	const cells = new Map<string, unknown>();
	for (let r = 2; r <= sheet!.rowCount; r++) {
		const [section, code, , value] = (sheet!.getRow(r).values as unknown[]).slice(1);
		cells.set(`${String(section)}:${String(code)}`, value);
	}
	const expected = new Map<string, number | string>();
	for (const section of first.report.sections) {
		for (const row of section.rows) expected.set(`${section.id}:${row.code}`, sheetValue(row.cell, threshold));
		expected.set(`${section.id}:total`, sheetValue(section.total, threshold));
	}
	expect(Object.fromEntries(cells)).toEqual(Object.fromEntries(expected));
	expect([...cells.values()]).toContain(`<${threshold}`);

	// The next delivery of the same report and units compares itself with this one.
	await page.getByRole('link', { name: fi.nav_statistics, exact: true }).first().click();
	await expect(page.locator(`[data-testid="deliveries"] li[data-delivery="${firstId}"]`)).toBeVisible();
	await stats.choose(YOUTH_WORK_REPORT.labels.fi, { kind: 'national', period: 'jan-dec', year });
	await stats.show();
	const secondId = await stats.produce();
	expect(secondId).not.toBe(firstId);
	const second = (await (await page.request.get(`/api/statistics/deliveries/${secondId}`)).json()) as Delivery;
	expect(second.previous?.id).toBe(firstId);
	await expect(page.locator(`[data-testid="delivery"] a[href$="/statistics/deliveries/${firstId}"]`)).toBeVisible();
	await expect(page.getByTestId('changes').or(page.getByTestId('changes-none'))).toBeVisible();
	if (second.changes.length > 0) await expect(page.locator('[data-testid="changes"] tbody tr')).toHaveCount(second.changes.length);
});

test('the dashboard draws its charts, and their tables are reached by keyboard', { tag: '@only-desktop' }, async ({ page, a11y }) => {
	test.setTimeout(90_000);
	await new LoginPage(page, a11y).loginAs('supervisor');
	await new StatisticsPage(page, a11y).open();
	const dash = new DashboardPage(page, a11y);
	await dash.open();
	await expect(page.getByTestId('stats-chart')).toHaveCount(5);
	for (const img of await page.locator('[data-testid="stats-chart"] svg[role="img"]').all()) {
		await expect(img).toHaveAttribute('aria-label', /\S/);
	}

	// Keyboard only: from the window's year, Tab to the first chart's toggle, open it, Tab into its table.
	const chart = dash.chart('chart-clients');
	const toggle = chart.getByTestId('chart-toggle');
	await expect(toggle).toHaveAttribute('aria-expanded', 'false');
	await page.getByLabel(fi.stats_window_year, { exact: true }).focus();
	for (let i = 0; i < 10 && !(await toggle.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
	await expect(toggle).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(toggle).toHaveAttribute('aria-expanded', 'true');
	const table = chart.getByTestId('chart-table');
	await expect(table).toBeVisible();
	await page.keyboard.press('Tab');
	await expect(chart.getByRole('region')).toBeFocused();
	await a11y.check('dashboard with a table');

	// The table holds the figures the API gives, suppressed ones as "<5" or "×".
	const window = (await dash.dashboard.getAttribute('data-window')) ?? '';
	const res = await page.request.get(`/api/statistics/dashboard?window=${encodeURIComponent(window)}`);
	expect(res.status()).toBe(200);
	const data = (await res.json()) as Dashboard;
	await expect(table.locator('tbody tr')).toHaveCount(data.months.length);
	for (const [i, month] of data.months.entries()) {
		await expect(table.locator('tbody tr').nth(i).locator('td')).toHaveText([
			cellDisplay(month.newClients, data.threshold, true),
			cellDisplay(month.activeClients, data.threshold, true)
		]);
	}

	// A filter narrows the picture: one worker's clients.
	await page.getByLabel(fi.stats_dash_worker, { exact: true }).selectOption({ index: 1 });
	await expect(dash.dashboard).toHaveAttribute('aria-busy', 'false');
	await expect(dash.chart('chart-workers').locator('svg[role="img"]')).toBeVisible();
	await a11y.check('dashboard for one worker');
});

test('statistics say they need a connection when offline', { tag: '@only-desktop' }, async ({ page, context, a11y }) => {
	await new LoginPage(page, a11y).loginAs('supervisor');
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await page.locator('nav.app-nav [data-nav="statistics"]').click();
	await expect(page).toHaveURL(/\/statistics$/);
	await expect(page.getByTestId('stats-offline')).toHaveText(fi.stats_offline);
	await a11y.check('statistics offline');
	await context.setOffline(false);
	await expect(page.getByTestId('stats-form')).toBeVisible({ timeout: 15_000 });
});

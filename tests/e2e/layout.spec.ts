import { expect, test } from '../fixtures';
import { fi } from '../messages';
import { AppShell } from '../page-models/app-shell';
import { ClientPage } from '../page-models/client-page';
import { LoginPage } from '../page-models/login-page';
import { DashboardPage, StatisticsPage } from '../page-models/statistics-pages';
import { UsersPage } from '../page-models/users-page';
import type { Page } from '@playwright/test';
import { WORKSHOP_REPORT, helsinkiDate } from '@polku/shared';

async function expectNoHorizontalScroll(page: Page) {
	const { scrollWidth, innerWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth
	}));
	expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
}

/** Buttons, fields and navigation links are at least 44 × 44 px (text links inside sentences are exempt). */
async function expectTouchTargets(page: Page) {
	const small = await page
		.locator('button, input:not([type=checkbox]):not([type=radio]), select, nav a, .button, .choice, .menu-button')
		.filter({ visible: true })
		.evaluateAll((elements) =>
			elements
				.map((el) => ({ el, box: el.getBoundingClientRect() }))
				.filter(({ box }) => box.height < 44 || box.width < 44)
				.map(({ el, box }) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.width)}×${Math.round(box.height)}`)
		);
	expect(small).toEqual([]);
}

test('pages fit the screen, without horizontal scrolling, with 44 px targets', async ({ page, a11y }) => {
	test.slow(); // a tour of every admin page state, with axe at each
	const login = new LoginPage(page, a11y);
	await login.goto();
	await expectNoHorizontalScroll(page);
	await expectTouchTargets(page);

	await login.login('admin', process.env.POLKU_E2E_DEMO_PASSWORD ?? '');
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await expectNoHorizontalScroll(page);
	await expectTouchTargets(page);

	await new UsersPage(page, a11y).goto();
	await expectNoHorizontalScroll(page);
	await expectTouchTargets(page);

	await page.goto('/admin/users/new');
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await a11y.check('new user');
	await expectNoHorizontalScroll(page);
	await expectTouchTargets(page);

	// The form with the server's field errors.
	await page.getByRole('button', { name: fi.users_create_submit }).click();
	await expect(page.getByLabel(fi.user_username, { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await a11y.check('new user with errors');
	await expectNoHorizontalScroll(page);

	// The edit page and its confirmation dialog (cancelled: the demo users stay as they are).
	const users = new UsersPage(page, a11y);
	await users.goto();
	await users.openEdit('coach');
	await expectNoHorizontalScroll(page);
	await expectTouchTargets(page);
	await page.getByRole('button', { name: fi.users_deactivate, exact: true }).click();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toBeVisible();
	await a11y.check('confirm dialog');
	await dialog.getByRole('button', { name: fi.cancel, exact: true }).click();
	await expect(dialog).toBeHidden();
	await expect(page.getByTestId('user-status')).toHaveText(fi.user_active);
});

test('the navigation sits at the bottom of a phone and beside the content elsewhere', async ({ page, a11y }, testInfo) => {
	await new LoginPage(page, a11y).loginAs('supervisor');
	const shell = new AppShell(page, a11y);
	const nav = await shell.nav.boundingBox();
	const main = await page.locator('main').boundingBox();
	const viewport = page.viewportSize();
	expect(nav && main && viewport).toBeTruthy();
	if (!nav || !main || !viewport) return;
	if (testInfo.project.name === 'phone') {
		expect(Math.round(nav.y + nav.height)).toBe(viewport.height);
		expect(nav.width).toBe(viewport.width);
	} else {
		expect(nav.x + nav.width).toBeLessThanOrEqual(main.x);
	}
});

test('the skip link takes keyboard focus to the content', async ({ page, a11y }) => {
	await new LoginPage(page, a11y).loginAs('coach');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	await expect(page.locator('main')).toBeFocused();
});

test('the client register fits the screen, with 44 px targets, in every section of a record', async ({ page, a11y }) => {
	test.slow();
	await new LoginPage(page, a11y).loginAs('coach');
	const clients = new ClientPage(page, a11y);
	await clients.openList();
	await expectNoHorizontalScroll(page);
	await expectTouchTargets(page);

	await page.getByTestId('new-client').click();
	await expect(page.getByRole('heading', { level: 1, name: fi.clients_new })).toBeVisible();
	await a11y.check('new client');
	await expectNoHorizontalScroll(page);
	await expectTouchTargets(page);
	// The form refuses an empty client, at the field.
	await page.getByRole('button', { name: fi.record_create_submit, exact: true }).click();
	await expect(page.getByLabel(fi.client_field_nickname, { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await a11y.check('new client with errors');
	await expectNoHorizontalScroll(page);

	await clients.open('Pajanen', 'Juho Pajanen');
	const tabs = await page.getByRole('tab').allTextContents();
	expect(tabs.length).toBeGreaterThan(10);
	for (const tab of tabs) {
		await clients.section(tab);
		await a11y.check(tab);
		await expectNoHorizontalScroll(page);
		await expectTouchTargets(page);
	}
});

test('the workshop pages fit the screen, with 44 px targets, in every tab of a period', async ({ page, a11y }) => {
	test.slow();
	await new LoginPage(page, a11y).loginAs('coach');
	const check = async (label: string) => {
		await a11y.check(label);
		await expectNoHorizontalScroll(page);
		await expectTouchTargets(page);
	};

	await page.locator('[data-nav="workshop-day"]').click();
	await expect(page.getByTestId('rollcall-summary')).toBeVisible();
	await check('roll-call');
	// A participant's reasons open in place.
	const row = page.locator('[data-testid="rollcall"] li[data-participant]').first();
	await row.getByRole('button', { name: fi.rollcall_absent, exact: true }).click();
	await expect(row.getByRole('group', { name: /./ }).last().getByRole('button')).toHaveCount(4);
	await check('roll-call reasons');

	await page.locator('[data-nav="attendance-summary"]').click();
	await expect(page.getByTestId('summary-table').first()).toBeVisible({ timeout: 15_000 });
	await check('attendance summary');

	await page.locator('[data-nav="periods"]').click();
	await expect(page.getByTestId('periods')).toBeVisible();
	await check('periods');
	// Not a participant the workshop story (workshop.spec.ts) counts reports or assessments of.
	await page.getByTestId('periods').getByRole('link', { name: 'Aleksi Höylä', exact: true }).first().click();
	await expect(page.getByTestId('period-name')).toHaveText('Aleksi Höylä');
	const tabs = await page.getByRole('tab').allTextContents();
	expect(tabs).toHaveLength(6);
	for (const tab of tabs) {
		await page.getByRole('tab', { name: tab, exact: true }).click();
		await check(tab);
	}
	// The period's edit form.
	await page.getByRole('tab', { name: fi.period_section_period, exact: true }).click();
	await page.getByRole('button', { name: fi.period_edit, exact: true }).click();
	await expect(page.getByLabel(`${fi.period_field_start} *`, { exact: true })).toBeVisible();
	await check('period edit');

	// The printable report.
	await page.getByRole('tab', { name: fi.period_section_reports, exact: true }).click();
	await page.getByRole('button', { name: fi.report_create, exact: true }).last().click();
	await page.locator('[data-testid="reports"] li').first().getByTestId('open-report').click();
	await expect(page.getByTestId('report')).toBeVisible();
	await check('report');
	await page.getByRole('link', { name: fi.report_back, exact: true }).click();

	// Self-assessment mode: the questionnaire alone, then the coach's password screen.
	await page.getByRole('tab', { name: fi.period_section_assessments, exact: true }).click();
	await page.getByTestId('start-self-assessment').click();
	await expect(page.getByTestId('kiosk')).toHaveAttribute('data-phase', 'questions');
	await check('self-assessment');
	await page.getByRole('button', { name: fi.kiosk_coach_exit, exact: true }).click();
	await expect(page.getByTestId('kiosk')).toHaveAttribute('data-phase', 'handback');
	await check('self-assessment lock');
	await page.getByLabel(fi.kiosk_coach_password, { exact: true }).fill(process.env.POLKU_E2E_DEMO_PASSWORD ?? '');
	await page.getByRole('button', { name: fi.kiosk_end, exact: true }).click();
	await expect(page.getByTestId('period-name')).toHaveText('Aleksi Höylä');

	// A new period from the client record's coaching tab, refused empty at its fields.
	await page.locator('[data-nav="clients"]').click();
	const clients = new ClientPage(page, a11y);
	await clients.open('Pajanen', 'Juho Pajanen');
	await clients.section(fi.record_section_coaching);
	await expect(page.getByTestId('client-periods')).toBeVisible();
	await check('client coaching');
	await page.getByTestId('client-new-period').click();
	await expect(page.getByTestId('period-client')).toContainText('Juho Pajanen');
	await check('new period');
	await page.getByLabel(`${fi.period_field_hours_per_day} *`, { exact: true }).fill('6,1');
	await page.getByRole('button', { name: fi.periods_create, exact: true }).click();
	await expect(page.getByLabel(`${fi.period_field_hours_per_day} *`, { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await check('new period with errors');
});

test('the statistics pages fit the screen, with 44 px targets', async ({ page, a11y }) => {
	test.slow();
	await new LoginPage(page, a11y).loginAs('supervisor');
	const check = async (label: string) => {
		await a11y.check(label);
		await expectNoHorizontalScroll(page);
		await expectTouchTargets(page);
	};
	const stats = new StatisticsPage(page, a11y);
	await stats.open();
	await check('statistics');

	// The workshop report (statistics.spec.ts makes the youth-work deliveries and counts on their order).
	await stats.choose(WORKSHOP_REPORT.labels.fi, { kind: 'quarter', period: 'q1', year: Number(helsinkiDate(new Date()).slice(0, 4)) });
	await stats.show();
	await check('statistics report');
	await stats.produce();
	await check('delivery');

	// A custom window that is not one is refused at its fields.
	await page.getByRole('link', { name: fi.nav_statistics, exact: true }).first().click();
	await expect(stats.form).toBeVisible();
	await page.getByLabel(fi.stats_window_kind, { exact: true }).selectOption('custom');
	await page.getByLabel(fi.stats_window_from, { exact: true }).fill('2026-03-15');
	await page.getByLabel(fi.stats_window_to, { exact: true }).fill('2026-02-01');
	await expect(page.getByLabel(fi.stats_window_to, { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByRole('button', { name: fi.stats_show, exact: true })).toBeDisabled();
	await check('custom window with errors');

	const dash = new DashboardPage(page, a11y);
	await dash.open();
	await check('dashboard');
	await dash.chart('chart-placements').getByTestId('chart-toggle').click();
	await expect(dash.chart('chart-placements').getByTestId('chart-table')).toBeVisible();
	await check('dashboard with a table');
});

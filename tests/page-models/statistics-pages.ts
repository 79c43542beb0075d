import type { Locator, Page } from '@playwright/test';
import { expect, type A11y } from '../fixtures';
import { fi } from '../messages';

/** /statistics: the report form, the report computed now, the completeness check, earlier deliveries. */
export class StatisticsPage {
	readonly form: Locator;
	readonly report: Locator;
	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {
		this.form = page.getByTestId('stats-form');
		this.report = page.getByTestId('stats-report');
	}

	/** Through the navigation (the app is already loaded). */
	async open() {
		await this.page.locator('nav.app-nav [data-nav="statistics"]').click();
		await expect(this.page).toHaveURL(/\/statistics$/);
		await expect(this.page.getByRole('heading', { level: 1, name: fi.nav_statistics })).toBeVisible();
		await expect(this.form).toBeVisible();
		await expect(this.page.getByTestId('deliveries').or(this.page.getByTestId('deliveries-none'))).toBeVisible();
		await this.a11y.check('statistics');
	}

	/** A report (its label) and a window (`kind`, `period`, `year` as the selects' values). */
	async choose(report: string, window: { kind: string; period?: string; year: number }) {
		await this.page.getByLabel(fi.stats_report, { exact: true }).selectOption({ label: report });
		await this.page.getByLabel(fi.stats_window_kind, { exact: true }).selectOption(window.kind);
		if (window.period) await this.page.getByLabel(fi.stats_window_period, { exact: true }).selectOption(window.period);
		await this.page.getByLabel(fi.stats_window_year, { exact: true }).selectOption(String(window.year));
	}

	/** The ESF report's project field (there once the ESF report is chosen). */
	get project(): Locator {
		return this.page.getByLabel(fi.statistics_esf_project, { exact: true });
	}

	async show() {
		await this.page.getByRole('button', { name: fi.stats_show, exact: true }).click();
		await expect(this.report).toBeVisible({ timeout: 15_000 });
		await expect(this.page.getByTestId('completeness')).toBeVisible();
		await this.a11y.check('statistics report');
	}

	/** Produces the shown report for delivery; returns the delivery's id from the page it opens. */
	async produce(): Promise<string> {
		await this.page.getByRole('button', { name: fi.stats_produce, exact: true }).click();
		await expect(this.page).toHaveURL(/\/statistics\/deliveries\/[0-9a-f-]{36}$/, { timeout: 15_000 });
		await expect(this.page.getByTestId('delivery-hash')).toBeVisible();
		await this.a11y.check('delivery');
		return this.page.url().split('/').pop() ?? '';
	}
}

/** /statistics/dashboard: filters, totals and the charts, each with its table behind a toggle. */
export class DashboardPage {
	readonly dashboard: Locator;
	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {
		this.dashboard = page.getByTestId('dashboard');
	}

	/** From /statistics. */
	async open() {
		await this.page.getByRole('link', { name: fi.stats_dashboard_title, exact: true }).click();
		await expect(this.page).toHaveURL(/\/statistics\/dashboard$/);
		await expect(this.page.getByRole('heading', { level: 1, name: fi.stats_dashboard_title })).toBeVisible();
		await expect(this.dashboard).toBeVisible({ timeout: 15_000 });
		await this.a11y.check('dashboard');
	}

	chart(id: string): Locator {
		return this.page.locator(`[data-testid="stats-chart"][data-chart="${id}"]`);
	}
}

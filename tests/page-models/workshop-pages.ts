import type { Locator, Page } from '@playwright/test';
import { expect, type A11y } from '../fixtures';
import { fi, fill } from '../messages';

/** /workshop-day: the day's roll-call, one row per participant (`data-participant` = the period's id). */
export class RollCallPage {
	readonly list: Locator;
	readonly date: Locator;
	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {
		this.list = page.getByTestId('rollcall');
		this.date = page.getByLabel(fi.rollcall_date, { exact: true });
	}

	/** Through the navigation, never by reloading (a reload locks the vault). */
	async open() {
		await this.page.locator('nav.app-nav [data-nav="workshop-day"]').click();
		await expect(this.page).toHaveURL(/\/workshop-day$/);
		await expect(this.page.getByRole('heading', { level: 1, name: fi.nav_workshop_day })).toBeVisible();
		await expect(this.page.getByTestId('rollcall-summary')).toBeVisible();
		await this.a11y.check('roll-call');
	}

	async setDate(date: string) {
		await this.date.fill(date);
		await this.date.dispatchEvent('change');
		await expect(this.date).toHaveValue(date);
	}

	rows(): Locator {
		return this.list.locator('li[data-participant]');
	}

	row(name: string): Locator {
		return this.list.locator('li[data-participant]', { has: this.page.getByRole('link', { name, exact: true }) });
	}

	async present(row: Locator) {
		await row.getByRole('button', { name: fi.rollcall_present, exact: true }).click();
		await expect(row).toHaveAttribute('data-status', 'present');
	}

	async absent(row: Locator, reason: string) {
		await row.getByRole('button', { name: fi.rollcall_absent, exact: true }).click();
		await row.getByRole('button', { name: reason, exact: true }).click();
		await expect(row).toHaveAttribute('data-status', 'absent');
	}

	async fewerHours(row: Locator, name: string) {
		await row.getByRole('button', { name: fill(fi.rollcall_hours_less, { name }), exact: true }).click();
	}

	async moreHours(row: Locator, name: string) {
		await row.getByRole('button', { name: fill(fi.rollcall_hours_more, { name }), exact: true }).click();
	}
}

/** /periods and /periods/<id> with its tabs. */
export class PeriodPage {
	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {}

	async openList() {
		await this.page.locator('nav.app-nav [data-nav="periods"]').click();
		await expect(this.page).toHaveURL(/\/periods$/);
		await expect(this.page.getByTestId('periods')).toBeVisible();
		await this.a11y.check('periods');
	}

	/** Opens the period of `name` from the list; returns its id. */
	async open(name: string): Promise<string> {
		await this.page.getByTestId('periods').getByRole('link', { name, exact: true }).first().click();
		await expect(this.page).toHaveURL(/\/periods\/[0-9a-f-]{36}$/);
		await expect(this.page.getByTestId('period-name')).toHaveText(name);
		await this.a11y.check('period');
		return this.page.url().split('/').pop() ?? '';
	}

	async section(label: string) {
		const tab = this.page.getByRole('tab', { name: label, exact: true });
		await tab.click();
		await expect(tab).toHaveAttribute('aria-selected', 'true');
	}
}

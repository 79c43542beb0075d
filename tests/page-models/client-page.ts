import type { Locator, Page } from '@playwright/test';
import { expect, type A11y } from '../fixtures';
import { fi } from '../messages';

/** /clients and /clients/<uuid>: find a cached client, see and edit their basic details. */
export class ClientPage {
	readonly details: Locator;
	readonly nickname: Locator;
	readonly birthYear: Locator;
	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {
		this.details = page.getByTestId('client-details');
		this.nickname = page.getByLabel(fi.client_field_nickname, { exact: true });
		this.birthYear = page.getByLabel(fi.client_field_birth_year, { exact: true });
	}

	/** From the encounters list (never by reloading: a reload locks the vault); returns the client's id. */
	async open(query: string, displayName: string): Promise<string> {
		await this.page.locator('nav.app-nav [data-nav="encounters"]').click();
		await this.page.getByTestId('open-clients').click();
		await expect(this.page).toHaveURL(/\/clients$/);
		await expect(this.page.getByRole('heading', { level: 1, name: fi.clients_title })).toBeVisible();
		await this.a11y.check('clients');
		await this.page.getByLabel(fi.clients_search, { exact: true }).fill(query);
		const result = this.page.locator('#clients-search-results').getByRole('button', { name: new RegExp(`^${displayName}`) });
		await expect(result).toHaveCount(1);
		await result.click();
		await expect(this.page).toHaveURL(/\/clients\/[0-9a-f-]{36}$/);
		await expect(this.details.getByRole('heading', { level: 2, name: displayName })).toBeVisible();
		await this.a11y.check('client details');
		return this.page.url().split('/').pop() ?? '';
	}

	shown(field: 'nickname' | 'birthYear'): Locator {
		return this.details.locator(`[data-value="${field}"]`);
	}

	async save() {
		await this.page.getByRole('button', { name: fi.client_save, exact: true }).click();
	}

	async saveAndExpectQueued() {
		await this.save();
		await expect(this.page.getByText(fi.client_saved).last()).toBeVisible();
		await expect(this.page.getByTestId('client-pending')).toBeVisible();
	}
}

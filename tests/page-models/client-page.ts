import type { Locator, Page } from '@playwright/test';
import { expect, type A11y } from '../fixtures';
import { fi } from '../messages';

/**
 * /clients (find), /clients/new (create) and /clients/<uuid> (the record, sections on a tab list).
 * Always reached through the navigation, never by reloading (a reload locks the vault).
 */
export class ClientPage {
	readonly details: Locator;
	readonly nickname: Locator;
	readonly birthYear: Locator;
	readonly name: Locator;
	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {
		this.details = page.getByTestId('client-details');
		this.nickname = page.getByLabel(fi.client_field_nickname, { exact: true });
		this.birthYear = page.getByLabel(fi.client_field_birth_year, { exact: true });
		this.name = page.getByTestId('client-name');
	}

	/** /clients through the navigation. */
	async openList() {
		await this.page.locator('nav.app-nav [data-nav="clients"]').click();
		await expect(this.page).toHaveURL(/\/clients$/);
		await expect(this.page.getByRole('heading', { level: 1, name: fi.clients_title })).toBeVisible();
		await expect(this.page.getByTestId('client-results').or(this.page.getByText(fi.clients_none))).toBeVisible();
		await this.a11y.check('clients');
	}

	/** Chooses the scope and status filters (radio groups). */
	async filter(scope: 'mine' | 'unit' | 'all', status: 'active' | 'ended' | 'all' = 'active') {
		const scopes = { mine: fi.clients_scope_mine, unit: fi.clients_scope_unit, all: fi.clients_scope_all };
		const statuses = { active: fi.clients_status_active, ended: fi.clients_status_ended, all: fi.clients_status_all };
		await this.page.getByRole('group', { name: fi.clients_scope }).getByRole('radio', { name: scopes[scope], exact: true }).check();
		await this.page.getByRole('group', { name: fi.clients_status }).getByRole('radio', { name: statuses[status], exact: true }).check();
	}

	/** Types the query and waits for its answer (the list is `aria-busy` until then). */
	async search(query: string) {
		await this.page.getByLabel(fi.clients_search, { exact: true }).fill(query);
		await expect(this.page.locator('#clients-results')).toHaveAttribute('aria-busy', 'false');
	}

	result(displayName: string): Locator {
		return this.page.getByTestId('client-results').getByRole('link', { name: new RegExp(`^${displayName}`) });
	}

	/** Finds the client on /clients and opens the record; returns the client's id. */
	async open(query: string, displayName: string, scope: 'mine' | 'unit' | 'all' = 'all'): Promise<string> {
		await this.openList();
		await this.filter(scope, 'all');
		await this.search(query);
		await expect(this.result(displayName)).toHaveCount(1);
		await this.result(displayName).click();
		await expect(this.page).toHaveURL(/\/clients\/[0-9a-f-]{36}$/);
		await expect(this.name).toHaveText(displayName);
		await expect(this.details).toBeVisible();
		await this.a11y.check('client record');
		return this.page.url().split('/').pop() ?? '';
	}

	/** Switches the record to a section's tab. */
	async section(label: string) {
		const tab = this.page.getByRole('tab', { name: label, exact: true });
		await tab.click();
		await expect(tab).toHaveAttribute('aria-selected', 'true');
		await expect(this.page.getByRole('tabpanel')).toBeVisible();
	}

	shown(field: 'nickname' | 'birthYear' | 'birthDate' | 'firstName' | 'lastName'): Locator {
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

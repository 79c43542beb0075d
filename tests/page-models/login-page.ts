import type { Locator, Page } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS, ORGANISATION, expect, type A11y, type DemoUser } from '../fixtures';
import { fi } from '../messages';

export class LoginPage {
	readonly organisation: Locator;
	readonly username: Locator;
	readonly password: Locator;
	readonly submit: Locator;
	readonly error: Locator;

	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {
		this.organisation = page.getByLabel(fi.login_organisation, { exact: true });
		this.username = page.getByLabel(fi.login_username, { exact: true });
		this.password = page.getByLabel(fi.login_password, { exact: true });
		this.submit = page.getByRole('button', { name: fi.login_submit, exact: true });
		this.error = page.getByTestId('login-error');
	}

	async goto() {
		await this.page.goto('/login');
		await this.expectLoaded();
	}

	async expectLoaded() {
		await expect(this.page).toHaveURL(/\/login$/);
		await expect(this.page.getByRole('heading', { level: 1, name: fi.login_title })).toBeVisible();
		await this.a11y.check('login');
	}

	async login(username: string, password: string, organisation = ORGANISATION) {
		await this.organisation.fill(organisation);
		await this.username.fill(username);
		await this.password.fill(password);
		await this.submit.click();
	}

	/** Signs in as a demo user and waits for the home page. */
	async loginAs(user: DemoUser) {
		await this.goto();
		await this.login(DEMO_USERS[user].username, DEMO_PASSWORD);
		await expect(this.page).toHaveURL(/\/$/);
	}

	async expectError(text: string) {
		await expect(this.error).toHaveText(text);
		await expect(this.error).toBeFocused();
		await this.a11y.check('login error');
	}
}

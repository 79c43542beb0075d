import type { Locator, Page } from '@playwright/test';
import { expect, type A11y } from '../fixtures';
import { fi } from '../messages';

/** What every signed-in page has: header, connection indicator, language, user menu, navigation. */
export class AppShell {
	readonly nav: Locator;
	readonly connection: Locator;
	readonly language: Locator;
	readonly userMenuButton: Locator;

	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {
		this.nav = page.locator('nav.app-nav');
		this.connection = page.getByTestId('connection');
		this.language = page.locator('#language-select');
		this.userMenuButton = page.locator('.menu-button');
	}

	/** The navigation's items, by their `data-nav` ids, in order. */
	async navIds(): Promise<string[]> {
		await expect(this.nav).toBeVisible();
		return this.nav.locator('a[data-nav]').evaluateAll((links) => links.map((a) => a.getAttribute('data-nav') ?? ''));
	}

	navLink(name: string): Locator {
		return this.nav.getByRole('link', { name, exact: true });
	}

	async logout() {
		await this.userMenuButton.click();
		await expect(this.userMenuButton).toHaveAttribute('aria-expanded', 'true');
		await this.a11y.check('user menu open');
		await this.page.getByRole('button', { name: fi.logout, exact: true }).click();
		await expect(this.page).toHaveURL(/\/login$/);
	}

	async switchLanguage(locale: 'fi' | 'sv' | 'en') {
		await this.language.selectOption(locale);
		await expect(this.page.locator('html')).toHaveAttribute('lang', locale);
	}
}

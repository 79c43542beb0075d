import type { Locator, Page } from '@playwright/test';
import { expect, type A11y } from '../fixtures';
import { fi, fill } from '../messages';

export class HomePage {
	readonly heading: Locator;
	readonly roles: Locator;
	readonly cards: Locator;

	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {
		this.heading = page.getByRole('heading', { level: 1 });
		this.roles = page.getByTestId('home-roles');
		this.cards = page.locator('[data-card]');
	}

	async expectGreeting(displayName: string) {
		await expect(this.page).toHaveURL(/\/$/);
		await expect(this.heading).toHaveText(fill(fi.home_greeting, { name: displayName }));
		await this.a11y.check('home');
	}

	async cardIds(): Promise<string[]> {
		return this.cards.evaluateAll((cards) => cards.map((c) => c.getAttribute('data-card') ?? ''));
	}
}

import type { Locator, Page } from '@playwright/test';
import { expect, type A11y } from '../fixtures';
import { fi, fill } from '../messages';

export interface NewUser {
	username: string;
	displayName: string;
	email?: string;
	password: string;
	roles: string[];
	units?: string[];
}

/** /admin/users: a table on tablet and desktop, stacked cards on a phone. */
export class UsersPage {
	readonly heading: Locator;
	readonly createLink: Locator;

	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {
		this.heading = page.getByRole('heading', { level: 1, name: fi.users_title });
		this.createLink = page.getByRole('link', { name: fi.users_create });
	}

	async goto() {
		await this.page.goto('/admin/users');
		await this.expectLoaded();
	}

	async expectLoaded() {
		await expect(this.heading).toBeVisible();
		await expect(this.page.locator('.users-table, .user-cards').filter({ visible: true }).first()).toBeVisible();
		await this.a11y.check('users list');
	}

	/** The visible row (table) or card (phone) of a user. */
	entry(username: string): Locator {
		return this.page.locator(`[data-username="${username}"]`).filter({ visible: true });
	}

	async openEdit(username: string) {
		await this.entry(username).getByRole('link', { name: fi.edit }).click();
		await expect(this.page).toHaveURL(/\/admin\/users\/[0-9a-f-]{36}$/);
		await expect(this.page.getByLabel(fi.user_display_name, { exact: true })).toBeVisible();
		await this.a11y.check('edit user');
	}
}

/** /admin/users/new and /admin/users/[id]: the same form. */
export class UserFormPage {
	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {}

	field(label: string): Locator {
		return this.page.getByLabel(label, { exact: true });
	}

	async gotoNew() {
		await this.page.goto('/admin/users/new');
		await expect(this.page.getByRole('heading', { level: 1, name: fi.users_create })).toBeVisible();
		await this.a11y.check('new user');
	}

	async fillNew(user: NewUser) {
		await this.field(fi.user_username).fill(user.username);
		await this.field(fi.user_display_name).fill(user.displayName);
		if (user.email) await this.field(fi.user_email).fill(user.email);
		await this.field(fi.user_password).fill(user.password);
		for (const role of user.roles) await this.page.getByRole('checkbox', { name: role, exact: true }).check();
		for (const unit of user.units ?? []) await this.page.getByRole('checkbox', { name: unit, exact: true }).check();
	}

	async submit(label: string) {
		await this.page.getByRole('button', { name: label, exact: true }).click();
	}

	/** The error shown under a field, tied to it by aria-describedby and aria-invalid. */
	async expectFieldError(label: string, text: string) {
		const input = this.field(label);
		await expect(input).toHaveAttribute('aria-invalid', 'true');
		await expect(input).toHaveAccessibleDescription(new RegExp(escapeRegExp(text)));
	}
}

/**
 * /admin/users/[id], "Saapui laitteen eston jälkeen": what the user's blocked devices pushed, held
 * for the admin to accept or refuse. Items are found by their mutation id (`data-mutation`).
 */
export class HeldItemsSection {
	readonly root: Locator;
	readonly heading: Locator;

	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {
		this.root = page.getByTestId('held-items');
		this.heading = this.root.getByRole('heading', { level: 2, name: fi.held_title });
	}

	/** Opens the user's page, reloading until the held items have arrived (the device pushes on its own). */
	async gotoUser(userId: string, count: number) {
		await expect(async () => {
			await this.page.goto(`/admin/users/${userId}`);
			await expect(this.heading).toBeVisible({ timeout: 2_000 });
			await expect(this.root.locator('[data-mutation]')).toHaveCount(count, { timeout: 2_000 });
		}).toPass({ timeout: 30_000 });
		await this.a11y.check('held items');
	}

	item(mutationId: string): Locator {
		return this.root.locator(`[data-mutation="${mutationId}"]`);
	}

	/** The accept or refuse button of an item, by its accessible name (which tells the kind). */
	button(mutationId: string, decision: 'accept' | 'refuse', kind: string): Locator {
		const named = decision === 'accept' ? fi.held_accept_named : fi.held_refuse_named;
		const prefix = fill(named, { kind, at: '' });
		return this.item(mutationId).getByRole('button', { name: new RegExp(`^${escapeRegExp(prefix)}`) });
	}

	async decide(mutationId: string, decision: 'accept' | 'refuse', kind: string) {
		await this.button(mutationId, decision, kind).click();
		await expect(this.item(mutationId)).toHaveAttribute('data-status', decision === 'accept' ? 'accepted' : 'refused');
		await expect(this.page.getByText(decision === 'accept' ? fi.held_accepted : fi.held_refused).last()).toBeVisible();
	}
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

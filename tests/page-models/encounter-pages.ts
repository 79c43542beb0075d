import type { Locator, Page } from '@playwright/test';
import { expect, type A11y } from '../fixtures';
import { fi, fill } from '../messages';

/** The sync status strip under the header (role=status): counts and the last sync. */
export class SyncStrip {
	readonly root: Locator;
	constructor(readonly page: Page) {
		this.root = page.getByTestId('sync-status');
	}
	count(kind: 'drafts' | 'queued' | 'rejected' | 'conflicts'): Locator {
		return this.root.locator(`[data-count="${kind}"]`);
	}
	/** Nothing waits, nothing was refused, and a sync has succeeded at least once. */
	async expectAllSent(timeout = 20_000) {
		await expect(this.root.getByTestId('all-sent')).toBeVisible({ timeout });
		await expect(this.count('queued')).toHaveCount(0);
		await expect(this.count('rejected')).toHaveCount(0);
	}
	async expectUnsent(n: number) {
		await expect(this.count('queued')).toHaveText(fill(fi.status_unsent, { count: String(n) }));
	}
}

/** /unlock: the password opens the device vault, with or without a connection. */
export class UnlockPage {
	readonly password: Locator;
	readonly submit: Locator;
	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {
		this.password = page.getByLabel(fi.unlock_password, { exact: true });
		this.submit = page.getByRole('button', { name: fi.unlock_submit, exact: true });
	}
	async expectLoaded() {
		await expect(this.page).toHaveURL(/\/unlock(\?|$)/);
		await expect(this.page.getByRole('heading', { level: 1, name: fi.unlock_title })).toBeVisible();
		await this.a11y.check('unlock');
	}
	async unlock(password: string) {
		await this.password.fill(password);
		await this.submit.click();
	}
	async expectWrongPassword() {
		await expect(this.password).toHaveAttribute('aria-invalid', 'true');
		await expect(this.password).toHaveAccessibleDescription(fi.unlock_wrong_password);
		await expect(this.password).toBeFocused();
		await expect(this.page).toHaveURL(/\/unlock(\?|$)/);
		await this.a11y.check('wrong password');
	}
}

/** /encounters: own encounters and drafts. */
export class EncountersPage {
	readonly newButton: Locator;
	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {
		this.newButton = page.getByTestId('new-encounter');
	}
	/** Through the navigation, never by reloading (a reload locks the vault). */
	async open() {
		await this.page.locator('nav.app-nav [data-nav="encounters"]').click();
		await expect(this.page).toHaveURL(/\/encounters$/);
		await expect(this.page.getByRole('heading', { level: 2, name: fi.encounters_list_title })).toBeVisible();
		await this.a11y.check('encounters');
	}
	entry(id: string): Locator {
		return this.page.locator(`[data-encounter="${id}"]`);
	}
	draft(id: string): Locator {
		return this.page.locator(`[data-draft="${id}"]`);
	}
}

/** /encounters/new?draft=<id>: the phone-first encounter form. */
export class EncounterFormPage {
	constructor(
		readonly page: Page,
		private readonly a11y: A11y
	) {}

	/** From the encounters list; returns the draft id (the encounter's id) from the address. */
	async start(): Promise<string> {
		await this.page.getByTestId('new-encounter').click();
		await expect(this.page).toHaveURL(/\/encounters\/new\?draft=[0-9a-f-]{36}$/);
		await expect(this.page.getByRole('heading', { level: 1, name: fi.encounter_new_title })).toBeVisible();
		await expect(this.page.locator('form.encounter-form')).toBeVisible();
		return this.draftId();
	}

	draftId(): string {
		const id = new URL(this.page.url()).searchParams.get('draft');
		expect(id).toMatch(/^[0-9a-f-]{36}$/);
		return id ?? '';
	}

	async channel(label: string) {
		await this.page.getByRole('group', { name: fi.encounter_channel }).getByRole('radio', { name: label, exact: true }).check();
	}

	/** Searches the device's cached clients and picks the one shown as `displayName`. */
	async client(query: string, displayName: string) {
		await this.page.getByRole('radio', { name: fi.encounter_subject_client, exact: true }).check();
		await this.page.getByLabel(fi.encounter_client_search, { exact: true }).fill(query);
		const result = this.page.locator('#client-search-results').getByRole('button', { name: new RegExp(`^${displayName}`) });
		await expect(result).toHaveCount(1);
		await result.click();
		await expect(this.page.getByTestId('chosen-subject')).toContainText(displayName);
	}

	async anonymousNew(nickname: string, birthYear: string, gender: string, municipality: string) {
		await this.page.getByRole('radio', { name: fi.encounter_subject_anonymous_new, exact: true }).check();
		await this.page.getByLabel(fi.encounter_nickname, { exact: true }).fill(nickname);
		await this.page.getByLabel(fi.encounter_birth_year, { exact: true }).fill(birthYear);
		await this.page.getByRole('group', { name: fi.encounter_gender }).getByRole('radio', { name: gender, exact: true }).check();
		await this.page.getByLabel(fi.encounter_municipality_filter, { exact: true }).fill(municipality.slice(0, 4));
		await this.page.getByLabel(fi.encounter_municipality, { exact: true }).selectOption({ label: municipality });
	}

	async check(groupName: string, label: string) {
		await this.page.getByRole('group', { name: groupName }).getByRole('checkbox', { name: label, exact: true }).check();
	}

	async note(text: string) {
		await this.page.getByLabel(fi.encounter_note, { exact: true }).fill(text);
	}

	async duration(minutes: string) {
		await this.page.getByLabel(fi.encounter_duration, { exact: true }).fill(minutes);
	}

	async expectDraftSaved() {
		await expect(this.page.getByTestId('draft-state')).toHaveAttribute('data-state', 'saved');
	}

	async submit() {
		await this.page.getByRole('button', { name: fi.encounter_submit, exact: true }).click();
	}

	/** Submits and lands on the list with the toast. */
	async submitAndExpectSaved() {
		await this.submit();
		await expect(this.page).toHaveURL(/\/encounters$/);
		// The previous save's toast may still be showing.
		await expect(this.page.getByText(fi.encounters_saved).last()).toBeVisible();
	}
}

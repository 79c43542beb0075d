/**
 * A blocked device writes nothing more by itself: a worker records encounters offline, an admin
 * blocks the phone meanwhile, and when the phone comes back online what it pushes is held on the
 * server, not applied. The admin finds the items on the user's page, accepts one and refuses the
 * other: the accepted one exists once, the refused one never, and both stay listed. Nothing is lost.
 */
import type { Page } from '@playwright/test';
import { A11y, DEMO_OUTREACH_UNIT, DEMO_USERS, expect, PageErrors, test, uniqueName } from '../fixtures';
import { fi, fill } from '../messages';
import { EncounterFormPage, EncountersPage, SyncStrip } from '../page-models/encounter-pages';
import { HomePage } from '../page-models/home-page';
import { LoginPage } from '../page-models/login-page';
import { HeldItemsSection } from '../page-models/users-page';
import { pullAll, waitForServiceWorker } from '../server-check';

/** The user's outbox rows (mutation id → record id), read with raw IndexedDB, not the app's code. */
async function outboxOf(page: Page, userKey: string): Promise<{ mutationId: string; recordId: string | null }[]> {
	return page.evaluate(async (key) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const r = indexedDB.open('polku');
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
		const rows = await new Promise<{ userKey: string; mutationId: string; recordId?: string | null }[]>((resolve, reject) => {
			const r = db.transaction('outbox', 'readonly').objectStore('outbox').getAll();
			r.onsuccess = () => resolve(r.result as { userKey: string; mutationId: string; recordId?: string | null }[]);
			r.onerror = () => reject(r.error);
		});
		db.close();
		return rows.filter((row) => row.userKey === key).map((row) => ({ mutationId: row.mutationId, recordId: row.recordId ?? null }));
	}, userKey);
}

test(
	'what a blocked phone sends is held; the admin accepts one item and refuses another, and nothing is lost',
	{ tag: '@only-desktop' },
	async ({ page, a11y, browser, playwright }) => {
		test.setTimeout(180_000);
		const marker = uniqueName('pidätetty');

		// The admin makes a worker of the outreach unit for this story.
		await new LoginPage(page, a11y).loginAs('admin');
		const units = (await (await page.request.get('/api/units')).json()) as { id: string; name: string }[];
		const outreach = units.find((u) => u.name === DEMO_OUTREACH_UNIT);
		const username = uniqueName('phone');
		const displayName = `Puhelin ${username.slice(-5)}`;
		const password = `${uniqueName('pass')}-long-enough`;
		const created = await page.request.post('/api/users', {
			data: { username, displayName, password, roles: ['outreach-worker'], unitIds: outreach ? [outreach.id] : [] }
		});
		expect(created.status()).toBe(201);
		const { id: userId } = (await created.json()) as { id: string };

		// The worker signs in on their phone (a browser of its own) and gets the unit's clients.
		const phone = await browser.newContext();
		const workerPage = await phone.newPage();
		const workerErrors = new PageErrors();
		workerErrors.watch(workerPage);
		const workerA11y = new A11y(workerPage);
		const workerLogin = new LoginPage(workerPage, workerA11y);
		await workerLogin.goto();
		await workerLogin.login(username, password);
		await new HomePage(workerPage, workerA11y).expectGreeting(displayName);
		await waitForServiceWorker(workerPage);
		const strip = new SyncStrip(workerPage);
		await strip.expectAllSent();
		const me = (await (await workerPage.request.get('/api/me')).json()) as { user: { id: string }; organisation: { id: string } };
		const userKey = `${me.organisation.id}:${me.user.id}`;

		// Offline, two encounters.
		await phone.setOffline(true);
		const list = new EncountersPage(workerPage, workerA11y);
		const form = new EncounterFormPage(workerPage, workerA11y);
		await list.open();
		const acceptedId = await form.start();
		await form.channel('Katu tai julkinen tila');
		await form.client('Aada', 'Aada Esimerkki');
		await form.note(`Hyväksyttävä ${marker}`);
		await form.submitAndExpectSaved();
		const refusedId = await form.start();
		await form.channel('Oppilaitos');
		await form.client('helmi', 'Helmi Kuvitteellinen');
		await form.note(`Hylättävä ${marker}`);
		await form.submitAndExpectSaved();
		await strip.expectUnsent(2);
		const outbox = await outboxOf(workerPage, userKey);
		const mutationOf = (recordId: string) => outbox.find((r) => r.recordId === recordId)?.mutationId ?? '';
		expect(outbox).toHaveLength(2);
		expect(mutationOf(acceptedId)).not.toBe('');
		expect(mutationOf(refusedId)).not.toBe('');

		// Meanwhile the admin blocks the phone.
		await page.goto(`/admin/users/${userId}`);
		const devices = page.getByTestId('devices');
		await expect(devices.locator('[data-device]')).toHaveCount(1);
		await devices.locator('[data-device]').getByRole('button').click();
		const dialog = page.getByRole('dialog');
		await expect(dialog).toBeVisible();
		await dialog.getByRole('button', { name: fi.devices_revoke, exact: true }).click();
		await expect(devices).toContainText(fi.device_revoked);
		// Nothing has arrived yet.
		await expect(page.getByTestId('held-items')).toHaveCount(0);

		// The phone comes back online and pushes by itself: the server holds both items, and the
		// phone, told to wipe, hands its queue over and erases the worker's data.
		await phone.setOffline(false);
		const held = new HeldItemsSection(page, a11y);
		await held.gotoUser(userId, 2);
		await expect.poll(() => outboxOf(workerPage, userKey), { timeout: 30_000 }).toEqual([]);

		// Who, which device, when, what kind, and why.
		for (const recordId of [acceptedId, refusedId]) {
			const item = held.item(mutationOf(recordId));
			await expect(item).toHaveAttribute('data-status', 'pending');
			await expect(item.getByRole('heading', { level: 3 })).toHaveText(fi.sync_kind_encounter);
			await expect(item).toContainText(displayName);
			await expect(item).toContainText(fi.held_received);
			await expect(item).toContainText(fi.held_reason_revoked);
			await expect(item).toContainText(fi.held_status_pending);
		}
		// Held, not applied: the server has neither encounter yet.
		const before = (await pullAll(playwright, username, password)).filter((c) => c.entity === 'encounter');
		expect(before.filter((c) => c.id === acceptedId || c.id === refusedId)).toEqual([]);

		await held.decide(mutationOf(acceptedId), 'accept', fi.sync_kind_encounter);
		await expect(held.item(mutationOf(acceptedId))).toContainText(DEMO_USERS.admin.displayName);
		await held.decide(mutationOf(refusedId), 'refuse', fi.sync_kind_encounter);
		await expect(held.root.getByRole('button', { name: fi.held_accept_all })).toHaveCount(0);
		await a11y.check('held items decided');

		// The accepted encounter exists once, as the worker's; the refused one does not.
		const after = (await pullAll(playwright, username, password)).filter((c) => c.entity === 'encounter');
		expect(after.filter((c) => c.id === acceptedId)).toHaveLength(1);
		expect(after.find((c) => c.id === acceptedId)?.data?.note).toBe(`Hyväksyttävä ${marker}`);
		expect(after.filter((c) => c.id === refusedId)).toHaveLength(0);

		// Both stay listed with the decision, after a reload too.
		await held.gotoUser(userId, 2);
		await expect(held.item(mutationOf(acceptedId))).toHaveAttribute('data-status', 'accepted');
		await expect(held.item(mutationOf(refusedId))).toHaveAttribute('data-status', 'refused');
		await expect(held.item(mutationOf(refusedId))).toContainText(fill(fi.held_decided, { status: fi.held_status_refused, name: DEMO_USERS.admin.displayName, at: '' }).replace(', )', ''));

		workerErrors.expectNone();
		await phone.close();
	}
);

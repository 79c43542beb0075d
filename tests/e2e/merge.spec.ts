/**
 * Issue 4, point 3 on the outreach worker's phone: a pseudonymous contact met twice with no
 * connection is merged into a full client record, still offline; back online, the server holds both
 * encounters on the client and the contact as a tombstone; undone, everything is as it was.
 */
import { DEMO_OUTREACH_UNIT, DEMO_PASSWORD, expect, ORGANISATION, test, uniqueName } from '../fixtures';
import { fi, fill } from '../messages';
import { ClientPage } from '../page-models/client-page';
import { EncounterFormPage, EncountersPage, SyncStrip } from '../page-models/encounter-pages';
import { LoginPage } from '../page-models/login-page';
import { BASE_URL, pullAll, waitForServiceWorker } from '../server-check';

test(
	'offline, an anonymous contact with two encounters is merged into a client; synced, the server has both encounters on the client and the contact is gone',
	{ tag: '@only-phone' },
	async ({ page, context, a11y, playwright }) => {
		test.setTimeout(180_000);
		// A worker of the outreach unit of their own, so no other story's data is touched.
		const admin = await playwright.request.newContext({ baseURL: BASE_URL });
		expect((await admin.post('/api/auth/login', { data: { organisation: ORGANISATION, username: 'admin', password: DEMO_PASSWORD } })).status()).toBe(200);
		const units = (await (await admin.get('/api/units')).json()) as { id: string; name: string }[];
		const outreach = units.find((u) => u.name === DEMO_OUTREACH_UNIT);
		const worker = { username: uniqueName('yhdista'), displayName: 'Etsivä Yhdistäjä', password: `${uniqueName('pass')}-long-enough` };
		expect((await admin.post('/api/users', { data: { ...worker, roles: ['outreach-worker'], unitIds: [outreach?.id] } })).status()).toBe(201);
		await admin.dispose();

		const login = new LoginPage(page, a11y);
		await login.goto();
		await login.login(worker.username, worker.password);
		await expect(page).toHaveURL(/\/$/);
		await waitForServiceWorker(page);
		const strip = new SyncStrip(page);
		await strip.expectAllSent();

		// The client the contact turns out to be, recorded online.
		const clients = new ClientPage(page, a11y);
		const first = `Miro${uniqueName('x').slice(-5)}`;
		const name = `${first} Yhdistetty`;
		await clients.openList();
		await page.getByTestId('new-client').click();
		await expect(page).toHaveURL(/\/clients\/new$/);
		// Outreach units record no henkilötunnus.
		await expect(page.getByLabel(fi.record_field_hetu, { exact: true })).toHaveCount(0);
		await page.getByLabel(fi.client_field_first_name, { exact: true }).fill(first);
		await page.getByLabel(fi.client_field_last_name, { exact: true }).fill('Yhdistetty');
		await page.getByRole('button', { name: fi.record_create_submit, exact: true }).click();
		await expect(page).toHaveURL(/\/clients\/[0-9a-f-]{36}$/);
		const clientId = page.url().split('/').pop() ?? '';
		await strip.expectAllSent(30_000);

		// Offline: two encounters with a new pseudonymous contact.
		await context.setOffline(true);
		const nickname = `Varjo${uniqueName('v').slice(-4)}`;
		const list = new EncountersPage(page, a11y);
		const form = new EncounterFormPage(page, a11y);
		await list.open();
		const firstEncounter = await form.start();
		await form.channel('Katu tai julkinen tila');
		await form.anonymousNew(nickname, '2007', 'Mies', 'Tampere');
		await form.submitAndExpectSaved();
		const secondEncounter = await form.start();
		await form.channel('Puhelin');
		await page.getByRole('radio', { name: fi.encounter_subject_anonymous_existing, exact: true }).check();
		await page.getByLabel(fi.encounter_anonymous_search, { exact: true }).fill(nickname);
		await page.locator('#anonymous-search-results').getByRole('button', { name: new RegExp(`^${nickname}`) }).click();
		await expect(page.getByTestId('chosen-subject')).toContainText(nickname);
		await form.submitAndExpectSaved();
		await expect(strip.count('queued')).toBeVisible();

		// Still offline: merge the contact into the client.
		await clients.open('Yhdistetty', name, 'all');
		await clients.section(fi.record_section_merge);
		await a11y.check('merge');
		await page.getByLabel(fi.merge_search_anonymous, { exact: true }).fill(nickname);
		await page.locator('#merge-search-results').getByRole('button', { name: new RegExp(`^${nickname}`) }).click();
		await expect(page.getByTestId('merge-chosen')).toContainText(nickname);
		await page.getByTestId('merge-chosen').getByRole('button', { name: fi.merge_submit, exact: true }).click();
		const dialog = page.getByRole('dialog', { name: fi.merge_confirm_title });
		await expect(dialog).toBeVisible();
		await a11y.check('merge confirm');
		await dialog.getByRole('button', { name: fi.merge_submit, exact: true }).click();
		await expect(page.getByText(fill(fi.merge_done, { name: nickname })).last()).toBeVisible();
		await expect(page.getByTestId('merges').locator('li')).toHaveCount(1);
		await expect(page.getByTestId('merge-undo')).toBeVisible();
		await a11y.check('merged offline');

		// Both encounters are the client's now, on the device.
		await clients.section(fi.record_section_timeline);
		await expect(page.getByTestId('timeline').locator('[data-kind="encounter"]')).toHaveCount(2);

		// Online: everything is sent, and the server agrees.
		await context.setOffline(false);
		await strip.expectAllSent(30_000);
		await clients.section(fi.record_section_merge);
		await expect(page.getByTestId('merge-undo')).toBeVisible();

		const changes = await pullAll(playwright, worker.username, worker.password);
		const merge = changes.find((c) => c.entity === 'client-merge' && c.data?.targetId === clientId);
		expect(merge?.data).toMatchObject({ sourceEntity: 'anonymous-contact', undoneAt: null });
		const contactId = String(merge?.data?.sourceId);
		for (const id of [firstEncounter, secondEncounter]) {
			const encounter = changes.filter((c) => c.entity === 'encounter' && c.id === id).at(-1);
			expect(encounter?.data, `encounter ${id}`).toMatchObject({ clientId, anonymousContactId: null });
		}
		expect((merge?.data?.moved as Record<string, string[]>).encounter?.toSorted()).toEqual([firstEncounter, secondEncounter].toSorted());
		const contact = changes.filter((c) => c.entity === 'anonymous-contact' && c.id === contactId).at(-1);
		expect(contact?.data ?? null).toBeNull();
		expect(contact?.deletedAt).toBeTruthy();
		// The contact's nickname and estimated birth year filled the client's empty fields.
		const client = changes.filter((c) => c.entity === 'client' && c.id === clientId).at(-1);
		expect(client?.data).toMatchObject({ nickname, birthYear: 2007, birthDateEstimated: true });

		// Undo: the contact comes back with its encounters, and the filled fields are cleared.
		await page.getByTestId('merge-undo').click();
		const undoDialog = page.getByRole('dialog', { name: fi.merge_undo_title });
		await undoDialog.getByRole('button', { name: fi.merge_undo, exact: true }).click();
		await expect(page.getByText(fi.merge_undo_done).last()).toBeVisible();
		await strip.expectAllSent(30_000);
		await expect(page.getByTestId('merge-undo')).toHaveCount(0, { timeout: 20_000 });
		const after = await pullAll(playwright, worker.username, worker.password);
		expect(after.filter((c) => c.entity === 'anonymous-contact' && c.id === contactId).at(-1)?.data).toMatchObject({ nickname });
		for (const id of [firstEncounter, secondEncounter]) {
			expect(after.filter((c) => c.entity === 'encounter' && c.id === id).at(-1)?.data, `encounter ${id} after undo`).toMatchObject({ anonymousContactId: contactId, clientId: null });
		}
		expect(after.filter((c) => c.entity === 'client' && c.id === clientId).at(-1)?.data).toMatchObject({ nickname: null, birthYear: null });
	}
);

/**
 * Issue 3 on the outreach worker's phone: encounters recorded with no connection, sealed, queued,
 * sent once; nothing readable left on the device; another user on the same phone leaves the first
 * one's unsent work alone; logging out with unsent items warns and keeps them.
 */
import type { Page } from '@playwright/test';
import { DEMO_OUTREACH_UNIT, DEMO_PASSWORD, DEMO_USERS, expect, ORGANISATION, test, uniqueName } from '../fixtures';
import { fi, fill } from '../messages';
import { AppShell } from '../page-models/app-shell';
import { EncounterFormPage, EncountersPage, SyncStrip, UnlockPage } from '../page-models/encounter-pages';
import { LoginPage } from '../page-models/login-page';
import { BASE_URL, apiAs, pullAll, waitForServiceWorker } from '../server-check';

/**
 * Every IndexedDB database of the origin, every store, every row, read with raw IndexedDB (not the
 * app's code, and without its key). Binary values are decoded as UTF-8 so that plaintext hidden in
 * bytes would still show up.
 */
async function dumpIndexedDb(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const request = <T>(r: IDBRequest<T>) =>
			new Promise<T>((resolve, reject) => {
				r.onsuccess = () => resolve(r.result);
				r.onerror = () => reject(r.error);
			});
		const out: Record<string, Record<string, unknown[]>> = {};
		for (const info of await indexedDB.databases()) {
			if (!info.name) continue;
			const open = indexedDB.open(info.name);
			const db = await request(open);
			const stores: Record<string, unknown[]> = {};
			for (const name of Array.from(db.objectStoreNames)) {
				stores[name] = await request(db.transaction(name, 'readonly').objectStore(name).getAll());
			}
			db.close();
			out[info.name] = stores;
		}
		const decoder = new TextDecoder('utf-8', { fatal: false });
		return JSON.stringify(out, (_key, value: unknown) => {
			if (value instanceof ArrayBuffer) return { bytes: decoder.decode(new Uint8Array(value)) };
			if (ArrayBuffer.isView(value)) return { bytes: decoder.decode(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
			if (typeof CryptoKey !== 'undefined' && value instanceof CryptoKey) return { cryptoKey: value.type, extractable: value.extractable };
			return value;
		});
	});
}

/** Outbox rows per user, counted with raw IndexedDB by the `userKey` prefix. */
async function outboxRowsOf(page: Page, userKey: string): Promise<number> {
	return page.evaluate(async (key) => {
		const db = await new Promise<IDBDatabase>((resolve, reject) => {
			const r = indexedDB.open('polku');
			r.onsuccess = () => resolve(r.result);
			r.onerror = () => reject(r.error);
		});
		const rows = await new Promise<{ userKey: string }[]>((resolve, reject) => {
			const r = db.transaction('outbox', 'readonly').objectStore('outbox').getAll();
			r.onsuccess = () => resolve(r.result as { userKey: string }[]);
			r.onerror = () => reject(r.error);
		});
		db.close();
		return rows.filter((row) => row.userKey === key).length;
	}, userKey);
}

async function userKeyOf(page: Page): Promise<string> {
	const me = (await (await page.request.get('/api/me')).json()) as { user: { id: string }; organisation: { id: string } };
	return `${me.organisation.id}:${me.user.id}`;
}

/** The page fits a 360 px screen, and its controls are at least 44 × 44 px. */
async function expectPhoneFit(page: Page) {
	const { scrollWidth, innerWidth } = await page.evaluate(() => ({
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth
	}));
	expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
	const small = await page
		.locator('main button, main input:not([type=checkbox]):not([type=radio]), main select, main .button, main .choice, .sync-status a')
		.filter({ visible: true })
		.evaluateAll((elements) =>
			elements
				.map((el) => ({ el, box: el.getBoundingClientRect() }))
				.filter(({ box }) => box.height < 44 || box.width < 44)
				.map(({ el, box }) => `${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.width)}×${Math.round(box.height)}`)
		);
	expect(small).toEqual([]);
}

test(
	'a worker records encounters offline; after unlocking and reconnecting they arrive exactly once, and nothing readable stays on the phone',
	{ tag: '@only-phone' },
	async ({ page, context, a11y, playwright }) => {
		test.setTimeout(180_000);
		const marker = uniqueName('kenttä');
		const nickname = `Sumu${marker.slice(-5)}`;
		const notes = [1, 2, 3, 4, 5].map((n) => `Muistiinpano ${n} ${marker}: asunto haussa`);

		await new LoginPage(page, a11y).loginAs('worker');
		await waitForServiceWorker(page);
		const strip = new SyncStrip(page);
		// The first sync (push, then pull of the unit's clients) has finished.
		await strip.expectAllSent();

		await context.setOffline(true);
		const shell = new AppShell(page, a11y);
		await expect(shell.connection).toHaveText(fi.connection_offline);
		expect(await shell.navIds()).toEqual(['home', 'encounters', 'clients', 'sync']);

		const list = new EncountersPage(page, a11y);
		const form = new EncounterFormPage(page, a11y);
		await list.open();
		const ids: string[] = [];

		// 1. Submitting an empty form: the errors sit under their fields, focus goes to the first.
		ids.push(await form.start());
		await a11y.check('empty encounter form');
		await expectPhoneFit(page);
		await form.submit();
		await expect(page.getByText(fi.encounter_error_channel)).toBeVisible();
		await expect(page.getByRole('radio', { name: 'Katu tai julkinen tila', exact: true })).toBeFocused();
		await expect(page.getByLabel(fi.encounter_client_search, { exact: true })).toHaveAttribute('aria-invalid', 'true');
		await expect(page.getByRole('alert').filter({ hasText: fi.error_validation })).toBeVisible();
		await a11y.check('encounter form errors');
		// Fixed: a client found offline by first name.
		await form.channel('Katu tai julkinen tila');
		await form.client('Aada', 'Aada Esimerkki');
		await form.check(fi.encounter_topics, 'Asuminen');
		await form.check(fi.encounter_actions, 'Keskustelu ja tuki');
		await form.duration('20');
		await form.note(notes[0] ?? '');
		await form.submitAndExpectSaved();

		// 2. By nickname, case-insensitively.
		ids.push(await form.start());
		// The last channel is remembered for the next contact.
		await expect(page.getByRole('radio', { name: 'Katu tai julkinen tila', exact: true })).toBeChecked();
		await form.client('leksa', 'Leo Testinen');
		await form.check(fi.encounter_topics, 'Työ ja työnhaku');
		await form.note(notes[1] ?? '');
		await form.submitAndExpectSaved();

		// 3. Another channel.
		ids.push(await form.start());
		await form.channel('Oppilaitos');
		await form.client('helmi', 'Helmi Kuvitteellinen');
		await form.note(notes[2] ?? '');
		await form.submitAndExpectSaved();

		// 4. An anonymous first contact: nickname, estimated year, gender, municipality.
		ids.push(await form.start());
		await form.channel('Tapahtuma');
		await form.anonymousNew(nickname, '2008', 'Mies', 'Tampere');
		await form.check(fi.encounter_topics, 'Vapaa-aika');
		await form.note(notes[3] ?? '');
		await a11y.check('anonymous contact');
		await expectPhoneFit(page);
		await form.submitAndExpectSaved();

		// All four wait on the device, marked as such; the anonymous contact is a fifth item.
		// (The list also holds what earlier tests sent for this demo worker; only these four wait.)
		await expect(page.locator('[data-testid="encounters"] [data-testid="pending"]')).toHaveCount(4);
		for (const id of ids) await expect(list.entry(id).getByTestId('pending')).toHaveText(fi.encounters_pending);
		await strip.expectUnsent(5);
		await a11y.check('encounters waiting');

		// 5. A draft in progress, then the app is reloaded (closed) with no connection.
		const draftId = await form.start();
		await form.client('Kettu', 'Kettu');
		await form.note(notes[4] ?? '');
		await form.expectDraftSaved();
		await page.reload();

		// Locked: the password is asked for, a wrong one unlocks nothing.
		const unlock = new UnlockPage(page, a11y);
		await unlock.expectLoaded();
		await expect(shell.connection).toHaveText(fi.connection_offline);
		await unlock.unlock('not-the-password-at-all');
		await unlock.expectWrongPassword();
		await expect(page.getByTestId('sync-status')).toHaveCount(0);
		await unlock.unlock(DEMO_PASSWORD);
		// Back where the worker was, with what they typed.
		await expect(page).toHaveURL(new RegExp(`/encounters/new\\?draft=${draftId}$`));
		await expect(page.getByLabel(fi.encounter_note, { exact: true })).toHaveValue(notes[4] ?? '');
		await expect(page.getByTestId('chosen-subject')).toContainText('Kettu');
		await strip.expectUnsent(5);
		await expect(strip.count('drafts')).toHaveText(fill(fi.status_drafts, { count: '1' }));

		// Connection back: the outbox empties by itself.
		await context.setOffline(false);
		await expect(shell.connection).toHaveText(fi.connection_online);
		await strip.expectAllSent(30_000);
		await list.open();
		await expect(list.draft(draftId)).toBeVisible();
		for (const id of ids) await expect(list.entry(id).getByTestId('pending')).toHaveCount(0);
		await page.locator('nav.app-nav [data-nav="sync"]').click();
		await expect(page.getByRole('heading', { level: 1, name: fi.sync_title })).toBeVisible();
		await expect(page.locator('[data-testid="sync-counts"] [data-count="queued"]')).toHaveText('0');
		await expect(page.locator('[data-testid="sync-counts"] [data-count="rejected"]')).toHaveText('0');
		await a11y.check('sync page');
		await expectPhoneFit(page);

		// On the server: each encounter exactly once, and one anonymous contact.
		const changes = await pullAll(playwright, DEMO_USERS.worker.username, DEMO_PASSWORD);
		const encounters = changes.filter((c) => c.entity === 'encounter');
		for (const id of ids) expect(encounters.filter((c) => c.id === id), `encounter ${id}`).toHaveLength(1);
		const mine = encounters.filter((c) => String(c.data?.note ?? '').includes(marker));
		expect(mine.map((c) => c.id).toSorted()).toEqual([...ids].toSorted());
		const contacts = changes.filter((c) => c.entity === 'anonymous-contact' && c.data?.nickname === nickname);
		expect(contacts).toHaveLength(1);
		const anonymousEncounter = encounters.find((c) => c.id === ids[3]);
		expect(anonymousEncounter?.data?.anonymousContactId).toBe(contacts[0]?.id);
		expect(encounters.find((c) => c.id === ids[0])?.data?.note).toBe(notes[0]);
		expect(encounters.find((c) => c.id === draftId), 'a draft is never sent').toBeUndefined();

		// On the phone: no name, nickname or note in any IndexedDB database, nor in localStorage.
		const dump = await dumpIndexedDb(page);
		expect(dump).toContain('"outbox"');
		expect(dump).toContain('"drafts"');
		expect(dump.length).toBeGreaterThan(2000);
		const storage = await page.evaluate(() => JSON.stringify({ ...localStorage }));
		const secrets = [
			marker,
			nickname,
			'Esimerkki',
			'Testinen',
			'Leksa',
			'Kuvitteellinen',
			'Hemppa',
			'Kettu',
			'"Aada"',
			'"Helmi"',
			'asunto haussa',
			DEMO_USERS.worker.displayName,
			DEMO_PASSWORD
		];
		for (const secret of secrets) {
			expect(dump.includes(secret), `IndexedDB contains ${secret}`).toBe(false);
			expect(storage.includes(secret), `localStorage contains ${secret}`).toBe(false);
		}
	}
);

test(
	'another user on the same phone leaves the first user’s unsent items alone; logging out with unsent items warns and keeps them',
	{ tag: '@only-phone' },
	async ({ page, context, a11y, playwright }) => {
		test.setTimeout(180_000);
		// The admin makes two outreach workers of the outreach unit, through the API.
		const admin = await playwright.request.newContext({ baseURL: BASE_URL });
		expect((await admin.post('/api/auth/login', { data: { organisation: ORGANISATION, username: 'admin', password: DEMO_PASSWORD } })).status()).toBe(200);
		const units = (await (await admin.get('/api/units')).json()) as { id: string; name: string }[];
		const outreach = units.find((u) => u.name === DEMO_OUTREACH_UNIT);
		expect(outreach).toBeTruthy();
		const people = ['first', 'second'].map((who) => ({
			username: uniqueName(who),
			displayName: `Etsivä ${who}`,
			password: `${uniqueName('pass')}-long-enough`
		}));
		for (const p of people) {
			const res = await admin.post('/api/users', {
				data: { ...p, roles: ['outreach-worker'], unitIds: outreach ? [outreach.id] : [] }
			});
			expect(res.status()).toBe(201);
		}
		await admin.dispose();
		const [first, second] = people as [(typeof people)[0], (typeof people)[0]];
		const marker = uniqueName('jono');

		const login = new LoginPage(page, a11y);
		const strip = new SyncStrip(page);
		const shell = new AppShell(page, a11y);
		await login.goto();
		await login.login(first.username, first.password);
		await expect(page).toHaveURL(/\/$/);
		await waitForServiceWorker(page);
		await strip.expectAllSent();
		const firstKey = await userKeyOf(page);

		// The server cannot be reached for pushes (from the page or the service worker) from now on.
		await context.route('**/api/sync/push', (route) => route.abort('internetdisconnected'));

		const list = new EncountersPage(page, a11y);
		const form = new EncounterFormPage(page, a11y);
		await list.open();
		const id = await form.start();
		await form.channel('Puhelin');
		await form.client('Aada', 'Aada Esimerkki');
		await form.note(`Soitto ${marker}`);
		await form.submitAndExpectSaved();
		await strip.expectUnsent(1);
		expect(await outboxRowsOf(page, firstKey)).toBe(1);

		// Logging out says what stays behind; cancelling keeps the user signed in.
		await shell.userMenuButton.click();
		await page.getByRole('button', { name: fi.logout, exact: true }).click();
		const dialog = page.getByRole('dialog', { name: fi.logout_unsent_title });
		await expect(dialog).toBeVisible();
		await expect(dialog).toContainText(fill(fi.logout_unsent_body, { count: '1' }));
		await a11y.check('logout warning');
		await dialog.getByRole('button', { name: fi.cancel, exact: true }).click();
		await expect(dialog).toBeHidden();
		await expect(page).not.toHaveURL(/\/login$/);
		// Confirmed: signed out, and the item is still on the device.
		await shell.userMenuButton.click();
		await page.getByRole('button', { name: fi.logout, exact: true }).click();
		await dialog.getByRole('button', { name: fi.logout_anyway, exact: true }).click();
		await expect(page).toHaveURL(/\/login$/);
		expect(await outboxRowsOf(page, firstKey)).toBe(1);

		// The second user signs in on the same browser profile and works a while.
		await login.login(second.username, second.password);
		await expect(page).toHaveURL(/\/$/);
		const secondKey = await userKeyOf(page);
		expect(secondKey).not.toBe(firstKey);
		await list.open();
		await expect(page.locator(`[data-encounter="${id}"]`)).toHaveCount(0);
		await page.locator('nav.app-nav [data-nav="sync"]').click();
		await expect(page.locator('[data-testid="sync-counts"] [data-count="queued"]')).toHaveText('0');
		expect(await outboxRowsOf(page, firstKey), 'the first user’s unsent item is untouched').toBe(1);
		await shell.logout();
		expect(await outboxRowsOf(page, firstKey)).toBe(1);

		// The connection to the server works again; the first user signs in and their item goes.
		await context.unroute('**/api/sync/push');
		await login.login(first.username, first.password);
		await expect(page).toHaveURL(/\/$/);
		await strip.expectAllSent(30_000);
		await expect.poll(() => outboxRowsOf(page, firstKey)).toBe(0);

		const changes = await pullAll(playwright, first.username, first.password);
		const sent = changes.filter((c) => c.entity === 'encounter' && c.id === id);
		expect(sent).toHaveLength(1);
		expect(sent[0]?.data?.note).toBe(`Soitto ${marker}`);
	}
);

test('an admin blocks a user’s device after confirming', { tag: '@only-desktop' }, async ({ page, a11y, playwright }) => {
	// A user with a registered device (registered through the API, as the app does at sign-in).
	await new LoginPage(page, a11y).loginAs('admin');
	const username = uniqueName('phone-owner');
	const password = `${uniqueName('pass')}-long-enough`;
	const created = await page.request.post('/api/users', {
		data: { username, displayName: `Laitteen ${username.slice(-5)}`, password, roles: ['outreach-worker'], unitIds: [] }
	});
	expect(created.status()).toBe(201);
	const { id: userId } = (await created.json()) as { id: string };
	const { api } = await apiAs(playwright, username, password);
	await api.dispose();

	await page.goto(`/admin/users/${userId}`);
	const devices = page.getByTestId('devices');
	await expect(devices.getByRole('heading', { level: 2, name: fi.devices_title })).toBeVisible();
	await expect(devices.locator('[data-device]')).toHaveCount(1);
	await expect(devices).toContainText(fi.device_active);
	await a11y.check('devices');
	await devices.getByRole('button', { name: fill(fi.devices_revoke_named, { label: 'e2e server check' }) }).click();
	const dialog = page.getByRole('dialog', { name: fill(fi.devices_revoke_title, { label: 'e2e server check' }) });
	await expect(dialog).toBeVisible();
	await a11y.check('revoke dialog');
	await dialog.getByRole('button', { name: fi.devices_revoke, exact: true }).click();
	await expect(page.getByText(fi.devices_revoked)).toBeVisible();
	await expect(devices).toContainText(fi.device_revoked);
	await expect(devices.getByRole('button', { name: fi.devices_revoke })).toHaveCount(0);
});

test(
	'an encounter the server refuses is quarantined with its reason, exported, corrected and sent, never blocking the rest',
	{ tag: '@only-phone' },
	async ({ page, context, a11y, playwright }) => {
		test.setTimeout(120_000);
		const marker = uniqueName('hylätty');
		await new LoginPage(page, a11y).loginAs('worker');
		await waitForServiceWorker(page);
		const strip = new SyncStrip(page);
		await strip.expectAllSent();

		// The server (simulated at the network) refuses the first item it is sent as invalid; after
		// that, pushes go to the real server.
		let refused = false;
		await context.route('**/api/sync/push', async (route) => {
			const body = route.request().postDataJSON() as { items: { mutationId: string }[] };
			if (refused || body.items.length === 0) return route.continue();
			refused = true;
			await route.fulfill({
				status: 200,
				contentType: 'application/json',
				body: JSON.stringify({
					results: body.items.map((item) => ({
						mutationId: item.mutationId,
						status: 'rejected',
						problem: { type: 'about:blank', title: 'Validation failed', status: 422, code: 'validation-failed', errors: [] }
					})),
					device: { status: 'active', wipe: false },
					serverTime: new Date().toISOString()
				})
			});
		});

		const list = new EncountersPage(page, a11y);
		const form = new EncounterFormPage(page, a11y);
		await list.open();
		const refusedId = await form.start();
		await form.channel('Toimisto');
		await form.client('Eino', 'Eino Malli');
		await form.note(`Käynti ${marker}`);
		await form.submitAndExpectSaved();
		await expect(strip.count('rejected')).toHaveText(fill(fi.status_rejected, { count: '1' }));
		await a11y.check('rejected in the strip');

		// The refused item does not hold up the next one.
		const nextId = await form.start();
		await form.client('Onni', 'Onni Keksitty');
		await form.note(`Seuraava ${marker}`);
		await form.submitAndExpectSaved();
		await expect(list.entry(nextId).getByTestId('pending')).toHaveCount(0, { timeout: 20_000 });
		await expect(strip.count('queued')).toHaveCount(0);
		await expect(strip.count('rejected')).toHaveText(fill(fi.status_rejected, { count: '1' }));

		// The strip leads to the sync page, where the item waits with its reason.
		await strip.root.getByRole('link').click();
		await expect(page).toHaveURL(/\/sync$/);
		const item = page.locator('[data-testid="quarantine"] [data-mutation]');
		await expect(item).toHaveCount(1);
		await expect(item).toContainText(fi.sync_kind_encounter);
		await expect(item).toContainText(fi.sync_reason_validation);
		await a11y.check('quarantine');

		// Exported for safekeeping: the worker's own file, readable on purpose.
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('button', { name: fi.sync_export, exact: true }).click()
		]);
		const exported = await download.path().then((p) => import('node:fs').then((fs) => fs.readFileSync(p, 'utf8')));
		expect(exported).toContain(marker);

		// The worker corrects the encounter and sends it again, under a new id.
		await item.getByRole('button', { name: fi.sync_edit_resend, exact: true }).click();
		await expect(page).toHaveURL(/\/encounters\/new\?draft=[0-9a-f-]{36}&replaces=[0-9a-f-]{36}$/);
		const correctedId = new URL(page.url()).searchParams.get('draft') ?? '';
		await expect(page.getByLabel(fi.encounter_note, { exact: true })).toHaveValue(`Käynti ${marker}`);
		await expect(page.getByTestId('chosen-subject')).toContainText('Eino Malli');
		await form.note(`Käynti ${marker} korjattu`);
		await form.submitAndExpectSaved();
		await strip.expectAllSent(30_000);

		const changes = await pullAll(playwright, DEMO_USERS.worker.username, DEMO_PASSWORD);
		const encounters = changes.filter((c) => c.entity === 'encounter');
		expect(encounters.filter((c) => c.id === correctedId)).toHaveLength(1);
		expect(encounters.find((c) => c.id === correctedId)?.data?.note).toBe(`Käynti ${marker} korjattu`);
		expect(encounters.filter((c) => c.id === refusedId)).toHaveLength(0);
		expect(encounters.filter((c) => c.id === nextId)).toHaveLength(1);
		await page.locator('nav.app-nav [data-nav="sync"]').click();
		await expect(page.getByText(fi.sync_quarantine_empty)).toBeVisible();
	}
);

test(
	'after a password change elsewhere, the old password re-wraps the device key and nothing saved on the phone is lost',
	{ tag: '@only-phone' },
	async ({ page, a11y, playwright }) => {
		test.setTimeout(120_000);
		const admin = await playwright.request.newContext({ baseURL: BASE_URL });
		expect((await admin.post('/api/auth/login', { data: { organisation: ORGANISATION, username: 'admin', password: DEMO_PASSWORD } })).status()).toBe(200);
		const units = (await (await admin.get('/api/units')).json()) as { id: string; name: string }[];
		const outreach = units.find((u) => u.name === DEMO_OUTREACH_UNIT);
		const username = uniqueName('vaihtaja');
		const oldPassword = `${uniqueName('old')}-long-enough`;
		const newPassword = `${uniqueName('new')}-long-enough`;
		const created = await admin.post('/api/users', {
			data: { username, displayName: 'Salasanan vaihtaja', password: oldPassword, roles: ['outreach-worker'], unitIds: outreach ? [outreach.id] : [] }
		});
		expect(created.status()).toBe(201);
		const { id: userId } = (await created.json()) as { id: string };

		// A draft saved on the phone under the old password.
		const login = new LoginPage(page, a11y);
		await login.goto();
		await login.login(username, oldPassword);
		await expect(page).toHaveURL(/\/$/);
		await new SyncStrip(page).expectAllSent();
		const list = new EncountersPage(page, a11y);
		const form = new EncounterFormPage(page, a11y);
		await list.open();
		const draftId = await form.start();
		await form.note('Kesken jäänyt muistiinpano');
		await form.expectDraftSaved();
		await list.open();
		await expect(list.draft(draftId)).toBeVisible();
		await new AppShell(page, a11y).logout();

		// The admin sets a new password.
		expect((await admin.patch(`/api/users/${userId}`, { data: { password: newPassword } })).status()).toBe(200);
		await admin.dispose();

		// Signing in with it asks for the old one; a wrong one is refused.
		await login.login(username, newPassword);
		const recovery = page.getByTestId('vault-recovery');
		await expect(recovery.getByRole('heading', { name: fi.login_recover_title })).toBeFocused();
		await a11y.check('vault recovery');
		const old = page.getByLabel(fi.login_recover_old_password, { exact: true });
		await old.fill('not-the-old-one-either');
		await recovery.getByRole('button', { name: fi.login_recover_submit, exact: true }).click();
		await expect(old).toHaveAccessibleDescription(fi.unlock_wrong_password);
		await expect(old).toBeFocused();
		await old.fill(oldPassword);
		await recovery.getByRole('button', { name: fi.login_recover_submit, exact: true }).click();
		await expect(page).toHaveURL(/\/$/);
		await expect(page.getByText(fi.login_recovered)).toBeVisible();

		// The draft is still there, and the new password now opens the vault.
		await list.open();
		await expect(list.draft(draftId)).toBeVisible();
		// A reload locks it; the page that reads the vault asks for the password first.
		await page.reload();
		const unlock = new UnlockPage(page, a11y);
		await unlock.expectLoaded();
		await unlock.unlock(newPassword);
		await expect(page).toHaveURL(/\/encounters$/);
		await expect(list.draft(draftId)).toBeVisible();
	}
);

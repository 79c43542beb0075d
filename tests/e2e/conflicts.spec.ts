/**
 * Issue 3, point 5 on two phones: a client's details edited offline on both merge field by field on
 * the server; the field changed on both sides keeps the server's value and the other becomes a
 * conflict its author sees on /sync and resolves. No edit is lost.
 * And point 3: with the page closed, the service worker's Background Sync delivers the outbox.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { A11y, DEMO_OUTREACH_UNIT, DEMO_PASSWORD, expect, ORGANISATION, PageErrors, test, uniqueName } from '../fixtures';
import { fi } from '../messages';
import { ClientPage } from '../page-models/client-page';
import { EncounterFormPage, EncountersPage, SyncStrip } from '../page-models/encounter-pages';
import { LoginPage } from '../page-models/login-page';
import { BASE_URL, pullAll, waitForServiceWorker, type Playwright } from '../server-check';

interface Person {
	username: string;
	displayName: string;
	password: string;
}

/** The admin makes outreach workers of the outreach unit, through the API. */
async function outreachWorkers(playwright: Playwright, names: string[]): Promise<Person[]> {
	const admin = await playwright.request.newContext({ baseURL: BASE_URL });
	expect((await admin.post('/api/auth/login', { data: { organisation: ORGANISATION, username: 'admin', password: DEMO_PASSWORD } })).status()).toBe(200);
	const units = (await (await admin.get('/api/units')).json()) as { id: string; name: string }[];
	const outreach = units.find((u) => u.name === DEMO_OUTREACH_UNIT);
	expect(outreach).toBeTruthy();
	const people = names.map((who) => ({ username: uniqueName(who), displayName: `Etsivä ${who}`, password: `${uniqueName('pass')}-long-enough` }));
	for (const p of people) {
		const res = await admin.post('/api/users', { data: { ...p, roles: ['outreach-worker'], unitIds: outreach ? [outreach.id] : [] } });
		expect(res.status()).toBe(201);
	}
	await admin.dispose();
	return people;
}

/** A second phone: its own browser context (own IndexedDB, own service worker), phone-sized. */
async function secondPhone(browser: Browser): Promise<{ context: BrowserContext; page: Page; a11y: A11y; errors: PageErrors }> {
	const context = await browser.newContext({
		baseURL: BASE_URL,
		viewport: { width: 360, height: 740 },
		deviceScaleFactor: 2,
		isMobile: true,
		hasTouch: true,
		locale: 'fi-FI',
		timezoneId: 'Europe/Helsinki',
		serviceWorkers: 'allow'
	});
	const page = await context.newPage();
	const errors = new PageErrors();
	errors.watch(page);
	return { context, page, a11y: new A11y(page), errors };
}

async function signIn(page: Page, a11y: A11y, person: Person) {
	const login = new LoginPage(page, a11y);
	await login.goto();
	await login.login(person.username, person.password);
	await expect(page).toHaveURL(/\/$/);
	await waitForServiceWorker(page);
	await new SyncStrip(page).expectAllSent();
}

// This test owns the seeded client "Venla Näytetty" (no other test reads or changes it). It reads
// the values it starts from, so a retry works; two copies of it running at once (--repeat-each)
// would edit each other's client and see extra conflicts.
test(
	'two phones edit the same client offline: the fields merge, the clash is the second author’s to resolve, and nothing is lost',
	{ tag: '@only-phone' },
	async ({ page, context, a11y, browser, playwright }) => {
		test.setTimeout(180_000);
		const [alice, bob] = (await outreachWorkers(playwright, ['laite-a', 'laite-b'])) as [Person, Person];
		const phoneB = await secondPhone(browser);
		try {
			const suffix = uniqueName('n').slice(-5);
			const nickA = `Veikka${suffix}`;
			const nickB = `Venski${suffix}`;

			// Both phones sign in online and open the same client, so both hold it.
			await signIn(page, a11y, alice);
			await signIn(phoneB.page, phoneB.a11y, bob);
			const clientA = new ClientPage(page, a11y);
			const clientB = new ClientPage(phoneB.page, phoneB.a11y);
			const clientId = await clientA.open('Venla', 'Venla Näytetty');
			expect(await clientB.open('venla', 'Venla Näytetty')).toBe(clientId);
			const originalNick = (await clientA.nickname.inputValue()) || null;
			const originalYear = await clientA.birthYear.inputValue();
			const yearA = originalYear === '2001' ? '2002' : '2001';

			// Both go offline and change the nickname; A changes the birth year too.
			await context.setOffline(true);
			await phoneB.context.setOffline(true);
			await clientA.nickname.fill(nickA);
			await clientA.birthYear.fill(yearA);
			await clientA.saveAndExpectQueued();
			await expect(clientA.shown('nickname')).toHaveText(nickA);
			await a11y.check('client saved offline');
			// A typo is caught at its field, with the focus on it.
			await clientB.birthYear.fill('20x6');
			await clientB.save();
			await expect(clientB.birthYear).toHaveAttribute('aria-invalid', 'true');
			await expect(clientB.birthYear).toHaveAccessibleDescription(new RegExp(fi.client_error_birth_year));
			await expect(clientB.birthYear).toBeFocused();
			await phoneB.a11y.check('client form error');
			await clientB.birthYear.fill(originalYear);
			await clientB.nickname.fill(nickB);
			await clientB.saveAndExpectQueued();
			await expect(clientB.birthYear).not.toHaveAttribute('aria-invalid', 'true');
			await expect(new SyncStrip(phoneB.page).count('queued')).toBeVisible();

			// A is back first: their edit applies as it is.
			await context.setOffline(false);
			await new SyncStrip(page).expectAllSent(30_000);
			await expect(page.getByTestId('client-pending')).toHaveCount(0, { timeout: 20_000 });

			// B is back: the birth year merges in, the nickname is a conflict B sees.
			await phoneB.context.setOffline(false);
			const stripB = new SyncStrip(phoneB.page);
			await expect(stripB.count('conflicts')).toBeVisible({ timeout: 30_000 });
			await expect(clientB.shown('nickname')).toHaveText(nickA);
			await expect(clientB.shown('birthYear')).toHaveText(yearA);
			await phoneB.page.locator('nav.app-nav [data-nav="sync"]').click();
			await expect(phoneB.page.getByRole('heading', { level: 1, name: fi.sync_title })).toBeVisible();
			const conflict = phoneB.page.locator('[data-testid="conflicts"] [data-conflict]');
			await expect(conflict).toHaveCount(1);
			await expect(conflict.getByRole('heading', { level: 3 })).toHaveText(fi.client_field_nickname);
			await expect(conflict.locator('dt').nth(0)).toHaveText(fi.sync_conflict_mine);
			await expect(conflict.locator('dd').nth(0)).toHaveText(nickB);
			await expect(conflict.locator('dt').nth(1)).toHaveText(fi.sync_conflict_server);
			await expect(conflict.locator('dd').nth(1)).toHaveText(nickA);
			await phoneB.a11y.check('conflict');

			// B keeps theirs.
			await conflict.getByRole('button', { name: fi.sync_keep_mine, exact: true }).click();
			await expect(phoneB.page.getByText(fi.sync_conflict_resolved).last()).toBeVisible();
			await expect(phoneB.page.getByText(fi.sync_conflicts_empty)).toBeVisible();
			await stripB.expectAllSent(30_000);
			await expect(stripB.count('conflicts')).toHaveCount(0);
			await phoneB.a11y.check('conflict resolved');

			// On the server: B's nickname, A's birth year.
			await expect
				.poll(async () => {
					const changes = await pullAll(playwright, bob.username, bob.password);
					const client = changes.filter((c) => c.entity === 'client' && c.id === clientId).at(-1);
					return { nickname: client?.data?.nickname, birthYear: client?.data?.birthYear };
				}, { timeout: 20_000 })
				.toEqual({ nickname: nickB, birthYear: Number(yearA) });
			const conflicts = (await pullAll(playwright, bob.username, bob.password)).filter((c) => c.entity === 'conflict');
			expect(conflicts).toHaveLength(1);
			expect(conflicts[0]?.data).toMatchObject({ field: 'nickname', base: originalNick, mine: nickB, server: nickA, resolution: 'mine' });
			expect((await pullAll(playwright, alice.username, alice.password)).filter((c) => c.entity === 'conflict'), 'a conflict is its author’s only').toEqual([]);
			phoneB.errors.expectNone();
		} finally {
			await phoneB.context.close();
		}
	}
);

test(
	'with the app closed, the service worker’s Background Sync delivers what was queued offline',
	{ tag: '@only-phone' },
	async ({ page, context, a11y, playwright }) => {
		test.setTimeout(120_000);
		const [worker] = (await outreachWorkers(playwright, ['tausta'])) as [Person];
		const marker = uniqueName('tausta');
		await signIn(page, a11y, worker);

		const pushes: { fromWorker: boolean }[] = [];
		context.on('request', (request) => {
			if (request.url().endsWith('/api/sync/push') && request.method() === 'POST') pushes.push({ fromWorker: request.serviceWorker() !== null });
		});

		await context.setOffline(true);
		const list = new EncountersPage(page, a11y);
		const form = new EncounterFormPage(page, a11y);
		await list.open();
		const id = await form.start();
		await form.channel('Puhelin');
		await form.client('Aada', 'Aada Esimerkki');
		await form.note(`Taustalla ${marker}`);
		await form.submitAndExpectSaved();
		await new SyncStrip(page).expectUnsent(1);

		// The app is closed; the browser (and its service worker) lives on, and the network returns.
		await page.close();
		const before = pushes.length;
		expect((await pullAll(playwright, worker.username, worker.password)).filter((c) => c.id === id), 'not delivered while offline').toEqual([]);
		expect(pushes.slice(before)).toEqual([]);
		await context.setOffline(false);

		await expect
			.poll(async () => (await pullAll(playwright, worker.username, worker.password)).filter((c) => c.entity === 'encounter' && c.id === id).length, { timeout: 30_000, intervals: [1000] })
			.toBe(1);
		const after = pushes.slice(before);
		expect(after.length).toBeGreaterThan(0);
		expect(after.every((p) => p.fromWorker), 'sent by the service worker, not a page').toBe(true);
		const sent = (await pullAll(playwright, worker.username, worker.password)).find((c) => c.entity === 'encounter' && c.id === id);
		expect(sent?.data?.note).toBe(`Taustalla ${marker}`);
	}
);

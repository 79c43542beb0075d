import { DEMO_PASSWORD, DEMO_USERS, expect, test } from '../fixtures';
import { fi } from '../messages';
import { AppShell } from '../page-models/app-shell';
import { UnlockPage } from '../page-models/encounter-pages';
import { LoginPage } from '../page-models/login-page';

test('the app shell opens without a connection after one online visit', async ({ page, context, a11y }) => {
	const login = new LoginPage(page, a11y);
	const shell = new AppShell(page, a11y);
	await login.loginAs('worker');
	// STACK.md G8: a synchronous predicate, so that Playwright really waits.
	await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
	await expect(shell.connection).toHaveText(fi.connection_online);

	// The indicator follows the connection while the page stays open.
	await context.setOffline(true);
	await expect(shell.connection).toHaveText(fi.connection_offline);
	await a11y.check('offline indicator');

	// A reload with no connection: the shell comes from the service worker, /api/me cannot be
	// reached, and the device vault is locked: the password is asked for first. Then the app says
	// it is offline and keeps the navigation of the remembered roles, but no name.
	await page.reload();
	const unlock = new UnlockPage(page, a11y);
	await unlock.expectLoaded();
	await expect(shell.connection).toHaveText(fi.connection_offline);
	await unlock.unlock(DEMO_PASSWORD);
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByTestId('offline-notice')).toContainText(fi.offline_title);
	expect(await shell.navIds()).toEqual(['home', 'encounters', 'clients', 'sync']);
	await expect(page.getByText(DEMO_USERS.worker.displayName)).toHaveCount(0);
	await a11y.check('offline shell');

	// A deep link works offline too (navigation fallback to the cached index.html), after the unlock.
	await page.goto('/encounters');
	await unlock.expectLoaded();
	await unlock.unlock(DEMO_PASSWORD);
	await expect(page).toHaveURL(/\/encounters$/);
	await expect(page.getByRole('heading', { level: 1, name: fi.encounters_title })).toBeVisible();
	await a11y.check('offline deep link');

	// The API itself is never served from a cache.
	const fromCache = await page.evaluate(async () => {
		const names = await caches.keys();
		const urls: string[] = [];
		for (const name of names) for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
		return urls;
	});
	expect(fromCache.length).toBeGreaterThan(5);
	expect(fromCache.filter((url) => new URL(url).pathname.startsWith('/api'))).toEqual([]);

	// Back online: the app finds the session again.
	await context.setOffline(false);
	await expect(shell.connection).toHaveText(fi.connection_online);
	await expect(page.getByTestId('offline-notice')).toHaveCount(0);
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toContainText(DEMO_USERS.worker.displayName);
});

// Told once, on a phone, where it happens.
test('signing in without a connection says there is none', { tag: '@only-phone' }, async ({ page, context, a11y }) => {
	const login = new LoginPage(page, a11y);
	await login.goto();
	await page.waitForFunction(() => navigator.serviceWorker.controller?.state === 'activated');
	await context.setOffline(true);
	await page.reload();
	await login.expectLoaded();
	await login.login(DEMO_USERS.coach.username, 'whatever-it-is');
	await login.expectError(fi.error_no_connection);
});

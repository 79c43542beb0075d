import type { Response } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS, expect, test, uniqueName, type DemoUser } from '../fixtures';
import { fi, fill } from '../messages';
import { AppShell } from '../page-models/app-shell';
import { HomePage } from '../page-models/home-page';
import { LoginPage } from '../page-models/login-page';

// What each role's navigation and home cards must show: derived from the shared permission matrix
// (see web/src/lib/nav/nav-items.test.ts), written out here so a matrix change is a visible decision.
const EXPECTED: Record<DemoUser, { nav: string[]; roles: string }> = {
	worker: { nav: ['home', 'encounters', 'clients', 'sync'], roles: fi.role_outreach_worker },
	coach: { nav: ['home', 'clients', 'sync', 'workshop-day', 'periods', 'attendance-summary'], roles: fi.role_coach },
	supervisor: { nav: ['home', 'clients', 'statistics', 'users'], roles: fi.role_supervisor },
	admin: { nav: ['home', 'users', 'code-lists'], roles: fi.role_admin }
};

for (const user of Object.keys(EXPECTED) as DemoUser[]) {
	test(`${user} signs in and sees their own home and navigation only`, async ({ page, a11y }) => {
		const login = new LoginPage(page, a11y);
		const home = new HomePage(page, a11y);
		const shell = new AppShell(page, a11y);

		// Signing in and every page of the navigation call only what the role may use: a 401 or 403
		// on the way means the app asked for something the permission matrix refuses. The login page
		// itself may ask /api/me before anyone signed in, so the watch starts after it has loaded.
		await login.goto();
		const refused: string[] = [];
		page.on('response', (response: Response) => {
			const url = new URL(response.url());
			if (url.pathname.startsWith('/api/') && (response.status() === 401 || response.status() === 403)) {
				refused.push(`${response.request().method()} ${url.pathname} ${response.status()}`);
			}
		});
		// The last step of the sign-in flow is the first pull (after the public key, the device and the
		// first push): once it has answered, everything the sign-in asks has been asked.
		const pulled = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/sync/pull');
		await login.login(DEMO_USERS[user].username, DEMO_PASSWORD);
		await home.expectGreeting(DEMO_USERS[user].displayName);
		expect((await pulled).status()).toBe(200);
		await expect(home.roles).toContainText(fill(fi.home_roles, { roles: EXPECTED[user].roles }));

		expect(await shell.navIds()).toEqual(EXPECTED[user].nav);
		expect(await home.cardIds()).toEqual(EXPECTED[user].nav.filter((id) => id !== 'home'));
		for (const other of ['encounters', 'clients', 'workshop-day', 'periods', 'attendance-summary', 'statistics', 'users', 'code-lists'].filter((id) => !EXPECTED[user].nav.includes(id))) {
			await expect(page.locator(`[data-nav="${other}"], [data-card="${other}"]`)).toHaveCount(0);
		}

		// Every item of the navigation opens its page, and it is accessible.
		for (const id of EXPECTED[user].nav.filter((n) => n !== 'home')) {
			await shell.nav.locator(`[data-nav="${id}"]`).click();
			await expect(shell.nav.locator(`[data-nav="${id}"]`)).toHaveAttribute('aria-current', 'page');
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await expect(page.getByTestId('no-access')).toHaveCount(0);
			await a11y.check(id);
		}
		expect(refused).toEqual([]);
	});
}

// Told once, on a tablet: what signing out leaves behind does not depend on the screen.
test('signing out ends the session on the server and keeps nothing personal', { tag: '@only-tablet' }, async ({ page, a11y }) => {
	const login = new LoginPage(page, a11y);
	const shell = new AppShell(page, a11y);
	await login.loginAs('coach');
	expect((await page.request.get('/api/me')).status()).toBe(200);

	await shell.logout();
	await login.expectLoaded();
	const me = await page.request.get('/api/me');
	expect(me.status()).toBe(401);
	expect(me.headers()['content-type']).toContain('application/problem+json');

	// The organisation is remembered for the next sign-in; the username and anything else
	// personal are not (only the slug, and the language if chosen, stay in storage).
	await expect(login.organisation).toHaveValue('demo');
	await expect(login.username).toHaveValue('');
	const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
	expect(stored).not.toContain(DEMO_USERS.coach.displayName);
	expect(stored).not.toContain('"coach"');

	// Going back to a signed-in page now leads to login again.
	await page.goto('/');
	await expect(page).toHaveURL(/\/login$/);
});

// Told once, on a phone; the login page's fit at every size is checked in layout.spec.ts.
test('the login form refuses bad input with one message for every wrong sign-in', { tag: '@only-phone' }, async ({ page, a11y }) => {
	const login = new LoginPage(page, a11y);
	await login.goto();

	// Empty fields are caught before anything is sent.
	let sent = 0;
	page.on('request', (request) => {
		if (request.url().includes('/api/auth/login')) sent += 1;
	});
	await login.submit.click();
	await login.expectError(fi.login_error_missing);
	expect(sent).toBe(0);

	// A wrong password, an unknown user and an unknown organisation all get the same answer.
	await login.login(DEMO_USERS.coach.username, `${DEMO_PASSWORD}-wrong`);
	await login.expectError(fi.login_error_invalid);
	await login.login(uniqueName('nobody'), DEMO_PASSWORD);
	await login.expectError(fi.login_error_invalid);
	await login.login(DEMO_USERS.coach.username, DEMO_PASSWORD, 'no-such-org');
	await login.expectError(fi.login_error_invalid);
	expect(sent).toBe(3);
	await expect(page).toHaveURL(/\/login$/);
});

test('the login form works with the keyboard alone, with a visible focus', async ({ page, a11y }) => {
	const login = new LoginPage(page, a11y);
	await login.goto();

	// First Tab: the skip link, visible when focused.
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: fi.skip_to_content });
	await expect(skip).toBeFocused();
	await expect(skip).toBeInViewport();

	// Tab on to the organisation field.
	for (let i = 0; i < 8 && !(await login.organisation.evaluate((el) => el === document.activeElement)); i++) {
		await page.keyboard.press('Tab');
	}
	await expect(login.organisation).toBeFocused();
	const outline = await login.organisation.evaluate((el) => {
		const style = getComputedStyle(el);
		return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
	});
	expect(outline.style).not.toBe('none');
	expect(outline.width).toBeGreaterThanOrEqual(2);

	await page.keyboard.type('demo');
	await page.keyboard.press('Tab');
	await expect(login.username).toBeFocused();
	await page.keyboard.type(DEMO_USERS.worker.username);
	await page.keyboard.press('Tab');
	await expect(login.password).toBeFocused();
	await page.keyboard.type(DEMO_PASSWORD);
	await page.keyboard.press('Enter');
	await new HomePage(page, a11y).expectGreeting(DEMO_USERS.worker.displayName);
});

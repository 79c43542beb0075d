import { A11y, DEMO_OUTREACH_UNIT, expect, PageErrors, test, uniqueName } from '../fixtures';
import { fi, fill } from '../messages';
import { HomePage } from '../page-models/home-page';
import { LoginPage } from '../page-models/login-page';
import { UsersPage } from '../page-models/users-page';

// Runs on the phone project only: one story, told on the outreach worker’s phone.
test('a deactivated user is signed out at their next step and cannot sign in again', { tag: '@only-phone' }, async ({ page, a11y, browser }) => {
	test.slow(); // two people, two browsers, a dozen page states
	// The admin signs in and makes a user for this test through the API the UI uses.
	const adminLogin = new LoginPage(page, a11y);
	await adminLogin.loginAs('admin');
	const units = (await (await page.request.get('/api/units')).json()) as { id: string; name: string }[];
	const outreach = units.find((u) => u.name === DEMO_OUTREACH_UNIT);
	const username = uniqueName('leaver');
	const displayName = `Lähtijä ${username.slice(-5)}`;
	const password = `${uniqueName('pass')}-long-enough`;
	const created = await page.request.post('/api/users', {
		data: { username, displayName, password, roles: ['outreach-worker'], unitIds: outreach ? [outreach.id] : [] }
	});
	expect(created.status()).toBe(201);

	// The user signs in on another device (a separate browser context).
	const other = await browser.newContext();
	const userPage = await other.newPage();
	const userErrors = new PageErrors();
	userErrors.watch(userPage);
	const userA11y = new A11y(userPage);
	const userLogin = new LoginPage(userPage, userA11y);
	await userLogin.goto();
	await userLogin.login(username, password);
	await new HomePage(userPage, userA11y).expectGreeting(displayName);

	// The admin deactivates them in the UI, after confirming.
	const users = new UsersPage(page, a11y);
	await users.goto();
	await users.openEdit(username);
	await page.getByRole('button', { name: fi.users_deactivate, exact: true }).click();
	const dialog = page.getByRole('dialog', { name: fill(fi.users_deactivate_confirm_title, { name: displayName }) });
	await expect(dialog).toBeVisible();
	await a11y.check('confirm dialog');
	await dialog.getByRole('button', { name: fi.users_deactivate, exact: true }).click();
	await expect(dialog).toBeHidden();
	await expect(page.getByTestId('user-status')).toHaveText(fi.user_inactive);
	await users.goto();
	await expect(users.entry(username)).toContainText(fi.user_inactive);

	// The user's next step (any navigation) sends them to login, with the reason.
	await userPage.locator('nav.app-nav [data-nav="encounters"]').click();
	await expect(userPage).toHaveURL(/\/login$/);
	await expect(userPage.getByRole('status').filter({ hasText: fi.error_session_ended })).toBeVisible();
	await userA11y.check('session ended');
	expect((await userPage.request.get('/api/me')).status()).toBe(401);

	// Signing in again gets the same answer as a wrong password.
	await userLogin.login(username, password);
	await userLogin.expectError(fi.login_error_invalid);

	userErrors.expectNone();
	await other.close();
});

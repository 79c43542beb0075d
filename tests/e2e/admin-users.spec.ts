import { expect, test, uniqueName } from '../fixtures';
import { fi, fill } from '../messages';
import { AppShell } from '../page-models/app-shell';
import { LoginPage } from '../page-models/login-page';
import { UserFormPage, UsersPage } from '../page-models/users-page';

// Runs on the desktop project only: one story; every page state of it is checked at every size in layout.spec.ts.
test('an admin creates a user, with field errors first, then edits them', { tag: '@only-desktop' }, async ({ page, a11y }) => {
	test.slow(); // create with errors, create, conflict, edit: four forms in one story
	await new LoginPage(page, a11y).loginAs('admin');
	const users = new UsersPage(page, a11y);
	const form = new UserFormPage(page, a11y);
	await users.goto();
	await users.createLink.click();
	await expect(page.getByRole('heading', { level: 1, name: fi.users_create })).toBeVisible();
	await a11y.check('new user');

	const username = uniqueName('newbie');
	const displayName = `Uusi ${username.slice(-5)}`;

	// Too short a password and no role: the server's errors appear next to their fields.
	await form.fillNew({ username, displayName, password: 'short', roles: [] });
	await form.submit(fi.users_create_submit);
	await form.expectFieldError(fi.user_password, fi.field_password_too_short);
	await expect(page.getByText(fi.field_roles_required)).toBeVisible();
	await expect(page.getByRole('alert').filter({ hasText: fi.error_validation })).toBeVisible();
	await a11y.check('field errors');

	// Fixed: created, and listed.
	await form.field(fi.user_password).fill('a-long-enough-passphrase');
	await page.getByRole('checkbox', { name: fi.role_coach, exact: true }).check();
	await page.getByRole('checkbox', { name: 'Nuorten työpaja', exact: true }).check();
	await form.submit(fi.users_create_submit);
	await expect(page).toHaveURL(/\/admin\/users$/);
	await expect(page.getByText(fill(fi.users_created, { name: displayName }))).toBeVisible();
	await expect(users.entry(username)).toContainText(displayName);
	await expect(users.entry(username)).toContainText(fi.role_coach);
	await expect(users.entry(username)).toContainText('Nuorten työpaja');

	// The same username again is a conflict, shown on the username field.
	await form.gotoNew();
	await form.fillNew({ username, displayName: 'Toinen', password: 'another-long-passphrase', roles: [fi.role_coach] });
	await form.submit(fi.users_create_submit);
	await form.expectFieldError(fi.user_username, fi.field_username_taken);

	// Edit: new name, one more role.
	await users.goto();
	await users.openEdit(username);
	await form.field(fi.user_display_name).fill(`${displayName} Muokattu`);
	await page.getByRole('checkbox', { name: fi.role_outreach_worker, exact: true }).check();
	await form.submit(fi.save);
	await expect(page.getByText(fi.users_saved)).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${displayName} Muokattu`);
	await users.goto();
	await expect(users.entry(username)).toContainText(`${displayName} Muokattu`);
	await expect(users.entry(username)).toContainText(fi.role_outreach_worker);

	// Their own page offers no role or unit that reaches client data: another admin grants those.
	await users.openEdit('admin');
	await expect(page.getByTestId('self-grant-hint')).toHaveText(fi.user_self_grant_hint);
	for (const role of [fi.role_coach, fi.role_outreach_worker, fi.role_supervisor]) {
		await expect(page.getByRole('checkbox', { name: role, exact: true })).toBeDisabled();
	}
	await expect(page.getByRole('checkbox', { name: fi.role_admin, exact: true })).toBeEnabled();
	await a11y.check('own account');
});

// Runs on the tablet project only: one story, on the supervisor’s tablet.
test('a supervisor sees the user list but cannot create or edit', { tag: '@only-tablet' }, async ({ page, a11y }) => {
	await new LoginPage(page, a11y).loginAs('supervisor');
	const users = new UsersPage(page, a11y);
	await new AppShell(page, a11y).navLink(fi.nav_users).click();
	await users.expectLoaded();
	await expect(users.entry('coach')).toBeVisible();
	await expect(users.createLink).toHaveCount(0);
	await expect(page.getByRole('link', { name: fi.edit })).toHaveCount(0);

	await page.goto('/admin/users/new');
	await expect(page.getByRole('heading', { level: 1, name: fi.no_access_title })).toBeVisible();
	await a11y.check('no access');
});

for (const user of ['worker', 'coach'] as const) {
	// Told once per role: the server and the guard decide, not the screen size.
	test(`a direct link to the user admin gives ${user} a "no access" page`, { tag: '@only-phone' }, async ({ page, a11y }) => {
		await new LoginPage(page, a11y).loginAs(user);
		await page.goto('/admin/users');
		await expect(page.getByRole('heading', { level: 1, name: fi.no_access_title })).toBeVisible();
		await expect(page).toHaveTitle(new RegExp(fi.no_access_title));
		await a11y.check('no access');
		// The server refuses the same thing.
		expect((await page.request.get('/api/users')).status()).toBe(403);
	});
}

import { DEMO_USERS, expect, test } from '../fixtures';
import { fill, t } from '../messages';
import { AppShell } from '../page-models/app-shell';
import { LoginPage } from '../page-models/login-page';

// Runs on the tablet project only: the texts do not depend on the screen size.
test('the language switcher changes the texts and <html lang>, and is remembered', { tag: '@only-tablet' }, async ({ page, a11y }) => {
	const login = new LoginPage(page, a11y);
	const shell = new AppShell(page, a11y);
	await login.goto();
	await expect(page.locator('html')).toHaveAttribute('lang', 'fi');

	await shell.switchLanguage('sv');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.sv.login_title);
	await expect(page.getByLabel(t.sv.login_password, { exact: true })).toBeVisible();
	await expect(page).toHaveTitle(`${t.sv.login_title} – Polku`);
	await a11y.check('login in Swedish');

	await shell.switchLanguage('en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.en.login_title);
	await expect(shell.connection).toHaveText(t.en.connection_online);
	await a11y.check('login in English');

	// Remembered on this device across a reload.
	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.en.login_title);

	// Signed in, the whole shell follows.
	await page.getByLabel(t.en.login_organisation, { exact: true }).fill('demo');
	await page.getByLabel(t.en.login_username, { exact: true }).fill(DEMO_USERS.supervisor.username);
	await page.getByLabel(t.en.login_password, { exact: true }).fill(process.env.POLKU_E2E_DEMO_PASSWORD ?? '');
	await page.getByRole('button', { name: t.en.login_submit, exact: true }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		fill(t.en.home_greeting, { name: DEMO_USERS.supervisor.displayName })
	);
	await expect(page.getByRole('navigation', { name: t.en.nav_label })).toContainText(t.en.nav_statistics);
	await a11y.check('home in English');

	await shell.switchLanguage('sv');
	await expect(page.getByRole('navigation', { name: t.sv.nav_label })).toContainText(t.sv.nav_statistics);
	await expect(page.getByTestId('home-roles')).toContainText(t.sv.role_supervisor);
	await a11y.check('home in Swedish');

	// Back to Finnish for good measure.
	await shell.switchLanguage('fi');
	await expect(page.getByRole('navigation', { name: t.fi.nav_label })).toContainText(t.fi.nav_statistics);
});

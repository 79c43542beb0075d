import { PageErrors, expect, test } from '../fixtures';
import { fi } from '../messages';
import { LoginPage } from '../page-models/login-page';

// Runs on the desktop project only: headers do not depend on the screen size; every test watches for CSP errors.
test('the shell is served with a strict CSP and no inline script, and still starts', { tag: '@only-desktop' }, async ({ page, request, a11y }) => {
	for (const path of ['/', '/login', '/admin/users']) {
		const response = await request.get(path);
		expect(response.status()).toBe(200);
		const csp = response.headers()['content-security-policy'] ?? '';
		expect(csp).toContain("script-src 'self'");
		expect(csp).toContain("style-src 'self'");
		expect(csp).not.toContain('unsafe-inline');
		const html = await response.text();
		expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
		expect(html).not.toMatch(/\sstyle=/);
	}
	// The fixture fails the test on any CSP report in the console; the app must hydrate.
	await new LoginPage(page, a11y).goto();
	await expect(page.getByRole('button', { name: fi.login_submit })).toBeEnabled();
});

// Runs on the desktop project only: the manifest does not depend on the screen size.
test('the app is installable: manifest, icons and theme colour', { tag: '@only-desktop' }, async ({ page, request, a11y }) => {
	await new LoginPage(page, a11y).goto();
	await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', /^#[0-9a-f]{6}$/i);
	await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveCount(1);
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	expect(href).toBeTruthy();
	const manifest = (await (await request.get(href ?? '')).json()) as {
		name: string;
		short_name: string;
		start_url: string;
		display: string;
		theme_color: string;
		background_color: string;
		icons: { src: string; sizes: string; type: string; purpose?: string }[];
	};
	expect(manifest).toMatchObject({ name: 'Polku', short_name: 'Polku', start_url: '/', display: 'standalone' });
	expect(manifest.theme_color).toBeTruthy();
	expect(manifest.background_color).toBeTruthy();
	for (const size of ['192x192', '512x512']) {
		expect(manifest.icons.some((i) => i.sizes === size && i.type === 'image/png' && i.purpose !== 'maskable')).toBe(true);
	}
	expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
	for (const icon of manifest.icons) {
		const response = await request.get(icon.src);
		expect(response.status(), icon.src).toBe(200);
		expect(response.headers()['content-type']).toContain(icon.type);
	}
});

test('an unknown address shows a page, not an error', { tag: '@only-phone' }, async ({ page, a11y }) => {
	await new LoginPage(page, a11y).loginAs('worker');
	await page.goto('/no/such/page');
	await expect(page.getByRole('heading', { level: 1, name: fi.not_found_title })).toBeVisible();
	await a11y.check('not found');
});

// Runs on the desktop project only: it tests the test fixture, not a screen.
test('the console watch really catches a CSP violation', { tag: '@only-desktop' }, async ({ browser }) => {
	// A page of its own, outside the automatic watch of this test's `page`.
	const context = await browser.newContext();
	const page = await context.newPage();
	const errors = new PageErrors();
	errors.watch(page);
	await page.goto('/login');
	await expect(page.getByRole('button', { name: fi.login_submit })).toBeEnabled();
	expect(errors.csp).toEqual([]);
	// An inline style attribute and an inline script, as a careless component would add them.
	await page.evaluate(() => {
		document.body.setAttribute('style', 'outline: 1px solid red');
		const script = document.createElement('script');
		script.textContent = 'window.__inline = true';
		document.body.append(script);
	});
	await expect.poll(() => errors.csp.length).toBeGreaterThanOrEqual(2);
	expect(await page.evaluate(() => (window as unknown as { __inline?: boolean }).__inline)).toBeUndefined();
	await context.close();
});

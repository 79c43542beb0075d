import type { Response } from '@playwright/test';
import { DEMO_PASSWORD, DEMO_USERS, expect, test, type DemoUser } from '../fixtures';
import { fi } from '../messages';
import { ClientPage } from '../page-models/client-page';
import { HomePage } from '../page-models/home-page';
import { LoginPage } from '../page-models/login-page';
import { auditTrail } from '../server-check';

/**
 * Signing in and the first page call only what the role may use: a 401 or 403 on the way means the
 * app asked for something the permission matrix refuses (a wasted call at best, a hidden failure in
 * the sign-in flow at worst). The login page itself may ask /api/me before anyone signed in: the
 * watch starts with the sign-in.
 */
for (const user of Object.keys(DEMO_USERS) as DemoUser[]) {
	test(`${user}: signing in and the home page call no endpoint the role may not use`, { tag: '@only-desktop' }, async ({ page, a11y }) => {
		const login = new LoginPage(page, a11y);
		const home = new HomePage(page, a11y);
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
		await expect(page.getByTestId('no-access')).toHaveCount(0);

		expect(refused).toEqual([]);
	});
}

/** A demo workshop client's henkilötunnus (the coach reaches the client). */
const SEEDED_HETU = '010594Y9032';

test('a henkilötunnus is searched online only: found and audited with a connection, a clear message without', { tag: '@only-desktop' }, async ({ page, context, a11y, playwright }) => {
	await new LoginPage(page, a11y).loginAs('coach');
	const clients = new ClientPage(page, a11y);
	await clients.openList();
	await clients.filter('all', 'all');

	const asked: string[] = [];
	page.on('request', (r) => {
		if (new URL(r.url()).pathname.startsWith('/api/')) asked.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`);
	});
	await clients.search(SEEDED_HETU.toLowerCase());
	await expect(clients.result('Juho Pajanen')).toHaveCount(1);
	await expect(page.getByTestId('matched-hetu')).toHaveText(fi.clients_matched_hetu);
	await expect(page.getByTestId('client-results')).not.toContainText('9032');
	// The code went in a POST body, never in an address.
	expect(asked.filter((a) => a.startsWith('POST ') && a.includes('/api/clients/search-by-hetu'))).toHaveLength(1);
	expect(asked.filter((a) => a.split(' ')[1]?.toUpperCase().includes(SEEDED_HETU))).toEqual([]);
	const audit = await auditTrail(playwright, DEMO_PASSWORD);
	const search = audit.find((e) => e.action === 'client.hetu-search');
	expect(search).toMatchObject({ entity: 'client', detail: { found: 1 } });
	expect(JSON.stringify(audit)).not.toContain(SEEDED_HETU);

	// Without a connection the page says why nothing is searched; a name still is.
	await context.setOffline(true);
	await clients.search(SEEDED_HETU);
	await expect(page.getByTestId('hetu-search-offline')).toHaveText(fi.clients_hetu_search_needs_connection);
	await a11y.check('hetu search offline');
	await clients.search('Pajanen');
	await expect(clients.result('Juho Pajanen')).toHaveCount(1);
	await expect(page.getByTestId('hetu-search-offline')).toHaveCount(0);
	await context.setOffline(false);
});

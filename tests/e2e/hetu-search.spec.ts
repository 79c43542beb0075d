import { DEMO_PASSWORD, expect, test } from '../fixtures';
import { fi } from '../messages';
import { ClientPage } from '../page-models/client-page';
import { LoginPage } from '../page-models/login-page';
import { auditTrail } from '../server-check';

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

/**
 * Issue 4 on the coach's tablet: a new client with a henkilötunnus (a DVV test person), a
 * processing consent, a service, a memo and a photo of the signed form; all of it on the record and
 * its timeline, and on the server. The henkilötunnus is found by exact match, never listed, shown
 * masked, and revealing it writes an audit row. And the admin's code lists. Axe on every page and
 * every section of the record.
 */
import type { Page } from '@playwright/test';
import { HETU_MASK } from '@polku/shared';
import { DEMO_PASSWORD, DEMO_USERS, expect, test, uniqueName } from '../fixtures';
import { fi, fill } from '../messages';
import { ClientPage } from '../page-models/client-page';
import { SyncStrip } from '../page-models/encounter-pages';
import { LoginPage } from '../page-models/login-page';
import { BASE_URL, auditTrail, pullAll, waitForServiceWorker } from '../server-check';

/** DVV's fictitious test person (DOMAIN.md); the seed uses 010594Y9032 and 020594X903P. */
const HETU = '030594W903B';
const SEEDED_HETU = '010594Y9032';

/** A real JPEG, drawn and encoded by the browser itself. */
async function photoOfForm(page: Page): Promise<Buffer> {
	const dataUrl = await page.evaluate(() => {
		const canvas = document.createElement('canvas');
		canvas.width = 120;
		canvas.height = 80;
		const g = canvas.getContext('2d');
		if (!g) throw new Error('no 2d context');
		g.fillStyle = '#f4f1ea';
		g.fillRect(0, 0, 120, 80);
		g.fillStyle = '#1b4d89';
		g.fillRect(10, 55, 70, 3);
		g.fillText('Suostumus', 10, 20);
		return canvas.toDataURL('image/jpeg', 0.85);
	});
	const bytes = Buffer.from(dataUrl.split(',')[1] ?? '', 'base64');
	expect([...bytes.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
	return bytes;
}

test(
	'a coach records a new client with a henkilötunnus, a consent, a service, a memo and a photo; the server holds them and the reveal is audited',
	{ tag: '@only-tablet' },
	async ({ page, a11y, playwright }) => {
		test.setTimeout(180_000);
		const first = `Testi${uniqueName('a').slice(-5)}`;
		const last = 'Rekisteri';
		const name = `${first} ${last}`;
		const memoText = `Sovittiin työkokeilusta ${uniqueName('m')}`;

		await new LoginPage(page, a11y).loginAs('coach');
		await expect(page).toHaveURL(/\/$/);
		await waitForServiceWorker(page);
		const strip = new SyncStrip(page);
		await strip.expectAllSent();
		const clients = new ClientPage(page, a11y);

		// Find by exact henkilötunnus: the list says it matched and never shows the code.
		await clients.openList();
		await clients.filter('all', 'all');
		await clients.search(SEEDED_HETU);
		await expect(clients.result('Juho Pajanen')).toHaveCount(1);
		await expect(page.getByTestId('matched-hetu')).toHaveText(fi.clients_matched_hetu);
		await expect(page.getByTestId('client-results')).not.toContainText('9032');
		await a11y.check('hetu match');

		// Create.
		await page.getByTestId('new-client').click();
		await expect(page).toHaveURL(/\/clients\/new$/);
		await expect(page.getByRole('heading', { level: 1, name: fi.clients_new })).toBeVisible();
		await a11y.check('new client');
		await page.getByLabel(fi.client_field_first_name, { exact: true }).fill(first);
		await page.getByLabel(fi.client_field_last_name, { exact: true }).fill(last);
		// A typo is caught at its field.
		const hetu = page.getByLabel(fi.record_field_hetu, { exact: true });
		await hetu.fill('030594W903C');
		await hetu.blur();
		await expect(hetu).toHaveAttribute('aria-invalid', 'true');
		await expect(hetu).toHaveAccessibleDescription(new RegExp(fi.record_error_hetu_checksum));
		await a11y.check('hetu error');
		await hetu.fill(HETU);
		await hetu.blur();
		await expect(hetu).not.toHaveAttribute('aria-invalid', 'true');
		await page.getByTestId('fill-birth-date').click();
		await expect(page.getByLabel(fi.record_field_birth_date, { exact: true })).toHaveValue('1994-05-03');
		await page.getByLabel(fi.record_field_mother_tongue, { exact: true }).selectOption({ label: 'suomi' });
		await page.getByLabel(fi.record_field_phone, { exact: true }).fill('040 123 4567');
		await expect(page.getByLabel(`${fi.record_field_start_date} *`, { exact: true })).not.toHaveValue('');
		await page.getByRole('button', { name: fi.record_create_submit, exact: true }).click();
		await expect(page).toHaveURL(/\/clients\/[0-9a-f-]{36}$/);
		const clientId = page.url().split('/').pop() ?? '';
		await expect(clients.name).toHaveText(name);
		await expect(clients.shown('birthDate')).toContainText('1994');
		await a11y.check('record, basic');

		// Consent: processing, written, text version.
		await clients.section(fi.record_section_consents);
		await page.getByLabel(`${fi.record_field_consent_version} *`, { exact: true }).fill('2026-1');
		await page.getByRole('button', { name: fi.record_consent_add, exact: true }).last().click();
		const consent = page.locator('[data-testid="consents"] [data-purpose="processing"]');
		await expect(consent).toHaveCount(1);
		await expect(consent).toContainText(fi.record_consent_in_force);
		await a11y.check('consents');
		// A disclosure names its recipient; withdrawn, it shows as such.
		await page.getByRole('group', { name: `${fi.record_field_consent_purpose} *` }).getByRole('radio', { name: 'Tietojen luovuttaminen nimetylle taholle', exact: true }).check();
		await page.getByRole('button', { name: fi.record_consent_add, exact: true }).last().click();
		const recipient = page.getByLabel(`${fi.record_field_consent_recipient} *`, { exact: true });
		await expect(recipient).toHaveAttribute('aria-invalid', 'true');
		await expect(recipient).toBeFocused();
		await a11y.check('consent recipient missing');
		await recipient.fill('Kelan nuorten palvelut');
		await page.getByRole('button', { name: fi.record_consent_add, exact: true }).last().click();
		const disclosure = page.locator('[data-testid="consents"] [data-purpose="disclosure"]');
		await expect(disclosure).toContainText('Kelan nuorten palvelut');
		await disclosure.getByRole('button', { name: fill(fi.record_withdraw_named, { name: 'Tietojen luovuttaminen nimetylle taholle' }) }).click();
		await expect(disclosure.getByLabel(fi.record_withdraw_effective, { exact: true })).toBeFocused();
		await disclosure.getByRole('button', { name: fi.record_withdraw_confirm, exact: true }).click();
		await expect(disclosure.getByTestId('consent-withdrawn')).toBeVisible();
		await expect(consent).toContainText(fi.record_consent_in_force);
		await a11y.check('consent withdrawn');

		// Service.
		await clients.section(fi.record_section_services);
		await page.getByLabel(`${fi.record_field_service_type} *`, { exact: true }).selectOption({ label: 'Yksilöohjaus' });
		await page.getByRole('button', { name: fi.record_service_add, exact: true }).last().click();
		await expect(page.getByTestId('services').locator('li')).toHaveCount(1);
		await expect(page.getByTestId('services')).toContainText('Yksilöohjaus');
		await a11y.check('services');

		// Memo.
		await clients.section(fi.record_section_memos);
		await page.getByLabel(`${fi.record_field_memo} *`, { exact: true }).fill(memoText);
		await page.getByRole('button', { name: fi.record_memo_add, exact: true }).last().click();
		await expect(page.getByTestId('memos')).toContainText(memoText);
		await a11y.check('memos');

		// Attachment: a photo of the signed form (the camera's input on a tablet).
		await clients.section(fi.record_section_attachments);
		const file = page.getByLabel(`${fi.record_field_file} *`, { exact: true });
		await expect(file).toHaveAttribute('accept', 'image/*,application/pdf');
		await expect(file).toHaveAttribute('capture', 'environment');
		await file.setInputFiles({ name: 'lomake.jpg', mimeType: 'image/jpeg', buffer: await photoOfForm(page) });
		await page.getByLabel(fi.record_field_attachment_label, { exact: true }).fill('Allekirjoitettu suostumus');
		await page.getByRole('button', { name: fi.record_attachment_add, exact: true }).last().click();
		await expect(page.getByText(fi.record_attachment_saved).last()).toBeVisible({ timeout: 15_000 });
		const attachment = page.getByTestId('attachments').locator('li');
		await expect(attachment).toHaveCount(1);
		await expect(attachment).toContainText('Allekirjoitettu suostumus');
		await attachment.getByRole('button', { name: fill(fi.record_attachment_open, { name: 'Allekirjoitettu suostumus' }) }).click();
		await expect(attachment.locator('img.preview')).toBeVisible();
		await expect.poll(() => attachment.locator('img.preview').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);
		await a11y.check('attachments');

		// Everything reaches the server.
		await strip.expectAllSent(30_000);

		// The henkilötunnus: masked, revealed on request (online, audited).
		await clients.section(fi.record_hetu);
		await expect(page.getByTestId('hetu-masked')).toHaveText(HETU_MASK, { timeout: 20_000 });
		await expect(page.getByTestId('hetu-masked')).not.toHaveText(HETU);
		await a11y.check('hetu masked');
		await page.getByRole('button', { name: fi.record_hetu_reveal, exact: true }).click();
		await expect(page.getByTestId('hetu-revealed')).toHaveText(HETU);
		await a11y.check('hetu revealed');

		// The timeline, in time order.
		await clients.section(fi.record_section_timeline);
		const timeline = page.getByTestId('timeline');
		const expected = { 'relationship-start': 1, consent: 2, 'consent-withdrawn': 1, 'service-start': 1, memo: 1, attachment: 1 };
		for (const [kind, count] of Object.entries(expected)) {
			await expect(timeline.locator(`[data-kind="${kind}"]`)).toHaveCount(count);
		}
		const times = await timeline.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime') ?? ''));
		expect(times.map((t) => t.slice(0, 10))).toEqual(times.map((t) => t.slice(0, 10)).toSorted());
		await a11y.check('timeline');

		// The field history and who has seen the record (online).
		await clients.section(fi.record_section_history);
		await page.getByRole('button', { name: fi.history_load, exact: true }).click();
		await expect(page.getByTestId('history-reads')).toContainText(fi.history_read_hetu);
		await a11y.check('history');

		// Every other section, for axe.
		for (const label of [fi.record_section_background, fi.record_section_sensitive, fi.record_section_situation, fi.record_section_relationship, fi.record_section_follow_ups, fi.record_section_merge]) {
			await clients.section(label);
			await a11y.check(label);
		}
		// The tab list works by keyboard.
		await page.getByRole('tab', { name: fi.record_section_basic, exact: true }).click();
		await page.keyboard.press('ArrowRight');
		await expect(page.getByRole('tab', { name: fi.record_hetu, exact: true })).toBeFocused();
		await expect(page.getByRole('tab', { name: fi.record_hetu, exact: true })).toHaveAttribute('aria-selected', 'true');

		// On the server, as a second device of the coach sees it.
		const changes = await pullAll(playwright, DEMO_USERS.coach.username, DEMO_PASSWORD);
		const client = changes.filter((c) => c.entity === 'client' && c.id === clientId).at(-1);
		expect(client?.data).toMatchObject({ firstName: first, lastName: last, birthDate: '1994-05-03', birthYear: 1994, motherTongue: 'fi', hetuMasked: HETU_MASK });
		expect(JSON.stringify(changes)).not.toContain(HETU);
		const of = (entity: string) => changes.filter((c) => c.entity === entity && c.data?.clientId === clientId);
		const consents = of('consent').map((c) => c.data);
		expect(consents).toHaveLength(2);
		expect(consents).toContainEqual(expect.objectContaining({ purpose: 'processing', method: 'written', textVersion: '2026-1', withdrawnAt: null }));
		expect(consents).toContainEqual(expect.objectContaining({ purpose: 'disclosure', recipient: 'Kelan nuorten palvelut', withdrawnAt: expect.any(String) }));
		expect(of('service').map((c) => c.data)).toEqual([expect.objectContaining({ type: 'individual-guidance', status: 'active' })]);
		expect(of('memo').map((c) => c.data)).toEqual([expect.objectContaining({ text: memoText })]);
		expect(of('attachment').map((c) => c.data)).toEqual([expect.objectContaining({ kind: 'signed-form', contentType: 'image/jpeg', label: 'Allekirjoitettu suostumus' })]);

		// The reveal's audit row.
		const audit = await auditTrail(playwright, DEMO_PASSWORD);
		expect(audit.filter((a) => a.action === 'client.hetu-reveal' && a.entityId === clientId)).toHaveLength(1);
		expect(JSON.stringify(audit)).not.toContain(HETU);
	}
);

test('an admin hides a code and adds a local one on the code lists page', { tag: '@only-tablet' }, async ({ page, a11y, playwright }) => {
	const slug = `paja-${uniqueName('k').slice(-6)}`;
	await new LoginPage(page, a11y).loginAs('admin');
	await expect(page).toHaveURL(/\/$/);
	await page.locator('nav.app-nav [data-nav="code-lists"]').click();
	await expect(page).toHaveURL(/\/admin\/code-lists$/);
	await expect(page.getByRole('heading', { level: 1, name: fi.code_lists_title })).toBeVisible();
	await page.getByLabel(fi.code_lists_choose, { exact: true }).selectOption({ label: fi.record_field_housing });
	await expect(page.getByRole('heading', { level: 2, name: fi.record_field_housing })).toBeVisible();
	await a11y.check('code lists');

	await page.getByRole('group', { name: fi.code_lists_hidden }).getByRole('checkbox', { name: 'Opiskelija-asunto', exact: true }).check();
	await page.getByLabel(fi.code_lists_slug, { exact: true }).fill(slug);
	const newForm = page.locator('#code-lists-new');
	await newForm.getByLabel(fi.code_lists_label_fi, { exact: true }).fill('Nuorisoasunto');
	await newForm.getByLabel(fi.code_lists_label_sv, { exact: true }).fill('Ungdomsbostad');
	await newForm.getByLabel(fi.code_lists_label_en, { exact: true }).fill('Youth housing');
	await newForm.getByLabel(fi.code_lists_maps_to, { exact: true }).selectOption('own-home');
	await newForm.getByRole('button', { name: fi.code_lists_add, exact: true }).click();
	await expect(page.getByTestId('code-list-form')).toContainText(`local:${slug}`);
	await page.getByRole('button', { name: fi.code_lists_save, exact: true }).click();
	await expect(page.getByText(fi.code_lists_saved).last()).toBeVisible();
	await a11y.check('code list saved');

	const api = await playwright.request.newContext({ baseURL: BASE_URL });
	expect((await api.post('/api/auth/login', { data: { organisation: 'demo', username: 'admin', password: DEMO_PASSWORD } })).status()).toBe(200);
	const overrides = (await (await api.get('/api/code-lists')).json()) as Record<string, { hidden: string[]; local: { code: string; mapsTo: string; labels: Record<string, string> }[] }>;
	expect(overrides.housing?.hidden).toContain('student-housing');
	expect(overrides.housing?.local).toContainEqual(expect.objectContaining({ code: `local:${slug}`, mapsTo: 'own-home', labels: { fi: 'Nuorisoasunto', sv: 'Ungdomsbostad', en: 'Youth housing' } }));
	// Unhide again, so other stories see the national list whole.
	const res = await api.put('/api/code-lists/housing', { data: { hidden: [], local: overrides.housing?.local ?? [] } });
	expect(res.status()).toBe(200);
	await api.dispose();
});

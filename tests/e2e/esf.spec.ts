/**
 * Issue 6, ESF participants on the coach's tablet: the record's ESR section suggests the start from
 * the client's record, records a participation with a disadvantage (a special category the coach
 * reaches), gets its participant number from the server, and ends it. The supervisor's participant
 * file lists it by number, never by name. Axe on the section as it changes.
 */
import { DEMO_PASSWORD, expect, test } from '../fixtures';
import { fi, fill } from '../messages';
import { ClientPage } from '../page-models/client-page';
import { SyncStrip } from '../page-models/encounter-pages';
import { LoginPage } from '../page-models/login-page';
import { apiAs, waitForServiceWorker } from '../server-check';

test('a coach records an ESF participation and ends it; the supervisor’s participant file lists it by number', { tag: '@only-tablet' }, async ({ page, a11y, playwright }) => {
	test.setTimeout(120_000);
	// A project of this run only (the data directory is fresh, but a retry must not meet its own record).
	const project = `E${String(Math.floor(Math.random() * 100_000)).padStart(5, '0')}`;
	const year = new Date().getFullYear();

	await new LoginPage(page, a11y).loginAs('coach');
	await waitForServiceWorker(page);
	const strip = new SyncStrip(page);
	await strip.expectAllSent();
	const clients = new ClientPage(page, a11y);
	await clients.open('Juho', 'Juho Pajanen');
	await clients.section(fi.record_section_esf);
	await expect(page.getByTestId('esf').or(page.getByText(fi.record_esf_none))).toBeVisible();
	await a11y.check('esf');

	// The start, suggested from the record: the coach confirms it and adds a disadvantage.
	const form = page.locator('form.section-form').filter({ has: page.getByRole('heading', { name: fi.record_esf_add }) });
	await form.getByLabel(`${fi.record_esf_project} *`, { exact: true }).fill(project.toLowerCase());
	await expect(form.getByLabel(`${fi.record_esf_status_start} *`, { exact: true })).not.toHaveValue('');
	await form.getByRole('checkbox', { name: 'Maaseudulta', exact: true }).check();
	await form.getByRole('button', { name: fi.record_esf_add, exact: true }).click();
	const item = page.getByTestId('esf').locator('li').filter({ hasText: fill(fi.record_esf_project_title, { code: project }) });
	await expect(item).toBeVisible();
	await expect(item).toContainText('Maaseudulta');
	await a11y.check('esf added');

	// The server gives the participant number; the record shows it once pulled back.
	await strip.expectAllSent();
	await expect(item).toContainText(/Osallistujanumero \d+/, { timeout: 20_000 });
	const number = /Osallistujanumero (\d+)/.exec((await item.textContent()) ?? '')?.[1];

	// Ending it: the end date and the status on leaving.
	await item.getByRole('button', { name: fill(fi.record_esf_change, { code: project }), exact: true }).click();
	await a11y.check('esf change');
	const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Helsinki' });
	await item.getByLabel(fi.record_esf_end, { exact: true }).fill(today);
	await item.getByLabel(fi.record_esf_status_end, { exact: true }).selectOption('education');
	await item.getByRole('button', { name: fi.save, exact: true }).click();
	await expect(item).toContainText('Koulutuksessa');
	await strip.expectAllSent();

	// The supervisor's participant file: by number, with the disadvantage, and no name.
	const { api } = await apiAs(playwright, 'supervisor', DEMO_PASSWORD);
	const res = await api.get(`/api/statistics/esf/participants.csv?window=year:year:${year}&project=${project}&lang=fi`);
	expect(res.status()).toBe(200);
	const lines = (await res.text()).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
	expect(lines).toHaveLength(2);
	expect(lines[1]).toMatch(new RegExp(`^${number};${project};\\d{4}-\\d{2}-\\d{2};\\d*;`));
	expect(lines[1]).toContain('Maaseudulta');
	expect(lines[1]).toContain(`${today};Koulutuksessa;`);
	expect(lines.join('\n')).not.toContain('Pajanen');
	await api.dispose();
});

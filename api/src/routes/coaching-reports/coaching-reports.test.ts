import { ProblemSchema, type Role } from '@polku/shared';
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { auditLog, userUnits, users } from '../../db/schema';
import { createSession, sessionCookieValue, SESSION_COOKIE } from '../../services/session.service';
import { pdfText } from '../../lib/pdf-text';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { orgFileText } from '../../test/record-helpers';
import { insertClient } from '../clients/client-fixtures';
import { insertAssessment, insertGoal, insertMarks, insertPeriod, insertReport, nameClient } from './workshop-fixtures';

let t: TestApp;
/** An interim report of a workshop (unit 1) period, dated Fri 27 Feb 2026. */
let reportId: string;
/** A report of a period in another workshop (unit 2, made by someone else), which the coach (unit 1 only) does not reach. */
let otherReportId: string;

/**
 * The period: Mon–Fri 6 h from Mon 2 Feb 2026; the report counts 2.–27.2.: 20 contract days, 120 h.
 * Present 2.–6. (5 × 6 h), 11. (5.5 h), 12. (6 h) and Sat 14. (3 h, off contract): 8 days, 44.5 h;
 * sick 9., authorised 10.; 11 contract days unmarked (a deleted mark on 13. does not count, nor a mark
 * on 2.3. after the report's date). Rate 8 / 20 = 40 %.
 */
beforeEach(async () => {
	t = await createTestApp();
	const clientId = insertClient(t, { unit: 1, createdBy: 'coach' });
	nameClient(t, clientId, { firstName: 'Äijä', lastName: 'Öljynen', nickname: null });
	const period = insertPeriod(t, { clientId, unit: 1, over: { expenseCompensationCents: 900 } });
	insertMarks(t, period, [
		...['2026-02-02', '2026-02-03', '2026-02-04', '2026-02-05', '2026-02-06'].map((date) => ({ date, hours: 6 })),
		{ date: '2026-02-09', absent: 'sick' as const },
		{ date: '2026-02-10', absent: 'authorised' as const },
		{ date: '2026-02-11', hours: 5.5 },
		{ date: '2026-02-12', hours: 6 },
		{ date: '2026-02-13', hours: 6, deleted: true },
		{ date: '2026-02-14', hours: 3, extraReason: 'Lauantain tapahtuma' },
		{ date: '2026-03-02', hours: 6 }
	]);
	insertGoal(t, period, { text: 'Säännöllinen päivärytmi', status: 'in-progress', targetDate: '2026-04-30', notes: [{ date: '2026-02-16', text: 'Aamut sujuvat jo paremmin.' }] });
	insertAssessment(t, period, { mode: 'self', date: '2026-02-02', answers: { 'self-knowledge.strengths': 2, 'self-knowledge.self-worth': 3 } });
	insertAssessment(t, period, { mode: 'coach', date: '2026-02-20', answers: { 'self-knowledge.strengths': 4 } });
	reportId = insertReport(t, period, { kind: 'interim', date: '2026-02-27', text: 'Työskentely on ollut säännöllistä.' });

	const otherClient = insertClient(t, { unit: 2, createdBy: 'nobody-here' });
	const other = insertPeriod(t, { clientId: otherClient, unit: 2, createdBy: 'admin' });
	otherReportId = insertReport(t, other, { kind: 'interim', date: '2026-02-27', text: 'Toisen pajan raportti.' });
});
afterEach(() => t.close());

const getPdf = (id: string, as: Role = 'coach', lang?: string) => t.request('GET', `/api/coaching-reports/${id}/pdf${lang ? `?lang=${lang}` : ''}`, { cookie: t.sessionCookie(as) });
const downloads = (id: string) =>
	t.org.db
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.action, 'coaching-report.download'), eq(auditLog.entityId, id)))
		.all();

describe('GET /api/coaching-reports/:id/pdf', () => {
	it("answers the period's figures as a PDF download, and audits it", async () => {
		const res = await getPdf(reportId);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('application/pdf');
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="valiraportti-2026-02-27.pdf"');
		expect(res.headers.get('cache-control')).toBe('no-store');
		const pdf = Buffer.from(await res.arrayBuffer());
		expect(res.headers.get('content-length')).toBe(String(pdf.length));
		const text = pdfText(pdf);
		expect(text).toContain('Väliraportti 27.2.2026');
		expect(text).toContain('Äijä Öljynen');
		expect(text).toMatch(/Sopimuksen mukaiset päivät\s+20\b/);
		expect(text).toMatch(/Läsnäolopäivät\s+8\b/);
		expect(text).toMatch(/Läsnäolotunnit\s+44,5\b/);
		expect(text).toMatch(/Sopimuksen tunnit\s+120\b/);
		expect(text).toMatch(/Läsnäoloprosentti\s+40 %/);
		expect(text).toMatch(/Poissaolot: Sairas\s+1\b/);
		expect(text).toMatch(/Poissaolot: Luvallinen poissaolo\s+1\b/);
		expect(text).toMatch(/Merkitsemättä\s+11\b/);
		expect(text).toContain('Säännöllinen päivärytmi');
		expect(text).toContain('Työn alla');
		expect(text).toContain('16.2.2026: Aamut sujuvat jo paremmin.');
		expect(text).toMatch(/Itsetuntemus\s+2,5\s+2,5\s+4\s+4/);
		expect(text).toContain('Jakso jatkuu.');
		expect(text).toContain('Työskentely on ollut säännöllistä.');
		expect(text).toContain('Kaupungin sosiaalipalvelut');

		const [row] = downloads(reportId);
		expect(row).toMatchObject({ actorId: t.userId('coach'), entity: 'coaching-report', entityId: reportId });
		expect(row?.detail).toMatchObject({ kind: 'interim', date: '2026-02-27', lang: 'fi' });
		expect(JSON.stringify(row?.detail)).not.toMatch(/Äijä|Öljynen|päivärytmi/);
		// The free text stays encrypted at rest: rendering reads it through the keyring only.
		expect(orgFileText(t)).not.toContain('Aamut sujuvat');
	});

	it('renders in the language asked for', async () => {
		const res = await getPdf(reportId, 'coach', 'sv');
		expect(res.status).toBe(200);
		const text = pdfText(Buffer.from(await res.arrayBuffer()));
		expect(text).toContain('Mellanrapport');
		expect(text).toMatch(/Närvarodagar\s+8\b/);
		expect(text).toContain('Pågår');
		expect(downloads(reportId)[0]?.detail).toMatchObject({ lang: 'sv' });
	});

	it('names a bad language and a bad id in a 422 problem', async () => {
		const bad = await getPdf(reportId, 'coach', 'de');
		expect(bad.status).toBe(422);
		expect(ProblemSchema.parse(await bad.json()).errors).toEqual([expect.objectContaining({ field: 'lang' })]);
		const badId = await getPdf('not-a-uuid');
		expect(badId.status).toBe(422);
		expect(ProblemSchema.parse(await badId.json()).errors).toEqual([expect.objectContaining({ field: 'id' })]);
	});

	it("answers 404 for another workshop's report, a deleted report and an unknown id, and audits nothing", async () => {
		const clientId = insertClient(t, { unit: 1, createdBy: 'coach' });
		const deleted = insertReport(t, insertPeriod(t, { clientId, unit: 1 }), { kind: 'interim', date: '2026-02-27', text: 'x', deleted: true });
		for (const id of [otherReportId, deleted, '00000000-0000-4000-8000-000000000000']) {
			const res = await getPdf(id);
			expect(res.status).toBe(404);
			expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
			expect(downloads(id)).toEqual([]);
		}
	});

	it('refuses roles without coaching-period export: 403 for a supervisor, an admin and an outreach worker', async () => {
		for (const role of ['supervisor', 'admin', 'outreach-worker'] as const) {
			const res = await getPdf(reportId, role);
			expect(res.status).toBe(403);
		}
		expect(downloads(reportId)).toEqual([]);
	});

	it("reaches another unit's period where the caller is its work coach, in the caller's own language", async () => {
		// A Swedish-speaking coach of unit 2 is the work coach of a period in unit 1.
		const coach2 = randomUUID();
		const at = t.now().toISOString();
		t.org.write((tx) => {
			tx.insert(users).values({ id: coach2, username: 'coach2', displayName: 'Sara Coach', passwordHash: 'x', roles: ['coach'], locale: 'sv', createdAt: at, updatedAt: at }).run();
			tx.insert(userUnits).values({ userId: coach2, unitId: t.unitIds[2] ?? '', createdAt: at }).run();
		});
		const { token } = t.org.write((tx) => createSession(tx, coach2, t.now(), 12));
		const cookie = `${SESSION_COOKIE}=${sessionCookieValue(t.org.id, token)}`;
		const clientId = insertClient(t, { unit: 1, createdBy: 'coach' });
		const coached = insertReport(t, insertPeriod(t, { clientId, unit: 1, over: { workCoachId: coach2 } }), { kind: 'final', date: '2026-02-27', text: 'Slutord.' });
		const res = await t.request('GET', `/api/coaching-reports/${coached}/pdf`, { cookie });
		expect(res.status).toBe(200);
		expect(res.headers.get('content-disposition')).toBe('attachment; filename="loppulausunto-2026-02-27.pdf"');
		const text = pdfText(Buffer.from(await res.arrayBuffer()));
		expect(text).toContain('Slututlåtande 27.2.2026');
		expect(text).toContain('Slutord.');
		expect(downloads(coached)[0]).toMatchObject({ actorId: coach2 });
		// Not the coach of the other reports of unit 1.
		expect((await t.request('GET', `/api/coaching-reports/${reportId}/pdf`, { cookie })).status).toBe(404);
	});
});

import { ClientHistorySchema, HetuRevealSchema, parseHetu, type Role } from '@polku/shared';
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, clients, clientWorkers } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { insertAudit, insertClient, insertHistory, insertMerge } from './client-fixtures';

let t: TestApp;
beforeEach(async () => {
	t = await createTestApp();
});
afterEach(() => t.close());

/** A henkilötunnus with a valid check character (DOMAIN.md: DDMMYY, sign, NNN, check mod 31). */
function hetu(ddmmyy: string, sign: string, nnn: string): string {
	const check = '0123456789ABCDEFHJKLMNPRSTUVWXY'[Number(ddmmyy + nnn) % 31] ?? '';
	const code = `${ddmmyy}${sign}${nnn}${check}`;
	if (!parseHetu(code).valid) throw new Error(`fixture hetu ${code} is not valid`);
	return code;
}

const history = (id: string, as: Role) => t.request('GET', `/api/clients/${id}/history`, { cookie: t.sessionCookie(as) });
const reveal = (id: string, as: Role) => t.request('POST', `/api/clients/${id}/hetu/reveal`, { cookie: t.sessionCookie(as) });
const audits = (action: string, entityId: string) =>
	t.org.db
		.select()
		.from(auditLog)
		.where(and(eq(auditLog.action, action), eq(auditLog.entityId, entityId)))
		.all();

describe('GET /api/clients/:id/history', () => {
	it('lists changes newest first with actor, from and to; decrypts background texts; withholds the henkilötunnus', async () => {
		const id = insertClient(t, { unit: 1, createdBy: 'coach' });
		insertHistory(t, { clientId: id, actor: 'coach', entity: 'client', field: 'firstName', from: 'Testi', to: 'Tessa', protection: 'plain', at: '2026-03-01T10:00:00.000Z' });
		insertHistory(t, { clientId: id, actor: 'coach', entity: 'client', field: 'goals', from: null, to: 'Ammattikoulu syksyllä', protection: 'encrypted', at: '2026-03-01T11:00:00.000Z' });
		insertHistory(t, { clientId: id, actor: 'coach', entity: 'hetu', field: 'hetu', from: null, to: null, protection: 'withheld', at: '2026-03-01T12:00:00.000Z' });
		const serviceId = randomUUID();
		insertHistory(t, { clientId: id, actor: 'coach', entity: 'service', entityId: serviceId, field: 'status', from: 'planned', to: 'ongoing', protection: 'plain', at: '2026-03-01T13:00:00.000Z' });
		// Another client's history stays out.
		insertHistory(t, { clientId: insertClient(t, { unit: 1, createdBy: 'coach' }), actor: 'coach', entity: 'client', field: 'firstName', from: 'A', to: 'B', protection: 'plain' });

		const res = await history(id, 'coach');
		expect(res.status).toBe(200);
		const body = ClientHistorySchema.parse(await res.json());
		expect(body.changes.map((c) => c.field)).toEqual(['status', 'hetu', 'goals', 'firstName']);
		expect(body.changes[0]).toEqual({ at: '2026-03-01T13:00:00.000Z', actorId: t.userId('coach'), actorName: 'Kaisa Valmentaja', entity: 'service', entityId: serviceId, field: 'status', from: 'planned', to: 'ongoing', hidden: false });
		expect(body.changes[1]).toMatchObject({ entity: 'hetu', from: null, to: null, hidden: true });
		expect(body.changes[2]).toMatchObject({ field: 'goals', from: null, to: 'Ammattikoulu syksyllä', hidden: false });
		expect(body.changes[3]).toMatchObject({ field: 'firstName', from: 'Testi', to: 'Tessa', actorName: 'Kaisa Valmentaja' });

		const [audit] = audits('client.history-read', id);
		expect(audit).toMatchObject({ actorId: t.userId('coach'), entity: 'client', detail: { changes: 4, reads: 0 } });
	});

	it('shows special categories only to a viewer whose client-sensitive read reaches the client', async () => {
		// Outreach unit client made by the coach: the unit's worker reads the client, not its special categories.
		const id = insertClient(t, { unit: 0, createdBy: 'coach' });
		insertHistory(t, { clientId: id, actor: 'coach', entity: 'client-sensitive', field: 'health', from: null, to: 'Diabetes', protection: 'encrypted' });
		const asWorker = ClientHistorySchema.parse(await (await history(id, 'outreach-worker')).json());
		expect(asWorker.changes).toEqual([expect.objectContaining({ field: 'health', from: null, to: null, hidden: true })]);
		expect(JSON.stringify(asWorker)).not.toContain('Diabetes');
		const asCoach = ClientHistorySchema.parse(await (await history(id, 'coach')).json());
		expect(asCoach.changes).toEqual([expect.objectContaining({ field: 'health', to: 'Diabetes', hidden: false })]);
	});

	it('includes the history and the reads of records merged into the client (not of undone merges), reads newest first', async () => {
		const target = insertClient(t, { unit: 1, createdBy: 'coach' });
		const source = insertClient(t, { unit: 1, createdBy: 'coach' });
		const undoneSource = insertClient(t, { unit: 1, createdBy: 'coach' });
		insertHistory(t, { clientId: source, actor: 'coach', entity: 'client', field: 'nickname', from: null, to: 'Kettu', protection: 'plain', at: '2026-02-01T10:00:00.000Z' });
		insertHistory(t, { clientId: undoneSource, actor: 'coach', entity: 'client', field: 'nickname', from: null, to: 'Ilves', protection: 'plain' });
		insertAudit(t, 'client.hetu-reveal', 'coach', 'client', source);
		t.advance(1000);
		insertAudit(t, 'client.hetu-reveal', 'supervisor', 'client', target);
		insertAudit(t, 'client.hetu-reveal', 'coach', 'client', undoneSource);
		insertAudit(t, 'client.update', 'coach', 'client', target);
		insertMerge(t, target, source, 'coach');
		insertMerge(t, target, undoneSource, 'coach', true);
		t.org.db.update(clients).set({ deletedAt: t.now().toISOString(), mergedInto: target }).where(eq(clients.id, source)).run();
		t.advance(1000);

		const first = ClientHistorySchema.parse(await (await history(target, 'coach')).json());
		expect(first.changes.map((c) => c.to)).toEqual(['Kettu']);
		expect(first.reads).toEqual([
			expect.objectContaining({ action: 'client.hetu-reveal', actorName: 'Ville Vastaava', actorId: t.userId('supervisor') }),
			expect.objectContaining({ action: 'client.hetu-reveal', actorName: 'Kaisa Valmentaja' })
		]);
		// The history read itself is a read: the next one lists it first.
		const second = ClientHistorySchema.parse(await (await history(target, 'coach')).json());
		expect(second.reads.map((r) => r.action)).toEqual(['client.history-read', 'client.hetu-reveal', 'client.hetu-reveal']);
		// The merged-away source is a tombstone: its own history is a 404.
		expect((await history(source, 'coach')).status).toBe(404);
	});

	it('lists attachment downloads among the reads', async () => {
		const id = insertClient(t, { unit: 1, createdBy: 'coach' });
		const attachmentId = randomUUID();
		const up = await t.app.request(`/api/clients/${id}/attachments`, {
			method: 'POST',
			headers: { cookie: t.sessionCookie('coach'), 'content-type': 'application/pdf', 'x-attachment-id': attachmentId, 'x-attachment-kind': 'plan' },
			body: Buffer.from('%PDF-1.4\n%%EOF\n')
		});
		expect(up.status).toBe(201);
		expect((await t.request('GET', `/api/attachments/${attachmentId}`, { cookie: t.sessionCookie('coach') })).status).toBe(200);
		const body = ClientHistorySchema.parse(await (await history(id, 'coach')).json());
		expect(body.reads).toEqual([expect.objectContaining({ action: 'attachment.read', actorId: t.userId('coach') })]);
	});

	it('is a 404 outside the scope (another unit’s worker, a supervisor not assigned); 403 for an admin; nothing audited', async () => {
		const id = insertClient(t, { unit: 1, createdBy: 'coach' });
		expect((await history(id, 'outreach-worker')).status).toBe(404);
		expect((await history(id, 'supervisor')).status).toBe(404);
		expect((await history(id, 'admin')).status).toBe(403);
		expect((await history(randomUUID(), 'coach')).status).toBe(404);
		expect(audits('client.history-read', id)).toEqual([]);
	});
});

describe('POST /api/clients/:id/hetu/reveal', () => {
	it('answers the henkilötunnus with no-store and audits the reveal without the value', async () => {
		const code = hetu('131052', '-', '308');
		const id = insertClient(t, { unit: 1, createdBy: 'coach', hetu: code });
		const res = await reveal(id, 'coach');
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('no-store');
		expect(HetuRevealSchema.parse(await res.json())).toEqual({ hetu: code, temporary: false });
		const rows = audits('client.hetu-reveal', id);
		expect(rows).toEqual([expect.objectContaining({ actorId: t.userId('coach'), entity: 'client' })]);
		expect(JSON.stringify(rows)).not.toContain(code);
		expect(t.logs()).not.toContain(code);
	});

	it('flags a temporary code (individual number 900–999)', async () => {
		const code = hetu('010203', 'A', '934');
		const id = insertClient(t, { unit: 2, createdBy: 'coach', hetu: code });
		expect(HetuRevealSchema.parse(await (await reveal(id, 'coach')).json())).toEqual({ hetu: code, temporary: true });
	});

	it('is a 404 when the client has none or is out of scope, and nothing is audited', async () => {
		const without = insertClient(t, { unit: 1, createdBy: 'coach' });
		const withHetu = insertClient(t, { unit: 1, createdBy: 'coach', hetu: hetu('131052', '-', '308') });
		expect((await reveal(without, 'coach')).status).toBe(404);
		expect((await reveal(withHetu, 'outreach-worker')).status).toBe(404);
		expect((await reveal(withHetu, 'supervisor')).status).toBe(404);
		expect((await reveal(withHetu, 'admin')).status).toBe(403);
		expect(audits('client.hetu-reveal', without)).toEqual([]);
		expect(audits('client.hetu-reveal', withHetu)).toEqual([]);
	});

	it('a supervisor responsible for the client may reveal it', async () => {
		const id = insertClient(t, { unit: 1, createdBy: 'coach', hetu: hetu('131052', '-', '308') });
		expect((await reveal(id, 'supervisor')).status).toBe(404);
		t.org.db.insert(clientWorkers).values({ clientId: id, userId: t.userId('supervisor') }).run();
		expect((await reveal(id, 'supervisor')).status).toBe(200);
	});
});

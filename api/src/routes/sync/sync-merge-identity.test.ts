import { HETU_MASK, HetuRevealSchema, type Client, type PushResult } from '@polku/shared';
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientMerges, clients, clientSensitive, fieldHistory } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { hetuOf, newClient, orgFileText, pushOne } from '../../test/record-helpers';

/**
 * Merging two duplicate clients (issue 4, point 3) with what identifies the person: the henkilötunnus
 * and the special categories move to a target that has none and come back exactly on undo; two
 * different henkilötunnus codes are two different people. Real SQLite file, real sealing and keys.
 */
let t: TestApp;
let coach: { id: string; token: string };
let worker: { id: string; token: string };
let workshop: string;

beforeAll(async () => {
	t = await createTestApp();
	coach = await t.registerDevice('coach');
	worker = await t.registerDevice('outreach-worker');
	workshop = t.unitIds[1] ?? '';
});
afterAll(() => t.close());

const applied = (r: PushResult) => expect(r.status, JSON.stringify(r)).toBe('applied');
const clientRow = (id: string) => t.org.db.select().from(clients).where(eq(clients.id, id)).get();
const sensitiveRow = (id: string) => t.org.db.select().from(clientSensitive).where(eq(clientSensitive.id, id)).get();
const open = (token: string | null | undefined, context: string) => (token ? t.org.keyring.decryptField(token, context) : null);

async function twoClients(): Promise<{ target: string; source: string }> {
	const target = newClient(workshop, { firstName: 'Kohde' });
	const source = newClient(workshop, { firstName: 'Lähde' });
	for (const c of [target, source]) applied(await pushOne(t, coach.token, { kind: 'client.create', data: c }));
	return { target: target.id, source: source.id };
}

describe('client.merge of a duplicate with a henkilötunnus and special categories', () => {
	it('moves both to a target that has none, with field history; undo moves them back exactly', async () => {
		const { target, source } = await twoClients();
		const hetu = hetuOf('120395', '-', '234');
		const index = t.org.keyring.blindIndex(hetu, 'hetu');
		applied(await pushOne(t, coach.token, { kind: 'client.set-hetu', data: { clientId: source, hetu } }));
		applied(
			await pushOne(t, coach.token, {
				kind: 'client-sensitive.update',
				data: { id: source, baseVersion: 0, changes: { health: { from: null, to: 'Diabetes, insuliini' }, substanceUse: { from: null, to: 'Ei käyttöä' } } }
			})
		);

		const mergeId = randomUUID();
		applied(await pushOne(t, coach.token, { kind: 'client.merge', data: { id: mergeId, targetId: target, source: { entity: 'client', id: source } } }));

		// The henkilötunnus is the target's now, sealed under the target's context; the source lets go of the index.
		const merged = clientRow(target);
		expect(merged?.hetuIndex).toBe(index);
		expect(open(merged?.hetu, `client.hetu:${target}`)).toBe(hetu);
		expect(clientRow(source)).toMatchObject({ hetuIndex: null, mergedInto: target });
		expect(clientRow(source)?.deletedAt).not.toBeNull();
		// Special categories: the target's row holds them (target contexts), the source's is a tombstone.
		const moved = sensitiveRow(target);
		expect(open(moved?.health, `client-sensitive.health:${target}`)).toBe('Diabetes, insuliini');
		expect(open(moved?.substanceUse, `client-sensitive.substanceUse:${target}`)).toBe('Ei käyttöä');
		expect(sensitiveRow(source)?.deletedAt).not.toBeNull();
		expect(t.org.db.select().from(clientMerges).where(eq(clientMerges.id, mergeId)).get()?.moved).toMatchObject({ hetu: [source], 'client-sensitive': [source] });

		// Field history of the target: the henkilötunnus withheld, the special categories encrypted.
		const history = t.org.db.select().from(fieldHistory).where(eq(fieldHistory.clientId, target)).all();
		expect(history.filter((h) => h.field === 'hetu')).toEqual([expect.objectContaining({ entity: 'hetu', protection: 'withheld', fromValue: null, toValue: null })]);
		const health = history.find((h) => h.entity === 'client-sensitive' && h.field === 'health');
		expect(health?.protection).toBe('encrypted');
		expect(JSON.parse(open(health?.toValue, `history:${health?.id ?? ''}`) ?? '')).toBe('Diabetes, insuliini');
		expect(history.some((h) => h.entity === 'client-sensitive' && h.field === 'substanceUse')).toBe(true);
		expect(orgFileText(t)).not.toContain('insuliini');

		// Devices: the target carries the mask, the special categories arrive on the target, the source's are a tombstone.
		const page = await t.pull('coach', coach.token);
		expect((page.changes.find((c) => c.entity === 'client' && c.id === target)?.data as Client).hetuMasked).toBe(HETU_MASK);
		expect(page.changes.find((c) => c.entity === 'client-sensitive' && c.id === target)).toMatchObject({ data: { health: 'Diabetes, insuliini' } });
		expect(page.changes.find((c) => c.entity === 'client-sensitive' && c.id === source)).toMatchObject({ data: null });
		expect(JSON.stringify(page)).not.toContain(hetu);
		const reveal = await t.request('POST', `/api/clients/${target}/hetu/reveal`, { cookie: t.sessionCookie('coach') });
		expect(reveal.status).toBe(200);
		expect(HetuRevealSchema.parse(await reveal.json()).hetu).toBe(hetu);
		// The live target holds it: nobody else may take it.
		const other = newClient(workshop);
		applied(await pushOne(t, coach.token, { kind: 'client.create', data: other }));
		const dup = await pushOne(t, coach.token, { kind: 'client.set-hetu', data: { clientId: other.id, hetu } });
		expect(dup).toMatchObject({ status: 'rejected', problem: { status: 409, errors: [expect.objectContaining({ code: 'hetu-duplicate' })] } });

		applied(await pushOne(t, coach.token, { kind: 'client.unmerge', data: { id: mergeId } }));
		const back = clientRow(source);
		expect(back).toMatchObject({ deletedAt: null, mergedInto: null, hetuIndex: index });
		expect(open(back?.hetu, `client.hetu:${source}`)).toBe(hetu);
		expect(clientRow(target)).toMatchObject({ hetu: null, hetuIndex: null });
		const sourceSensitive = sensitiveRow(source);
		expect(sourceSensitive?.deletedAt).toBeNull();
		expect(open(sourceSensitive?.health, `client-sensitive.health:${source}`)).toBe('Diabetes, insuliini');
		expect(sensitiveRow(target)).toMatchObject({ health: null, substanceUse: null });
		const after = t.org.db.select().from(fieldHistory).where(and(eq(fieldHistory.clientId, target), eq(fieldHistory.field, 'hetu'))).all();
		expect(after).toHaveLength(2);
		expect(after.every((h) => h.protection === 'withheld' && h.toValue === null)).toBe(true);
		const again = await pushOne(t, coach.token, { kind: 'client.set-hetu', data: { clientId: other.id, hetu } });
		expect(again).toMatchObject({ status: 'rejected', problem: { status: 409 } });
		const pulled = await t.pull('coach', coach.token);
		expect((pulled.changes.find((c) => c.entity === 'client' && c.id === source)?.data as Client).hetuMasked).toBe(HETU_MASK);
		expect((pulled.changes.find((c) => c.entity === 'client' && c.id === target)?.data as Client).hetuMasked).toBeNull();
	});

	it('refuses to merge two records whose henkilötunnus codes differ (409 hetu-differs), and writes nothing', async () => {
		const { target, source } = await twoClients();
		applied(await pushOne(t, coach.token, { kind: 'client.set-hetu', data: { clientId: target, hetu: hetuOf('010101', 'A', '345') } }));
		applied(await pushOne(t, coach.token, { kind: 'client.set-hetu', data: { clientId: source, hetu: hetuOf('020202', 'A', '456') } }));
		const mergeId = randomUUID();
		const r = await pushOne(t, coach.token, { kind: 'client.merge', data: { id: mergeId, targetId: target, source: { entity: 'client', id: source } } });
		expect(r).toMatchObject({ status: 'rejected', problem: { status: 409, code: 'conflict', errors: [expect.objectContaining({ field: 'data.source.id', code: 'hetu-differs' })] } });
		expect(clientRow(source)).toMatchObject({ deletedAt: null, mergedInto: null, hetuIndex: t.org.keyring.blindIndex(hetuOf('020202', 'A', '456'), 'hetu') });
		expect(t.org.db.select().from(clientMerges).where(eq(clientMerges.id, mergeId)).get()).toBeUndefined();
	});

	it('keeps the target\'s own special categories and henkilötunnus when the source has none', async () => {
		const { target, source } = await twoClients();
		const hetu = hetuOf('030303', 'A', '567');
		applied(await pushOne(t, coach.token, { kind: 'client.set-hetu', data: { clientId: target, hetu } }));
		applied(await pushOne(t, coach.token, { kind: 'client-sensitive.update', data: { id: target, baseVersion: 0, changes: { health: { from: null, to: 'Kohteen oma' } } } }));
		applied(await pushOne(t, coach.token, { kind: 'client-sensitive.update', data: { id: source, baseVersion: 0, changes: { health: { from: null, to: 'Lähteen oma' } } } }));
		const mergeId = randomUUID();
		applied(await pushOne(t, coach.token, { kind: 'client.merge', data: { id: mergeId, targetId: target, source: { entity: 'client', id: source } } }));
		expect(open(sensitiveRow(target)?.health, `client-sensitive.health:${target}`)).toBe('Kohteen oma');
		expect(clientRow(target)?.hetuIndex).toBe(t.org.keyring.blindIndex(hetu, 'hetu'));
		const moved = t.org.db.select().from(clientMerges).where(eq(clientMerges.id, mergeId)).get()?.moved ?? {};
		expect(Object.keys(moved)).not.toContain('hetu');
		expect(Object.keys(moved)).not.toContain('client-sensitive');
		applied(await pushOne(t, coach.token, { kind: 'client.unmerge', data: { id: mergeId } }));
		expect(clientRow(target)?.hetuIndex).toBe(t.org.keyring.blindIndex(hetu, 'hetu'));
		expect(open(sensitiveRow(target)?.health, `client-sensitive.health:${target}`)).toBe('Kohteen oma');
	});

	it('does not carry a henkilötunnus into a unit that does not record one (422 hetu-not-allowed on the target)', async () => {
		// An outreach client the coach is responsible for (an admin attached the coach to the outreach unit
		// too, so the worker could name them), and a workshop client with a henkilötunnus.
		const attach = await t.request('PATCH', `/api/users/${t.userId('coach')}`, { cookie: t.sessionCookie('admin'), json: { unitIds: [t.unitIds[0], workshop] } });
		expect(attach.status).toBe(200);
		const outreachClient = newClient(t.unitIds[0] ?? '', { responsibleWorkerIds: [t.userId('coach')] });
		applied(await pushOne(t, worker.token, { kind: 'client.create', data: outreachClient }));
		const source = newClient(workshop);
		applied(await pushOne(t, coach.token, { kind: 'client.create', data: source }));
		applied(await pushOne(t, coach.token, { kind: 'client.set-hetu', data: { clientId: source.id, hetu: hetuOf('040404', 'A', '678') } }));
		const r = await pushOne(t, coach.token, { kind: 'client.merge', data: { id: randomUUID(), targetId: outreachClient.id, source: { entity: 'client', id: source.id } } });
		expect(r).toMatchObject({ status: 'rejected', problem: { status: 422, errors: [expect.objectContaining({ field: 'data.targetId', code: 'hetu-not-allowed' })] } });
		expect(clientRow(source.id)?.deletedAt).toBeNull();
		expect(clientRow(outreachClient.id)?.hetu).toBeNull();
	});
});

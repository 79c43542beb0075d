import { fromBase64Url, toBase64Url, type Mutation, type PushResult, type PushItem } from '@polku/shared';
import { count, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, encounters, syncMutations } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/create-test-app';

type EncounterMutation = Extract<Mutation, { kind: 'encounter.create' }>;
let t: TestApp;
let worker: { id: string; token: string };
beforeAll(async () => {
	t = await createTestApp();
	worker = await t.registerDevice('outreach-worker');
});
afterAll(() => t.close());

const NOTE = 'Puhuttiin asunnosta, Aada huolissaan vuokrasta';

function encounter(over: Record<string, unknown> = {}): EncounterMutation {
	return {
		kind: 'encounter.create',
		data: {
			id: randomUUID(),
			unitId: t.unitIds[0] ?? '',
			occurredAt: '2026-03-02T07:30:00.000Z',
			channel: 'street',
			clientId: t.clientIds[0] ?? null,
			anonymousContactId: null,
			topics: ['housing'],
			actions: ['discussion'],
			durationMinutes: 15,
			note: NOTE,
			followUpDate: '2026-03-09',
			...over
		}
	} as EncounterMutation;
}

function only<S extends PushResult['status']>(results: PushResult[], status: S): Extract<PushResult, { status: S }> {
	expect(results).toHaveLength(1);
	const [r] = results;
	expect(r?.status).toBe(status);
	return r as Extract<PushResult, { status: S }>;
}

const encounterCount = (id: string) => t.org.db.select({ n: count() }).from(encounters).where(eq(encounters.id, id)).get()?.n;

describe('post /api/sync/push', () => {
	it('applies a sealed encounter once, stores the note encrypted, and answers duplicate on resend', async () => {
		const m = encounter();
		const item = await t.sealMutation(m);
		const first = await t.push(worker.token, [item]);
		expect(first.device).toEqual({ status: 'active', wipe: false });
		const applied = only(first.results, 'applied');
		expect(applied).toMatchObject({ mutationId: item.mutationId, entity: 'encounter', id: m.data.id, version: 1 });

		const row = t.org.db.select().from(encounters).where(eq(encounters.id, m.data.id)).get();
		expect(row?.note).toMatch(/^v1\./);
		expect(row?.note).not.toContain('asunnosta');
		expect(t.org.keyring.decryptField(row?.note ?? '', `encounter.note:${m.data.id}`)).toBe(NOTE);

		const again = await t.push(worker.token, [item]);
		only(again.results, 'duplicate');
		expect(encounterCount(m.data.id)).toBe(1);
		const mutations = t.org.db.select().from(syncMutations).where(eq(syncMutations.mutationId, item.mutationId)).all();
		expect(mutations).toEqual([
			expect.objectContaining({ userId: t.userId('outreach-worker'), deviceId: worker.id, kind: 'encounter.create', result: 'applied' })
		]);
		const audit = t.org.db.select().from(auditLog).where(eq(auditLog.entityId, m.data.id)).all();
		expect(audit).toEqual([expect.objectContaining({ action: 'encounter.create', actorId: t.userId('outreach-worker') })]);
		expect(JSON.stringify(audit)).not.toContain('asunnosta');
	});

	it('answers conflict mutation-reused when a mutation id comes back with other content', async () => {
		const mutationId = t.mutationId();
		const first = encounter();
		only((await t.push(worker.token, [await t.sealMutation(first, { mutationId })])).results, 'applied');
		const other = encounter();
		const res = only((await t.push(worker.token, [await t.sealMutation(other, { mutationId })])).results, 'conflict');
		expect(res).toMatchObject({ reason: 'mutation-reused', server: null, conflicts: [] });
		expect(encounterCount(other.data.id)).toBe(0);
	});

	it('answers record-exists with the server version for the same record id with other content, duplicate for the same content', async () => {
		const m = encounter();
		only((await t.push(worker.token, [await t.sealMutation(m)])).results, 'applied');
		const changed = { ...m, data: { ...m.data, note: 'toinen' } } as Mutation;
		const res = only((await t.push(worker.token, [await t.sealMutation(changed)])).results, 'conflict');
		expect(res.reason).toBe('record-exists');
		expect(res.server).toMatchObject({ entity: 'encounter', id: m.data.id, version: 1, data: { note: NOTE } });
		only((await t.push(worker.token, [await t.sealMutation(m)])).results, 'duplicate');
		expect(encounterCount(m.data.id)).toBe(1);
	});

	it('rejects an unsupported schema version, naming schemaVersion', async () => {
		const item = await t.sealMutation(encounter(), { schemaVersion: 2 });
		const res = only((await t.push(worker.token, [item])).results, 'rejected');
		expect(res.problem).toMatchObject({ status: 422, code: 'schema-unsupported', errors: [expect.objectContaining({ field: 'schemaVersion' })] });
	});

	it('rejects an envelope with a flipped byte, and one sealed for another mutation id, as seal-invalid', async () => {
		const m = encounter();
		const item = await t.sealMutation(m);
		const ct = fromBase64Url(item.envelope.ct);
		ct[5] = (ct[5] ?? 0) ^ 0x01;
		const flipped: PushItem = { ...item, envelope: { ...item.envelope, ct: toBase64Url(ct) } };
		const moved = await t.sealMutation(m, { aadMutationId: t.mutationId() });
		const res = await t.push(worker.token, [flipped, moved]);
		for (const r of res.results) {
			expect(r.status).toBe('rejected');
			if (r.status === 'rejected') {
				expect(r.problem).toMatchObject({ status: 422, code: 'seal-invalid', errors: [expect.objectContaining({ field: 'envelope' })] });
			}
		}
		expect(encounterCount(m.data.id)).toBe(0);
	});

	it('rejects invalid content naming the field inside data, never echoing the value', async () => {
		const res = only((await t.push(worker.token, [await t.sealMutation(encounter({ channel: 'Kauppakeskus Itis' }))])).results, 'rejected');
		expect(res.problem.code).toBe('validation-failed');
		expect(res.problem.status).toBe(422);
		expect(res.problem.errors?.map((e) => e.field)).toEqual(['data.channel']);
		expect(JSON.stringify(res)).not.toContain('Itis');
		const both = only((await t.push(worker.token, [await t.sealMutation(encounter({ clientId: null }))])).results, 'rejected');
		expect(both.problem.errors?.map((e) => e.field)).toEqual(['data.clientId']);
		const notJson = only((await t.push(worker.token, [await t.sealMutation({}, { plaintext: 'not json' })])).results, 'rejected');
		expect(notJson.problem.code).toBe('validation-failed');
	});

	it('rejects a record for another unit as forbidden (data.unitId), and a kind the role may not do', async () => {
		const res = only((await t.push(worker.token, [await t.sealMutation(encounter({ unitId: t.unitIds[1] }))])).results, 'rejected');
		expect(res.problem).toMatchObject({ status: 403, code: 'forbidden', errors: [expect.objectContaining({ field: 'data.unitId' })] });
		const coach = await t.registerDevice('coach');
		const byCoach = only((await t.push(coach.token, [await t.sealMutation(encounter({ unitId: t.unitIds[1] }))])).results, 'rejected');
		expect(byCoach.problem).toMatchObject({ status: 403, code: 'forbidden' });
	});

	it('rejects a reference to a client that does not exist as unknown-reference (data.clientId)', async () => {
		const res = only((await t.push(worker.token, [await t.sealMutation(encounter({ clientId: randomUUID() }))])).results, 'rejected');
		expect(res.problem).toMatchObject({ status: 422, code: 'unknown-reference', errors: [expect.objectContaining({ field: 'data.clientId' })] });
		const contact = only(
			(await t.push(worker.token, [await t.sealMutation(encounter({ clientId: null, anonymousContactId: randomUUID() }))])).results,
			'rejected'
		);
		expect(contact.problem.errors?.[0]?.field).toBe('data.anonymousContactId');
	});

	it('answers each item of a batch on its own: a rejected item 2 does not stop items 1 and 3', async () => {
		const [a, b, c] = [encounter(), encounter({ clientId: randomUUID() }), encounter()];
		const items = [await t.sealMutation(a), await t.sealMutation(b), await t.sealMutation(c)];
		const res = await t.push(worker.token, items);
		expect(res.results.map((r) => [r.mutationId, r.status])).toEqual([
			[items[0]?.mutationId, 'applied'],
			[items[1]?.mutationId, 'rejected'],
			[items[2]?.mutationId, 'applied']
		]);
		expect([encounterCount(a.data.id), encounterCount(b.data.id), encounterCount(c.data.id)]).toEqual([1, 0, 1]);
	});

	it('creates an anonymous contact and an encounter with it in one batch, in order', async () => {
		const contactId = randomUUID();
		const contact: Mutation = {
			kind: 'anonymous-contact.create',
			data: { id: contactId, unitId: t.unitIds[0] ?? '', nickname: 'Pipo', birthYearEstimate: 2007, gender: 'unknown', municipality: '091' }
		};
		const res = await t.push(worker.token, [
			await t.sealMutation(contact),
			await t.sealMutation(encounter({ clientId: null, anonymousContactId: contactId }))
		]);
		expect(res.results.map((r) => r.status)).toEqual(['applied', 'applied']);
	});

	it('applies the same mutation exactly once when two pushes carry it at the same time', async () => {
		const m = encounter();
		const item = await t.sealMutation(m);
		const other = await t.registerDevice('outreach-worker');
		const answers = await Promise.all([t.push(worker.token, [item]), t.push(other.token, [item]), t.push(worker.token, [item])]);
		const statuses = answers.map((a) => a.results[0]?.status).sort();
		expect(statuses).toEqual(['applied', 'duplicate', 'duplicate']);
		expect(encounterCount(m.data.id)).toBe(1);
		expect(t.org.db.select({ n: count() }).from(syncMutations).where(eq(syncMutations.mutationId, item.mutationId)).get()?.n).toBe(1);
	});

	it('takes 20 devices of one user pushing at once', async () => {
		const devices = await Promise.all(Array.from({ length: 20 }, () => t.registerDevice('outreach-worker')));
		const batches = await Promise.all(
			devices.map(async (d) => ({ d, items: await Promise.all(Array.from({ length: 5 }, () => t.sealMutation(encounter()))) }))
		);
		const answers = await Promise.all(batches.map(({ d, items }) => t.push(d.token, items)));
		expect(answers.flatMap((a) => a.results.map((r) => r.status)).every((s) => s === 'applied')).toBe(true);
		expect(answers.flatMap((a) => a.results)).toHaveLength(100);
	});

	it('answers an empty batch as a heartbeat and slides lastSeenAt', async () => {
		t.advance(60_000);
		const res = await t.push(worker.token, []);
		expect(res).toMatchObject({ results: [], device: { status: 'active', wipe: false } });
		const list = (await (await t.request('GET', '/api/devices', { cookie: t.sessionCookie('outreach-worker') })).json()) as { id: string; lastSeenAt: string }[];
		expect(list.find((d) => d.id === worker.id)?.lastSeenAt).toBe(t.now().toISOString());
	});

	it('refuses a bad body (422) and more than 100 items (422, field items)', async () => {
		const bad = await t.pushRaw(worker.token, { items: [{ mutationId: 'x' }] });
		expect(bad.status).toBe(422);
		const item = await t.sealMutation(encounter());
		const tooMany = await t.pushRaw(worker.token, { items: Array.from({ length: 101 }, () => item) });
		expect(tooMany.status).toBe(422);
		expect(((await tooMany.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain('items');
	});

	it('writes no personal data to the log', async () => {
		const nickname = 'Salanimi Sateenkaari';
		const contact: Mutation = {
			kind: 'anonymous-contact.create',
			data: { id: randomUUID(), unitId: t.unitIds[0] ?? '', nickname, birthYearEstimate: null, gender: 'unknown', municipality: 'unknown' }
		};
		await t.push(worker.token, [await t.sealMutation(contact), await t.sealMutation(encounter({ note: 'Lokiin ei saa päätyä tämä muistiinpano' }))]);
		await t.push(worker.token, [await t.sealMutation(encounter({ channel: 'Salainen paikka' }))]);
		const log = t.logs();
		expect(log).toContain('"route":"/api/sync/push"');
		expect(log).not.toContain('Lokiin ei saa');
		expect(log).not.toContain(nickname);
		expect(log).not.toContain('Salainen paikka');
		expect(log).not.toContain(worker.token);
	});
});

describe('push under write contention', () => {
	it('waits for another process holding the write lock instead of failing', async () => {
		const { spawn } = await import('node:child_process');
		// A second process (like the CLI) takes the organisation file's write lock for a moment.
		const holder = spawn(
			process.execPath,
			[
				'-e',
				`const D = require('better-sqlite3'); const db = new D(process.argv[1]); db.exec('BEGIN IMMEDIATE');
				 process.stdout.write('locked\\n'); const until = Date.now() + 400; while (Date.now() < until) {}
				 db.exec('COMMIT'); db.close();`,
				t.ctx.registry.orgPath(t.org.id)
			],
			{ cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] }
		);
		await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
		const m = encounter();
		const res = await t.push(worker.token, [await t.sealMutation(m)]);
		expect(res.results[0]?.status).toBe('applied');
		await new Promise((resolve) => holder.once('exit', resolve));
		expect(encounterCount(m.data.id)).toBe(1);
	});
});

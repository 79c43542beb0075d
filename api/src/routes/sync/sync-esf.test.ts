import { type EsfParticipationInput, type Mutation, type PushResult, type SyncChange } from '@polku/shared';
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, esfParticipations, fieldHistory } from '../../db/schema';
import { createSession, sessionCookieValue, SESSION_COOKIE } from '../../services/session.service';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { newClient, orgFileText, pushOne } from '../../test/record-helpers';

/**
 * ESF participation over sync (issue 6): appliers, the one-per-project rule, scope, the special
 * categories (encrypted at rest, withheld from who does not reach them), field merge and conflicts,
 * and a client merge. Real SQLite file, real sealing and field encryption.
 */
let t: TestApp;
let coach: { id: string; token: string };
let worker: { id: string; token: string };
/** A second outreach worker: reaches the unit's clients, not their special categories. */
let worker2: { id: string; token: string; cookie: string; userId: string };

beforeAll(async () => {
	t = await createTestApp();
	coach = await t.registerDevice('coach');
	worker = await t.registerDevice('outreach-worker');
	const res = await t.request('POST', '/api/users', {
		cookie: t.sessionCookie('admin'),
		json: { username: 'worker2', displayName: 'Toinen Etsivä', password: 'another long password 42', roles: ['outreach-worker'], unitIds: [t.unitIds[0]], locale: 'fi' }
	});
	expect(res.status).toBe(201);
	const userId = ((await res.json()) as { id: string }).id;
	const { token } = t.org.write((tx) => createSession(tx, userId, t.now(), 12));
	const cookie = `${SESSION_COOKIE}=${sessionCookieValue(t.org.id, token)}`;
	worker2 = { ...(await t.registerDevice('outreach-worker', { cookie })), cookie, userId };
});
afterAll(() => t.close());

function participation(clientId: string, over: Partial<EsfParticipationInput> = {}): EsfParticipationInput {
	return {
		id: randomUUID(),
		clientId,
		projectCode: 'S30794',
		startDate: '2026-02-02',
		employmentStatusAtStart: 'unemployed',
		educationAtStart: '0-2',
		disadvantages: [],
		disadvantageDeclined: false,
		endDate: null,
		employmentStatusAtEnd: null,
		qualificationGained: null,
		...over
	};
}
const create = (data: object): Mutation => ({ kind: 'esf-participation.create', data }) as Mutation;
const update = (id: string, baseVersion: number, changes: Record<string, { from: unknown; to: unknown }>): Mutation =>
	({ kind: 'esf-participation.update', data: { id, baseVersion, changes } }) as Mutation;
const problemOf = (r: PushResult) => {
	expect(r.status).toBe('rejected');
	if (r.status !== 'rejected') throw new Error('not rejected');
	return r.problem;
};
const errorOf = (r: PushResult) => problemOf(r).errors?.[0];
const row = (id: string) => t.org.db.select().from(esfParticipations).where(eq(esfParticipations.id, id)).get();

/** A fresh client of the outreach unit, made by the worker. */
async function outreachClient(): Promise<string> {
	const c = newClient(t.unitIds[0] ?? '');
	expect(await pushOne(t, worker.token, { kind: 'client.create', data: c })).toMatchObject({ status: 'applied' });
	return c.id;
}

async function pullEsf(cookie: string, token: string): Promise<SyncChange[]> {
	const res = await t.request('GET', '/api/sync/pull?limit=1000', { cookie, headers: { authorization: `Bearer ${token}` } });
	expect(res.status).toBe(200);
	return ((await res.json()) as { changes: SyncChange[] }).changes.filter((c) => c.entity === 'esf-participation');
}

describe('esf-participation.create', () => {
	it('applies, numbers the participants in order, and keeps the disadvantages encrypted', async () => {
		const clientId = await outreachClient();
		const first = participation(clientId, { disadvantages: ['foreign-background', 'rural'] });
		expect(await pushOne(t, worker.token, create(first))).toMatchObject({ status: 'applied', entity: 'esf-participation', id: first.id, version: 1 });
		const second = participation(await outreachClient(), { disadvantageDeclined: true });
		expect(await pushOne(t, worker.token, create(second))).toMatchObject({ status: 'applied' });
		const a = row(first.id);
		const b = row(second.id);
		expect(b!.participantNumber).toBe(a!.participantNumber + 1);
		expect(a).toMatchObject({ clientId, unitId: t.unitIds[0], projectCode: 'S30794', createdBy: t.userId('outreach-worker') });
		// The declined flag is sealed with the codes (db/esf-answer.ts): no plain column, one token length.
		expect(a).not.toHaveProperty('disadvantageDeclined');
		expect(b!.disadvantages.length).toBe(a!.disadvantages.length);
		expect(a!.disadvantages).not.toContain('rural');
		expect(orgFileText(t)).not.toContain('foreign-background');
		const audit = t.org.db.select().from(auditLog).where(and(eq(auditLog.action, 'esf-participation.create'), eq(auditLog.entityId, first.id))).get();
		expect(audit?.detail).toMatchObject({ clientId, projectCode: 'S30794' });
		expect(JSON.stringify(audit?.detail)).not.toContain('rural');
		// The same create again is a duplicate; other content under the same id a conflict.
		expect(await pushOne(t, worker.token, create(first))).toEqual(expect.objectContaining({ status: 'duplicate' }));
		const other = await pushOne(t, worker.token, create({ ...first, startDate: '2026-02-03' }));
		expect(other).toMatchObject({ status: 'conflict', reason: 'record-exists', server: { entity: 'esf-participation', id: first.id } });
	});

	it('refuses bad input with a 422 naming the field', async () => {
		const clientId = await outreachClient();
		const cases: [object, string, string][] = [
			[{ projectCode: 's30794' }, 'data.projectCode', 'invalid_format'],
			[{ projectCode: 'S3079' }, 'data.projectCode', 'invalid_format'],
			[{ startDate: '2026-02-30' }, 'data.startDate', 'invalid_format'],
			[{ employmentStatusAtStart: 'retired' }, 'data.employmentStatusAtStart', 'invalid_value'],
			[{ educationAtStart: '9' }, 'data.educationAtStart', 'invalid_value'],
			[{ disadvantages: ['vegan'] }, 'data.disadvantages.0', 'invalid_value'],
			[{ disadvantages: ['rural', 'rural'] }, 'data.disadvantages', 'duplicate'],
			[{ disadvantages: ['rural'], disadvantageDeclined: true }, 'data.disadvantages', 'esf-declined'],
			[{ endDate: '2026-02-01' }, 'data.endDate', 'before-start'],
			[{ employmentStatusAtEnd: 'employed' }, 'data.employmentStatusAtEnd', 'esf-not-ended'],
			[{ qualificationGained: 'yes' }, 'data.qualificationGained', 'esf-not-ended']
		];
		for (const [over, field, code] of cases) {
			const problem = problemOf(await pushOne(t, worker.token, create(participation(clientId, over as Partial<EsfParticipationInput>))));
			expect(problem.status, field).toBe(422);
			expect(problem.errors, JSON.stringify(over)).toContainEqual(expect.objectContaining({ field, code }));
		}
	});

	it('holds one record per participant per project (422 naming projectCode)', async () => {
		const clientId = await outreachClient();
		expect(await pushOne(t, worker.token, create(participation(clientId)))).toMatchObject({ status: 'applied' });
		const again = await pushOne(t, worker.token, create(participation(clientId, { startDate: '2026-06-01' })));
		expect(problemOf(again)).toMatchObject({ status: 422, code: 'validation-failed' });
		expect(errorOf(again)).toMatchObject({ field: 'data.projectCode', code: 'esf-duplicate' });
		// Another project of the same client, and the same project of another client, are fine.
		const other = participation(clientId, { projectCode: 'T12345' });
		expect(await pushOne(t, worker.token, create(other))).toMatchObject({ status: 'applied' });
		expect(await pushOne(t, worker.token, create(participation(await outreachClient())))).toMatchObject({ status: 'applied' });
		// Moving the other one into the taken project is refused too.
		const moved = await pushOne(t, worker.token, update(other.id, 1, { projectCode: { from: 'T12345', to: 'S30794' } }));
		expect(errorOf(moved)).toMatchObject({ field: 'data.changes.projectCode', code: 'esf-duplicate' });
	});

	it('follows the client scope: another unit’s client is forbidden, a missing one unknown', async () => {
		const clientId = await outreachClient();
		const r = await pushOne(t, coach.token, create(participation(clientId)));
		expect(problemOf(r)).toMatchObject({ status: 403, code: 'forbidden' });
		expect(errorOf(r)?.field).toBe('data.clientId');
		const missing = await pushOne(t, worker.token, create(participation(randomUUID())));
		expect(problemOf(missing)).toMatchObject({ status: 422, code: 'unknown-reference' });
		// A supervisor does not update clients at all.
		const supervisor = await t.registerDevice('supervisor');
		expect(problemOf(await pushOne(t, supervisor.token, create(participation(clientId))))).toMatchObject({ status: 403 });
	});
});

describe('special categories', () => {
	it('lets only who reaches them record, change or read the disadvantages', async () => {
		const clientId = await outreachClient();
		// worker2 updates the unit's clients, but the special categories are the worker's own.
		const denied = await pushOne(t, worker2.token, create(participation(clientId, { disadvantages: ['disability'] })));
		expect(problemOf(denied)).toMatchObject({ status: 403, code: 'forbidden' });
		expect(errorOf(denied)?.field).toBe('data.disadvantages');
		expect(errorOf(await pushOne(t, worker2.token, create(participation(clientId, { disadvantageDeclined: true }))))?.field).toBe('data.disadvantageDeclined');
		const p = participation(clientId);
		expect(await pushOne(t, worker2.token, create(p))).toMatchObject({ status: 'applied' });
		const change = await pushOne(t, worker2.token, update(p.id, 1, { disadvantages: { from: [], to: ['disability'] } }));
		expect(problemOf(change)).toMatchObject({ status: 403 });
		expect(errorOf(change)?.field).toBe('data.changes.disadvantages');
		expect(await pushOne(t, worker.token, update(p.id, 1, { disadvantages: { from: [], to: ['disability'] } }))).toMatchObject({ status: 'applied', version: 2 });

		const seenBy = async (cookie: string, token: string) => (await pullEsf(cookie, token)).find((c) => c.id === p.id)?.data;
		expect(await seenBy(t.sessionCookie('outreach-worker'), worker.token)).toMatchObject({ disadvantages: ['disability'], disadvantageDeclined: false });
		expect(await seenBy(worker2.cookie, worker2.token)).toMatchObject({ projectCode: 'S30794', disadvantages: null, disadvantageDeclined: null });
		// worker2 still changes the rest.
		expect(await pushOne(t, worker2.token, update(p.id, 2, { educationAtStart: { from: '0-2', to: '3-4' } }))).toMatchObject({ status: 'applied', version: 3 });

		// Field history keeps the disadvantages encrypted; the history API hides them from worker2.
		const history = t.org.db.select().from(fieldHistory).where(and(eq(fieldHistory.entityId, p.id), eq(fieldHistory.field, 'disadvantages'))).get();
		expect(history).toMatchObject({ entity: 'esf-participation', protection: 'encrypted' });
		expect(history?.toValue).not.toContain('disability');
		const read = async (cookie: string) => {
			const res = await t.request('GET', `/api/clients/${clientId}/history`, { cookie });
			expect(res.status).toBe(200);
			return ((await res.json()) as { changes: { field: string; to: unknown; hidden: boolean }[] }).changes.find((c) => c.field === 'disadvantages');
		};
		expect(await read(t.sessionCookie('outreach-worker'))).toMatchObject({ to: ['disability'], hidden: false });
		expect(await read(worker2.cookie)).toMatchObject({ to: null, hidden: true });
	});
});

describe('esf-participation.update', () => {
	it('ends a participation field by field, and keeps the server value of a field both changed', async () => {
		const clientId = await outreachClient();
		const p = participation(clientId);
		await pushOne(t, worker.token, create(p));
		const end = await pushOne(t, worker.token, update(p.id, 1, { endDate: { from: null, to: '2026-05-29' }, employmentStatusAtEnd: { from: null, to: 'education' } }));
		expect(end).toMatchObject({ status: 'applied', version: 2 });
		// The end situation needs the end date, also after the merge of fields.
		const early = await pushOne(t, worker.token, update(p.id, 2, { endDate: { from: '2026-05-29', to: null } }));
		expect(errorOf(early)).toMatchObject({ field: 'data.changes.employmentStatusAtEnd', code: 'esf-not-ended' });
		const before = await pushOne(t, worker.token, update(p.id, 2, { endDate: { from: '2026-05-29', to: '2026-01-01' } }));
		expect(errorOf(before)).toMatchObject({ field: 'data.changes.endDate', code: 'before-start' });

		// worker2 edited from version 1: its end date loses to the worker's, its qualification applies.
		const late = await pushOne(t, worker2.token, update(p.id, 1, { endDate: { from: null, to: '2026-06-30' }, qualificationGained: { from: null, to: 'yes' } }));
		expect(late).toMatchObject({ status: 'conflict', reason: 'field-conflict', conflicts: [expect.objectContaining({ entity: 'esf-participation', field: 'endDate', mine: '2026-06-30', server: '2026-05-29' })] });
		expect(row(p.id)).toMatchObject({ endDate: '2026-05-29', qualificationGained: 'yes', version: 3 });
		if (late.status !== 'conflict') return;
		// worker2 keeps theirs.
		const resolved = await pushOne(t, worker2.token, { kind: 'conflict.resolve', data: { id: late.conflicts[0]!.id, keep: 'mine' } });
		expect(resolved).toMatchObject({ status: 'applied', entity: 'conflict' });
		expect(row(p.id)).toMatchObject({ endDate: '2026-06-30', version: 4 });
	});

	it('refuses an unknown participation and a client out of scope', async () => {
		expect(problemOf(await pushOne(t, worker.token, update(randomUUID(), 1, { endDate: { from: null, to: '2026-05-29' } })))).toMatchObject({ code: 'unknown-reference' });
		const p = participation(await outreachClient());
		await pushOne(t, worker.token, create(p));
		const r = await pushOne(t, coach.token, update(p.id, 1, { endDate: { from: null, to: '2026-05-29' } }));
		expect(problemOf(r)).toMatchObject({ status: 403 });
		expect(errorOf(r)?.field).toBe('data.id');
	});
});

describe('pull', () => {
	it('gives a participation to whoever reads its client, and re-sends it on a scope change', async () => {
		const clientId = await outreachClient();
		const p = participation(clientId);
		await pushOne(t, worker.token, create(p));
		expect((await pullEsf(t.sessionCookie('outreach-worker'), worker.token)).map((c) => c.id)).toContain(p.id);
		expect((await pullEsf(t.sessionCookie('coach'), coach.token)).map((c) => c.id)).not.toContain(p.id);
		const data = (await pullEsf(t.sessionCookie('outreach-worker'), worker.token)).find((c) => c.id === p.id)?.data;
		expect(data).toMatchObject({ participantNumber: row(p.id)!.participantNumber, unitId: t.unitIds[0], version: 1 });
		// A newly responsible worker reaches the client: its participation comes again in the next pull.
		const { cursor } = await t.pull('outreach-worker', worker.token);
		const seq = row(p.id)!.changeSeq;
		const assign = await pushOne(t, worker.token, { kind: 'client.update', data: { id: clientId, baseVersion: 1, changes: { responsibleWorkerIds: { from: [], to: [worker2.userId] } } } });
		expect(assign).toMatchObject({ status: 'applied' });
		expect(row(p.id)!.changeSeq).toBeGreaterThan(seq);
		expect((await t.pull('outreach-worker', worker.token, { since: cursor })).changes.map((c) => c.id)).toContain(p.id);
	});
});

describe('client.merge', () => {
	it('moves the source’s participation to the target, and refuses two in one project', async () => {
		const target = await outreachClient();
		const source = await outreachClient();
		const p = participation(source, { projectCode: 'M00001' });
		await pushOne(t, worker.token, create(p));
		const merge = await pushOne(t, worker.token, { kind: 'client.merge', data: { id: randomUUID(), targetId: target, source: { entity: 'client', id: source } } });
		expect(merge).toMatchObject({ status: 'applied' });
		expect(row(p.id)).toMatchObject({ clientId: target, version: 2 });

		const other = await outreachClient();
		await pushOne(t, worker.token, create(participation(other, { projectCode: 'M00001' })));
		const refused = await pushOne(t, worker.token, { kind: 'client.merge', data: { id: randomUUID(), targetId: target, source: { entity: 'client', id: other } } });
		expect(problemOf(refused)).toMatchObject({ status: 409, code: 'conflict' });
		expect(errorOf(refused)).toMatchObject({ field: 'data.source.id', code: 'esf-duplicate' });
	});
});

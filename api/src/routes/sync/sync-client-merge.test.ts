import { MERGE_UNDO_DAYS, type Mutation, type PushResult } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousContacts, auditLog, clientMerges, clients, encounters, fieldHistory, memos, services } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { newClient, pushOne } from '../../test/record-helpers';

/** Merge and undo (issue 4, point 3): an anonymous contact into a client, and a duplicate client into another. */
let t: TestApp;
let worker: { id: string; token: string };
let coach: { id: string; token: string };

beforeAll(async () => {
	t = await createTestApp();
	worker = await t.registerDevice('outreach-worker');
	coach = await t.registerDevice('coach');
});
afterAll(() => t.close());

const status = (r: PushResult) => r.status;
const problem = (r: PushResult) => (r.status === 'rejected' ? r.problem : null);

function encounter(over: { clientId?: string | null; anonymousContactId?: string | null }): Mutation {
	return {
		kind: 'encounter.create',
		data: {
			id: randomUUID(),
			unitId: t.unitIds[0] ?? '',
			occurredAt: '2026-03-01T12:00:00.000Z',
			channel: 'street',
			clientId: null,
			anonymousContactId: null,
			topics: [],
			actions: [],
			durationMinutes: 10,
			note: 'kohtaaminen',
			followUpDate: null,
			...over
		}
	} as Mutation;
}

describe('client.merge of an anonymous contact', () => {
	it('moves both encounters, fills empty fields, tombstones the contact; undo moves exactly those back', async () => {
		const contactId = randomUUID();
		expect(
			status(
				await pushOne(t, worker.token, {
					kind: 'anonymous-contact.create',
					data: { id: contactId, unitId: t.unitIds[0], nickname: 'Repe', birthYearEstimate: 2007, gender: 'male', municipality: '091' }
				})
			)
		).toBe('applied');
		const e1 = encounter({ anonymousContactId: contactId });
		const e2 = encounter({ anonymousContactId: contactId });
		for (const e of [e1, e2]) expect(status(await pushOne(t, worker.token, e))).toBe('applied');
		const ids = [e1, e2].map((e) => (e.data as { id: string }).id);
		// Target: the fixture's "Kettu" (nickname only, birth year, gender and municipality unknown).
		const target = t.clientIds[6] ?? '';
		const mergeId = randomUUID();
		const merged = await pushOne(t, worker.token, { kind: 'client.merge', data: { id: mergeId, targetId: target, source: { entity: 'anonymous-contact', id: contactId } } });
		expect(merged).toMatchObject({ status: 'applied', entity: 'client-merge', id: mergeId, version: 1 });

		for (const id of ids) expect(t.org.db.select().from(encounters).where(eq(encounters.id, id)).get()).toMatchObject({ clientId: target, anonymousContactId: null, version: 2 });
		expect(t.org.db.select().from(anonymousContacts).where(eq(anonymousContacts.id, contactId)).get()).toMatchObject({ mergedInto: target, nickname: 'Repe' });
		expect(t.org.db.select().from(clients).where(eq(clients.id, target)).get()).toMatchObject({
			nickname: 'Kettu',
			birthYear: 2007,
			birthDateEstimated: true,
			gender: 'male',
			municipality: '091'
		});
		const row = t.org.db.select().from(clientMerges).where(eq(clientMerges.id, mergeId)).get();
		expect(row?.moved).toEqual({ encounter: ids });
		expect(row?.filledFields.sort()).toEqual(['birthDateEstimated', 'birthYear', 'gender', 'municipality']);
		expect(Date.parse(row?.undoUntil ?? '') - t.now().getTime()).toBe(MERGE_UNDO_DAYS * 24 * 3600 * 1000);
		const audit = t.org.db.select().from(auditLog).where(eq(auditLog.entityId, target)).all().filter((a) => a.action === 'client.merge');
		expect(audit).toHaveLength(1);
		expect(audit[0]?.detail).toMatchObject({ mergeId, sourceEntity: 'anonymous-contact', moved: { encounter: 2 } });
		const history = t.org.db.select().from(fieldHistory).where(eq(fieldHistory.clientId, target)).all();
		expect(history.find((h) => h.field === 'merged')).toMatchObject({ entity: 'merge', toValue: JSON.stringify(contactId) });

		// The device sees the tombstone of the contact, the moved encounters and the merge.
		const page = await t.pull('outreach-worker', worker.token);
		expect(page.changes.find((c) => c.id === contactId)).toMatchObject({ entity: 'anonymous-contact', data: null });
		expect(page.changes.find((c) => c.id === mergeId)).toMatchObject({ entity: 'client-merge', data: { targetId: target, undoneAt: null } });
		expect(page.changes.find((c) => c.id === ids[0])).toMatchObject({ data: { clientId: target } });

		const undo = await pushOne(t, worker.token, { kind: 'client.unmerge', data: { id: mergeId } });
		expect(undo).toMatchObject({ status: 'applied', entity: 'client-merge', version: 2 });
		for (const id of ids) expect(t.org.db.select().from(encounters).where(eq(encounters.id, id)).get()).toMatchObject({ clientId: null, anonymousContactId: contactId });
		expect(t.org.db.select().from(anonymousContacts).where(eq(anonymousContacts.id, contactId)).get()).toMatchObject({ deletedAt: null, mergedInto: null });
		expect(t.org.db.select().from(clients).where(eq(clients.id, target)).get()).toMatchObject({ birthYear: null, birthDateEstimated: false, gender: 'unknown', municipality: 'unknown' });
		expect(t.org.db.select().from(auditLog).where(eq(auditLog.entityId, target)).all().some((a) => a.action === 'client.unmerge')).toBe(true);
		expect(status(await pushOne(t, worker.token, { kind: 'client.unmerge', data: { id: mergeId } }))).toBe('duplicate');
	});

	it('refuses a contact or client the writer may not change, and a deleted source', async () => {
		const workshopClient = t.clientIds[8] ?? '';
		const contactId = randomUUID();
		expect(
			status(
				await pushOne(t, worker.token, {
					kind: 'anonymous-contact.create',
					data: { id: contactId, unitId: t.unitIds[0], nickname: 'Masa', birthYearEstimate: null, gender: 'unknown', municipality: 'unknown' }
				})
			)
		).toBe('applied');
		const r = await pushOne(t, worker.token, { kind: 'client.merge', data: { id: randomUUID(), targetId: workshopClient, source: { entity: 'anonymous-contact', id: contactId } } });
		expect(problem(r)).toMatchObject({ code: 'forbidden', errors: [expect.objectContaining({ field: 'data.targetId' })] });
		const self = await pushOne(t, worker.token, { kind: 'client.merge', data: { id: randomUUID(), targetId: contactId, source: { entity: 'client', id: contactId } } });
		expect(problem(self)?.errors).toContainEqual(expect.objectContaining({ field: 'data.source.id', code: 'same-record' }));
		const gone = await pushOne(t, worker.token, { kind: 'client.merge', data: { id: randomUUID(), targetId: t.clientIds[0], source: { entity: 'anonymous-contact', id: randomUUID() } } });
		expect(problem(gone)).toMatchObject({ code: 'unknown-reference' });
	});
});

describe('client.merge of a duplicate client', () => {
	it('moves services and memos, tombstones the source, undoes within the limit; after 30 days the undo is refused', async () => {
		const target = newClient(t.unitIds[1] ?? '', { phone: null });
		const source = newClient(t.unitIds[1] ?? '', { phone: '040 1234567', firstName: 'Toinen' });
		for (const c of [target, source]) expect(status(await pushOne(t, coach.token, { kind: 'client.create', data: c }))).toBe('applied');
		const serviceId = randomUUID();
		const memoId = randomUUID();
		expect(status(await pushOne(t, coach.token, { kind: 'service.create', data: { id: serviceId, clientId: source.id, type: 'workshop', status: 'active', startDate: '2026-02-01', endDate: null } }))).toBe('applied');
		expect(status(await pushOne(t, coach.token, { kind: 'memo.create', data: { id: memoId, clientId: source.id, date: '2026-02-01', text: 'Muistio' } }))).toBe('applied');

		const mergeId = randomUUID();
		expect(await pushOne(t, coach.token, { kind: 'client.merge', data: { id: mergeId, targetId: target.id, source: { entity: 'client', id: source.id } } })).toMatchObject({ status: 'applied' });
		expect(t.org.db.select().from(services).where(eq(services.id, serviceId)).get()?.clientId).toBe(target.id);
		expect(t.org.db.select().from(memos).where(eq(memos.id, memoId)).get()?.clientId).toBe(target.id);
		expect(t.org.db.select().from(clients).where(eq(clients.id, source.id)).get()).toMatchObject({ mergedInto: target.id, firstName: 'Toinen' });
		expect(t.org.db.select().from(clients).where(eq(clients.id, target.id)).get()).toMatchObject({ phone: '040 1234567', firstName: 'Testi' });
		// Writing to the merged-away source is refused; the target takes the records.
		const late = await pushOne(t, coach.token, { kind: 'memo.create', data: { id: randomUUID(), clientId: source.id, date: '2026-02-01', text: 'x' } });
		expect(problem(late)).toMatchObject({ code: 'unknown-reference' });

		expect(await pushOne(t, coach.token, { kind: 'client.unmerge', data: { id: mergeId } })).toMatchObject({ status: 'applied' });
		expect(t.org.db.select().from(services).where(eq(services.id, serviceId)).get()?.clientId).toBe(source.id);
		expect(t.org.db.select().from(memos).where(eq(memos.id, memoId)).get()?.clientId).toBe(source.id);
		expect(t.org.db.select().from(clients).where(eq(clients.id, source.id)).get()).toMatchObject({ deletedAt: null, mergedInto: null });
		expect(t.org.db.select().from(clients).where(eq(clients.id, target.id)).get()?.phone).toBeNull();

		// Merge again, then let the app's clock pass the undo limit.
		const again = randomUUID();
		expect(status(await pushOne(t, coach.token, { kind: 'client.merge', data: { id: again, targetId: target.id, source: { entity: 'client', id: source.id } } }))).toBe('applied');
		t.advance((MERGE_UNDO_DAYS * 24 + 1) * 3600 * 1000);
		// A month later the device token has expired too: signing in on the device renews it.
		const renewed = await t.registerDevice('coach', { id: coach.id });
		const expired = await pushOne(t, renewed.token, { kind: 'client.unmerge', data: { id: again } });
		expect(problem(expired)).toMatchObject({ status: 409, code: 'conflict', errors: [expect.objectContaining({ field: 'data.id', code: 'merge-expired' })] });
		expect(t.org.db.select().from(clients).where(eq(clients.id, source.id)).get()?.mergedInto).toBe(target.id);
	});
});

/**
 * A blocked device writes nothing by itself: after a revocation, the user's deactivation or a
 * password reset, every item the device pushes is held (whatever time its mutation id claims) for an
 * admin to accept or refuse; device tokens expire without a sign-in; ids dated before the device's
 * registration are refused. Real SQLite, real sealing, the test clock.
 */
import { HeldItemSchema, ProblemSchema, type HeldItem, type Mutation, type PushItem } from '@polku/shared';
import { and, eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { organisations } from '../../db/control-schema';
import { auditLog, devices, encounters, heldMutations, syncMutations } from '../../db/schema';
import { createSession, sessionCookieValue, SESSION_COOKIE } from '../../services/session.service';
import { resetPassword } from '../../services/user.service';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../test/create-test-app';
import { uuidv7 } from '../../test/sync-helpers';

type EncounterMutation = Extract<Mutation, { kind: 'encounter.create' }>;
const DAY = 24 * 60 * 60 * 1000;
const NOTE = 'Tavattiin kirjastolla, puhuttiin asunnosta';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t.close());

function encounter(overrides: Partial<EncounterMutation['data']> = {}): EncounterMutation {
	return {
		kind: 'encounter.create',
		data: {
			id: randomUUID(),
			unitId: t.unitIds[0] ?? '',
			occurredAt: '2026-03-02T07:30:00.000Z',
			channel: 'phone',
			clientId: t.clientIds[0] ?? null,
			anonymousContactId: null,
			topics: [],
			actions: [],
			durationMinutes: 5,
			note: NOTE,
			followUpDate: null,
			...overrides
		}
	};
}

const encounterExists = (id: string) => t.org.db.select().from(encounters).where(eq(encounters.id, id)).get() !== undefined;
const heldRows = (mutationId: string) => t.org.db.select().from(heldMutations).where(eq(heldMutations.mutationId, mutationId)).all();
const admin = () => t.sessionCookie('admin');

/** A fresh outreach worker (own session and device), so that blocking them disturbs no other test. */
async function freshWorker(username: string): Promise<{ userId: string; device: { id: string; token: string } }> {
	const created = await t.request('POST', '/api/users', {
		cookie: admin(),
		json: { username, displayName: `Työntekijä ${username}`, password: TEST_PASSWORD, roles: ['outreach-worker'], unitIds: [t.unitIds[0]], locale: 'fi' }
	});
	expect(created.status).toBe(201);
	const userId = ((await created.json()) as { id: string }).id;
	const { token } = t.org.write((tx) => createSession(tx, userId, t.now(), 12));
	const cookie = `${SESSION_COOKIE}=${sessionCookieValue(t.org.id, token)}`;
	const device = await t.registerDevice('outreach-worker', { cookie, label: 'Firefox, Android' });
	return { userId, device };
}

async function listHeld(userId: string, cookie = admin()): Promise<HeldItem[]> {
	const res = await t.request('GET', `/api/users/${userId}/held-items`, { cookie });
	expect(res.status).toBe(200);
	return z.array(HeldItemSchema).parse(await res.json());
}

async function decide(id: string, action: 'accept' | 'refuse', cookie = admin()): Promise<Response> {
	return t.request('POST', `/api/held-items/${id}/${action}`, { cookie });
}

describe('a revoked device', () => {
	it('has an item with an id dated 2020 held, not applied, and is told to wipe', async () => {
		const w = await freshWorker('revoked2020');
		expect((await t.request('DELETE', `/api/devices/${w.device.id}`, { cookie: admin() })).status).toBe(204);
		t.advance(1000);
		const m = encounter();
		const item = await t.sealMutation(m, { mutationId: uuidv7(Date.parse('2020-01-01T00:00:00.000Z')) });

		const answer = await t.push(w.device.token, [item]);
		expect(answer.device).toEqual({ status: 'revoked', wipe: true });
		expect(answer.results).toEqual([{ mutationId: item.mutationId, status: 'held' }]);
		expect(encounterExists(m.data.id)).toBe(false);
		expect(t.org.db.select().from(syncMutations).where(eq(syncMutations.mutationId, item.mutationId)).get()).toBeUndefined();

		const [row, ...more] = heldRows(item.mutationId);
		expect(more).toEqual([]);
		expect(row).toMatchObject({ userId: w.userId, deviceId: w.device.id, kind: 'encounter.create', reason: 'revoked', status: 'pending', receivedAt: t.now().toISOString() });
		// The sealed envelope as received: nothing personal in the clear.
		expect(JSON.parse(row?.envelope ?? '{}')).toEqual(item.envelope);
		expect(JSON.stringify(row)).not.toContain(NOTE);
		const audit = t.org.db.select().from(auditLog).where(and(eq(auditLog.action, 'device.hold'), eq(auditLog.entityId, row?.id ?? ''))).get();
		expect(audit?.detail).toMatchObject({ mutationId: item.mutationId, deviceId: w.device.id, kind: 'encounter.create' });
	});

	it('has an item made before the revocation but pushed after it held; a resend finds the same held item', async () => {
		const w = await freshWorker('revokedbefore');
		const m = encounter();
		const made = await t.sealMutation(m, { mutationId: t.mutationId(-60_000) });
		t.advance(1000);
		expect((await t.request('DELETE', `/api/devices/${w.device.id}`, { cookie: admin() })).status).toBe(204);
		t.advance(1000);

		const first = await t.push(w.device.token, [made]);
		expect(first.results).toEqual([{ mutationId: made.mutationId, status: 'held' }]);
		t.advance(1000);
		const again = await t.push(w.device.token, [made]);
		expect(again.results).toEqual([{ mutationId: made.mutationId, status: 'held' }]);
		expect(heldRows(made.mutationId)).toHaveLength(1);
		expect(encounterExists(m.data.id)).toBe(false);
		const device = t.org.db.select().from(devices).where(eq(devices.id, w.device.id)).get();
		expect(device?.revokedReason).toBe('revoked');
	});

	it('answers an item it had applied before the revocation as a duplicate, not held', async () => {
		const w = await freshWorker('revokeddup');
		const m = encounter();
		const item = await t.sealMutation(m, { mutationId: t.mutationId() });
		expect((await t.push(w.device.token, [item])).results[0]?.status).toBe('applied');
		expect((await t.request('DELETE', `/api/devices/${w.device.id}`, { cookie: admin() })).status).toBe(204);
		const again = await t.push(w.device.token, [item]);
		expect(again.results).toEqual([{ mutationId: item.mutationId, status: 'duplicate' }]);
		expect(heldRows(item.mutationId)).toEqual([]);
	});
});

describe("a deactivated user's device", () => {
	it('is revoked with the reason, and its items are held whatever their ids claim', async () => {
		const w = await freshWorker('leaver');
		const early = encounter();
		const earlyItem = await t.sealMutation(early, { mutationId: t.mutationId(-10) });
		t.advance(1000);
		const patched = await t.request('PATCH', `/api/users/${w.userId}`, { cookie: admin(), json: { active: false } });
		expect(patched.status).toBe(200);
		const device = t.org.db.select().from(devices).where(eq(devices.id, w.device.id)).get();
		expect(device).toMatchObject({ revokedAt: t.now().toISOString(), revokedReason: 'user-deactivated' });
		t.advance(1000);
		const late = encounter();
		const lateItem = await t.sealMutation(late, { mutationId: t.mutationId() });

		const answer = await t.push(w.device.token, [earlyItem, lateItem]);
		expect(answer.device).toEqual({ status: 'revoked', wipe: true });
		expect(answer.results.map((r) => r.status)).toEqual(['held', 'held']);
		expect(encounterExists(early.data.id)).toBe(false);
		expect(encounterExists(late.data.id)).toBe(false);
		expect(heldRows(earlyItem.mutationId)[0]?.reason).toBe('user-deactivated');
	});
});

describe('a password reset', () => {
	it("revokes the user's devices; what they push is held", async () => {
		const w = await freshWorker('forgetful');
		const m = encounter();
		const item = await t.sealMutation(m, { mutationId: t.mutationId(-10) });
		t.advance(1000);
		await resetPassword(t.ctx, t.org, 'forgetful', 'a brand new long passphrase');
		t.advance(1000);
		const answer = await t.push(w.device.token, [item]);
		expect(answer.device).toEqual({ status: 'revoked', wipe: true });
		expect(answer.results).toEqual([{ mutationId: item.mutationId, status: 'held' }]);
		expect(encounterExists(m.data.id)).toBe(false);
		expect(heldRows(item.mutationId)[0]?.reason).toBe('password-reset');
		const revoke = t.org.db.select().from(auditLog).where(and(eq(auditLog.action, 'device.revoke'), eq(auditLog.entityId, w.device.id))).get();
		expect(revoke?.detail).toMatchObject({ reason: 'password-reset' });
	});
});

describe('held items for an admin', () => {
	/** A revoked worker's device with `n` held encounters; the mutations, in push order. */
	async function heldFor(username: string, mutations: EncounterMutation[]): Promise<{ userId: string; items: PushItem[] }> {
		const w = await freshWorker(username);
		const items: PushItem[] = [];
		for (const m of mutations) items.push(await t.sealMutation(m, { mutationId: t.mutationId() }));
		expect((await t.request('DELETE', `/api/devices/${w.device.id}`, { cookie: admin() })).status).toBe(204);
		t.advance(1000);
		const answer = await t.push(w.device.token, items);
		expect(answer.results.every((r) => r.status === 'held')).toBe(true);
		return { userId: w.userId, items };
	}

	it('lists them with device, arrival and kind; accepts one (applied once, audited) and refuses another (kept, not applied, audited)', async () => {
		const toAccept = encounter();
		const toRefuse = encounter();
		const { userId, items } = await heldFor('decided', [toAccept, toRefuse]);
		const listed = await listHeld(userId);
		expect(listed.map((h) => [h.mutationId, h.kind, h.status, h.deviceLabel, h.reason])).toEqual([
			[items[0]?.mutationId, 'encounter.create', 'pending', 'Firefox, Android', 'revoked'],
			[items[1]?.mutationId, 'encounter.create', 'pending', 'Firefox, Android', 'revoked']
		]);
		const [a, r] = listed;
		if (!a || !r) throw new Error('two held items expected');

		const accepted = await decide(a.id, 'accept');
		expect(accepted.status).toBe(200);
		expect(HeldItemSchema.parse(await accepted.json())).toMatchObject({ status: 'accepted', decidedBy: t.userId('admin'), decidedByName: 'Aino Admin', problem: null });
		const row = t.org.db.select().from(encounters).where(eq(encounters.id, toAccept.data.id)).get();
		expect(row?.createdBy).toBe(userId);
		expect(t.org.db.select().from(syncMutations).where(eq(syncMutations.mutationId, a.mutationId)).get()?.deviceId).toBe(a.deviceId);

		// Exactly once: a second accept is refused, and nothing is applied twice.
		const twice = await decide(a.id, 'accept');
		expect(twice.status).toBe(409);
		expect(t.org.db.select().from(encounters).where(eq(encounters.id, toAccept.data.id)).all()).toHaveLength(1);

		const refused = await decide(r.id, 'refuse');
		expect(refused.status).toBe(200);
		expect(HeldItemSchema.parse(await refused.json())).toMatchObject({ status: 'refused', decidedBy: t.userId('admin') });
		expect(encounterExists(toRefuse.data.id)).toBe(false);
		expect((await decide(r.id, 'accept')).status).toBe(409);
		expect(encounterExists(toRefuse.data.id)).toBe(false);

		const after = await listHeld(userId);
		expect(after.map((h) => h.status)).toEqual(['accepted', 'refused']);
		const decisions = t.org.db
			.select()
			.from(auditLog)
			.all()
			.filter((row) => row.entityId === a.id || row.entityId === r.id)
			.filter((row) => row.action !== 'device.hold');
		expect(decisions.map((d) => [d.action, d.actorId, d.entityId])).toEqual([
			['device.held-accept', t.userId('admin'), a.id],
			['device.held-refuse', t.userId('admin'), r.id]
		]);
		expect(decisions[0]?.detail).toMatchObject({ mutationId: a.mutationId, userId, kind: 'encounter.create', result: 'applied' });
		// The change itself is audited as its author's.
		const created = t.org.db.select().from(auditLog).where(and(eq(auditLog.action, 'encounter.create'), eq(auditLog.entityId, toAccept.data.id))).get();
		expect(created?.actorId).toBe(userId);
	});

	it('accepts all waiting items of a user in the order the device made them', async () => {
		const ms = [encounter(), encounter(), encounter()];
		const { userId } = await heldFor('acceptall', ms);
		const res = await t.request('POST', `/api/users/${userId}/held-items/accept-all`, { cookie: admin() });
		expect(res.status).toBe(200);
		expect(z.array(HeldItemSchema).parse(await res.json()).map((h) => h.status)).toEqual(['accepted', 'accepted', 'accepted']);
		for (const m of ms) expect(encounterExists(m.data.id)).toBe(true);
		const accepts = t.org.db.select().from(auditLog).where(eq(auditLog.action, 'device.held-accept')).all();
		expect(accepts.filter((a) => (a.detail as { userId?: string }).userId === userId)).toHaveLength(3);
		// Nothing waits any more: a second accept-all changes nothing.
		const again = await t.request('POST', `/api/users/${userId}/held-items/accept-all`, { cookie: admin() });
		expect(z.array(HeldItemSchema).parse(await again.json()).map((h) => h.status)).toEqual(['accepted', 'accepted', 'accepted']);
	});

	it('refuses all waiting items of a user', async () => {
		const ms = [encounter(), encounter()];
		const { userId } = await heldFor('refuseall', ms);
		const res = await t.request('POST', `/api/users/${userId}/held-items/refuse-all`, { cookie: admin() });
		expect(res.status).toBe(200);
		expect(z.array(HeldItemSchema).parse(await res.json()).map((h) => h.status)).toEqual(['refused', 'refused']);
		for (const m of ms) expect(encounterExists(m.data.id)).toBe(false);
	});

	it('records a failed apply on the item, which stays visible; the same checks as the author apply', async () => {
		// The author may only add records to their own unit: the workshop unit is not theirs.
		const outOfScope = encounter({ unitId: t.unitIds[1] ?? '' });
		const { userId } = await heldFor('failing', [outOfScope]);
		const [held] = await listHeld(userId);
		const res = await decide(held?.id ?? '', 'accept');
		expect(res.status).toBe(200);
		const item = HeldItemSchema.parse(await res.json());
		expect(item.status).toBe('failed');
		expect(ProblemSchema.parse(item.problem)).toMatchObject({ status: 403, code: 'forbidden' });
		expect(encounterExists(outOfScope.data.id)).toBe(false);
		expect((await listHeld(userId)).map((h) => h.status)).toEqual(['failed']);
		// A failed item can still be refused.
		expect((await decide(held?.id ?? '', 'refuse')).status).toBe(200);
	});

	it('is for admins only: others get 403 on every held-item route', async () => {
		const { userId } = await heldFor('private', [encounter()]);
		const [held] = await listHeld(userId);
		for (const role of ['outreach-worker', 'coach', 'supervisor'] as const) {
			const cookie = t.sessionCookie(role);
			const calls = [
				t.request('GET', `/api/users/${userId}/held-items`, { cookie }),
				t.request('POST', `/api/held-items/${held?.id}/accept`, { cookie }),
				t.request('POST', `/api/held-items/${held?.id}/refuse`, { cookie }),
				t.request('POST', `/api/users/${userId}/held-items/accept-all`, { cookie }),
				t.request('POST', `/api/users/${userId}/held-items/refuse-all`, { cookie })
			];
			for (const res of await Promise.all(calls)) expect(res.status).toBe(403);
		}
		expect((await listHeld(userId)).map((h) => h.status)).toEqual(['pending']);
	});
});

describe('device token expiry', () => {
	it('ends an active token deviceTokenDays after the sign-in that issued it; a sign-in renews it; nothing is applied meanwhile', async () => {
		t.ctx.control.update(organisations).set({ settings: { deviceTokenDays: 10 } }).where(eq(organisations.id, t.org.id)).run();
		try {
			const w = await freshWorker('expiring');
			t.advance(9 * DAY);
			const m1 = encounter();
			expect((await t.push(w.device.token, [await t.sealMutation(m1, { mutationId: t.mutationId() })])).results[0]?.status).toBe('applied');

			t.advance(1 * DAY);
			const m2 = encounter();
			const item = await t.sealMutation(m2, { mutationId: t.mutationId() });
			const expired = await t.pushRaw(w.device.token, { items: [item] });
			expect(expired.status).toBe(401);
			expect(expired.headers.get('content-type')).toContain('application/problem+json');
			expect(ProblemSchema.parse(await expired.json()).code).toBe('device-expired');
			expect(encounterExists(m2.data.id)).toBe(false);

			// Signing in again registers the same id: the token rotates and its lifetime starts again.
			const { token: session } = t.org.write((tx) => createSession(tx, w.userId, t.now(), 12));
			const cookie = `${SESSION_COOKIE}=${sessionCookieValue(t.org.id, session)}`;
			const renewed = await t.registerDevice('outreach-worker', { id: w.device.id, cookie });
			const row = t.org.db.select().from(devices).where(eq(devices.id, w.device.id)).get();
			expect(row?.tokenIssuedAt).toBe(t.now().toISOString());
			expect((await t.push(renewed.token, [item])).results[0]?.status).toBe('applied');
			expect(encounterExists(m2.data.id)).toBe(true);

			t.advance(9 * DAY);
			expect((await t.pushRaw(renewed.token, { items: [] })).status).toBe(200);
			t.advance(1 * DAY);
			expect((await t.pushRaw(renewed.token, { items: [] })).status).toBe(401);
		} finally {
			t.ctx.control.update(organisations).set({ settings: {} }).where(eq(organisations.id, t.org.id)).run();
		}
	});

	it('defaults to 30 days', async () => {
		const w = await freshWorker('thirtydays');
		t.advance(30 * DAY - 1);
		expect((await t.pushRaw(w.device.token, { items: [] })).status).toBe(200);
		t.advance(1);
		expect((await t.pushRaw(w.device.token, { items: [] })).status).toBe(401);
	});
});

describe('mutation ids dated before the registration', () => {
	it('are refused beyond a day of clock skew, accepted within it', async () => {
		const w = await freshWorker('skewed');
		const old = encounter();
		const oldItem = await t.sealMutation(old, { mutationId: t.mutationId(-25 * 60 * 60 * 1000) });
		const skewed = encounter();
		const skewedItem = await t.sealMutation(skewed, { mutationId: t.mutationId(-60 * 60 * 1000) });
		const ancient = await t.sealMutation(encounter(), { mutationId: uuidv7(Date.parse('2020-01-01T00:00:00.000Z')) });
		const answer = await t.push(w.device.token, [oldItem, skewedItem, ancient]);
		expect(answer.results.map((r) => r.status)).toEqual(['rejected', 'applied', 'rejected']);
		expect(answer.results[0]).toMatchObject({ problem: { status: 403, code: 'forbidden', errors: [{ field: 'mutationId', code: 'before-registration' }] } });
		expect(encounterExists(old.data.id)).toBe(false);
		expect(encounterExists(skewed.data.id)).toBe(true);
	});
});

import { DeviceSchema, MeSchema, type Mutation } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { organisations } from '../../db/control-schema';
import { auditLog, devices, encounters } from '../../db/schema';
import { createSession, sessionCookieValue, SESSION_COOKIE } from '../../services/session.service';
import { createTestApp, type TestApp } from '../../test/create-test-app';

type EncounterMutation = Extract<Mutation, { kind: 'encounter.create' }>;
let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t.close());

const listDevices = async (cookie: string) => z.array(DeviceSchema).parse(await (await t.request('GET', '/api/devices', { cookie })).json());

function encounter(): EncounterMutation {
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
			note: '',
			followUpDate: null
		}
	};
}

describe('post /api/devices', () => {
	it('registers a device, stores only the token hash, and rotates the token on a second registration', async () => {
		const id = randomUUID();
		const first = await t.registerDevice('outreach-worker', { id });
		expect(first.token).toMatch(new RegExp(`^pd1\\.${id}\\.[A-Za-z0-9_-]{43}$`));
		const row = t.org.db.select().from(devices).where(eq(devices.id, id)).get();
		expect(row?.tokenHash).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(row)).not.toContain(first.token.split('.')[2]);

		const second = await t.registerDevice('outreach-worker', { id });
		expect(second.token).not.toBe(first.token);
		expect((await t.pushRaw(first.token, { items: [] })).status).toBe(401);
		expect((await t.pushRaw(second.token, { items: [] })).status).toBe(200);
		const audit = t.org.db.select().from(auditLog).where(eq(auditLog.entityId, id)).all();
		expect(audit.map((a) => a.action)).toEqual(['device.register', 'device.rotate']);
		expect(JSON.stringify(audit)).not.toContain(second.token);
	});

	it("refuses another user's device id (409) and a revoked id (409 device-revoked)", async () => {
		const { id } = await t.registerDevice('outreach-worker');
		const other = await t.request('POST', '/api/devices', { cookie: t.sessionCookie('coach'), json: { id, label: 'x' } });
		expect(other.status).toBe(409);
		expect(((await other.json()) as { code: string }).code).toBe('conflict');

		expect((await t.request('DELETE', `/api/devices/${id}`, { cookie: t.sessionCookie('outreach-worker') })).status).toBe(204);
		const again = await t.request('POST', '/api/devices', { cookie: t.sessionCookie('outreach-worker'), json: { id, label: 'x' } });
		expect(again.status).toBe(409);
		expect(((await again.json()) as { code: string }).code).toBe('device-revoked');
	});
});

describe('get /api/devices and delete /api/devices/:id', () => {
	it('lists own devices to a user and all to an admin; revoking out of scope is a 404', async () => {
		const coachDevice = await t.registerDevice('coach');
		const workerDevice = await t.registerDevice('outreach-worker');
		const forCoach = await listDevices(t.sessionCookie('coach'));
		expect(forCoach.every((d) => d.userId === t.userId('coach'))).toBe(true);
		expect(forCoach.map((d) => d.id)).toContain(coachDevice.id);
		const forAdmin = await listDevices(t.sessionCookie('admin'));
		expect(forAdmin.map((d) => d.id)).toEqual(expect.arrayContaining([coachDevice.id, workerDevice.id]));

		const res = await t.request('DELETE', `/api/devices/${workerDevice.id}`, { cookie: t.sessionCookie('coach') });
		expect(res.status).toBe(404);
		expect((await t.request('DELETE', `/api/devices/${randomUUID()}`, { cookie: t.sessionCookie('admin') })).status).toBe(404);
	});
});

describe('revocation and deactivation', () => {
	it('applies what the device pushed before the revocation, holds everything pushed after it (whatever its id claims), and tells the device to wipe', async () => {
		const device = await t.registerDevice('outreach-worker');
		const pushedBefore = await t.sealMutation(encounter(), { mutationId: t.mutationId(-2000) });
		expect((await t.push(device.token, [pushedBefore])).results.map((r) => r.status)).toEqual(['applied']);
		const madeBefore = await t.sealMutation(encounter(), { mutationId: t.mutationId(-1000) });
		t.advance(1000);
		const res = await t.request('DELETE', `/api/devices/${device.id}`, { cookie: t.sessionCookie('admin') });
		expect(res.status).toBe(204);
		const audit = t.org.db.select().from(auditLog).where(eq(auditLog.entityId, device.id)).all();
		expect(audit.map((a) => a.action)).toEqual(['device.register', 'device.revoke']);
		expect(audit[1]?.detail).toMatchObject({ reason: 'revoked' });
		t.advance(1000);
		const after = await t.sealMutation(encounter(), { mutationId: t.mutationId() });

		const answer = await t.push(device.token, [madeBefore, after]);
		expect(answer.device).toEqual({ status: 'revoked', wipe: true });
		expect(answer.results.map((r) => r.status)).toEqual(['held', 'held']);
		const listed = z.array(DeviceSchema).parse(await (await t.request('GET', '/api/devices', { cookie: t.sessionCookie('admin') })).json());
		expect(listed.find((d) => d.id === device.id)?.revokedReason).toBe('revoked');

		const pulled = await t.pull('outreach-worker', device.token, { since: '5' });
		expect(pulled).toEqual({ changes: [], cursor: '5', more: false, device: { status: 'revoked', wipe: true } });
	});

	it("does the same for a deactivated user's device", async () => {
		const created = await t.request('POST', '/api/users', {
			cookie: t.sessionCookie('admin'),
			json: { username: 'leaving', displayName: 'Lähtevä', password: 'a long password for leaving', roles: ['outreach-worker'], unitIds: [t.unitIds[0]], locale: 'fi' }
		});
		const userId = ((await created.json()) as { id: string }).id;
		const { token: session } = t.org.write((tx) => createSession(tx, userId, t.now(), 12));
		const device = await t.registerDevice('outreach-worker', { cookie: `${SESSION_COOKIE}=${sessionCookieValue(t.org.id, session)}` });
		const m = encounter();
		expect((await t.push(device.token, [await t.sealMutation(m, { mutationId: t.mutationId(-10) })])).results[0]?.status).toBe('applied');
		const before = await t.sealMutation(encounter(), { mutationId: t.mutationId(-5) });
		t.advance(1000);
		const patched = await t.request('PATCH', `/api/users/${userId}`, { cookie: t.sessionCookie('admin'), json: { active: false } });
		expect(patched.status).toBe(200);
		t.advance(1000);
		const after = await t.sealMutation(encounter(), { mutationId: t.mutationId() });
		const answer = await t.push(device.token, [before, after]);
		// Deactivation revokes the user's devices (reason `user-deactivated`).
		expect(answer.device).toEqual({ status: 'revoked', wipe: true });
		expect(answer.results.map((r) => r.status)).toEqual(['held', 'held']);
		expect(t.org.db.select().from(encounters).where(eq(encounters.id, m.data.id)).get()?.createdBy).toBe(userId);
		expect(t.org.db.select().from(devices).where(eq(devices.id, device.id)).get()?.revokedReason).toBe('user-deactivated');
	});
});

describe('organisation setting deviceLockMinutes', () => {
	it('fills session.deviceLockSeconds in login and /api/me (default 15 min, or the setting)', async () => {
		const me = MeSchema.parse(await (await t.request('GET', '/api/me', { cookie: t.sessionCookie('coach') })).json());
		expect(me.session.deviceLockSeconds).toBe(15 * 60);
		t.ctx.control.update(organisations).set({ settings: { deviceLockMinutes: 5 } }).where(eq(organisations.id, t.org.id)).run();
		const cookie = await t.login('coach');
		const after = MeSchema.parse(await (await t.request('GET', '/api/me', { cookie })).json());
		expect(after.session.deviceLockSeconds).toBe(5 * 60);
	});
});

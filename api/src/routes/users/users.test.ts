import { ProblemSchema, UserSchema } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, sessions } from '../../db/schema';
import { createSession, sessionCookieValue, SESSION_COOKIE } from '../../services/session.service';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../test/create-test-app';

let t: TestApp;
let admin: string;
beforeEach(async () => {
	t = await createTestApp();
	admin = t.sessionCookie('admin');
});
afterEach(() => t.close());

const newUser = (over: Record<string, unknown> = {}) => ({
	username: 'maija',
	displayName: 'Maija Meikäläinen',
	email: 'maija@example.org',
	password: 'a long enough password',
	roles: ['outreach-worker'],
	unitIds: [t.unitIds[0]],
	...over
});

function audits(action: string, entityId?: string) {
	return t.org.db
		.select()
		.from(auditLog)
		.where(eq(auditLog.action, action))
		.all()
		.filter((r) => entityId === undefined || r.entityId === entityId);
}

describe('/api/users', () => {
	it('post creates a user who can then sign in; the hash never leaves the server', async () => {
		const res = await t.request('POST', '/api/users', { cookie: admin, json: newUser() });
		expect(res.status).toBe(201);
		const body = (await res.json()) as Record<string, unknown>;
		const user = UserSchema.parse(body);
		expect(body).not.toHaveProperty('passwordHash');
		expect(user).toMatchObject({ username: 'maija', roles: ['outreach-worker'], unitIds: [t.unitIds[0]], active: true, locale: 'fi' });
		expect(audits('user.create', user.id)).toHaveLength(1);
		expect(JSON.stringify(audits('user.create', user.id))).not.toContain('a long enough password');

		const login = await t.request('POST', '/api/auth/login', {
			json: { organisation: 'test', username: 'maija', password: 'a long enough password' }
		});
		expect(login.status).toBe(200);
	});

	it('post answers 409 naming the field when the username is taken', async () => {
		const res = await t.request('POST', '/api/users', { cookie: admin, json: newUser({ username: 'coach' }) });
		expect(res.status).toBe(409);
		const p = ProblemSchema.parse(await res.json());
		expect(p.code).toBe('conflict');
		expect(p.errors).toEqual([expect.objectContaining({ field: 'username', code: 'taken' })]);
	});

	it('post validates the body: short password, unknown role, unknown unit, repeated roles', async () => {
		const cases: [Record<string, unknown>, string][] = [
			[{ password: 'short' }, 'password'],
			[{ roles: ['boss'] }, 'roles.0'],
			[{ roles: ['coach', 'coach'] }, 'roles'],
			[{ username: 'Has Spaces' }, 'username'],
			[{ unitIds: ['00000000-0000-4000-8000-000000000000'] }, 'unitIds']
		];
		for (const [over, field] of cases) {
			const res = await t.request('POST', '/api/users', { cookie: admin, json: newUser(over) });
			expect(res.status, field).toBe(422);
			expect(ProblemSchema.parse(await res.json()).errors?.map((e) => e.field), field).toContain(field);
		}
	});

	it('get lists everyone for admins and only shared-unit colleagues for supervisors; both reads are audited', async () => {
		const all = z.array(UserSchema).parse(await (await t.request('GET', '/api/users', { cookie: admin })).json());
		expect(all.map((u) => u.username)).toEqual(['admin', 'coach', 'supervisor', 'worker']);

		const supervisor = t.sessionCookie('supervisor');
		await t.request('POST', '/api/users', { cookie: admin, json: newUser({ username: 'elsewhere', unitIds: [t.unitIds[2]] }) });
		const seen = z.array(UserSchema).parse(await (await t.request('GET', '/api/users', { cookie: supervisor })).json());
		expect(seen.map((u) => u.username)).toEqual(['coach', 'supervisor', 'worker']);
		expect(audits('user.list').map((r) => r.actorId)).toEqual([t.userId('admin'), t.userId('supervisor')]);
	});

	it('get /:id reads a user (audited); out of scope and unknown ids are 404, a bad id 422', async () => {
		const res = await t.request('GET', `/api/users/${t.userId('coach')}`, { cookie: admin });
		expect(res.status).toBe(200);
		expect(UserSchema.parse(await res.json()).username).toBe('coach');
		expect(audits('user.read', t.userId('coach'))).toEqual([
			expect.objectContaining({ actorId: t.userId('admin'), entity: 'user' })
		]);

		const supervisor = t.sessionCookie('supervisor');
		expect((await t.request('GET', `/api/users/${t.userId('coach')}`, { cookie: supervisor })).status).toBe(200);
		expect((await t.request('GET', `/api/users/${t.userId('admin')}`, { cookie: supervisor })).status).toBe(404);
		expect((await t.request('GET', '/api/users/00000000-0000-4000-8000-000000000000', { cookie: admin })).status).toBe(404);
		const bad = await t.request('GET', '/api/users/not-a-uuid', { cookie: admin });
		expect(bad.status).toBe(422);
		expect(ProblemSchema.parse(await bad.json()).errors?.[0]?.field).toBe('id');
	});

	it('patch edits roles, units and details, and audits which fields changed', async () => {
		const id = t.userId('outreach-worker');
		const res = await t.request('PATCH', `/api/users/${id}`, {
			cookie: admin,
			json: { displayName: 'Eetu E.', roles: ['outreach-worker', 'coach'], unitIds: [t.unitIds[0], t.unitIds[1]], locale: 'sv' }
		});
		expect(res.status).toBe(200);
		const user = UserSchema.parse(await res.json());
		expect(user).toMatchObject({ displayName: 'Eetu E.', roles: ['outreach-worker', 'coach'], locale: 'sv' });
		expect(user.unitIds.sort()).toEqual([t.unitIds[0], t.unitIds[1]].sort());
		const [row] = audits('user.update', id);
		expect(row?.detail).toMatchObject({ fields: ['displayName', 'roles', 'unitIds', 'locale'] });
	});

	it('deactivation ends the user\'s sessions at once and stops sign-in; reactivation allows it again', async () => {
		const id = t.userId('coach');
		const cookie = await t.login('coach');
		t.sessionCookie('coach');
		expect((await t.request('GET', '/api/me', { cookie })).status).toBe(200);

		const res = await t.request('PATCH', `/api/users/${id}`, { cookie: admin, json: { active: false } });
		expect(res.status).toBe(200);
		const user = UserSchema.parse(await res.json());
		expect(user.active).toBe(false);
		expect(user.deactivatedAt).toBe(t.now().toISOString());
		expect(t.org.db.select().from(sessions).where(eq(sessions.userId, id)).all()).toHaveLength(0);
		expect((await t.request('GET', '/api/me', { cookie })).status).toBe(401);
		const login = { json: { organisation: 'test', username: 'coach', password: TEST_PASSWORD } };
		expect((await t.request('POST', '/api/auth/login', login)).status).toBe(401);
		expect(audits('user.deactivate', id)[0]?.detail).toMatchObject({ endedSessions: 2 });

		expect((await t.request('PATCH', `/api/users/${id}`, { cookie: admin, json: { active: true } })).status).toBe(200);
		expect((await t.request('POST', '/api/auth/login', login)).status).toBe(200);
		expect(audits('user.reactivate', id)).toHaveLength(1);
	});

	it('a new password ends the user\'s other sessions', async () => {
		const id = t.userId('coach');
		const cookie = await t.login('coach');
		await t.request('PATCH', `/api/users/${id}`, { cookie: admin, json: { password: 'another long password' } });
		expect((await t.request('GET', '/api/me', { cookie })).status).toBe(401);
		const res = await t.request('POST', '/api/auth/login', {
			json: { organisation: 'test', username: 'coach', password: 'another long password' }
		});
		expect(res.status).toBe(200);
	});

	it('keeps the last active admin: no self-deactivation, no removing the only admin role', async () => {
		const me = t.userId('admin');
		const self = await t.request('PATCH', `/api/users/${me}`, { cookie: admin, json: { active: false } });
		expect(self.status).toBe(409);
		expect(ProblemSchema.parse(await self.json()).errors?.[0]?.field).toBe('active');

		const demote = await t.request('PATCH', `/api/users/${me}`, { cookie: admin, json: { roles: ['supervisor'] } });
		expect(demote.status).toBe(409);
		expect(ProblemSchema.parse(await demote.json()).errors?.[0]).toMatchObject({ field: 'roles', code: 'last-admin' });

		// With a second active admin, the first may be stepped down (by the other: a supervisor role
		// reaches client data, which nobody gives themselves).
		await t.request('PATCH', `/api/users/${t.userId('supervisor')}`, { cookie: admin, json: { roles: ['supervisor', 'admin'] } });
		const ok = await t.request('PATCH', `/api/users/${me}`, { cookie: t.sessionCookie('supervisor'), json: { roles: ['supervisor'] } });
		expect(ok.status).toBe(200);
		// Nothing was written by the refused attempts.
		expect(audits('user.update', me)).toHaveLength(1);
	});

	it('refuses non-admins with 403 and does not change anything', async () => {
		const res = await t.request('PATCH', `/api/users/${t.userId('coach')}`, {
			cookie: t.sessionCookie('supervisor'),
			json: { roles: ['admin'] }
		});
		expect(res.status).toBe(403);
		const coach = await t.request('GET', `/api/users/${t.userId('coach')}`, { cookie: admin });
		expect(UserSchema.parse(await coach.json()).roles).toEqual(['coach']);
	});

	it('refuses an admin giving themselves a client role and a unit (403 naming the fields, audited); nothing changes', async () => {
		const me = t.userId('admin');
		const res = await t.request('PATCH', `/api/users/${me}`, { cookie: admin, json: { roles: ['admin', 'coach'], unitIds: [t.unitIds[1]] } });
		expect(res.status).toBe(403);
		expect(res.headers.get('content-type')).toContain('application/problem+json');
		const p = ProblemSchema.parse(await res.json());
		expect(p.code).toBe('forbidden');
		expect(p.errors?.map((e) => [e.field, e.code])).toEqual([
			['roles', 'self-grant'],
			['unitIds', 'self-grant']
		]);
		const after = UserSchema.parse(await (await t.request('GET', `/api/users/${me}`, { cookie: admin })).json());
		expect(after).toMatchObject({ roles: ['admin'], unitIds: [] });
		const [refused] = audits('user.self-grant-refused', me);
		expect(refused).toMatchObject({ actorId: me, entity: 'user' });
		expect(refused?.detail).toEqual({ fields: ['roles', 'unitIds'], roles: ['admin', 'coach'], unitIds: [t.unitIds[1]] });
		expect(audits('user.update', me)).toEqual([]);
		// Still no reach: the workshop client's henkilötunnus stays out of the admin's hands.
		const client = t.clientIds[8] ?? '';
		expect((await t.request('POST', `/api/clients/${client}/hetu/reveal`, { cookie: admin })).status).toBe(403);

		// Each part alone is refused too: a role that reaches client data, or a supervisor role.
		for (const json of [{ roles: ['admin', 'outreach-worker'] }, { roles: ['admin', 'supervisor'] }]) {
			const one = await t.request('PATCH', `/api/users/${me}`, { cookie: admin, json });
			expect(one.status).toBe(403);
			expect(ProblemSchema.parse(await one.json()).errors?.map((e) => e.field)).toEqual(['roles']);
		}
		// A unit alone widens nothing for an admin-only account, and other edits of oneself go through.
		const unit = await t.request('PATCH', `/api/users/${me}`, { cookie: admin, json: { unitIds: [t.unitIds[1]], displayName: 'Aino A.' } });
		expect(unit.status).toBe(200);
	});

	it('lets another admin make the change (audited as theirs); the holder may not then add units, but may narrow', async () => {
		const second = await t.request('POST', '/api/users', { cookie: admin, json: newUser({ username: 'admin2', roles: ['admin'], unitIds: [] }) });
		expect(second.status).toBe(201);
		const secondId = UserSchema.parse(await second.json()).id;
		const { token } = t.org.write((tx) => createSession(tx, secondId, t.now(), 12));
		const cookie2 = `${SESSION_COOKIE}=${sessionCookieValue(t.org.id, token)}`;

		const me = t.userId('admin');
		const res = await t.request('PATCH', `/api/users/${me}`, { cookie: cookie2, json: { roles: ['admin', 'coach'], unitIds: [t.unitIds[1]] } });
		expect(res.status).toBe(200);
		expect(UserSchema.parse(await res.json())).toMatchObject({ roles: ['admin', 'coach'], unitIds: [t.unitIds[1]] });
		expect(audits('user.update', me)).toEqual([expect.objectContaining({ actorId: secondId })]);
		expect(audits('user.update', me)[0]?.detail).toMatchObject({ roles: ['admin', 'coach'], unitIds: [t.unitIds[1]] });

		// Holding a client role, adding a unit to oneself widens the reach: refused.
		const more = await t.request('PATCH', `/api/users/${me}`, { cookie: admin, json: { unitIds: [t.unitIds[1], t.unitIds[0]] } });
		expect(more.status).toBe(403);
		expect(ProblemSchema.parse(await more.json()).errors?.map((e) => e.field)).toEqual(['unitIds']);
		// Giving up the coach role or a unit is always one's own to do.
		const less = await t.request('PATCH', `/api/users/${me}`, { cookie: admin, json: { roles: ['admin'], unitIds: [] } });
		expect(less.status).toBe(200);
		expect(audits('user.self-grant-refused', me)).toHaveLength(1);
	});
});

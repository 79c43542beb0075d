import { ProblemSchema, UnitSchema } from '@polku/shared';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { createTestApp, type TestApp } from '../../test/create-test-app';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t.close());

const units = async (cookie: string) => z.array(UnitSchema).parse(await (await t.request('GET', '/api/units', { cookie })).json());

describe('/api/units', () => {
	it('get lists all units for admins and their own for everyone else', async () => {
		expect((await units(t.sessionCookie('admin'))).map((u) => u.name)).toEqual(['Etsivä', 'Muu', 'Paja']);
		expect((await units(t.sessionCookie('coach'))).map((u) => u.name)).toEqual(['Paja']);
		expect((await units(t.sessionCookie('outreach-worker'))).map((u) => u.name)).toEqual(['Etsivä']);
		expect((await units(t.sessionCookie('supervisor'))).map((u) => u.name)).toEqual(['Etsivä', 'Paja']);
	});

	it('post creates a unit and patch renames it, both audited', async () => {
		const admin = t.sessionCookie('admin');
		const created = await t.request('POST', '/api/units', { cookie: admin, json: { name: '  Kotoutuminen ', kind: 'integration' } });
		expect(created.status).toBe(201);
		const unit = UnitSchema.parse(await created.json());
		expect(unit).toMatchObject({ name: 'Kotoutuminen', kind: 'integration', deletedAt: null });

		t.advance(1000);
		const patched = await t.request('PATCH', `/api/units/${unit.id}`, { cookie: admin, json: { name: 'Kotoutumisprojekti' } });
		expect(patched.status).toBe(200);
		const after = UnitSchema.parse(await patched.json());
		expect(after).toMatchObject({ name: 'Kotoutumisprojekti', kind: 'integration' });
		expect(after.updatedAt > unit.updatedAt).toBe(true);

		const rows = t.org.db.select().from(auditLog).all().filter((r) => r.entityId === unit.id);
		expect(rows.map((r) => r.action)).toEqual(['unit.create', 'unit.update']);
	});

	it('patch answers 404 for an unknown unit and 422 for a bad kind', async () => {
		const admin = t.sessionCookie('admin');
		const missing = await t.request('PATCH', '/api/units/00000000-0000-4000-8000-000000000000', { cookie: admin, json: { name: 'X' } });
		expect(missing.status).toBe(404);
		const bad = await t.request('POST', '/api/units', { cookie: admin, json: { name: 'X', kind: 'school' } });
		expect(bad.status).toBe(422);
		expect(ProblemSchema.parse(await bad.json()).errors?.[0]?.field).toBe('kind');
	});
});

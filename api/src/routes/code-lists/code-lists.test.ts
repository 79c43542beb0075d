import { CodeOverridesSchema, ProblemSchema, type Role } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../../db/schema';
import { organisationSettings } from '../../services/organisation.service';
import { createTestApp, type TestApp } from '../../test/create-test-app';

let t: TestApp;
beforeEach(async () => {
	t = await createTestApp();
});
afterEach(() => t.close());

const get = (as: Role | null) => t.request('GET', '/api/code-lists', as ? { cookie: t.sessionCookie(as) } : {});
const put = (listId: string, json: unknown, as: Role = 'admin') => t.request('PUT', `/api/code-lists/${listId}`, { cookie: t.sessionCookie(as), json });
const audits = () => t.org.db.select().from(auditLog).where(eq(auditLog.action, 'code-list.update')).all();

const shelter = {
	code: 'local:ensisuoja',
	labels: { fi: 'Ensisuoja', sv: 'Akutboende', en: 'Emergency shelter' },
	mapsTo: 'homeless',
	hidden: false
};

describe('/api/code-lists', () => {
	it('starts empty for every signed-in role; anonymous is 401', async () => {
		for (const role of ['admin', 'supervisor', 'coach', 'outreach-worker'] as const) {
			const res = await get(role);
			expect(res.status).toBe(200);
			expect(CodeOverridesSchema.parse(await res.json())).toEqual({});
		}
		expect((await get(null)).status).toBe(401);
	});

	it('an admin hides codes and adds a local code: stored in the organisation settings, audited, read back by everyone', async () => {
		const res = await put('housing', { hidden: ['institution'], local: [shelter] });
		expect(res.status).toBe(200);
		const expected = { housing: { hidden: ['institution'], local: [shelter] } };
		expect(CodeOverridesSchema.parse(await res.json())).toEqual(expected);
		expect(organisationSettings(t.ctx, t.org.id).codeOverrides).toEqual(expected);
		expect(CodeOverridesSchema.parse(await (await get('outreach-worker')).json())).toEqual(expected);

		expect(audits()).toEqual([
			expect.objectContaining({ actorId: t.userId('admin'), entity: 'code-list', entityId: 'housing', detail: { listId: 'housing', hidden: 1, local: 1, hiddenLocal: 0 } })
		]);

		// Another list leaves this one alone; the other settings survive.
		const placement = { hidden: [], local: [{ ...shelter, code: 'local:oma-paja', mapsTo: 'other' }] };
		expect((await put('placement', placement)).status).toBe(200);
		const settings = organisationSettings(t.ctx, t.org.id);
		expect(Object.keys(settings.codeOverrides).sort()).toEqual(['housing', 'placement']);
		expect(settings.requiredClientFields).toEqual(['startDate']);
	});

	it('refuses invalid overrides with 422 naming each field, and stores nothing', async () => {
		const res = await put('housing', {
			hidden: ['unknown', 'castle'],
			local: [shelter, { ...shelter, mapsTo: 'nowhere' }]
		});
		expect(res.status).toBe(422);
		const problem = ProblemSchema.parse(await res.json());
		expect(problem.code).toBe('validation-failed');
		expect(problem.errors).toEqual([
			expect.objectContaining({ field: 'hidden.0', code: 'not-hideable' }),
			expect.objectContaining({ field: 'hidden.1', code: 'unknown-code' }),
			expect.objectContaining({ field: 'local.1.code', code: 'duplicate' }),
			expect.objectContaining({ field: 'local.1.mapsTo', code: 'bad-mapping' })
		]);
		expect(organisationSettings(t.ctx, t.org.id).codeOverrides).toEqual({});
		expect(audits()).toEqual([]);
	});

	it('a local code cannot be removed once it exists, only hidden', async () => {
		expect((await put('housing', { hidden: [], local: [shelter] })).status).toBe(200);
		const removed = await put('housing', { hidden: [], local: [] });
		expect(removed.status).toBe(422);
		expect(ProblemSchema.parse(await removed.json()).errors).toEqual([expect.objectContaining({ field: 'local', code: 'local-removed' })]);
		const hidden = await put('housing', { hidden: [], local: [{ ...shelter, hidden: true }] });
		expect(hidden.status).toBe(200);
		expect(organisationSettings(t.ctx, t.org.id).codeOverrides.housing?.local[0]?.hidden).toBe(true);
		expect(audits()).toHaveLength(2);
	});

	it('validates the body shape and the list id', async () => {
		const bad = await put('housing', { hidden: 'institution', local: [{ code: 'Ensisuoja', labels: { fi: 'x' }, mapsTo: 'homeless' }], extra: 1 });
		expect(bad.status).toBe(422);
		const fields = ProblemSchema.parse(await bad.json()).errors?.map((e) => e.field) ?? [];
		expect(fields).toEqual(expect.arrayContaining(['hidden', 'local.0.code', 'local.0.labels.sv', 'extra']));
		const list = await put('gender', { hidden: [], local: [] });
		expect(list.status).toBe(422);
		expect(ProblemSchema.parse(await list.json()).errors).toEqual([expect.objectContaining({ field: 'listId' })]);
	});

	it('only an admin may change them', async () => {
		for (const role of ['supervisor', 'coach', 'outreach-worker'] as const) {
			expect((await put('housing', { hidden: ['institution'], local: [] }, role)).status).toBe(403);
		}
		expect((await t.request('PUT', '/api/code-lists/housing', { json: { hidden: [], local: [] } })).status).toBe(401);
		expect(organisationSettings(t.ctx, t.org.id).codeOverrides).toEqual({});
		expect(audits()).toEqual([]);
	});
});

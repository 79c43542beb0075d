import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/create-test-app';
import { AuditPageSchema } from '@polku/shared';

let t: TestApp;
beforeAll(async () => {
	t = await createTestApp();
});
afterAll(() => t.close());

describe('get /api/audit', () => {
	it('pages the trail newest first and audits each read', async () => {
		const cookie = t.sessionCookie('admin');
		const first = AuditPageSchema.parse(await (await t.request('GET', '/api/audit?limit=3', { cookie })).json());
		expect(first.items).toHaveLength(3);
		const seqs = first.items.map((i) => i.seq);
		expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
		expect(first.nextCursor).toBe(seqs[2]);

		const second = AuditPageSchema.parse(
			await (await t.request('GET', `/api/audit?limit=500&before=${first.nextCursor}`, { cookie })).json()
		);
		expect(second.items[0]?.seq).toBe((first.nextCursor ?? 0) - 1);
		expect(second.items.at(-1)?.seq).toBe(1);
		expect(second.nextCursor).toBeNull();

		// The first read is now on the trail.
		const third = AuditPageSchema.parse(await (await t.request('GET', '/api/audit?limit=2', { cookie })).json());
		expect(third.items.map((i) => i.action)).toEqual(['audit.read', 'audit.read']);
		expect(third.items[0]?.actorId).toBe(t.userId('admin'));
	});

	it('validates the query', async () => {
		const res = await t.request('GET', '/api/audit?limit=0', { cookie: t.sessionCookie('admin') });
		expect(res.status).toBe(422);
	});
});

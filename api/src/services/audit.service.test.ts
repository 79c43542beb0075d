import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/create-test-app';
import { appendAudit, GENESIS_HASH, verifyAuditChain, verifyOrganisationAudit } from './audit.service';

let t: TestApp;
beforeEach(async () => {
	t = await createTestApp();
	// Ten more rows on top of the seed's, each in its own transaction, as in real use.
	for (let i = 0; i < 10; i++) {
		t.org.write((tx) =>
			appendAudit(tx, { at: t.now(), actorId: t.userId('admin'), action: 'user.read', entity: 'user', entityId: t.userId('coach'), detail: { i } })
		);
	}
});
afterEach(() => t.close());

const sut = () => verifyOrganisationAudit(t.ctx.registry, t.org, null);
const count = () => (t.org.sqlite.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
const unlock = () => t.org.sqlite.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');

describe('audit chain', () => {
	it('verifies an untouched chain, anchored in the control database', () => {
		const n = count();
		expect(n).toBeGreaterThan(10);
		expect(sut()).toEqual({ ok: true, checked: n, firstBadSeq: null });
		expect(t.ctx.registry.anchor(t.org.id)?.seq).toBe(n);
		const first = t.org.sqlite.prepare('SELECT prev_hash FROM audit_log WHERE seq = 1').get() as { prev_hash: string };
		expect(first.prev_hash).toBe(GENESIS_HASH);
	});

	it('refuses UPDATE and DELETE through triggers', () => {
		expect(() => t.org.sqlite.prepare("UPDATE audit_log SET action = 'x' WHERE seq = 3").run()).toThrow(/append-only/);
		expect(() => t.org.sqlite.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/append-only/);
		expect(sut().ok).toBe(true);
	});

	it('detects an edited row', () => {
		unlock();
		t.org.sqlite.prepare(`UPDATE audit_log SET detail = '{"i":99}' WHERE seq = 7`).run();
		expect(sut()).toEqual({ ok: false, checked: 6, firstBadSeq: 7 });
	});

	it('detects an edited row whose hash was recomputed (the next row no longer links to it)', () => {
		unlock();
		t.org.sqlite.prepare(`UPDATE audit_log SET actor_id = NULL, hash = 'f' || substr(hash, 2) WHERE seq = 5`).run();
		const result = sut();
		expect(result.ok).toBe(false);
		expect(result.firstBadSeq).toBe(5);
	});

	it('detects a deleted row in the middle', () => {
		unlock();
		t.org.sqlite.prepare('DELETE FROM audit_log WHERE seq = 8').run();
		expect(sut()).toEqual({ ok: false, checked: 7, firstBadSeq: 8 });
	});

	it('detects rows cut off the end through the anchor', () => {
		const n = count();
		unlock();
		t.org.sqlite.prepare('DELETE FROM audit_log WHERE seq >= ?').run(n - 1);
		// The shorter chain is valid in itself…
		expect(verifyAuditChain(t.org.db)).toEqual({ ok: true, checked: n - 2, firstBadSeq: null });
		// …but not against the anchor.
		expect(sut()).toEqual({ ok: false, checked: n - 2, firstBadSeq: n - 1 });
	});

	it('detects a truncated tail even after new rows were appended over it', () => {
		const n = count();
		unlock();
		t.org.sqlite.prepare('DELETE FROM audit_log WHERE seq >= ?').run(n - 1);
		t.org.write((tx) => appendAudit(tx, { at: t.now(), actorId: null, action: 'audit.verify' }));
		t.org.write((tx) => appendAudit(tx, { at: t.now(), actorId: null, action: 'audit.verify' }));
		const result = sut();
		expect(result.ok).toBe(false);
		expect(result.firstBadSeq).toBe(n);
	});

	it('detects reordered rows', () => {
		unlock();
		const a = t.org.sqlite.prepare('SELECT * FROM audit_log WHERE seq = 4').get() as Record<string, unknown>;
		const b = t.org.sqlite.prepare('SELECT * FROM audit_log WHERE seq = 5').get() as Record<string, unknown>;
		const move = t.org.sqlite.prepare('UPDATE audit_log SET seq = ? WHERE id = ?');
		t.org.sqlite.transaction(() => {
			move.run(-1, a.id);
			move.run(4, b.id);
			move.run(5, a.id);
		})();
		expect(sut()).toEqual({ ok: false, checked: 3, firstBadSeq: 4 });
	});

	it('get /api/audit/verify answers the verification and audits it', async () => {
		const cookie = t.sessionCookie('admin');
		const res = await t.request('GET', '/api/audit/verify', { cookie });
		expect(await res.json()).toEqual({ ok: true, checked: count() - 1, firstBadSeq: null });
		unlock();
		t.org.sqlite.prepare('DELETE FROM audit_log WHERE seq = 2').run();
		expect(await (await t.request('GET', '/api/audit/verify', { cookie })).json()).toEqual({ ok: false, checked: 1, firstBadSeq: 2 });
	});
});

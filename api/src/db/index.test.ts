import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/create-test-app';
import { openControlDb, openOrgDb } from './index';

/** SQLite's value of `PRAGMA synchronous` for FULL (0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA). */
const FULL = 2;

describe('durability: every database that acknowledges writes syncs each commit (synchronous = FULL)', () => {
	let dir: string;
	let t: TestApp;
	beforeAll(async () => {
		dir = mkdtempSync(join(tmpdir(), 'polku-db-'));
		t = await createTestApp();
	});
	afterAll(async () => {
		await t.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('openOrgDb and openControlDb', () => {
		for (const open of [openOrgDb, openControlDb]) {
			const { sqlite } = open(join(dir, `${open.name}.sqlite`));
			try {
				expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
				expect(sqlite.pragma('synchronous', { simple: true }), open.name).toBe(FULL);
			} finally {
				sqlite.close();
			}
		}
	});

	it('the connections the server writes through: the organisation’s and the control database’s', () => {
		expect(t.org.sqlite.pragma('synchronous', { simple: true })).toBe(FULL);
		expect(t.ctx.controlSqlite.pragma('synchronous', { simple: true })).toBe(FULL);
	});
});

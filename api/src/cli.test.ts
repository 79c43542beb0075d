import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HELP, main } from './cli';
import { createContext } from './context';
import { createUnit } from './services/unit.service';
import { TEST_HASHING } from './test/create-test-app';

let dataDir: string;
let env: Record<string, string>;
beforeEach(() => {
	dataDir = mkdtempSync(join(tmpdir(), 'polku-cli-'));
	env = { POLKU_DATA_DIR: dataDir, POLKU_MASTER_KEY: randomBytes(32).toString('base64') };
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function run(...argv: string[]) {
	let out = '';
	let err = '';
	const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s), env, passwordHashing: TEST_HASHING });
	return { code, out, err };
}

function openContext() {
	return createContext({
		dataDir,
		masterKeyEnv: env.POLKU_MASTER_KEY,
		options: { version: 'test', trustProxy: false, webDir: null, sessionIdleMinutes: 30, sessionMaxHours: 12 }
	});
}

describe('polku CLI', () => {
	it('--help lists every command', async () => {
		const { code, out } = await run('--help');
		expect(code).toBe(0);
		expect(out).toBe(HELP);
		for (const c of ['org:create', 'org:list', 'user:reset-password', 'user:set-roles', 'audit:verify']) expect(out).toContain(c);
		expect((await run('no-such-command')).code).toBe(2);
		expect((await run('org:create', '--slug', 'x')).err).toMatch(/--slug|--name/);
	});

	it('org:create makes an organisation with its admin and prints a generated password once', async () => {
		const { code, out } = await run('org:create', '--slug', 'acme', '--name', 'Acme ry', '--admin', 'boss', '--admin-name', 'Pomo');
		expect(code).toBe(0);
		const password = /shown only now\): (\S+)/.exec(out)?.[1] ?? '';
		expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);

		const ctx = openContext();
		try {
			const org = await ctx.registry.get({ slug: 'acme' });
			expect(org?.name).toBe('Acme ry');
			const admin = org?.sqlite.prepare('SELECT username, display_name, roles, password_hash FROM users').get() as Record<string, string>;
			expect(admin).toMatchObject({ username: 'boss', display_name: 'Pomo', roles: '["admin"]' });
			expect(await ctx.passwords.verifyOrDummy(admin.password_hash ?? '', password)).toBe(true);
			const audit = org?.sqlite.prepare("SELECT actor_id, detail FROM audit_log WHERE action = 'organisation.create'").get();
			expect(audit).toEqual({ actor_id: null, detail: '{"via":"cli"}' });
		} finally {
			await ctx.close();
		}

		const again = await run('org:create', '--slug', 'acme', '--name', 'Other', '--admin', 'x1');
		expect(again.code).toBe(1);
		expect(again.err).toMatch(/already exists/);
	});

	it('org:create refuses a bad slug or a short password', async () => {
		expect((await run('org:create', '--slug', 'Bad Slug', '--name', 'N', '--admin', 'boss')).code).toBe(2);
		expect((await run('org:create', '--slug', 'ok', '--name', 'N', '--admin', 'boss', '--password', 'short')).code).toBe(2);
	});

	it('org:list lists organisations', async () => {
		expect((await run('org:list')).out).toBe('No organisations.\n');
		await run('org:create', '--slug', 'beta', '--name', 'Beta', '--admin', 'b-admin', '--password', 'a long enough password');
		await run('org:create', '--slug', 'alpha', '--name', 'Alpha', '--admin', 'a-admin', '--password', 'a long enough password');
		const { out } = await run('org:list');
		expect(out.split('\n').filter(Boolean).map((l) => l.split('\t')[0])).toEqual(['alpha', 'beta']);
	});

	it('user:reset-password sets the password, ends sessions and audits it', async () => {
		await run('org:create', '--slug', 'acme', '--name', 'Acme', '--admin', 'boss', '--password', 'the first password');
		const { code, out } = await run('user:reset-password', '--org', 'acme', '--username', 'boss', '--password', 'the second password');
		expect(code).toBe(0);
		expect(out).toMatch(/0 session\(s\) ended/);
		expect(out).not.toContain('the second password');
		const ctx = openContext();
		try {
			const org = await ctx.registry.get({ slug: 'acme' });
			const row = org?.sqlite.prepare('SELECT password_hash FROM users').get() as { password_hash: string };
			expect(await ctx.passwords.verifyOrDummy(row.password_hash, 'the second password')).toBe(true);
			const audit = org?.sqlite.prepare("SELECT detail FROM audit_log WHERE action = 'auth.password-reset'").get() as { detail: string };
			expect(JSON.parse(audit.detail)).toEqual({ via: 'cli', endedSessions: 0 });
		} finally {
			await ctx.close();
		}
		expect((await run('user:reset-password', '--org', 'acme', '--username', 'nobody')).code).toBe(1);
		expect((await run('user:reset-password', '--org', 'nope', '--username', 'boss')).code).toBe(2);
	});

	it('user:set-roles gives an admin a client role and units (by name or id), audited with actor null; refuses bad input', async () => {
		await run('org:create', '--slug', 'acme', '--name', 'Acme', '--admin', 'boss', '--password', 'the first password');
		const ctx = openContext();
		let unitIds: string[];
		try {
			const org = await ctx.registry.get({ slug: 'acme' });
			if (!org) throw new Error('no org');
			const boss = org.sqlite.prepare("SELECT id FROM users WHERE username = 'boss'").get() as { id: string };
			const caller = { userId: boss.id, roles: ['admin' as const], unitIds: [], sessionId: null, address: null, now: new Date() };
			unitIds = [createUnit(org, caller, { name: 'Etsivä Itä', kind: 'outreach' }).id, createUnit(org, caller, { name: 'Paja', kind: 'workshop' }).id];
		} finally {
			await ctx.close();
		}

		const { code, out } = await run('user:set-roles', '--org', 'acme', '--username', 'boss', '--roles', 'admin,coach', '--units', `etsivä itä,${unitIds[1]}`);
		expect(code, out).toBe(0);
		expect(out).toMatch(/admin, coach/);
		const check = openContext();
		try {
			const org = await check.registry.get({ slug: 'acme' });
			const user = org?.sqlite.prepare("SELECT id, roles FROM users WHERE username = 'boss'").get() as { id: string; roles: string };
			expect(JSON.parse(user.roles)).toEqual(['admin', 'coach']);
			const units = (org?.sqlite.prepare('SELECT unit_id FROM user_units WHERE user_id = ?').all(user.id) as { unit_id: string }[]).map((r) => r.unit_id);
			expect(units.sort()).toEqual([...unitIds].sort());
			const audit = org?.sqlite.prepare("SELECT actor_id, entity_id, detail FROM audit_log WHERE action = 'user.update'").get() as { actor_id: string | null; entity_id: string; detail: string };
			expect(audit).toMatchObject({ actor_id: null, entity_id: user.id });
			expect(JSON.parse(audit.detail)).toEqual({ via: 'cli', fields: ['roles', 'unitIds'], roles: ['admin', 'coach'], unitIds: [unitIds[0], unitIds[1]] });
		} finally {
			await check.close();
		}

		// Without --units the units stay; the last admin keeps the admin role; unknown units and roles are refused.
		expect((await run('user:set-roles', '--org', 'acme', '--username', 'boss', '--roles', 'admin')).out).toMatch(/units: \S/);
		expect((await run('user:set-roles', '--org', 'acme', '--username', 'boss', '--roles', 'coach')).code).toBe(1);
		expect((await run('user:set-roles', '--org', 'acme', '--username', 'boss', '--roles', 'admin', '--units', 'Nowhere')).code).toBe(1);
		expect((await run('user:set-roles', '--org', 'acme', '--username', 'boss', '--roles', 'boss')).code).toBe(2);
		expect((await run('user:set-roles', '--org', 'acme', '--username', 'boss', '--roles', '')).code).toBe(2);
		expect((await run('user:set-roles', '--org', 'acme', '--username', 'nobody', '--roles', 'coach')).code).toBe(1);
		expect((await run('user:set-roles', '--org', 'acme', '--username', 'boss', '--roles', 'admin', '--units', '')).out).toMatch(/units: none/);
	});

	it('audit:verify exits 0 for an intact chain and 1 for a broken one', async () => {
		await run('org:create', '--slug', 'acme', '--name', 'Acme', '--admin', 'boss', '--password', 'the first password');
		const ok = await run('audit:verify', '--org', 'acme');
		expect(ok).toMatchObject({ code: 0 });
		expect(ok.out).toMatch(/intact: 2 entries/);

		const ctx = openContext();
		const org = await ctx.registry.get({ slug: 'acme' });
		org?.sqlite.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'forged' WHERE seq = 1;");
		await ctx.close();

		const broken = await run('audit:verify', '--org', 'acme');
		expect(broken.code).toBe(1);
		expect(broken.out).toMatch(/BROKEN at seq 1/);
	});
});

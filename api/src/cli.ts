/**
 * Operator CLI: `npm run polku -- <command> [options]` at the repository root. Uses the same data
 * directory and master key as the server (POLKU_DATA_DIR, POLKU_MASTER_KEY) and the same services;
 * every change is audited with actor null and `via: 'cli'`. Safe to run while the server runs
 * (SQLite WAL; the server picks up new organisations on their first use).
 */
import { PasswordSchema, RoleSchema, SlugSchema, UsernameSchema, type Role } from '@polku/shared';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { createContext, type AppContext } from './context';
import { SlugTaken } from './db/org-registry';
import { EnvError, loadEnv } from './env';
import { AppError } from './lib/errors';
import { randomReadablePassword } from './lib/random-password';
import { verifyOrganisationAudit } from './services/audit.service';
import { createOrganisation } from './services/organisation.service';
import { resetPassword, setUserAccess } from './services/user.service';
import type { PasswordHashing } from './lib/passwords';

export const HELP = `Polku operator commands

Usage: npm run polku -- <command> [options]

Commands:
  org:create --slug <slug> --name <name> --admin <username> [--admin-name <display name>] [--password <password>]
      Create an organisation with its first admin. Without --password a random one is printed once.
  org:list
      List organisations (slug, name, id, created).
  user:reset-password --org <slug> --username <username> [--password <password>]
      Set a new password and end all of that user's sessions. Without --password a random one is printed once.
  user:set-roles --org <slug> --username <username> --roles <role>,… [--units <unit name or id>,…]
      Set a user's roles (outreach-worker, coach, supervisor, admin) and, with --units, their units
      (--units "" for none; without it the units stay). An admin cannot give their own account a role
      or unit that reaches client data; another admin or this command does.
  audit:verify --org <slug>
      Verify the organisation's audit hash chain. Exit code 1 if it is broken.
  help, --help
      Show this text.

Environment: POLKU_DATA_DIR (default ./data), POLKU_MASTER_KEY (else <data dir>/master.key).
`;

export type CliIo = {
	out: (text: string) => void;
	err: (text: string) => void;
	env?: Record<string, string | undefined>;
	/** Tests only: cheaper argon2. */
	passwordHashing?: PasswordHashing;
};

const defaultIo: CliIo = {
	out: (t) => void process.stdout.write(t),
	err: (t) => void process.stderr.write(t)
};

class UsageError extends Error {}

function required(values: Record<string, string | boolean | undefined>, name: string): string {
	const v = values[name];
	if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`);
	return v;
}

function check<T>(schema: z.ZodType<T>, value: string, what: string): T {
	const r = schema.safeParse(value);
	if (!r.success) throw new UsageError(`${what}: ${r.error.issues.map((i) => i.message).join('; ')}`);
	return r.data;
}

const OPTIONS = {
	slug: { type: 'string' },
	name: { type: 'string' },
	admin: { type: 'string' },
	'admin-name': { type: 'string' },
	password: { type: 'string' },
	org: { type: 'string' },
	username: { type: 'string' },
	roles: { type: 'string' },
	units: { type: 'string' },
	help: { type: 'boolean', short: 'h' }
} as const;

/** A comma-separated list; empty items dropped. */
const listOf = (value: string): string[] =>
	value
		.split(',')
		.map((v) => v.trim())
		.filter((v) => v !== '');

function rolesOf(value: string): Role[] {
	const roles = listOf(value).map((r) => check(RoleSchema, r, '--roles'));
	if (roles.length === 0) throw new UsageError('--roles needs at least one role');
	if (new Set(roles).size !== roles.length) throw new UsageError('--roles: a role is repeated');
	return roles;
}

/** Runs one command; returns the process exit code. */
export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
	let ctx: AppContext | undefined;
	try {
		const { positionals, values } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
		const command = positionals[0];
		if (values.help || !command || command === 'help') {
			io.out(HELP);
			return command || values.help ? 0 : 2;
		}
		const env = loadEnv(io.env ?? process.env);
		const open = () =>
			(ctx = createContext({
				dataDir: env.dataDir,
				masterKeyEnv: env.masterKey,
				...(io.passwordHashing ? { passwordHashing: io.passwordHashing } : {}),
				options: {
					version: 'cli',
					trustProxy: false,
					webDir: null,
					sessionIdleMinutes: env.sessionIdleMinutes,
					sessionMaxHours: env.sessionMaxHours
				}
			}));

		switch (command) {
			case 'org:create': {
				const slug = check(SlugSchema, required(values, 'slug'), '--slug');
				const name = required(values, 'name').trim();
				const username = check(UsernameSchema, required(values, 'admin'), '--admin');
				const given = values.password;
				const password = given === undefined ? randomReadablePassword() : check(PasswordSchema, given, '--password');
				const c = open();
				const { org } = await createOrganisation(
					c,
					{ slug, name, admin: { username, displayName: values['admin-name']?.trim() || username, password } },
					'cli'
				);
				io.out(`Created organisation ${org.slug} (${org.id}) with admin ${username}.\n`);
				if (given === undefined) io.out(`Password of ${username} (shown only now): ${password}\n`);
				return 0;
			}
			case 'org:list': {
				const rows = open().registry.list();
				if (rows.length === 0) io.out('No organisations.\n');
				for (const r of rows) io.out(`${r.slug}\t${r.name}\t${r.id}\t${r.createdAt}\n`);
				return 0;
			}
			case 'user:reset-password': {
				const slug = check(SlugSchema, required(values, 'org'), '--org');
				const username = check(UsernameSchema, required(values, 'username'), '--username');
				const given = values.password;
				const password = given === undefined ? randomReadablePassword() : check(PasswordSchema, given, '--password');
				const c = open();
				const org = await c.registry.get({ slug });
				if (!org) throw new UsageError(`No organisation "${slug}"`);
				const { endedSessions } = await resetPassword(c, org, username, password);
				io.out(`Password of ${username} in ${slug} reset; ${endedSessions} session(s) ended.\n`);
				if (given === undefined) io.out(`New password (shown only now): ${password}\n`);
				return 0;
			}
			case 'user:set-roles': {
				const slug = check(SlugSchema, required(values, 'org'), '--org');
				const username = check(UsernameSchema, required(values, 'username'), '--username');
				const roles = rolesOf(required(values, 'roles'));
				const units = values.units === undefined ? undefined : listOf(values.units);
				const c = open();
				const org = await c.registry.get({ slug });
				if (!org) throw new UsageError(`No organisation "${slug}"`);
				const user = setUserAccess(c, org, { username, roles, ...(units !== undefined ? { units } : {}) });
				io.out(`Roles of ${username} in ${slug}: ${user.roles.join(', ')}; units: ${user.unitIds.length > 0 ? user.unitIds.join(', ') : 'none'}.\n`);
				return 0;
			}
			case 'audit:verify': {
				const slug = check(SlugSchema, required(values, 'org'), '--org');
				const c = open();
				const org = await c.registry.get({ slug });
				if (!org) throw new UsageError(`No organisation "${slug}"`);
				const result = verifyOrganisationAudit(c.registry, org, null);
				if (result.ok) {
					io.out(`Audit chain of ${slug} is intact: ${result.checked} entries checked.\n`);
					return 0;
				}
				io.out(`Audit chain of ${slug} is BROKEN at seq ${result.firstBadSeq} (${result.checked} entries intact before it).\n`);
				return 1;
			}
			default:
				throw new UsageError(`Unknown command "${command}"`);
		}
	} catch (error) {
		if (error instanceof UsageError || error instanceof EnvError || (error instanceof TypeError && 'code' in error)) {
			io.err(`${error.message}\n\nRun with --help to list the commands.\n`);
			return 2;
		}
		if (error instanceof SlugTaken || error instanceof AppError) {
			io.err(`${error.message}\n`);
			return 1;
		}
		io.err(`Failed: ${error instanceof Error ? error.message : String(error)}\n`);
		return 1;
	} finally {
		await (ctx as AppContext | undefined)?.close();
	}
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	process.exitCode = await main(process.argv.slice(2));
}

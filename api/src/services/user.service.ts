/**
 * Users of an organisation: listing and reading within the caller's scope (admin: everyone;
 * supervisor: people sharing a unit), creating, editing, (de)activating. Every read of a user's record
 * and every change is audited in the same transaction.
 *
 * Invariants: usernames are unique within an organisation; there is always at least one active
 * admin; nobody deactivates themselves; deactivating a user ends their sessions at once.
 */
import { scopeFor, selfGrantErrors, type CreateUser, type PatchUser, type Role, type User } from '@polku/shared';
import { and, eq, inArray, isNull, ne } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context';
import type { OrgDbOrTx } from '../db';
import type { OrgHandle } from '../db/org-registry';
import { units, userUnits, users } from '../db/schema';
import { AppError, Conflict, NotFound, ValidationFailed } from '../lib/errors';
import { appendAudit } from './audit.service';
import type { Caller } from './caller';
import { revokeUserDevices } from './device.service';
import { deleteUserSessions, type UserRow } from './session.service';

export function toUserDto(row: UserRow, unitIds: string[]): User {
	return {
		id: row.id,
		username: row.username,
		displayName: row.displayName,
		email: row.email,
		roles: row.roles,
		unitIds,
		locale: row.locale,
		active: row.active,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt,
		deactivatedAt: row.deactivatedAt
	};
}

function unitIdsOf(db: OrgDbOrTx, userIds: string[]): Map<string, string[]> {
	const map = new Map<string, string[]>(userIds.map((id) => [id, []]));
	if (userIds.length === 0) return map;
	const rows = db.select().from(userUnits).where(inArray(userUnits.userId, userIds)).orderBy(userUnits.unitId).all();
	for (const r of rows) map.get(r.userId)?.push(r.unitId);
	return map;
}

export function findUserByUsername(db: OrgDbOrTx, username: string): UserRow | undefined {
	return db.select().from(users).where(and(eq(users.username, username), isNull(users.deletedAt))).get();
}

/** Whether the caller's scope for `action` on users reaches `target`. */
function inScope(caller: Caller, action: 'read' | 'update', target: { id: string; unitIds: string[] }): boolean {
	const scope = scopeFor(caller.roles, 'user', action);
	if (scope === 'organisation') return true;
	if (target.id === caller.userId) return scope !== null;
	if (scope === 'unit') return target.unitIds.some((u) => caller.unitIds.includes(u));
	return false;
}

function requireUnits(db: OrgDbOrTx, unitIds: string[]): void {
	if (unitIds.length === 0) return;
	const found = db
		.select({ id: units.id })
		.from(units)
		.where(and(inArray(units.id, unitIds), isNull(units.deletedAt)))
		.all();
	const missing = unitIds.filter((id) => !found.some((f) => f.id === id));
	if (missing.length > 0) {
		throw new ValidationFailed([{ field: 'unitIds', code: 'unknown-unit', message: `No such unit: ${missing.join(', ')}` }]);
	}
}

function usernameTaken(): Conflict {
	return new Conflict('That username is already in use in this organisation.', [
		{ field: 'username', code: 'taken', message: 'This username is already in use.' }
	]);
}

/** Inserts a user row and its units (no audit: callers audit in their own words). Returns the id. */
export function insertUser(
	tx: OrgDbOrTx,
	input: {
		now: Date;
		passwordHash: string;
		user: Omit<CreateUser, 'password' | 'email'> & { email?: string | null | undefined };
	}
): string {
	const { user, now } = input;
	// Deleted users keep their username (the unique index covers them): it may not be reused.
	if (tx.select({ id: users.id }).from(users).where(eq(users.username, user.username)).get()) {
		throw usernameTaken();
	}
	requireUnits(tx, user.unitIds);
	const id = randomUUID();
	const at = now.toISOString();
	tx.insert(users)
		.values({
			id,
			username: user.username,
			displayName: user.displayName,
			email: user.email ?? null,
			passwordHash: input.passwordHash,
			roles: user.roles,
			locale: user.locale,
			active: true,
			createdAt: at,
			updatedAt: at
		})
		.run();
	for (const unitId of user.unitIds) tx.insert(userUnits).values({ userId: id, unitId, createdAt: at }).run();
	return id;
}

export function listUsers(org: OrgHandle, caller: Caller): User[] {
	return org.write((tx) => {
		const rows = tx.select().from(users).where(isNull(users.deletedAt)).orderBy(users.username).all();
		const unitMap = unitIdsOf(
			tx,
			rows.map((r) => r.id)
		);
		const visible = rows
			.map((r) => toUserDto(r, unitMap.get(r.id) ?? []))
			.filter((u) => inScope(caller, 'read', u));
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'user.list',
			entity: 'user',
			address: caller.address,
			detail: { count: visible.length, ids: visible.map((u) => u.id) }
		});
		return visible;
	});
}

function loadUser(tx: OrgDbOrTx, caller: Caller, id: string, action: 'read' | 'update'): User & { row: UserRow } {
	const row = tx.select().from(users).where(and(eq(users.id, id), isNull(users.deletedAt))).get();
	const dto = row ? toUserDto(row, unitIdsOf(tx, [row.id]).get(row.id) ?? []) : null;
	// Out of scope looks the same as absent: the caller learns nothing about who exists.
	if (!row || !dto || !inScope(caller, action, dto)) throw new NotFound('No such user.');
	return { ...dto, row };
}

export function getUser(org: OrgHandle, caller: Caller, id: string): User {
	return org.write((tx) => {
		const { row: _row, ...user } = loadUser(tx, caller, id, 'read');
		appendAudit(tx, { at: caller.now, actorId: caller.userId, action: 'user.read', entity: 'user', entityId: id, address: caller.address });
		return user;
	});
}

export async function createUser(ctx: AppContext, org: OrgHandle, caller: Caller, input: CreateUser): Promise<User> {
	// Check what can be checked before the (slow) hash, so a conflict answers at once.
	if (org.db.select({ id: users.id }).from(users).where(eq(users.username, input.username)).get()) {
		throw usernameTaken();
	}
	const passwordHash = await ctx.passwords.hash(input.password);
	return org.write((tx) => {
		const { password: _password, ...user } = input;
		const id = insertUser(tx, { now: caller.now, passwordHash, user });
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'user.create',
			entity: 'user',
			entityId: id,
			address: caller.address,
			detail: { roles: input.roles, unitIds: input.unitIds }
		});
		const row = tx.select().from(users).where(eq(users.id, id)).get();
		if (!row) throw new Error('User vanished right after insert');
		return toUserDto(row, input.unitIds);
	});
}

function otherActiveAdmins(tx: OrgDbOrTx, exceptId: string): number {
	return tx
		.select({ id: users.id, roles: users.roles })
		.from(users)
		.where(and(eq(users.active, true), isNull(users.deletedAt), ne(users.id, exceptId)))
		.all()
		.filter((u) => u.roles.includes('admin')).length;
}

/** Resources that hold or reveal client data: a role granting any of them reaches client data. */
export async function patchUser(ctx: AppContext, org: OrgHandle, caller: Caller, id: string, input: PatchUser): Promise<User> {
	const passwordHash = input.password === undefined ? undefined : await ctx.passwords.hash(input.password);
	const result = org.write((tx): User | AppError => {
		const current = loadUser(tx, caller, id, 'update');
		const self = id === caller.userId;
		if (input.active === false && self) throw new Conflict('You cannot deactivate yourself.', [{ field: 'active', code: 'self', message: 'You cannot deactivate yourself.' }]);
		const staysAdmin = (input.roles ?? current.roles).includes('admin') && (input.active ?? current.active);
		if (current.active && current.roles.includes('admin') && !staysAdmin && otherActiveAdmins(tx, id) === 0) {
			const field = input.active === false ? 'active' : 'roles';
			throw new Conflict('The organisation must keep at least one active admin.', [
				{ field, code: 'last-admin', message: 'This is the last active admin.' }
			]);
		}
		if (input.unitIds) requireUnits(tx, input.unitIds);
		const selfGrant = self ? selfGrantErrors(current, input) : [];
		if (selfGrant.length > 0) {
			// The refusal is audited: returned (not thrown) so that this row commits.
			appendAudit(tx, {
				at: caller.now,
				actorId: caller.userId,
				action: 'user.self-grant-refused',
				entity: 'user',
				entityId: id,
				address: caller.address,
				detail: { fields: selfGrant.map((e) => e.field), ...(input.roles ? { roles: input.roles } : {}), ...(input.unitIds ? { unitIds: input.unitIds } : {}) }
			});
			return new AppError('forbidden', 403, 'You cannot widen your own access to client data; another admin can.', selfGrant);
		}

		const at = caller.now.toISOString();
		const changes: Partial<typeof users.$inferInsert> = { updatedAt: at };
		if (input.displayName !== undefined) changes.displayName = input.displayName;
		if (input.email !== undefined) changes.email = input.email;
		if (input.locale !== undefined) changes.locale = input.locale;
		if (input.roles !== undefined) changes.roles = input.roles;
		if (passwordHash !== undefined) changes.passwordHash = passwordHash;
		if (input.active !== undefined && input.active !== current.active) {
			changes.active = input.active;
			changes.deactivatedAt = input.active ? null : at;
		}
		tx.update(users).set(changes).where(eq(users.id, id)).run();
		if (input.unitIds) {
			tx.delete(userUnits).where(eq(userUnits.userId, id)).run();
			for (const unitId of input.unitIds) tx.insert(userUnits).values({ userId: id, unitId, createdAt: at }).run();
		}

		let endedSessions = 0;
		if (changes.active === false) {
			endedSessions = deleteUserSessions(tx, id);
			// Deactivation ends the user's device tokens too: what their devices push from now on is held.
			revokeUserDevices(tx, id, 'user-deactivated', { at: caller.now, actorId: caller.userId, address: caller.address });
		}
		// A new password ends the user's other sessions (the caller's own one survives).
		else if (passwordHash !== undefined) endedSessions = deleteUserSessions(tx, id, self ? caller.sessionId : null);

		const fields = Object.keys(input).filter((k) => input[k as keyof PatchUser] !== undefined);
		const detail: Record<string, unknown> = { fields, endedSessions };
		if (input.roles) detail.roles = input.roles satisfies Role[];
		if (input.unitIds) detail.unitIds = input.unitIds;
		const action = changes.active === false ? 'user.deactivate' : changes.active === true ? 'user.reactivate' : 'user.update';
		appendAudit(tx, { at: caller.now, actorId: caller.userId, action, entity: 'user', entityId: id, address: caller.address, detail });

		const { row: _row, ...user } = loadUser(tx, caller, id, 'read');
		return user;
	});
	if (result instanceof AppError) throw result;
	return result;
}

/** Operator reset (CLI): sets a new password and ends every session of the user. */
export async function resetPassword(ctx: AppContext, org: OrgHandle, username: string, password: string): Promise<{ endedSessions: number }> {
	const user = findUserByUsername(org.db, username);
	if (!user) throw new NotFound(`No user "${username}" in ${org.slug}.`);
	const passwordHash = await ctx.passwords.hash(password);
	const now = ctx.clock();
	return org.write((tx) => {
		tx.update(users).set({ passwordHash, updatedAt: now.toISOString() }).where(eq(users.id, user.id)).run();
		const endedSessions = deleteUserSessions(tx, user.id);
		// A reset means the password may be known to someone else: the device tokens end with it, and
		// what those devices push from now on is held for an admin.
		revokeUserDevices(tx, user.id, 'password-reset', { at: now, actorId: null });
		appendAudit(tx, {
			at: now,
			actorId: null,
			action: 'auth.password-reset',
			entity: 'user',
			entityId: user.id,
			detail: { via: 'cli', endedSessions }
		});
		return { endedSessions };
	});
}

/** Unit ids from ids or names of live units (the CLI takes either); a name two units share is refused. */
function resolveUnitRefs(tx: OrgDbOrTx, refs: readonly string[]): string[] {
	const live = tx.select({ id: units.id, name: units.name }).from(units).where(isNull(units.deletedAt)).all();
	const ids: string[] = [];
	for (const ref of refs) {
		const byId = live.find((u) => u.id === ref);
		const byName = live.filter((u) => u.name.trim().toLowerCase() === ref.trim().toLowerCase());
		if (!byId && byName.length > 1) {
			throw new ValidationFailed([{ field: 'unitIds', code: 'ambiguous-unit', message: `Several units are named "${ref}": give its id.` }]);
		}
		const id = byId?.id ?? byName[0]?.id;
		if (!id) throw new ValidationFailed([{ field: 'unitIds', code: 'unknown-unit', message: `No such unit: ${ref}` }]);
		if (!ids.includes(id)) ids.push(id);
	}
	return ids;
}

/**
 * Operator change of a user's roles and, when `units` is given, units (CLI `user:set-roles`). This is
 * how an admin's own account gets a role that reaches client data, which the API refuses to the admin
 * themselves (selfGrantErrors). The last active admin keeps the admin role. Audited with actor null.
 */
export function setUserAccess(ctx: AppContext, org: OrgHandle, input: { username: string; roles: Role[]; units?: readonly string[] }): User {
	const now = ctx.clock();
	return org.write((tx) => {
		const user = findUserByUsername(tx, input.username);
		if (!user) throw new NotFound(`No user "${input.username}" in ${org.slug}.`);
		const unitIds = input.units === undefined ? undefined : resolveUnitRefs(tx, input.units);
		if (user.active && user.roles.includes('admin') && !input.roles.includes('admin') && otherActiveAdmins(tx, user.id) === 0) {
			throw new Conflict('The organisation must keep at least one active admin.', [{ field: 'roles', code: 'last-admin', message: 'This is the last active admin.' }]);
		}
		const at = now.toISOString();
		tx.update(users).set({ roles: input.roles, updatedAt: at }).where(eq(users.id, user.id)).run();
		if (unitIds) {
			tx.delete(userUnits).where(eq(userUnits.userId, user.id)).run();
			for (const unitId of unitIds) tx.insert(userUnits).values({ userId: user.id, unitId, createdAt: at }).run();
		}
		appendAudit(tx, {
			at: now,
			actorId: null,
			action: 'user.update',
			entity: 'user',
			entityId: user.id,
			detail: { via: 'cli', fields: unitIds ? ['roles', 'unitIds'] : ['roles'], roles: input.roles, ...(unitIds ? { unitIds } : {}) }
		});
		const row = tx.select().from(users).where(eq(users.id, user.id)).get();
		if (!row) throw new Error('User vanished during the update');
		return toUserDto(row, unitIdsOf(tx, [row.id]).get(row.id) ?? []);
	});
}

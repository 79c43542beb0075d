/**
 * Signing in and out, and who is signed in.
 *
 * Login answers the same 401 for an unknown organisation, an unknown user, a wrong password and a
 * deactivated user, and spends the same argon2 work on each (a dummy hash when there is no user).
 * Throttling (lib/login-throttle.ts) is checked before any of that and applies to accounts whether
 * or not they exist. An organisation's address allowlist is checked before the password (403).
 * Failed attempts are audited in the organisation, when it exists, without what
 * was typed: a username that matches nobody may be a password typed into the wrong field.
 */
import type { Login, Me } from '@polku/shared';
import type { AppContext } from '../context';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { OrgDbOrTx } from '../db';
import { userUnits, users } from '../db/schema';
import type { AuthState } from '../lib/app-types';
import { InvalidCredentials, TooManyAttempts } from '../lib/errors';
import { appendAudit } from './audit.service';
import { enforceAddressAllowlist, organisationSettings } from './organisation.service';
import { createSession, deleteExpiredSessions, deleteSession, sessionCookieValue, type UserRow } from './session.service';
import { visibleUnits } from './unit.service';
import { findUserByUsername } from './user.service';

export type LoginResult = { me: Me; cookieValue: string; maxAgeSeconds: number };

export async function login(ctx: AppContext, input: Login, meta: { address: string | null }): Promise<LoginResult> {
	const account = `${input.organisation}:${input.username}`;
	const wait = ctx.throttle.retryAfter(account, meta.address);
	if (wait > 0) {
		ctx.logger.warn({ event: 'login-throttled', retryAfter: wait }, 'sign-in throttled');
		throw new TooManyAttempts(wait);
	}
	const org = await ctx.registry.get({ slug: input.organisation });
	const user = org ? findUserByUsername(org.db, input.username) : undefined;
	if (org) {
		// Before the password is checked: from outside the allowlist a password is not even tried, so
		// the answer tells nothing about it. Counted as a failure, so refusals cannot flood the audit.
		const allowlist = organisationSettings(ctx, org.id).ipAllowlist;
		try {
			enforceAddressAllowlist(ctx, org, allowlist, {
				via: 'sign-in',
				address: meta.address,
				now: ctx.clock(),
				actorId: null,
				entity: user ? 'user' : null,
				entityId: user?.id ?? null
			});
		} catch (refused) {
			ctx.throttle.fail(account, meta.address);
			throw refused;
		}
	}
	const passwordOk = await ctx.passwords.verifyOrDummy(user?.passwordHash ?? null, input.password);
	const now = ctx.clock();

	if (!org || !user || !passwordOk || !user.active) {
		ctx.throttle.fail(account, meta.address);
		const reason = !org ? 'unknown-organisation' : !user ? 'unknown-user' : !passwordOk ? 'wrong-password' : 'inactive';
		ctx.logger.info({ event: 'login-failed', reason }, 'sign-in failed');
		org?.write((tx) =>
			appendAudit(tx, {
				at: now,
				actorId: null,
				action: 'auth.login-failed',
				entity: user ? 'user' : null,
				entityId: user?.id ?? null,
				address: meta.address,
				detail: { reason }
			})
		);
		throw new InvalidCredentials();
	}

	ctx.throttle.succeed(account, meta.address);
	const settings = organisationSettings(ctx, org.id);
	const { token, session, unitIds } = org.write((tx) => {
		deleteExpiredSessions(tx, now, settings.sessionIdleMinutes);
		const created = createSession(tx, user.id, now, settings.sessionMaxHours);
		appendAudit(tx, { at: now, actorId: user.id, action: 'auth.login', entity: 'user', entityId: user.id, address: meta.address });
		return { ...created, unitIds: userUnitIds(tx, user.id) };
	});
	const auth: AuthState = {
		org,
		user,
		unitIds,
		session,
		idleTimeoutSeconds: settings.sessionIdleMinutes * 60,
		deviceLockSeconds: settings.deviceLockMinutes * 60
	};
	return {
		me: buildMe(ctx, auth),
		cookieValue: sessionCookieValue(org.id, token),
		maxAgeSeconds: Math.floor((Date.parse(session.expiresAt) - now.getTime()) / 1000)
	};
}

function userUnitIds(db: OrgDbOrTx, userId: string): string[] {
	return db
		.select({ unitId: userUnits.unitId })
		.from(userUnits)
		.where(eq(userUnits.userId, userId))
		.orderBy(userUnits.unitId)
		.all()
		.map((r) => r.unitId);
}

export function logout(auth: AuthState, meta: { address: string | null; now: Date }): void {
	auth.org.write((tx) => {
		deleteSession(tx, auth.session.id);
		appendAudit(tx, {
			at: meta.now,
			actorId: auth.user.id,
			action: 'auth.logout',
			entity: 'user',
			entityId: auth.user.id,
			address: meta.address
		});
	});
}

/** Active users sharing a unit with the user (the user included), with their roles: the app offers those who may be named responsible (client-workers.ts). */
export function colleaguesOf(db: OrgDbOrTx, unitIds: readonly string[]): Me['colleagues'] {
	if (unitIds.length === 0) return [];
	const rows = db
		.select({ id: users.id, displayName: users.displayName, roles: users.roles, unitId: userUnits.unitId })
		.from(userUnits)
		.innerJoin(users, eq(users.id, userUnits.userId))
		.where(and(inArray(userUnits.unitId, [...unitIds]), eq(users.active, true), isNull(users.deletedAt)))
		.orderBy(asc(users.displayName), asc(users.id))
		.all();
	const byId = new Map<string, Me['colleagues'][number]>();
	for (const r of rows) {
		const c = byId.get(r.id) ?? { id: r.id, displayName: r.displayName, unitIds: [], roles: r.roles };
		c.unitIds.push(r.unitId);
		byId.set(r.id, c);
	}
	return [...byId.values()];
}

export function buildMe(ctx: AppContext, auth: AuthState): Me {
	const user: UserRow = auth.user;
	const settings = organisationSettings(ctx, auth.org.id);
	return {
		user: {
			id: user.id,
			username: user.username,
			displayName: user.displayName,
			roles: user.roles,
			unitIds: auth.unitIds,
			locale: user.locale
		},
		organisation: { id: auth.org.id, slug: auth.org.slug, name: auth.org.name },
		units: visibleUnits(auth.org.db, user.roles, auth.unitIds),
		session: {
			expiresAt: auth.session.expiresAt,
			idleTimeoutSeconds: auth.idleTimeoutSeconds,
			deviceLockSeconds: auth.deviceLockSeconds
		},
		settings: { hetuUnitKinds: settings.hetuUnitKinds, requiredClientFields: settings.requiredClientFields },
		codeOverrides: settings.codeOverrides,
		colleagues: colleaguesOf(auth.org.db, auth.unitIds)
	};
}

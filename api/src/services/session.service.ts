/**
 * Sessions. The cookie carries `<organisation-id>.<token>`: the id says which file to look in, the
 * token (32 random bytes) is stored only as its SHA-256. A session ends at the first of: logout,
 * `expiresAt` (absolute), `lastSeenAt` + idle timeout, or its user being deactivated.
 */
import { and, eq, lt, ne, or } from 'drizzle-orm';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { OrgDbOrTx } from '../db';
import type { OrgHandle } from '../db/org-registry';
import { sessions, userUnits, users } from '../db/schema';

export const SESSION_COOKIE = 'polku_session';
/** lastSeenAt is written at most this often, so reads do not all become writes. */
const TOUCH_INTERVAL_MS = 15_000;

export type SessionRow = typeof sessions.$inferSelect;
export type UserRow = typeof users.$inferSelect;

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export function sessionCookieValue(orgId: string, token: string): string {
	return `${orgId}.${token}`;
}

const COOKIE_RE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

export function parseSessionCookie(value: string | undefined): { orgId: string; token: string } | null {
	const m = value ? COOKIE_RE.exec(value) : null;
	return m?.[1] && m[2] ? { orgId: m[1], token: m[2] } : null;
}

/** Creates a session for `userId`; the token is returned once and never stored. */
export function createSession(tx: OrgDbOrTx, userId: string, now: Date, maxHours: number): { token: string; session: SessionRow } {
	const token = randomBytes(32).toString('base64url');
	const at = now.toISOString();
	const session: SessionRow = {
		id: randomUUID(),
		tokenHash: hashToken(token),
		userId,
		createdAt: at,
		lastSeenAt: at,
		expiresAt: new Date(now.getTime() + maxHours * 3_600_000).toISOString()
	};
	tx.insert(sessions).values(session).run();
	return { token, session };
}

/**
 * The live session for `token` with its user, or null. Expired sessions and sessions of users who
 * are no longer active are deleted on sight. Slides `lastSeenAt`.
 */
export function findSession(
	org: OrgHandle,
	token: string,
	now: Date,
	idleMinutes: number
): { session: SessionRow; user: UserRow; unitIds: string[] } | null {
	const found = org.db
		.select({ session: sessions, user: users })
		.from(sessions)
		.innerJoin(users, eq(users.id, sessions.userId))
		.where(eq(sessions.tokenHash, hashToken(token)))
		.get();
	if (!found) return null;
	const { session, user } = found;
	const idleEnds = Date.parse(session.lastSeenAt) + idleMinutes * 60_000;
	if (now.getTime() >= Date.parse(session.expiresAt) || now.getTime() >= idleEnds || !user.active || user.deletedAt) {
		org.db.delete(sessions).where(eq(sessions.id, session.id)).run();
		return null;
	}
	if (now.getTime() - Date.parse(session.lastSeenAt) >= TOUCH_INTERVAL_MS) {
		session.lastSeenAt = now.toISOString();
		org.db.update(sessions).set({ lastSeenAt: session.lastSeenAt }).where(eq(sessions.id, session.id)).run();
	}
	const unitIds = org.db
		.select({ unitId: userUnits.unitId })
		.from(userUnits)
		.where(eq(userUnits.userId, user.id))
		.all()
		.map((r) => r.unitId);
	return { session, user, unitIds };
}

export function deleteSession(tx: OrgDbOrTx, sessionId: string): void {
	tx.delete(sessions).where(eq(sessions.id, sessionId)).run();
}

/** Ends every session of `userId` (but `exceptSessionId`, when given); returns how many. */
export function deleteUserSessions(tx: OrgDbOrTx, userId: string, exceptSessionId?: string | null): number {
	const where = exceptSessionId
		? and(eq(sessions.userId, userId), ne(sessions.id, exceptSessionId))
		: eq(sessions.userId, userId);
	return tx.delete(sessions).where(where).run().changes;
}

/** Deletes sessions past their absolute or idle expiry (housekeeping at each login). */
export function deleteExpiredSessions(tx: OrgDbOrTx, now: Date, idleMinutes: number): number {
	const idleCutoff = new Date(now.getTime() - idleMinutes * 60_000).toISOString();
	return tx
		.delete(sessions)
		.where(or(lt(sessions.expiresAt, now.toISOString()), lt(sessions.lastSeenAt, idleCutoff)))
		.run().changes;
}

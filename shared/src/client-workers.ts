/**
 * Who may name a client's responsible workers (vastuutyöntekijät), and whom. Being responsible opens
 * the client's special categories (health, substance use: `client-sensitive` has `own` scope), so
 * responsibility is handed over, never taken:
 *
 * - A change to the list (adding or removing anyone) comes from a current responsible worker, or from
 *   the client's creator while no active worker is responsible (a new client, or every named worker
 *   has left). Anyone else who may edit the client (a colleague of the unit) leaves the list as it is.
 * - Whoever is added must be an active user attached to the client's unit who works with clients
 *   (outreach worker or coach). Admin-only and supervisor-only accounts are never named: their roles
 *   do not work with client records, and naming them would open records to them past the matrix.
 * - People already on the list stay on it unchecked, so a list naming someone who has since left or
 *   moved can still be edited (and they can be taken off).
 *
 * The API enforces this on `client.create`, `client.update`, conflict resolution and merges; the web
 * app offers only what it allows. There is no minimum: a client may have no responsible worker.
 */
import type { Role } from './roles';

/** Roles that work with client records: only their holders may be responsible for a client. */
export const RESPONSIBLE_ROLES = ['outreach-worker', 'coach'] as const satisfies readonly Role[];

export function worksWithClients(roles: readonly Role[]): boolean {
	return roles.some((r) => (RESPONSIBLE_ROLES as readonly Role[]).includes(r));
}

/** A person who might be named: their roles, their units and whether their account is active. */
export type ResponsibleCandidate = { roles: readonly Role[]; unitIds: readonly string[]; active: boolean };

/** May `person` be named responsible for a client of the unit `clientUnitId`? */
export function mayBeResponsible(person: ResponsibleCandidate, clientUnitId: string): boolean {
	return person.active && person.unitIds.includes(clientUnitId) && worksWithClients(person.roles);
}

/**
 * May `viewer` change who is responsible for `client`? `isActive` tells whether a named worker's
 * account is still active (a list of only departed workers counts as empty, so the creator can hand
 * the client on).
 */
export function mayNameResponsible(
	viewer: { userId: string; roles: readonly Role[] },
	client: { createdBy: string; responsibleWorkerIds: readonly string[] },
	isActive: (userId: string) => boolean
): boolean {
	if (!worksWithClients(viewer.roles)) return false;
	if (client.responsibleWorkerIds.includes(viewer.userId)) return true;
	return client.createdBy === viewer.userId && !client.responsibleWorkerIds.some(isActive);
}

/** The workers `next` names that `current` does not. */
export function addedWorkers(current: readonly string[], next: readonly string[]): string[] {
	return next.filter((id) => !current.includes(id));
}

/** True when the two lists name different people (order does not matter). */
export function workersChanged(current: readonly string[], next: readonly string[]): boolean {
	return addedWorkers(current, next).length > 0 || addedWorkers(next, current).length > 0;
}

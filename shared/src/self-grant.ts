/**
 * Nobody widens their own reach to client data: an admin who could give their own account a coach
 * role and a unit could then read records and reveal a henkilötunnus on their own say. Such a change
 * is made by another admin or the operator CLI, so a second person is always involved. The API
 * refuses it (services/user.service.ts) and the user page does not offer it (UserForm).
 */
import { PERMISSIONS, type Resource } from './permissions';
import type { Role } from './roles';
import type { FieldError } from './problem';
import type { PatchUser } from './schemas/user';

/** Resources holding or derived from client data; a role with any grant on one reaches client data. */
const CLIENT_DATA_RESOURCES: readonly Resource[] = [
	'client',
	'client-sensitive',
	'encounter',
	'anonymous-contact',
	'coaching-period',
	'attendance',
	'diary',
	'assessment',
	'statistics'
];

/** Roles whose grants reach client data (today outreach-worker, coach, supervisor; never admin alone). */
export function reachesClientData(role: Role): boolean {
	return CLIENT_DATA_RESOURCES.some((r) => PERMISSIONS[role][r] !== undefined);
}

/**
 * What of a change to one's own account would widen one's own reach to client data: a role that
 * reaches client data the account does not hold yet (`roles`), or a unit added while holding (or
 * getting) such a role (`unitIds`). Nobody grants that to themselves: another admin or the operator
 * CLI does, so a second person is always involved. Narrowing (dropping roles or units) is allowed.
 */
export function selfGrantErrors(current: { roles: readonly Role[]; unitIds: readonly string[] }, input: Pick<PatchUser, 'roles' | 'unitIds'>): FieldError[] {
	const roles = input.roles ?? current.roles;
	const errors: FieldError[] = [];
	if (roles.some((r) => !current.roles.includes(r) && reachesClientData(r))) {
		errors.push({ field: 'roles', code: 'self-grant', message: 'You cannot give yourself a role that reaches client data; another admin can.' });
	}
	const addedUnits = (input.unitIds ?? current.unitIds).some((u) => !current.unitIds.includes(u));
	if (addedUnits && roles.some(reachesClientData)) {
		errors.push({ field: 'unitIds', code: 'self-grant', message: 'You cannot add yourself to a unit whose client data your roles reach; another admin can.' });
	}
	return errors;
}

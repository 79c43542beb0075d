import type { Role } from '@polku/shared';
import { m } from '$lib/paraglide/messages.js';

const ROLE_NAMES: Record<Role, () => string> = {
	'outreach-worker': () => m.role_outreach_worker(),
	coach: () => m.role_coach(),
	supervisor: () => m.role_supervisor(),
	admin: () => m.role_admin()
};

export function roleName(role: Role): string {
	return ROLE_NAMES[role]();
}

export function roleList(roles: readonly Role[]): string {
	return roles.map(roleName).join(', ');
}

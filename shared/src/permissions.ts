/**
 * The permission matrix: the single source of truth for what each role may do. The API's guard
 * refuses (403) whatever this matrix does not grant, and the web app hides the same things, so the
 * two cannot drift. Every API route declares a `RouteRule`; a test walks every registered route
 * against every role, so a route without a rule fails the suite.
 *
 * Scope says how far a grant reaches:
 * - `own`          records the user authored or is assigned to;
 * - `unit`         records of the user's own units (includes `own`);
 * - `organisation` everything in the organisation (includes `unit`).
 * Row-level filtering by scope is the service's job; the guard checks that *some* scope is granted.
 */
import type { Role } from './roles';

export const SCOPES = ['own', 'unit', 'organisation'] as const;
export type Scope = (typeof SCOPES)[number];

export const RESOURCES = [
	'user',
	'unit',
	'organisation',
	'audit',
	'device',
	'client',
	'client-sensitive',
	'encounter',
	'anonymous-contact',
	'coaching-period',
	'attendance',
	'diary',
	'assessment',
	'statistics',
	'retention',
	'data-subject-request'
] as const;
export type Resource = (typeof RESOURCES)[number];

export const ACTIONS = ['read', 'create', 'update', 'delete', 'export'] as const;
export type Action = (typeof ACTIONS)[number];

type Grants = Partial<Record<Resource, Partial<Record<Action, Scope>>>>;

const crud = (scope: Scope, ...actions: Action[]): Partial<Record<Action, Scope>> =>
	Object.fromEntries(actions.map((a) => [a, scope]));

export const PERMISSIONS: Record<Role, Grants> = {
	'outreach-worker': {
		unit: crud('unit', 'read'),
		client: crud('unit', 'read', 'create', 'update'),
		'client-sensitive': crud('own', 'read', 'update'),
		encounter: crud('unit', 'read', 'create', 'update'),
		'anonymous-contact': crud('unit', 'read', 'create', 'update'),
		device: crud('own', 'read', 'delete')
	},
	coach: {
		unit: crud('unit', 'read'),
		client: crud('unit', 'read', 'create', 'update'),
		'client-sensitive': crud('own', 'read', 'update'),
		'coaching-period': crud('unit', 'read', 'create', 'update', 'export'),
		attendance: crud('unit', 'read', 'create', 'update', 'export'),
		diary: crud('unit', 'read', 'create', 'update'),
		assessment: crud('unit', 'read', 'create', 'update', 'export'),
		device: crud('own', 'read', 'delete')
	},
	supervisor: {
		unit: crud('unit', 'read'),
		user: crud('unit', 'read'),
		client: crud('own', 'read'),
		statistics: crud('unit', 'read', 'export'),
		device: crud('own', 'read', 'delete')
	},
	admin: {
		user: crud('organisation', 'read', 'create', 'update', 'delete'),
		unit: crud('organisation', 'read', 'create', 'update', 'delete'),
		organisation: crud('organisation', 'read', 'update'),
		audit: crud('organisation', 'read', 'export'),
		// `update`: decide on the items a blocked device pushed (accept or refuse them).
		device: crud('organisation', 'read', 'update', 'delete'),
		retention: crud('organisation', 'read', 'update'),
		'data-subject-request': crud('organisation', 'read', 'create', 'update', 'export')
	}
};

const SCOPE_RANK: Record<Scope, number> = { own: 0, unit: 1, organisation: 2 };

/** The widest scope any of `roles` grants for `action` on `resource`, or `null` when none does. */
export function scopeFor(roles: readonly Role[], resource: Resource, action: Action): Scope | null {
	let best: Scope | null = null;
	for (const role of roles) {
		const scope = PERMISSIONS[role][resource]?.[action];
		if (scope && (best === null || SCOPE_RANK[scope] > SCOPE_RANK[best])) best = scope;
	}
	return best;
}

export function can(roles: readonly Role[], resource: Resource, action: Action): boolean {
	return scopeFor(roles, resource, action) !== null;
}

/**
 * What a route needs: `public` (no session), `authenticated` (any signed-in user, e.g. `/api/me`),
 * `device` (a registered device's token instead of a session: sealed pushes must go through while the
 * app is locked or the session has expired; each item is then checked against the matrix with the
 * device owner's roles), or a resource and action from the matrix.
 */
export type RouteRule = 'public' | 'authenticated' | 'device' | { resource: Resource; action: Action };

export function allows(rule: RouteRule, roles: readonly Role[] | null): boolean {
	if (rule === 'public') return true;
	if (roles === null) return false;
	if (rule === 'authenticated' || rule === 'device') return true;
	return can(roles, rule.resource, rule.action);
}

/**
 * What the navigation offers. Each item names the permission it needs from the shared matrix
 * (shared/src/permissions.ts); the UI filters by `can()` and never by role names, so the menu and
 * the API's guard cannot drift apart. The API still refuses what the matrix refuses.
 */
import { can, type Action, type Resource, type Role } from '@polku/shared';
import { resolve } from '$app/paths';

export type NavId =
	| 'home'
	| 'encounters'
	| 'clients'
	| 'sync'
	| 'workshop-day'
	| 'periods'
	| 'attendance-summary'
	| 'statistics'
	| 'users'
	| 'code-lists';

export interface NavItem {
	id: NavId;
	/** Already resolved against the base path. */
	href: string;
	/** `null`: every signed-in user. */
	permission: { resource: Resource; action: Action } | null;
	/** Shown, but the work itself arrives in a later issue. */
	comingSoon: boolean;
}

export const NAV_ITEMS: readonly NavItem[] = [
	{ id: 'home', href: resolve('/'), permission: null, comingSoon: false },
	{ id: 'encounters', href: resolve('/encounters'), permission: { resource: 'encounter', action: 'create' }, comingSoon: false },
	{ id: 'clients', href: resolve('/clients'), permission: { resource: 'client', action: 'read' }, comingSoon: false },
	// What waits on this device to be sent: for whoever records clients' things offline.
	{ id: 'sync', href: resolve('/sync'), permission: { resource: 'client', action: 'create' }, comingSoon: false },
	{ id: 'workshop-day', href: resolve('/workshop-day'), permission: { resource: 'attendance', action: 'create' }, comingSoon: false },
	// The workshop's participants: their coaching periods, plans, diaries, assessments and reports.
	{ id: 'periods', href: resolve('/periods'), permission: { resource: 'coaching-period', action: 'read' }, comingSoon: false },
	// Billing and expense compensation: the month's attendance per payer, with the CSV and XLSX.
	{ id: 'attendance-summary', href: resolve('/attendance-summary'), permission: { resource: 'attendance', action: 'export' }, comingSoon: false },
	// Reports for the national collection and funders (deliveries, files) and the supervisor's dashboard.
	{ id: 'statistics', href: resolve('/statistics'), permission: { resource: 'statistics', action: 'read' }, comingSoon: false },
	{ id: 'users', href: resolve('/admin/users'), permission: { resource: 'user', action: 'read' }, comingSoon: false },
	{ id: 'code-lists', href: resolve('/admin/code-lists'), permission: { resource: 'organisation', action: 'update' }, comingSoon: false }
];

export function isAllowed(item: NavItem, roles: readonly Role[]): boolean {
	return item.permission === null || can(roles, item.permission.resource, item.permission.action);
}

/** The items `roles` may use, in menu order. No roles (signed out): nothing. */
export function navItemsFor(roles: readonly Role[]): NavItem[] {
	if (roles.length === 0) return [];
	return NAV_ITEMS.filter((item) => isAllowed(item, roles));
}

/** The item a path belongs to (longest matching prefix), for the page guard and `aria-current`. */
export function navItemForPath(pathname: string): NavItem | undefined {
	let best: NavItem | undefined;
	for (const item of NAV_ITEMS) {
		const matches = item.href === '/' ? pathname === '/' : pathname === item.href || pathname.startsWith(`${item.href}/`);
		if (matches && (!best || item.href.length > best.href.length)) best = item;
	}
	return best;
}

import { PERMISSIONS, ROLES, can, type Role } from '@polku/shared';
import { describe, expect, it } from 'vitest';
import { NAV_ITEMS, navItemForPath, navItemsFor } from './nav-items';

const ids = (roles: Role[]) => navItemsFor(roles).map((item) => item.id);

describe('navItemsFor', () => {
	it('gives an outreach worker home, encounters, clients and their sync page only', () => {
		expect(ids(['outreach-worker'])).toEqual(['home', 'encounters', 'clients', 'sync']);
	});

	it('gives a coach home, clients, their sync page and the workshop pages only', () => {
		expect(ids(['coach'])).toEqual(['home', 'clients', 'sync', 'workshop-day', 'periods', 'attendance-summary']);
	});

	it('gives a supervisor their clients, statistics and the (read-only) user list', () => {
		expect(ids(['supervisor'])).toEqual(['home', 'clients', 'statistics', 'users']);
	});

	it('gives an admin users and code lists but no client work', () => {
		expect(ids(['admin'])).toEqual(['home', 'users', 'code-lists']);
	});

	it('unites the items of several roles, in menu order', () => {
		expect(ids(['coach', 'outreach-worker'])).toEqual(['home', 'encounters', 'clients', 'sync', 'workshop-day', 'periods', 'attendance-summary']);
	});

	it('gives nothing without roles', () => {
		expect(ids([])).toEqual([]);
	});

	it('follows the shared matrix for every role and item, not role names', () => {
		for (const role of ROLES) {
			for (const item of NAV_ITEMS) {
				const expected =
					item.permission === null || PERMISSIONS[role][item.permission.resource]?.[item.permission.action] !== undefined;
				expect(navItemsFor([role]).includes(item), `${role} × ${item.id}`).toBe(expected);
				if (item.permission) {
					expect(can([role], item.permission.resource, item.permission.action)).toBe(expected);
				}
			}
		}
	});
});

describe('navItemForPath', () => {
	it('finds the item of a page and of the pages under it', () => {
		expect(navItemForPath('/')?.id).toBe('home');
		expect(navItemForPath('/admin/users')?.id).toBe('users');
		expect(navItemForPath('/admin/users/new')?.id).toBe('users');
		expect(navItemForPath('/encounters')?.id).toBe('encounters');
		expect(navItemForPath('/encounters/new')?.id).toBe('encounters');
		expect(navItemForPath('/sync')?.id).toBe('sync');
		expect(navItemForPath('/clients/new')?.id).toBe('clients');
		expect(navItemForPath('/admin/code-lists')?.id).toBe('code-lists');
		expect(navItemForPath('/periods/new')?.id).toBe('periods');
		expect(navItemForPath('/attendance-summary')?.id).toBe('attendance-summary');
	});

	it('does not treat every path as home', () => {
		expect(navItemForPath('/login')).toBeUndefined();
		expect(navItemForPath('/admin/usersx')).toBeUndefined();
	});
});

import { describe, expect, test } from 'vitest';
import { ACTIONS, PERMISSIONS, RESOURCES, allows, can, scopeFor } from './permissions';
import { ROLES } from './roles';

describe('permission matrix', () => {
	test('grants only known resources and actions', () => {
		for (const role of ROLES) {
			for (const [resource, actions] of Object.entries(PERMISSIONS[role])) {
				expect(RESOURCES).toContain(resource);
				for (const action of Object.keys(actions ?? {})) expect(ACTIONS).toContain(action);
			}
		}
	});

	test('admins manage users but see no client content by default', () => {
		expect(can(['admin'], 'user', 'create')).toBe(true);
		expect(can(['admin'], 'client', 'read')).toBe(false);
		expect(can(['admin'], 'client-sensitive', 'read')).toBe(false);
		expect(can(['admin'], 'encounter', 'read')).toBe(false);
	});

	test('supervisors read statistics for their units and clients only where assigned', () => {
		expect(scopeFor(['supervisor'], 'statistics', 'read')).toBe('unit');
		expect(scopeFor(['supervisor'], 'client', 'read')).toBe('own');
		expect(can(['supervisor'], 'user', 'create')).toBe(false);
	});

	test('outreach workers and coaches do not manage users', () => {
		for (const role of ['outreach-worker', 'coach'] as const) {
			for (const action of ACTIONS) expect(can([role], 'user', action)).toBe(false);
		}
	});

	test('several roles give the widest scope any of them grants', () => {
		expect(scopeFor(['supervisor'], 'user', 'read')).toBe('unit');
		expect(scopeFor(['supervisor', 'admin'], 'user', 'read')).toBe('organisation');
		expect(scopeFor([], 'user', 'read')).toBeNull();
	});

	test('route rules: public needs nothing, authenticated needs a session, others need a grant', () => {
		expect(allows('public', null)).toBe(true);
		expect(allows('authenticated', null)).toBe(false);
		expect(allows('authenticated', ['coach'])).toBe(true);
		expect(allows({ resource: 'user', action: 'update' }, ['coach'])).toBe(false);
		expect(allows({ resource: 'user', action: 'update' }, ['admin'])).toBe(true);
		expect(allows({ resource: 'user', action: 'update' }, null)).toBe(false);
	});
});

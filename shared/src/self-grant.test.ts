import { describe, expect, it } from 'vitest';
import { ROLES } from './roles';
import { reachesClientData, selfGrantErrors } from './self-grant';

describe('reachesClientData', () => {
	it('is true for every role but admin alone', () => {
		expect(ROLES.filter(reachesClientData).sort()).toEqual(['coach', 'outreach-worker', 'supervisor']);
	});
});

describe('selfGrantErrors', () => {
	const admin = { roles: ['admin'] as const, unitIds: [] };
	const coach = { roles: ['admin', 'coach'] as const, unitIds: ['u1'] };

	it('refuses a role that reaches client data, and a unit with it', () => {
		expect(selfGrantErrors(admin, { roles: ['admin', 'coach'], unitIds: ['u1'] }).map((e) => [e.field, e.code])).toEqual([
			['roles', 'self-grant'],
			['unitIds', 'self-grant']
		]);
	});

	it('refuses a new unit while holding such a role', () => {
		expect(selfGrantErrors(coach, { unitIds: ['u1', 'u2'] }).map((e) => e.field)).toEqual(['unitIds']);
	});

	it('lets an admin-only account take units, and anyone narrow their access', () => {
		expect(selfGrantErrors(admin, { unitIds: ['u1'] })).toEqual([]);
		expect(selfGrantErrors(coach, { roles: ['admin'], unitIds: [] })).toEqual([]);
		expect(selfGrantErrors(coach, { roles: ['admin', 'coach'] })).toEqual([]);
	});
});

import { describe, expect, it } from 'vitest';
import { addedWorkers, mayBeResponsible, mayNameResponsible, workersChanged } from './client-workers';

const UNIT = 'unit-a';
const active = () => true;

describe('who may be named responsible', () => {
	it('is an active outreach worker or coach attached to the client\'s unit', () => {
		expect(mayBeResponsible({ roles: ['outreach-worker'], unitIds: [UNIT], active: true }, UNIT)).toBe(true);
		expect(mayBeResponsible({ roles: ['coach', 'supervisor'], unitIds: ['x', UNIT], active: true }, UNIT)).toBe(true);
		expect(mayBeResponsible({ roles: ['coach'], unitIds: ['other'], active: true }, UNIT)).toBe(false);
		expect(mayBeResponsible({ roles: ['admin'], unitIds: [UNIT], active: true }, UNIT)).toBe(false);
		expect(mayBeResponsible({ roles: ['supervisor'], unitIds: [UNIT], active: true }, UNIT)).toBe(false);
		expect(mayBeResponsible({ roles: ['outreach-worker'], unitIds: [UNIT], active: false }, UNIT)).toBe(false);
	});
});

describe('who may change the responsible workers', () => {
	const worker = { userId: 'me', roles: ['outreach-worker'] as const };
	it('is a current responsible worker, or the creator while no named worker is active', () => {
		expect(mayNameResponsible(worker, { createdBy: 'other', responsibleWorkerIds: ['me'] }, active)).toBe(true);
		expect(mayNameResponsible(worker, { createdBy: 'me', responsibleWorkerIds: [] }, active)).toBe(true);
		expect(mayNameResponsible(worker, { createdBy: 'me', responsibleWorkerIds: ['gone'] }, active)).toBe(false);
		expect(mayNameResponsible(worker, { createdBy: 'me', responsibleWorkerIds: ['gone'] }, () => false)).toBe(true);
		expect(mayNameResponsible(worker, { createdBy: 'other', responsibleWorkerIds: [] }, active)).toBe(false);
		expect(mayNameResponsible({ userId: 'me', roles: ['supervisor'] }, { createdBy: 'me', responsibleWorkerIds: ['me'] }, active)).toBe(false);
	});

	it('compares lists as sets', () => {
		expect(addedWorkers(['a'], ['a', 'b'])).toEqual(['b']);
		expect(workersChanged(['a', 'b'], ['b', 'a'])).toBe(false);
		expect(workersChanged(['a', 'b'], ['a'])).toBe(true);
	});
});

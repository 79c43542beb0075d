import { describe, expect, it } from 'vitest';
import { EncounterInputSchema, AnonymousContactInputSchema } from './encounter';
import { ClientInputSchema, ClientUpdateSchema } from './client';
import { MUTATION_PERMISSION, MutationSchema, PushItemSchema, syncAad } from './sync';
import { PERMISSIONS } from '../permissions';

const id = (n: number) => `0190a6b2-7c3d-7e4f-8a5b-${String(n).padStart(12, '0')}`;
const encounter = {
	id: id(1),
	unitId: id(2),
	occurredAt: '2026-11-23T09:15:00.000+02:00',
	channel: 'street',
	clientId: id(3),
	anonymousContactId: null,
	topics: ['housing', 'income'],
	actions: ['discussion'],
	durationMinutes: 20,
	note: 'Talked by the station.',
	followUpDate: '2026-12-01'
};

describe('sync wire shapes', () => {
	it('binds organisation, mutation id and schema version into the associated data', () => {
		expect(syncAad('org-1', id(9), 1)).toBe(`polku-sync-v1|org:org-1|mutation:${id(9)}|schema:1`);
		expect(syncAad('org-1', id(9), 1)).not.toBe(syncAad('org-2', id(9), 1));
	});

	it('accepts a routine encounter and names the field of each mistake', () => {
		expect(EncounterInputSchema.safeParse(encounter).success).toBe(true);
		const both = EncounterInputSchema.safeParse({ ...encounter, anonymousContactId: id(4) });
		expect(both.success).toBe(false);
		expect(both.error?.issues[0]?.path).toEqual(['clientId']);
		const bad = EncounterInputSchema.safeParse({ ...encounter, channel: 'moon', topics: ['housing', 'housing'] });
		expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['channel', 'topics']);
		expect(EncounterInputSchema.safeParse({ ...encounter, extra: 1 }).success).toBe(false);
	});

	it('wraps every kind in one discriminated union', () => {
		expect(MutationSchema.safeParse({ kind: 'encounter.create', data: encounter }).success).toBe(true);
		const anon = { id: id(5), unitId: id(2), nickname: 'Kettu', birthYearEstimate: 2008, gender: 'unknown', municipality: 'unknown' };
		expect(AnonymousContactInputSchema.safeParse(anon).success).toBe(true);
		expect(MutationSchema.safeParse({ kind: 'anonymous-contact.create', data: { ...anon, birthYearEstimate: 3000 } }).success).toBe(false);
		const nameless = { id: id(6), unitId: id(2), firstName: 'Aada', lastName: null, nickname: null, birthYear: null, gender: 'female', municipality: '091' };
		expect(ClientInputSchema.safeParse(nameless).error?.issues[0]?.path).toEqual(['nickname']);
		expect(ClientUpdateSchema.safeParse({ id: id(6), baseVersion: 1, changes: {} }).success).toBe(false);
		expect(MutationSchema.safeParse({ kind: 'client.delete', data: {} }).success).toBe(false);
	});

	it('takes only UUIDv7 mutation ids', () => {
		const envelope = { v: 1, kid: 'k', epk: { kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }, iv: 'AA', ct: 'AA' };
		expect(PushItemSchema.safeParse({ mutationId: id(7), schemaVersion: 1, envelope }).success).toBe(true);
		expect(PushItemSchema.safeParse({ mutationId: '3b241101-e2bb-4255-8caf-4136c566a962', schemaVersion: 1, envelope }).success).toBe(false);
	});

	it('maps every mutation kind to a grant some role holds', () => {
		for (const need of Object.values(MUTATION_PERMISSION)) {
			expect(Object.values(PERMISSIONS).some((g) => g[need.resource]?.[need.action])).toBe(true);
		}
	});
});

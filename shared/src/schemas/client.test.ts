import { describe, expect, it } from 'vitest';
import { ClientChangesSchema, ClientInputSchema, ClientFieldsSchema, ClientSchema, CLIENT_FIELD_DEFAULTS, HETU_MASK } from './client';
import { ClientHetuSearchSchema, ConsentInputSchema, ClientMergeInputSchema, consentInForce, ServiceInputSchema } from './client-record';

const base = {
	id: '0190a2c4-0000-7000-8000-000000000001',
	unitId: '0190a2c4-0000-7000-8000-000000000002',
	firstName: 'Aino',
	lastName: 'Näyte',
	nickname: null,
	birthYear: 2004,
	gender: 'female',
	municipality: '091'
} as const;

const codesOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; params?: unknown }[] } }) =>
	(r.error?.issues ?? []).map((i) => `${i.path.join('.')}:${(i.params as { code?: string } | undefined)?.code ?? ''}`);

describe('ClientInputSchema', () => {
	it('still accepts an issue-3 payload, filling the new fields with their defaults', () => {
		const parsed = ClientInputSchema.parse(base);
		expect(parsed).toMatchObject(CLIENT_FIELD_DEFAULTS);
		expect(parsed.responsibleWorkerIds).toEqual([]);
	});

	it('needs a full name or a nickname', () => {
		expect(codesOf(ClientInputSchema.safeParse({ ...base, lastName: null }))).toEqual(['nickname:name-required']);
		expect(ClientInputSchema.safeParse({ ...base, firstName: null, lastName: null, nickname: 'Kettu' }).success).toBe(true);
	});

	it('checks the birth date against the year and the relationship dates against each other', () => {
		expect(codesOf(ClientInputSchema.safeParse({ ...base, birthDate: '2005-01-01' }))).toEqual(['birthYear:birth-year-mismatch']);
		expect(ClientInputSchema.safeParse({ ...base, birthDate: '2004-02-29' }).success).toBe(true);
		expect(ClientInputSchema.safeParse({ ...base, birthDate: '2005-02-29' }).success).toBe(false);
		expect(codesOf(ClientInputSchema.safeParse({ ...base, startDate: '2026-05-01', endDate: '2026-04-30' }))).toEqual(['endDate:before-start']);
		expect(codesOf(ClientInputSchema.safeParse({ ...base, endDate: '2026-04-30' }))).toEqual(['startDate:start-required']);
		expect(codesOf(ClientInputSchema.safeParse({ ...base, startDate: '2026-01-01', placementAtEnd: 'workshop' }))).toEqual(['endDate:end-date-required']);
		expect(ClientInputSchema.safeParse({ ...base, startDate: '2026-04-30', endDate: '2026-04-30', endReason: 'unknown', placementAtEnd: 'unknown' }).success).toBe(true);
	});

	it('validates contact details and code fields, accepting local codes', () => {
		const bad = { phone: '12', email: 'not-an-email', postalCode: '0010', preferredContact: 'pigeon', motherTongue: 'klingon', referralSource: 'local:Bad' };
		for (const [field, value] of Object.entries(bad)) {
			const result = ClientInputSchema.safeParse({ ...base, [field]: value });
			expect(result.success, field).toBe(false);
			expect(result.error?.issues[0]?.path[0]).toBe(field);
		}
		expect(ClientInputSchema.safeParse({ ...base, phone: '+358 40 123 4567', email: 'a@example.fi', postalCode: '00100', motherTongue: 'se', referralSource: 'local:koulu' }).success).toBe(true);
	});

	it('refuses a worker named twice and unknown keys', () => {
		const id = '0190a2c4-0000-7000-8000-000000000009';
		expect(codesOf(ClientInputSchema.safeParse({ ...base, responsibleWorkerIds: [id, id] }))).toEqual(['responsibleWorkerIds:duplicate']);
		expect(ClientInputSchema.safeParse({ ...base, hetu: '010594Y9032' }).success).toBe(false);
	});
});

describe('ClientChangesSchema', () => {
	it('takes {from, to} per field of the record and nothing else', () => {
		expect(ClientChangesSchema.safeParse({ endDate: { from: null, to: '2026-05-01' } }).success).toBe(true);
		expect(ClientChangesSchema.safeParse({}).success).toBe(false);
		expect(ClientChangesSchema.safeParse({ hetu: { from: null, to: 'x' } }).success).toBe(false);
		expect(Object.keys(ClientChangesSchema.safeParse({ email: { from: null, to: 'bad' } }).error?.issues[0]?.path ?? [])).toBeDefined();
		expect(Object.keys(ClientFieldsSchema.shape)).toContain('placementAtEnd');
	});
});

describe('client records', () => {
	const consent = {
		id: '0190a2c4-0000-7000-8000-00000000000a',
		clientId: base.id,
		purpose: 'processing',
		recipient: null,
		channel: null,
		textVersion: '2026-1',
		method: 'written',
		attachmentId: null,
		givenAt: '2026-11-01T10:00:00.000Z'
	} as const;

	it('asks a disclosure for its recipient, marketing for its channel and a photo for its attachment', () => {
		expect(ConsentInputSchema.safeParse(consent).success).toBe(true);
		expect(codesOf(ConsentInputSchema.safeParse({ ...consent, purpose: 'disclosure' }))).toEqual(['recipient:required']);
		expect(codesOf(ConsentInputSchema.safeParse({ ...consent, purpose: 'marketing' }))).toEqual(['channel:required']);
		expect(codesOf(ConsentInputSchema.safeParse({ ...consent, recipient: 'Kela' }))).toEqual(['recipient:not-allowed']);
		expect(codesOf(ConsentInputSchema.safeParse({ ...consent, method: 'photo' }))).toEqual(['attachmentId:required']);
	});

	it('knows when a consent is in force', () => {
		const given = { givenAt: '2026-01-01T00:00:00.000Z', withdrawnAt: '2026-06-01T00:00:00.000Z' };
		expect(consentInForce(given, '2025-12-31T23:59:59.000Z')).toBe(false);
		expect(consentInForce(given, '2026-03-01T00:00:00.000Z')).toBe(true);
		expect(consentInForce(given, '2026-06-01T00:00:00.000Z')).toBe(false);
		expect(consentInForce({ ...given, withdrawnAt: null }, '2030-01-01T00:00:00.000Z')).toBe(true);
	});

	it('orders service dates and refuses a merge into itself', () => {
		const service = { id: consent.id, clientId: base.id, type: 'service-guidance', status: 'active', startDate: '2026-02-01', endDate: '2026-01-31' };
		expect(codesOf(ServiceInputSchema.safeParse(service))).toEqual(['endDate:before-start']);
		expect(codesOf(ClientMergeInputSchema.safeParse({ id: consent.id, targetId: base.id, source: { entity: 'client', id: base.id } }))).toEqual([
			'source.id:same-record'
		]);
	});
});

describe('the henkilötunnus on the wire', () => {
	const wire = {
		...base,
		...CLIENT_FIELD_DEFAULTS,
		version: 1,
		createdBy: base.unitId,
		createdAt: '2026-01-01T00:00:00.000Z',
		updatedAt: '2026-01-01T00:00:00.000Z',
		deletedAt: null
	};

	it('a pulled client says only whether there is a code: no part of it, no digest of it', () => {
		expect(HETU_MASK).not.toMatch(/[0-9A-Z+-]/);
		expect(ClientSchema.parse({ ...wire, hetuMasked: HETU_MASK }).hetuMasked).toBe(HETU_MASK);
		expect(ClientSchema.parse({ ...wire, hetuMasked: null }).hetuMasked).toBeNull();
		// The old mask kept the birth date and the century sign.
		expect(ClientSchema.safeParse({ ...wire, hetuMasked: '010594Y****' }).success).toBe(false);
		expect(Object.keys(ClientSchema.shape).filter((k) => /hetu/i.test(k))).toEqual(['hetuMasked']);
	});

	it('an online search takes the code in a body of its own', () => {
		expect(ClientHetuSearchSchema.parse({ hetu: ' 010594Y9032 ' })).toEqual({ hetu: '010594Y9032' });
		expect(ClientHetuSearchSchema.safeParse({ hetu: '' }).success).toBe(false);
		expect(ClientHetuSearchSchema.safeParse({ hetu: '010594Y9032', extra: 1 }).success).toBe(false);
	});
});

/**
 * Helpers for tests that push and pull like a device: UUIDv7 mutation ids with a chosen time, and
 * sealing a mutation exactly as a device does (shared/seal.ts, associated data from syncAad).
 * No shortcuts: the server opens these with the organisation's private key.
 */
import { sealForOrg, SYNC_SCHEMA_VERSION, syncAad, type Mutation, type OrganisationPublicKey, type PushItem } from '@polku/shared';
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let counter = 0;

/**
 * A UUIDv7 (RFC 9562) whose timestamp is `ms` (default now). Ids made in the same millisecond are
 * monotonic (a 12-bit counter in rand_a), so their string order is their making order.
 */
export function uuidv7(ms: number = Date.now()): string {
	counter = ms === lastMs ? counter + 1 : 0;
	lastMs = ms;
	const bytes = randomBytes(16);
	const time = BigInt(ms);
	for (let i = 0; i < 6; i++) bytes[i] = Number((time >> BigInt(8 * (5 - i))) & 0xffn);
	bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
	bytes[7] = counter & 0xff;
	bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
	const hex = bytes.toString('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type SealTarget = { organisationId: string; publicKey: OrganisationPublicKey };

export type SealOptions = {
	mutationId?: string;
	schemaVersion?: number;
	/** Seal with another mutation id's associated data (a moved envelope) — for negative tests. */
	aadMutationId?: string;
	/** Seal this exact text instead of JSON of the mutation. */
	plaintext?: string;
};

/** One push item: `mutation` (or any value, for validation tests) sealed for the organisation. */
export async function sealMutation(target: SealTarget, mutation: Mutation | Record<string, unknown>, opts: SealOptions = {}): Promise<PushItem> {
	const mutationId = opts.mutationId ?? uuidv7();
	const schemaVersion = opts.schemaVersion ?? SYNC_SCHEMA_VERSION;
	const aad = syncAad(target.organisationId, opts.aadMutationId ?? mutationId, schemaVersion);
	const plain = new TextEncoder().encode(opts.plaintext ?? JSON.stringify(mutation));
	const envelope = await sealForOrg(target.publicKey.jwk, target.publicKey.kid, plain, aad);
	return { mutationId, schemaVersion, envelope };
}

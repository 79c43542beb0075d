import { OrganisationPublicKeySchema } from '@polku/shared';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	CryptoError,
	createOrgKeys,
	loadMasterKey,
	openOrgKeys,
	type MasterKey,
	type OrgKeyring,
	type WrappedOrgKeys
} from './index';

let dir: string;
let master: MasterKey;
let otherMaster: MasterKey;
let wrappedA: WrappedOrgKeys;
let wrappedB: WrappedOrgKeys;
let orgA: OrgKeyring;
let orgB: OrgKeyring;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'polku-keyring-'));
	master = loadMasterKey({ dataDir: dir }).key;
	otherMaster = loadMasterKey({ envValue: randomBytes(32).toString('base64url'), dataDir: dir }).key;
	wrappedA = await createOrgKeys(master, 'org-a');
	wrappedB = await createOrgKeys(master, 'org-b');
	orgA = await openOrgKeys(master, 'org-a', wrappedA);
	orgB = await openOrgKeys(master, 'org-b', wrappedB);
});
afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

/** Flips one bit of the decoded bytes of a token segment (editing base64 text could hit unused bits). */
function flipInSegment(token: string, segment: 1 | 2, byteIndex: (len: number) => number): string {
	const parts = token.split('.');
	const bytes = Buffer.from(parts[segment]!, 'base64url');
	const i = byteIndex(bytes.length);
	bytes[i] = bytes[i]! ^ 0x01;
	parts[segment] = bytes.toString('base64url');
	return parts.join('.');
}

describe('createOrgKeys', () => {
	it('produces JSON-safe strings only, every secret wrapped', () => {
		expect(JSON.parse(JSON.stringify(wrappedA))).toEqual(wrappedA);
		expect(wrappedA.version).toBe(1);
		expect(wrappedA.kid).toMatch(/^k1-[A-Za-z0-9_-]{16}$/);
		for (const w of [wrappedA.wrappedDataKey, wrappedA.wrappedBlindIndexKey, wrappedA.wrappedPrivateKey]) {
			expect(w).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
		}
		expect(Object.keys(wrappedA.publicJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
		expect(wrappedA.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256' });
		expect(wrappedA.kid).not.toBe(wrappedB.kid);
	});

	it('opens again from its JSON form to the same keys', async () => {
		const again = await openOrgKeys(master, 'org-a', JSON.parse(JSON.stringify(wrappedA)) as WrappedOrgKeys);
		const token = orgA.encryptField('Matti Meikäläinen', 'client:1:name');
		expect(again.decryptField(token, 'client:1:name')).toBe('Matti Meikäläinen');
		expect(again.blindIndex('131052-308T', 'hetu')).toBe(orgA.blindIndex('131052-308T', 'hetu'));
	});
});

describe('openOrgKeys', () => {
	it("refuses org A's wrapped keys under org B's id", async () => {
		await expect(openOrgKeys(master, 'org-b', wrappedA)).rejects.toThrow(CryptoError);
		await expect(openOrgKeys(master, 'org-a ', wrappedA)).rejects.toThrow(/wrong master key, wrong organisation/);
	});

	it('refuses a wrong master key', async () => {
		await expect(openOrgKeys(otherMaster, 'org-a', wrappedA)).rejects.toThrow(CryptoError);
	});

	it('refuses secrets moved between slots or between organisations', async () => {
		await expect(
			openOrgKeys(master, 'org-a', { ...wrappedA, wrappedDataKey: wrappedA.wrappedBlindIndexKey })
		).rejects.toThrow(/data-key/);
		await expect(
			openOrgKeys(master, 'org-a', { ...wrappedA, wrappedBlindIndexKey: wrappedB.wrappedBlindIndexKey })
		).rejects.toThrow(/blind-index-key/);
		await expect(openOrgKeys(master, 'org-a', { ...wrappedA, kid: wrappedB.kid })).rejects.toThrow(CryptoError);
	});

	it('refuses a tampered wrapped key', async () => {
		const tampered = flipInSegment(wrappedA.wrappedPrivateKey, 2, (n) => n >> 1);
		await expect(openOrgKeys(master, 'org-a', { ...wrappedA, wrappedPrivateKey: tampered })).rejects.toThrow(/private-key/);
	});

	it('refuses a public key that is not the private key’s own', async () => {
		await expect(openOrgKeys(master, 'org-a', { ...wrappedA, publicJwk: wrappedB.publicJwk })).rejects.toThrow(
			/public key does not match/
		);
	});

	it('refuses an unknown version', async () => {
		await expect(openOrgKeys(master, 'org-a', { ...wrappedA, version: 2 } as unknown as WrappedOrgKeys)).rejects.toThrow(
			/version/
		);
	});
});

describe('OrgKeyring field encryption', () => {
	it.each(['131052-308T', '', 'ä', 'Päihteet: 🍺 ja 🚬\nrivi 2', 'x'.repeat(100_000)])('round-trips %#', (plain) => {
		const token = orgA.encryptField(plain, 'client:42:hetu');
		expect(token).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
		expect(token).not.toContain(plain || '\u0000');
		expect(orgA.decryptField(token, 'client:42:hetu')).toBe(plain);
	});

	it('uses a fresh IV every time', () => {
		const a = orgA.encryptField('same', 'ctx');
		const b = orgA.encryptField('same', 'ctx');
		expect(a).not.toBe(b);
		expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
	});

	it('fails when the IV, the ciphertext or the tag is altered', () => {
		const token = orgA.encryptField('salainen', 'client:1:notes');
		const alterations = [
			flipInSegment(token, 1, () => 0),
			flipInSegment(token, 1, (n) => n - 1),
			flipInSegment(token, 2, () => 0), // ciphertext
			flipInSegment(token, 2, (n) => n - 1), // last byte of the tag
			flipInSegment(token, 2, (n) => n - 16) // first byte of the tag
		];
		for (const t of alterations) {
			expect(t).not.toBe(token);
			expect(() => orgA.decryptField(t, 'client:1:notes')).toThrow(CryptoError);
		}
	});

	it.each([
		['a truncated token', (t: string) => t.slice(0, -4)],
		['a missing part', (t: string) => t.split('.').slice(0, 2).join('.')],
		['an extra part', (t: string) => `${t}.AAAA`],
		['another version', (t: string) => t.replace(/^v1\./, 'v2.')],
		['non-base64url characters', (t: string) => t.replace(/\.(.)/, '.+')],
		['an empty string', () => ''],
		['a short body', (t: string) => `${t.split('.').slice(0, 2).join('.')}.AAAA`]
	])('fails on %s', (_label, mutate) => {
		const token = orgA.encryptField('salainen', 'ctx');
		expect(() => orgA.decryptField(mutate(token), 'ctx')).toThrow(CryptoError);
	});

	it('binds the context: a ciphertext cannot move to another row or field', () => {
		const token = orgA.encryptField('131052-308T', 'client:1:hetu');
		expect(() => orgA.decryptField(token, 'client:2:hetu')).toThrow(CryptoError);
		expect(() => orgA.decryptField(token, 'client:1:notes')).toThrow(CryptoError);
		expect(() => orgA.decryptField(token, 'client:1:hetu ')).toThrow(CryptoError);
		expect(() => orgA.encryptField('x', '')).toThrow(TypeError);
	});

	it("cannot be read with another organisation's keyring", () => {
		const token = orgA.encryptField('131052-308T', 'client:1:hetu');
		expect(() => orgB.decryptField(token, 'client:1:hetu')).toThrow(CryptoError);
	});
});

describe('OrgKeyring byte encryption', () => {
	it('round-trips bytes, empty and large', () => {
		for (const plain of [new Uint8Array(0), new Uint8Array([0, 1, 2, 255]), new Uint8Array(randomBytes(1 << 20))]) {
			const sealed = orgA.encryptBytes(plain, 'attachment:7');
			expect(sealed).toBeInstanceOf(Uint8Array);
			expect(sealed.length).toBe(plain.length + 1 + 12 + 16);
			// Buffer.equals: vitest's deep equality on a megabyte of elements takes seconds.
			expect(Buffer.from(orgA.decryptBytes(sealed, 'attachment:7')).equals(plain)).toBe(true);
		}
	});

	it('fails on any altered byte, a wrong context or another organisation', () => {
		const plain = new Uint8Array(randomBytes(64));
		const sealed = orgA.encryptBytes(plain, 'attachment:7');
		for (const i of [0, 1, 12, 13, 40, sealed.length - 1]) {
			const copy = sealed.slice();
			copy[i] = copy[i]! ^ 0x80;
			expect(() => orgA.decryptBytes(copy, 'attachment:7')).toThrow(CryptoError);
		}
		expect(() => orgA.decryptBytes(sealed.subarray(0, 20), 'attachment:7')).toThrow(CryptoError);
		expect(() => orgA.decryptBytes(sealed, 'attachment:8')).toThrow(CryptoError);
		expect(() => orgB.decryptBytes(sealed, 'attachment:7')).toThrow(CryptoError);
	});

	it('keeps field tokens and byte blobs apart even with the same context', () => {
		const token = orgA.encryptField('abc', 'ctx');
		const [, iv = '', body = ''] = token.split('.');
		const asBytes = new Uint8Array(Buffer.concat([Buffer.of(1), Buffer.from(iv, 'base64url'), Buffer.from(body, 'base64url')]));
		expect(() => orgA.decryptBytes(asBytes, 'ctx')).toThrow(CryptoError);
	});
});

describe('OrgKeyring.blindIndex', () => {
	it('is deterministic and normalises by trim and uppercase', () => {
		const a = orgA.blindIndex('131052-308T', 'hetu');
		expect(a).toMatch(/^[0-9a-f]{64}$/);
		expect(orgA.blindIndex('131052-308T', 'hetu')).toBe(a);
		expect(orgA.blindIndex('  131052-308t\n', 'hetu')).toBe(a);
	});

	it('keeps the century sign: 100190-999P and 100190Y999P index differently', () => {
		expect(orgA.blindIndex('100190-999P', 'hetu')).not.toBe(orgA.blindIndex('100190Y999P', 'hetu'));
	});

	it('differs across organisations and purposes', () => {
		const a = orgA.blindIndex('131052-308T', 'hetu');
		expect(orgB.blindIndex('131052-308T', 'hetu')).not.toBe(a);
		expect(orgA.blindIndex('131052-308T', 'email')).not.toBe(a);
		expect(() => orgA.blindIndex('x', '')).toThrow(TypeError);
	});
});

describe('OrgKeyring.keyedDigest', () => {
	const digest = createHash('sha256').update('{"kind":"client.set-hetu"}').digest('hex');

	it('is k1: and 64 hex, deterministic, and not the digest itself', () => {
		const a = orgA.keyedDigest(digest);
		expect(a).toMatch(/^k1:[0-9a-f]{64}$/);
		expect(orgA.keyedDigest(digest)).toBe(a);
		expect(a.slice(3)).not.toBe(digest);
		expect(a.slice(3)).not.toBe(createHash('sha256').update(digest).digest('hex'));
	});

	it('differs across organisations, and from the blind index of the same text', () => {
		const a = orgA.keyedDigest(digest);
		expect(orgB.keyedDigest(digest)).not.toBe(a);
		expect(orgA.blindIndex(digest, 'hetu')).not.toBe(a.slice(3));
	});

	it('is the same after the keys are opened again (stored values stay comparable)', async () => {
		const again = await openOrgKeys(master, 'org-a', JSON.parse(JSON.stringify(wrappedA)) as WrappedOrgKeys);
		expect(again.keyedDigest(digest)).toBe(orgA.keyedDigest(digest));
	});

	it('takes only a SHA-256 in lowercase hex', () => {
		for (const bad of ['', digest.toUpperCase(), digest.slice(1), `${digest}0`, `k1:${digest.slice(3)}`]) {
			expect(() => orgA.keyedDigest(bad)).toThrow(TypeError);
		}
	});
});

describe('OrgKeyring.publicKey', () => {
	it('matches OrganisationPublicKeySchema and carries only public members', () => {
		const pk = orgA.publicKey();
		expect(OrganisationPublicKeySchema.parse(pk)).toEqual(pk);
		expect(pk).toEqual({ kid: wrappedA.kid, alg: 'ECDH-ES+HKDF-SHA256+A256GCM', jwk: wrappedA.publicJwk });
		expect(Object.keys(pk.jwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
		pk.jwk.x = 'changed';
		expect(orgA.publicKey().jwk.x).toBe(wrappedA.publicJwk.x);
	});

	it('does not reveal secrets when logged or serialised', () => {
		expect(JSON.parse(JSON.stringify(orgA))).toEqual({ kid: wrappedA.kid });
		expect(inspect(orgA, { depth: 10, showHidden: true })).not.toMatch(/[0-9a-f]{64}/);
		expect(Object.isFrozen(orgA)).toBe(true);
	});

	it('works with unbound methods', () => {
		const { encryptField, decryptField } = orgA;
		expect(decryptField(encryptField('x', 'c'), 'c')).toBe('x');
	});
});

import { createCipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgKeys, loadMasterKey, openOrgKeys, SealError, sealForOrg, type OrgKeyring, type SealedEnvelope } from './index';
import { fromBase64Url, toBase64Url } from '@polku/shared/seal';

let dir: string;
let orgA: OrgKeyring;
let orgB: OrgKeyring;
const aad = 'polku-sync-v1|org:org-a|mutation:0b8f2c1e-5f1a-4a39-9d55-0d1b1c2e3f40|schema:1';
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'polku-seal-'));
	const master = loadMasterKey({ dataDir: dir }).key;
	orgA = await openOrgKeys(master, 'org-a', await createOrgKeys(master, 'org-a'));
	orgB = await openOrgKeys(master, 'org-b', await createOrgKeys(master, 'org-b'));
});
afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

async function sealToA(plain: string, withAad = aad): Promise<SealedEnvelope> {
	const { jwk, kid } = orgA.publicKey();
	return sealForOrg(jwk, kid, enc(plain), withAad);
}

function flip(b64: string, index: (n: number) => number): string {
	const bytes = Buffer.from(b64, 'base64url');
	const i = index(bytes.length);
	bytes[i] = bytes[i]! ^ 0x01;
	return bytes.toString('base64url');
}

/** Every case runs against both openers: WebCrypto (`open`) and node:crypto (`openSync`, used by push). */
describe.each(['open', 'openSync'] as const)('sealForOrg / OrgKeyring.%s', (opener) => {
	// An async wrapper turns openSync's throw into a rejection, so both read the same below.
	const open = async (keyring: OrgKeyring, envelope: SealedEnvelope, withAad: string) =>
		opener === 'open' ? keyring.open(envelope, withAad) : keyring.openSync(envelope, withAad);

	it('round-trips, also through JSON', async () => {
		const envelope = await sealToA('{"hetu":"131052-308T","notes":"äö"}');
		expect(envelope).toMatchObject({ v: 1, kid: orgA.kid, epk: { kty: 'EC', crv: 'P-256' } });
		expect(Object.keys(envelope.epk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
		expect(Buffer.from(envelope.iv, 'base64url')).toHaveLength(12);
		expect(envelope.ct).not.toContain('131052');
		const viaJson = JSON.parse(JSON.stringify(envelope)) as SealedEnvelope;
		expect(dec(await open(orgA, viaJson, aad))).toBe('{"hetu":"131052-308T","notes":"äö"}');
	});

	it('round-trips empty and large payloads', async () => {
		const { jwk, kid } = orgA.publicKey();
		for (const plain of [new Uint8Array(0), new Uint8Array(randomBytes(1 << 20))]) {
			const opened = await open(orgA, await sealForOrg(jwk, kid, plain, aad), aad);
			expect(Buffer.from(opened).equals(plain)).toBe(true);
		}
	});

	it('uses a fresh ephemeral key and IV for every envelope', async () => {
		const a = await sealToA('same');
		const b = await sealToA('same');
		expect(a.epk.x).not.toBe(b.epk.x);
		expect(a.iv).not.toBe(b.iv);
		expect(a.ct).not.toBe(b.ct);
	});

	it('fails with the wrong aad', async () => {
		const envelope = await sealToA('payload');
		await expect(open(orgA, envelope, aad.replace('schema:1', 'schema:2'))).rejects.toThrow(SealError);
		await expect(open(orgA, envelope, '')).rejects.toThrow(SealError);
		const empty = await sealToA('payload', '');
		expect(dec(await open(orgA, empty, ''))).toBe('payload');
		await expect(open(orgA, empty, aad)).rejects.toThrow(SealError);
	});

	it('fails when the epk is swapped for another valid point', async () => {
		const envelope = await sealToA('payload');
		const other = await sealToA('other');
		await expect(open(orgA, { ...envelope, epk: other.epk }, aad)).rejects.toThrow(SealError);
	});

	it('fails when the epk is not a point on the curve or not P-256', async () => {
		const envelope = await sealToA('payload');
		await expect(open(orgA, { ...envelope, epk: { ...envelope.epk, x: flip(envelope.epk.x, () => 31) } }, aad)).rejects.toThrow(
			SealError
		);
		await expect(open(orgA, { ...envelope, epk: { ...envelope.epk, y: envelope.epk.x } }, aad)).rejects.toThrow(SealError);
		await expect(
			open(orgA, { ...envelope, epk: { ...envelope.epk, crv: 'P-384' } } as unknown as SealedEnvelope, aad)
		).rejects.toThrow(SealError);
	});

	it('fails when the iv, the ciphertext or the tag is altered', async () => {
		const envelope = await sealToA('payload');
		for (const altered of [
			{ ...envelope, iv: flip(envelope.iv, () => 0) },
			{ ...envelope, ct: flip(envelope.ct, () => 0) },
			{ ...envelope, ct: flip(envelope.ct, (n) => n - 1) },
			{ ...envelope, ct: envelope.ct.slice(0, 10) },
			{ ...envelope, iv: `${envelope.iv}AA` },
			{ ...envelope, iv: '!!!!' }
		]) {
			await expect(open(orgA, altered, aad)).rejects.toThrow(SealError);
		}
	});

	it('fails for another kid, another version or another organisation', async () => {
		const envelope = await sealToA('payload');
		await expect(open(orgA, { ...envelope, kid: orgB.kid }, aad)).rejects.toThrow(SealError);
		await expect(open(orgA, { ...envelope, v: 2 } as unknown as SealedEnvelope, aad)).rejects.toThrow(SealError);
		// Even when org B is told it is its own kid, the key derivation differs.
		await expect(open(orgB, { ...envelope, kid: orgB.kid }, aad)).rejects.toThrow(SealError);
	});

	it('a sealer that lies about the kid does not produce an envelope that opens', async () => {
		const { jwk } = orgA.publicKey();
		const envelope = await sealForOrg(jwk, 'k1-someone-else', enc('x'), aad);
		await expect(open(orgA, { ...envelope, kid: orgA.kid }, aad)).rejects.toThrow(SealError);
	});

	it('rejects bad arguments to sealForOrg', async () => {
		const { jwk, kid } = orgA.publicKey();
		await expect(sealForOrg({ ...jwk, crv: 'P-384' } as never, kid, enc('x'), aad)).rejects.toThrow(TypeError);
		await expect(sealForOrg(jwk, '', enc('x'), aad)).rejects.toThrow(TypeError);
		await expect(sealForOrg({ ...jwk, x: jwk.y }, kid, enc('x'), aad)).rejects.toThrow();
	});
});

describe('sealed envelope format', () => {
	/**
	 * An independent sealer written with node:crypto from the format described in seal.ts's header.
	 * If the WebCrypto code drifts from the documented format, this stops opening.
	 */
	function nodeSeal(recipient: { x: string; y: string }, kid: string, plain: Buffer, aadText: string): SealedEnvelope {
		const ecdh = createECDH('prime256v1');
		const epkRaw = ecdh.generateKeys();
		const recipientRaw = Buffer.concat([Buffer.of(4), Buffer.from(recipient.x, 'base64url'), Buffer.from(recipient.y, 'base64url')]);
		const z = ecdh.computeSecret(recipientRaw);
		const epk = { kty: 'EC', crv: 'P-256', x: epkRaw.subarray(1, 33).toString('base64url'), y: epkRaw.subarray(33).toString('base64url') } as const;
		const info = ['polku-seal-v1', kid, epk.x, epk.y, recipient.x, recipient.y].join('\u0000');
		const key = Buffer.from(hkdfSync('sha256', z, Buffer.alloc(0), info, 32));
		const iv = randomBytes(12);
		const cipher = createCipheriv('aes-256-gcm', key, iv);
		cipher.setAAD(Buffer.from(aadText, 'utf8'));
		const ct = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
		return { v: 1, kid, epk, iv: iv.toString('base64url'), ct: ct.toString('base64url') };
	}

	it('opens an envelope made by an independent node:crypto implementation of the documented format', async () => {
		const { jwk, kid } = orgA.publicKey();
		const envelope = nodeSeal(jwk, kid, Buffer.from('riippumaton toteutus', 'utf8'), aad);
		expect(dec(await orgA.open(envelope, aad))).toBe('riippumaton toteutus');
		expect(dec(orgA.openSync(envelope, aad))).toBe('riippumaton toteutus');
		await expect(orgA.open(envelope, `${aad}x`)).rejects.toThrow(SealError);
		expect(() => orgA.openSync(envelope, `${aad}x`)).toThrow(SealError);
	});
});

describe('base64url helpers', () => {
	it('agree with Buffer for every length 0–300', () => {
		for (let n = 0; n <= 300; n++) {
			const bytes = new Uint8Array(randomBytes(n));
			const text = toBase64Url(bytes);
			expect(text).toBe(Buffer.from(bytes).toString('base64url'));
			expect(fromBase64Url(text)).toEqual(bytes);
		}
	});

	it('reject padding, whitespace and the standard alphabet', () => {
		for (const bad of ['AA==', 'A A', 'a+b/', 'AAAAA']) {
			expect(() => fromBase64Url(bad)).toThrow(SealError);
		}
	});
});

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgKeys, loadMasterKey, openOrgKeys, type OrgKeyring } from '../lib/crypto';
import { padJson, paddedTokenTest, SEALED_JSON_BLOCK, sealJson } from './sealed-json';

/** The padded form of sealed JSON values (sealed-json.ts), with a real keyring. */
let dir: string;
let keyring: OrgKeyring;
beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'polku-sealed-json-'));
	const master = loadMasterKey({ envValue: randomBytes(32).toString('base64url'), dataDir: dir }).key;
	keyring = await openOrgKeys(master, 'org', await createOrgKeys(master, 'org'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('padJson', () => {
	it('fills whole blocks of UTF-8 bytes with spaces, which JSON.parse ignores', () => {
		for (const value of [true, false, null, [], ['rural', 'minority'], 'ääkköset €', { a: 1 }]) {
			const padded = padJson(JSON.stringify(value));
			expect(Buffer.byteLength(padded, 'utf8')).toBe(SEALED_JSON_BLOCK);
			expect(JSON.parse(padded)).toEqual(value);
		}
		const long = JSON.stringify('x'.repeat(SEALED_JSON_BLOCK));
		expect(Buffer.byteLength(padJson(long), 'utf8')).toBe(2 * SEALED_JSON_BLOCK);
		const exact = JSON.stringify('y'.repeat(SEALED_JSON_BLOCK - 2));
		expect(padJson(exact)).toBe(exact);
	});
});

describe('sealJson and paddedTokenTest', () => {
	it('seal short values to one length, told padded from the length alone; an unpadded token is not', () => {
		const padded = paddedTokenTest(keyring);
		const tokens = [true, false, [], ['a', 'b', 'c', 'd', 'e'], 'x'.repeat(200)].map((v) => sealJson(keyring, v, 'ctx'));
		expect(new Set(tokens.map((x) => x.length)).size).toBe(1);
		expect(tokens.every(padded)).toBe(true);
		expect(padded(sealJson(keyring, 'z'.repeat(3 * SEALED_JSON_BLOCK), 'ctx'))).toBe(true);
		expect(JSON.parse(keyring.decryptField(tokens[1] ?? '', 'ctx'))).toBe(false);
		for (const v of [true, false, ['rural'], 'z'.repeat(3 * SEALED_JSON_BLOCK)]) expect(padded(keyring.encryptField(JSON.stringify(v), 'ctx'))).toBe(false);
	});
});

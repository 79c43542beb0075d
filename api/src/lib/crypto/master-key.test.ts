import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOrgKeys, loadMasterKey, openOrgKeys, type MasterKey } from './index';
import { decodeKeyText } from './master-key';

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'polku-master-key-'));
});
afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

/** Two handles hold the same key iff one opens what the other wrapped. */
async function sameKey(a: MasterKey, b: MasterKey): Promise<boolean> {
	const wrapped = await createOrgKeys(a, 'org-1');
	return openOrgKeys(b, 'org-1', wrapped).then(
		() => true,
		() => false
	);
}

describe('loadMasterKey', () => {
	it('creates master.key with mode 0600 on first start and reuses it on the second', async () => {
		const first = loadMasterKey({ dataDir: dir });
		expect(first.source).toBe('file-created');
		expect(first.looseFileMode).toBe(false);
		const path = join(dir, 'master.key');
		expect(first.path).toBe(path);
		expect(statSync(path).mode & 0o777).toBe(0o600);
		const text = readFileSync(path, 'utf8');
		expect(text).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
		expect(Buffer.from(text.trim(), 'base64')).toHaveLength(32);
		expect(readdirSync(dir)).toEqual(['master.key']); // no temp file left behind

		const second = loadMasterKey({ dataDir: dir });
		expect(second.source).toBe('file');
		expect(second.looseFileMode).toBe(false);
		expect(readFileSync(path, 'utf8')).toBe(text);
		expect(await sameKey(first.key, second.key)).toBe(true);
	});

	it('creates the data directory if it does not exist', () => {
		const nested = join(dir, 'a', 'b');
		expect(loadMasterKey({ dataDir: nested }).source).toBe('file-created');
		expect(statSync(join(nested, 'master.key')).isFile()).toBe(true);
	});

	it('makes a different key for each new data directory', async () => {
		const a = loadMasterKey({ dataDir: join(dir, 'a') });
		const b = loadMasterKey({ dataDir: join(dir, 'b') });
		expect(await sameKey(a.key, b.key)).toBe(false);
	});

	it('flags a key file that group or others can read', () => {
		loadMasterKey({ dataDir: dir });
		chmodSync(join(dir, 'master.key'), 0o644);
		const loaded = loadMasterKey({ dataDir: dir });
		expect(loaded.source).toBe('file');
		expect(loaded.looseFileMode).toBe(true);
		chmodSync(join(dir, 'master.key'), 0o400);
		expect(loadMasterKey({ dataDir: dir }).looseFileMode).toBe(false);
	});

	it('refuses a malformed key file and leaves it untouched', () => {
		const path = join(dir, 'master.key');
		writeFileSync(path, 'not a key\n', { mode: 0o600 });
		expect(() => loadMasterKey({ dataDir: dir })).toThrow(/master key file .* not a valid master key.*not replaced/);
		expect(readFileSync(path, 'utf8')).toBe('not a key\n');
		writeFileSync(path, '');
		expect(() => loadMasterKey({ dataDir: dir })).toThrow(/not a valid master key/);
	});

	it('lets POLKU_MASTER_KEY win over the file and creates no file', async () => {
		const bytes = randomBytes(32);
		const env = loadMasterKey({ envValue: bytes.toString('base64'), dataDir: dir });
		expect(env.source).toBe('env');
		expect(env.path).toBeUndefined();
		expect(readdirSync(dir)).toEqual([]);

		const fromFile = loadMasterKey({ dataDir: dir });
		expect(await sameKey(env.key, fromFile.key)).toBe(false);
		const envAgain = loadMasterKey({ envValue: bytes.toString('base64'), dataDir: dir });
		expect(envAgain.source).toBe('env');
		expect(await sameKey(env.key, envAgain.key)).toBe(true);
	});

	it('accepts base64 with or without padding and base64url, as the same key', async () => {
		const bytes = Buffer.from('fb'.repeat(32), 'hex'); // encodes with '+', '/' in base64, '-', '_' in url
		const std = bytes.toString('base64');
		const url = bytes.toString('base64url');
		expect(std).toMatch(/[+/]/);
		expect(url).toMatch(/[-_]/);
		const a = loadMasterKey({ envValue: std, dataDir: dir }).key;
		const b = loadMasterKey({ envValue: std.replace(/=$/, ''), dataDir: dir }).key;
		const c = loadMasterKey({ envValue: `  ${url}\n`, dataDir: dir }).key;
		expect(await sameKey(a, b)).toBe(true);
		expect(await sameKey(a, c)).toBe(true);
	});

	it('treats an empty POLKU_MASTER_KEY as unset', () => {
		expect(loadMasterKey({ envValue: '', dataDir: dir }).source).toBe('file-created');
		expect(loadMasterKey({ envValue: '  ', dataDir: dir }).source).toBe('file');
	});

	const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
	/** The 43rd character of a 32-byte base64 carries 4 data bits and 2 unused (zero) bits: set one. */
	const withUnusedBitsSet = (b64: string) => `${b64.slice(0, 42)}${STD[STD.indexOf(b64[42]!) | 1]!}=`;
	const good = randomBytes(32).toString('base64');
	it.each([
		['too short', randomBytes(16).toString('base64')],
		['31 bytes', randomBytes(31).toString('base64')],
		['33 bytes', randomBytes(33).toString('base64')],
		['64 hex characters', randomBytes(32).toString('hex')],
		['a passphrase', 'correct horse battery staple correct horse!'],
		['a space inside', `${good.slice(0, 20)} ${good.slice(20)}`],
		['mixed base64 alphabets', `+_${good.slice(2)}`],
		['non-canonical trailing bits', withUnusedBitsSet(good)]
	])('rejects POLKU_MASTER_KEY with %s, without echoing it', (_label, value) => {
		let message = '';
		try {
			loadMasterKey({ envValue: value, dataDir: dir });
		} catch (error) {
			message = (error as Error).message;
		}
		expect(message).toMatch(/POLKU_MASTER_KEY is not a valid master key: .*32 random bytes.*base64/);
		expect(message).not.toContain(value.trim());
		expect(readdirSync(dir)).toEqual([]);
	});

	it('never exposes key material through the handle', () => {
		const bytes = randomBytes(32);
		const { key } = loadMasterKey({ envValue: bytes.toString('base64'), dataDir: dir });
		expect(JSON.stringify(key)).toBe('{"kind":"polku-master-key"}');
		const shown = inspect(key, { depth: 10, showHidden: true });
		expect(shown).not.toContain(bytes.toString('base64'));
		expect(shown).not.toContain(bytes.toString('hex'));
		expect(Object.isFrozen(key)).toBe(true);
	});
});

describe('decodeKeyText', () => {
	it('decodes exactly the canonical encodings of 32 bytes', () => {
		for (let i = 0; i < 50; i++) {
			const bytes = randomBytes(32);
			const b64 = bytes.toString('base64');
			expect(decodeKeyText(b64)).toEqual(bytes);
			expect(decodeKeyText(bytes.toString('base64url'))).toEqual(bytes);
			const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
			for (const unused of [1, 2, 3]) {
				const tampered = `${b64.slice(0, 42)}${STD[STD.indexOf(b64[42]!) | unused]!}=`;
				expect(decodeKeyText(tampered)).toBeUndefined();
			}
		}
	});
});

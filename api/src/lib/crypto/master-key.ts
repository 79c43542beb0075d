/**
 * The master key: 32 random bytes that wrap every organisation's keys (DESIGN.md, Keys).
 *
 * Sources, in order: `POLKU_MASTER_KEY` (base64 or base64url), else `<dataDir>/master.key`, which is
 * created (0600, base64) on the first start. An existing key file is never overwritten, not even if it
 * is unreadable or malformed: a new master key would make every organisation file undecryptable.
 *
 * The key material is never exposed: `MasterKey` is an opaque token, and the only thing derived from
 * it (an HKDF subkey for wrapping organisation keys) lives in a module-private WeakMap. Error messages
 * never echo the key value.
 */
import { createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Opaque handle to a loaded master key. Prints and serialises as `{ kind: 'polku-master-key' }`. */
export type MasterKey = { readonly kind: 'polku-master-key' };

export type LoadedMasterKey = {
	key: MasterKey;
	source: 'env' | 'file-created' | 'file';
	/** The key file used (absent when the key came from the environment). */
	path?: string;
	/** True when an existing key file is readable or writable by group or others (mode looser than 0600). */
	looseFileMode: boolean;
};

export const MASTER_KEY_FILE = 'master.key';
const KEY_BYTES = 32;
const WRAP_INFO = 'polku-master-wrap-v1';

const wrappingKeys = new WeakMap<MasterKey, KeyObject>();

function fromBytes(bytes: Buffer): MasterKey {
	const token: MasterKey = Object.freeze({ kind: 'polku-master-key' as const });
	// Domain separation: the raw master key is used only as HKDF input, never directly as a cipher key.
	const wrap = Buffer.from(hkdfSync('sha256', bytes, Buffer.alloc(0), WRAP_INFO, KEY_BYTES));
	wrappingKeys.set(token, createSecretKey(wrap));
	wrap.fill(0);
	return token;
}

/** For this module's siblings only (not re-exported from index.ts). */
export function masterWrappingKey(master: MasterKey): KeyObject {
	const key = wrappingKeys.get(master);
	if (!key) throw new TypeError('Not a master key loaded by loadMasterKey()');
	return key;
}

/**
 * Decodes base64 (with or without padding) or base64url of exactly 32 bytes. Returns undefined for
 * anything else, including non-canonical encodings, so that typos are caught rather than silently
 * turned into a different key.
 */
export function decodeKeyText(text: string): Buffer | undefined {
	const t = text.trim();
	if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) return undefined;
	const std = t.replace(/=$/, '');
	if (/[+/]/.test(std) && /[-_]/.test(std)) return undefined; // mixed alphabets
	const bytes = Buffer.from(std.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
	if (bytes.length !== KEY_BYTES) return undefined;
	// 43 characters carry 258 bits; the last 2 must be zero in a canonical encoding.
	if (bytes.toString('base64url') !== std.replace(/\+/g, '-').replace(/\//g, '_')) return undefined;
	return bytes;
}

const FORMAT_HINT =
	'it must be 32 random bytes encoded as base64 or base64url (43 or 44 characters), for example the output of `openssl rand -base64 32`';

export function loadMasterKey(opts: { envValue?: string | undefined; dataDir: string }): LoadedMasterKey {
	// An empty variable counts as unset (compose files and shells often pass `POLKU_MASTER_KEY=`).
	if (opts.envValue !== undefined && opts.envValue.trim() !== '') {
		const bytes = decodeKeyText(opts.envValue);
		if (!bytes) {
			throw new Error(`POLKU_MASTER_KEY is not a valid master key: ${FORMAT_HINT}.`);
		}
		const key = fromBytes(bytes);
		bytes.fill(0);
		return { key, source: 'env', looseFileMode: false };
	}

	const path = join(opts.dataDir, MASTER_KEY_FILE);
	const existing = readKeyFile(path);
	if (existing) return existing;

	mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
	const bytes = randomBytes(KEY_BYTES);
	// Write to a private temp file, then hard-link it into place: link() fails if master.key appeared
	// meanwhile (another process starting at the same time), so nobody ever reads a half-written key.
	const tmp = join(opts.dataDir, `.${MASTER_KEY_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
	const fd = openSync(tmp, 'wx', 0o600);
	try {
		writeSync(fd, `${bytes.toString('base64')}\n`);
		fsyncSync(fd);
	} catch (error) {
		closeSync(fd);
		unlinkSync(tmp);
		throw error;
	}
	closeSync(fd);
	try {
		linkSync(tmp, path);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
		const raced = readKeyFile(path);
		if (raced) return raced;
		throw error;
	} finally {
		unlinkSync(tmp);
	}
	const key = fromBytes(bytes);
	bytes.fill(0);
	return { key, source: 'file-created', path, looseFileMode: false };
}

function readKeyFile(path: string): LoadedMasterKey | undefined {
	let text: string;
	try {
		text = readFileSync(path, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
		throw new Error(`Cannot read the master key file ${path}: ${(error as Error).message}`, { cause: error });
	}
	const bytes = decodeKeyText(text);
	if (!bytes) {
		throw new Error(
			`The master key file ${path} is not a valid master key: ${FORMAT_HINT}. It was not replaced, because a new key would make existing data unreadable.`
		);
	}
	const looseFileMode = process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0;
	const key = fromBytes(bytes);
	bytes.fill(0);
	return { key, source: 'file', path, looseFileMode };
}

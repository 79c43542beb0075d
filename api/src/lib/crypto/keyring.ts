/**
 * Per-organisation keys (DESIGN.md, Keys): a data key for field encryption, a blind-index key, and an
 * ECDH P-256 key pair for sealed envelopes from devices. All three secrets are stored wrapped by the
 * master key, each bound (as AES-GCM associated data) to the organisation id, the kid and its role, so
 * a wrapped key copied into another organisation's file, or into another slot, does not open.
 *
 * Field encryption and blind indexes are synchronous (node:crypto) on purpose: they run inside
 * better-sqlite3 transactions, which cannot await. Only key setup and `open` are async (WebCrypto).
 *
 * Formats (all stable; changing one needs a new version tag):
 * - wrapped secret / field token: 'v1.<iv b64url>.<ciphertext+tag b64url>', AES-256-GCM, 96-bit iv.
 *   AAD for wraps: "polku-wrap-v1" NUL orgId NUL kid NUL role; for fields: "polku-field-v1" NUL context.
 * - bytes: 0x01 || iv (12) || ciphertext || tag (16); AAD "polku-bytes-v1" NUL context.
 * - blind index: hex HMAC-SHA256 under HKDF(blindIndexKey, info "polku-blind-index-v1" NUL purpose)
 *   of the value trimmed, NFC-normalised and upper-cased (for a hetu: exactly parseHetu's normalisation).
 * - keyed digest: 'k1:' + hex HMAC-SHA256 under HKDF(blindIndexKey, info "polku-keyed-digest-v1") of
 *   the 64 lowercase hex characters of a SHA-256. What is stored instead of a plain digest of personal
 *   data: a plain one can be confirmed by anyone who guesses the content (a henkilötunnus has a few
 *   thousand candidates per birth date), this one only with the organisation's key. It is taken over
 *   the digest rather than the content so that a stored plain digest converts without the content.
 *   Derived, not a fourth wrapped secret: it is the blind-index key's job (a deterministic keyed
 *   fingerprint for equality within one organisation), HKDF with its own label keeps the two keys
 *   independent, and every existing organisation has it at once without rewriting its stored keys.
 */
import {
	createCipheriv,
	createDecipheriv,
	createHmac,
	createECDH,
	createPrivateKey,
	createSecretKey,
	hkdfSync,
	type ECDH,
	randomBytes,
	type KeyObject,
	type webcrypto
} from 'node:crypto';
import { masterWrappingKey, type MasterKey } from './master-key';
import {
	fromBase64Url,
	openSealed,
	publicJwkOf,
	SEAL_ALG,
	SealError,
	type P256PublicJwk,
	type SealedEnvelope,
	type WebCryptoKey
} from '@polku/shared/seal';

export type WrappedOrgKeys = {
	version: 1;
	kid: string;
	wrappedDataKey: string;
	wrappedBlindIndexKey: string;
	wrappedPrivateKey: string;
	publicJwk: P256PublicJwk;
};

export type OrgPublicKey = { kid: string; alg: typeof SEAL_ALG; jwk: P256PublicJwk };

export interface OrgKeyring {
	kid: string;
	/**
	 * AES-256-GCM with a random 96-bit IV; `context` (e.g. 'client:<id>:hetu') is bound as associated
	 * data so a ciphertext cannot be moved to another row or field. Output 'v1.<iv>.<ct+tag>'.
	 */
	encryptField(plain: string, context: string): string;
	/** Throws on any tampering, a wrong context or another organisation's token. */
	decryptField(token: string, context: string): string;
	encryptBytes(plain: Uint8Array, context: string): Uint8Array;
	decryptBytes(data: Uint8Array, context: string): Uint8Array;
	/**
	 * HMAC-SHA256 blind index (64 hex characters) of the value trimmed, NFC-normalised and upper-cased.
	 * Deterministic within an organisation and purpose; unrelated across organisations and purposes.
	 */
	blindIndex(value: string, purpose: string): string;
	/**
	 * The stored form of a SHA-256 digest of personal data (`sha256Hex`: 64 lowercase hex characters):
	 * 'k1:' + 64 hex. Deterministic within an organisation, so equal contents still compare equal.
	 */
	keyedDigest(sha256Hex: string): string;
	/** Matches OrganisationPublicKeySchema in shared/src/schemas/auth.ts. */
	publicKey(): OrgPublicKey;
	/** Opens an envelope made by `sealForOrg` (or the browser's copy of seal.ts). */
	open(envelope: SealedEnvelope, aad: string): Promise<Uint8Array>;
	/**
	 * The same as `open`, synchronously with node:crypto (no WebCrypto round trips): what push uses,
	 * since it opens thousands of envelopes a second. Throws SealError on every failure.
	 */
	openSync(envelope: SealedEnvelope, aad: string): Uint8Array;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const BYTES_VERSION = 0x01;
export const KEYED_DIGEST_PREFIX = 'k1:';
const SHA256_HEX = /^[0-9a-f]{64}$/;
const EC_P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

type WrapRole = 'data-key' | 'blind-index-key' | 'private-key';

export class CryptoError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CryptoError';
	}
}

function requireContext(name: string, value: string): void {
	if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string`);
}

function gcmSeal(key: KeyObject, plain: Uint8Array, aad: Buffer): { iv: Buffer; body: Buffer } {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
	cipher.setAAD(aad);
	const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
	return { iv, body };
}

/** Returns undefined on any failure, so every caller can throw one uniform error. */
function gcmOpen(key: KeyObject, iv: Uint8Array, body: Uint8Array, aad: Buffer): Buffer | undefined {
	if (iv.length !== IV_BYTES || body.length < TAG_BYTES) return undefined;
	try {
		const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
		decipher.setAAD(aad);
		decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
		return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]);
	} catch {
		return undefined;
	}
}

const B64URL = /^[A-Za-z0-9_-]+$/;

function sealToken(key: KeyObject, plain: Uint8Array, aad: Buffer): string {
	const { iv, body } = gcmSeal(key, plain, aad);
	return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

function openToken(key: KeyObject, token: string, aad: Buffer): Buffer | undefined {
	if (typeof token !== 'string') return undefined;
	const parts = token.split('.');
	if (parts.length !== 3 || parts[0] !== VERSION) return undefined;
	const [, ivText = '', bodyText = ''] = parts;
	if (!B64URL.test(ivText) || !B64URL.test(bodyText)) return undefined;
	return gcmOpen(key, Buffer.from(ivText, 'base64url'), Buffer.from(bodyText, 'base64url'), aad);
}

function aadOf(...parts: string[]): Buffer {
	return Buffer.from(parts.join('\u0000'), 'utf8');
}

const wrapAad = (orgId: string, kid: string, role: WrapRole) => aadOf('polku-wrap-v1', orgId, kid, role);

function wrap(master: MasterKey, orgId: string, kid: string, role: WrapRole, secret: Uint8Array): string {
	return sealToken(masterWrappingKey(master), secret, wrapAad(orgId, kid, role));
}

function unwrap(master: MasterKey, orgId: string, kid: string, role: WrapRole, token: string): Buffer {
	const secret = openToken(masterWrappingKey(master), token, wrapAad(orgId, kid, role));
	if (!secret) {
		throw new CryptoError(
			`Cannot unwrap the organisation's ${role}: wrong master key, wrong organisation, or the stored keys were altered`
		);
	}
	return secret;
}

export async function createOrgKeys(master: MasterKey, orgId: string): Promise<WrappedOrgKeys> {
	requireContext('orgId', orgId);
	masterWrappingKey(master); // fail fast on a bad handle, before generating anything
	const kid = `k1-${randomBytes(12).toString('base64url')}`;
	const dataKey = randomBytes(KEY_BYTES);
	const blindIndexKey = randomBytes(KEY_BYTES);
	const pair = await crypto.subtle.generateKey(EC_P256, true, ['deriveBits']);
	const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
	const jwk = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as P256PublicJwk;
	try {
		return {
			version: 1,
			kid,
			wrappedDataKey: wrap(master, orgId, kid, 'data-key', dataKey),
			wrappedBlindIndexKey: wrap(master, orgId, kid, 'blind-index-key', blindIndexKey),
			wrappedPrivateKey: wrap(master, orgId, kid, 'private-key', pkcs8),
			publicJwk: publicJwkOf(jwk)
		};
	} finally {
		dataKey.fill(0);
		blindIndexKey.fill(0);
		pkcs8.fill(0);
	}
}

async function importPrivateKey(pkcs8: Buffer, expected: P256PublicJwk): Promise<WebCryptoKey> {
	let jwk: webcrypto.JsonWebKey;
	try {
		const extractable = await crypto.subtle.importKey('pkcs8', new Uint8Array(pkcs8), EC_P256, true, ['deriveBits']);
		jwk = (await crypto.subtle.exportKey('jwk', extractable)) as webcrypto.JsonWebKey;
	} catch {
		throw new CryptoError("The organisation's private key is not a P-256 key");
	}
	// The public key is stored in the clear; make sure it is the private key's own, or devices would
	// seal to a key the server cannot open (or to someone else's).
	if (jwk.x !== expected.x || jwk.y !== expected.y) {
		throw new CryptoError("The organisation's public key does not match its private key");
	}
	const key = await crypto.subtle.importKey('jwk', { ...jwk, ext: false }, EC_P256, false, ['deriveBits']);
	jwk.d = undefined;
	return key;
}

export async function openOrgKeys(master: MasterKey, orgId: string, wrapped: WrappedOrgKeys): Promise<OrgKeyring> {
	requireContext('orgId', orgId);
	if (wrapped?.version !== 1) throw new CryptoError('Unsupported organisation key version');
	const { kid } = wrapped;
	requireContext('kid', kid);
	const publicJwk = publicJwkOf(wrapped.publicJwk);

	const dataKeyBytes = unwrap(master, orgId, kid, 'data-key', wrapped.wrappedDataKey);
	const blindKeyBytes = unwrap(master, orgId, kid, 'blind-index-key', wrapped.wrappedBlindIndexKey);
	const pkcs8 = unwrap(master, orgId, kid, 'private-key', wrapped.wrappedPrivateKey);
	if (dataKeyBytes.length !== KEY_BYTES || blindKeyBytes.length !== KEY_BYTES) {
		throw new CryptoError('Organisation keys have the wrong length');
	}
	// node:crypto's ECDH with the raw private scalar: the fastest way to open envelopes synchronously.
	const nativeEcdh = createECDH('prime256v1');
	try {
		const d = Buffer.from(String(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' }).d), 'base64url');
		nativeEcdh.setPrivateKey(d);
		d.fill(0);
	} catch {
		pkcs8.fill(0);
		throw new CryptoError("The organisation's private key is not a P-256 key");
	}
	// importPrivateKey also checks that the stored public key is this private key's own.
	const privateKey = await importPrivateKey(pkcs8, publicJwk).finally(() => pkcs8.fill(0));
	const openSync = nativeOpener(nativeEcdh, publicJwk, kid);
	const dataKey = createSecretKey(dataKeyBytes);
	const blindKey = Buffer.from(blindKeyBytes);
	dataKeyBytes.fill(0);
	blindKeyBytes.fill(0);

	const purposeKeys = new Map<string, KeyObject>();
	const purposeKey = (purpose: string): KeyObject => {
		let key = purposeKeys.get(purpose);
		if (!key) {
			const info = aadOf('polku-blind-index-v1', purpose);
			key = createSecretKey(Buffer.from(hkdfSync('sha256', blindKey, Buffer.alloc(0), info, KEY_BYTES)));
			purposeKeys.set(purpose, key);
		}
		return key;
	};

	const digestKey = createSecretKey(Buffer.from(hkdfSync('sha256', blindKey, Buffer.alloc(0), aadOf('polku-keyed-digest-v1'), KEY_BYTES)));

	const fieldAad = (context: string) => aadOf('polku-field-v1', context);
	const bytesAad = (context: string) => aadOf('polku-bytes-v1', context);

	// A frozen object of closures (not a class): the keys are unreachable from outside, do not show in
	// console.log/JSON, and methods can be passed around unbound.
	const keyring: OrgKeyring = {
		kid,
		encryptField(plain, context) {
			if (typeof plain !== 'string') throw new TypeError('plain must be a string');
			requireContext('context', context);
			return sealToken(dataKey, Buffer.from(plain, 'utf8'), fieldAad(context));
		},
		decryptField(token, context) {
			requireContext('context', context);
			const plain = openToken(dataKey, token, fieldAad(context));
			if (!plain) throw new CryptoError('Field decryption failed');
			return plain.toString('utf8');
		},
		encryptBytes(plain, context) {
			requireContext('context', context);
			const { iv, body } = gcmSeal(dataKey, plain, bytesAad(context));
			return new Uint8Array(Buffer.concat([Buffer.of(BYTES_VERSION), iv, body]));
		},
		decryptBytes(data, context) {
			requireContext('context', context);
			if (!(data instanceof Uint8Array) || data.length < 1 + IV_BYTES + TAG_BYTES || data[0] !== BYTES_VERSION) {
				throw new CryptoError('Decryption failed');
			}
			const plain = gcmOpen(dataKey, data.subarray(1, 1 + IV_BYTES), data.subarray(1 + IV_BYTES), bytesAad(context));
			if (!plain) throw new CryptoError('Decryption failed');
			return new Uint8Array(plain);
		},
		blindIndex(value, purpose) {
			if (typeof value !== 'string') throw new TypeError('value must be a string');
			requireContext('purpose', purpose);
			const normalised = value.trim().normalize('NFC').toUpperCase();
			return createHmac('sha256', purposeKey(purpose)).update(normalised, 'utf8').digest('hex');
		},
		keyedDigest(sha256Hex) {
			if (typeof sha256Hex !== 'string' || !SHA256_HEX.test(sha256Hex)) throw new TypeError('sha256Hex must be 64 lowercase hex characters');
			return KEYED_DIGEST_PREFIX + createHmac('sha256', digestKey).update(sha256Hex, 'utf8').digest('hex');
		},
		publicKey() {
			return { kid, alg: SEAL_ALG, jwk: { ...publicJwk } };
		},
		open(envelope, aad) {
			return openSealed(privateKey, publicJwk, kid, envelope, aad);
		},
		openSync
	};
	return Object.freeze(keyring);
}

const SEAL_LABEL = 'polku-seal-v1';
const P256_COORD_BYTES = 32;

/**
 * shared/seal.ts's `openSealed`, step for step, with node:crypto: ECDH P-256 → HKDF-SHA256 (empty
 * salt, info "polku-seal-v1" NUL kid NUL epk.x NUL epk.y NUL recipient.x NUL recipient.y) →
 * AES-256-GCM with `aad`. seal.test.ts runs every tampering case against both paths.
 */
function nativeOpener(ecdh: ECDH, recipient: P256PublicJwk, kid: string) {
	return (envelope: SealedEnvelope, aad: string): Uint8Array => {
		try {
			const e = envelope as unknown as Record<string, unknown>;
			if (typeof e !== 'object' || e === null || e.v !== 1 || e.kid !== kid || typeof aad !== 'string') throw new SealError();
			const epkIn = e.epk as Record<string, unknown> | null;
			if (typeof epkIn !== 'object' || epkIn === null || epkIn.kty !== 'EC' || epkIn.crv !== 'P-256') throw new SealError();
			if (typeof epkIn.x !== 'string' || typeof epkIn.y !== 'string' || typeof e.iv !== 'string' || typeof e.ct !== 'string') {
				throw new SealError();
			}
			const epk = publicJwkOf(epkIn as P256PublicJwk);
			const x = fromBase64Url(epk.x);
			const y = fromBase64Url(epk.y);
			if (x.length !== P256_COORD_BYTES || y.length !== P256_COORD_BYTES) throw new SealError();
			const iv = fromBase64Url(e.iv);
			const ct = fromBase64Url(e.ct);
			if (iv.length !== IV_BYTES || ct.length < TAG_BYTES) throw new SealError();
			// computeSecret refuses points that are not on the curve (invalid-curve attacks), as WebCrypto does.
			const shared = ecdh.computeSecret(Buffer.concat([Buffer.of(0x04), x, y]));
			const info = Buffer.from([SEAL_LABEL, kid, epk.x, epk.y, recipient.x, recipient.y].join('\u0000'), 'utf8');
			const key = createSecretKey(Buffer.from(hkdfSync('sha256', shared, Buffer.alloc(0), info, KEY_BYTES)));
			const plain = gcmOpen(key, iv, ct, Buffer.from(aad, 'utf8'));
			if (!plain) throw new SealError();
			return new Uint8Array(plain);
		} catch {
			throw new SealError();
		}
	};
}

/**
 * Sealed envelopes: a device encrypts to the organisation's public key; only the server opens them.
 *
 * Used by the API (to open) and by the web app and its service worker (to seal).
 * THIS FILE MUST STAY PORTABLE: it imports nothing and uses only WebCrypto and standard globals
 * (`crypto.subtle`, `crypto.getRandomValues`, `TextEncoder`, `btoa`, `atob`), so the web app can reuse
 * it verbatim and both ends produce byte-for-byte the same format.
 *
 * Algorithm `ECDH-ES+HKDF-SHA256+A256GCM`, version 1:
 * 1. Make an ephemeral P-256 key pair; Z = ECDH(ephemeral private, recipient public), 256 bits.
 * 2. K = HKDF-SHA256(IKM = Z, salt = empty, info = UTF-8 of
 *    "polku-seal-v1" NUL kid NUL epk.x NUL epk.y NUL recipient.x NUL recipient.y), 256-bit AES-GCM key.
 *    Binding both public keys and the kid means an envelope cannot be re-targeted or its epk swapped.
 * 3. ct = AES-256-GCM(K, iv = 96 random bits, additionalData = UTF-8 of `aad`), tag appended (128 bit).
 * 4. Envelope `{ v: 1, kid, epk: { kty, crv, x, y }, iv, ct }`, binary fields base64url without padding.
 * The caller builds `aad` (organisation, mutation id, schema version); the server must rebuild the same
 * string from what it expects, never take it from the envelope.
 */

export type P256PublicJwk = { kty: 'EC'; crv: 'P-256'; x: string; y: string };

export type SealedEnvelope = { v: 1; kid: string; epk: P256PublicJwk; iv: string; ct: string };

export const SEAL_ALG = 'ECDH-ES+HKDF-SHA256+A256GCM' as const;

/** A WebCrypto key in both the DOM and the Node typings, without naming either's global type. */
export type WebCryptoKey = Parameters<typeof crypto.subtle.deriveBits>[1];

const LABEL = 'polku-seal-v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const EC_P256 = { name: 'ECDH', namedCurve: 'P-256' } as const;

export class SealError extends Error {
	constructor(message = 'The sealed envelope could not be opened') {
		super(message);
		this.name = 'SealError';
	}
}

const utf8 = (s: string) => new TextEncoder().encode(s);

export function toBase64Url(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) {
		binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	}
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Strict: base64url alphabet only, no padding, no whitespace; throws SealError otherwise. */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
	if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
		throw new SealError('Malformed base64url');
	}
	const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4));
	const out = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
	return out;
}

function isP256PublicJwk(v: unknown): v is P256PublicJwk {
	if (typeof v !== 'object' || v === null) return false;
	const j = v as Record<string, unknown>;
	return j.kty === 'EC' && j.crv === 'P-256' && typeof j.x === 'string' && typeof j.y === 'string';
}

/** Only the four public members: never pass `d`, `key_ops` or `ext` along. */
export function publicJwkOf(jwk: P256PublicJwk): P256PublicJwk {
	return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

async function importPublic(jwk: P256PublicJwk): Promise<WebCryptoKey> {
	// WebCrypto rejects points that are not on the curve, which stops invalid-curve attacks.
	return crypto.subtle.importKey('jwk', { ...publicJwkOf(jwk), ext: true }, EC_P256, true, []);
}

async function contentKey(
	privateKey: WebCryptoKey,
	peerPublic: WebCryptoKey,
	kid: string,
	epk: P256PublicJwk,
	recipient: P256PublicJwk,
	usage: 'encrypt' | 'decrypt'
): Promise<WebCryptoKey> {
	const shared = await crypto.subtle.deriveBits({ name: 'ECDH', public: peerPublic }, privateKey, 256);
	const ikm = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveKey']);
	const info = utf8([LABEL, kid, epk.x, epk.y, recipient.x, recipient.y].join('\u0000'));
	return crypto.subtle.deriveKey(
		{ name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info },
		ikm,
		{ name: 'AES-GCM', length: 256 },
		false,
		[usage]
	);
}

export async function sealForOrg(
	publicJwk: P256PublicJwk,
	kid: string,
	plaintext: Uint8Array,
	aad: string
): Promise<SealedEnvelope> {
	if (!isP256PublicJwk(publicJwk)) throw new TypeError('publicJwk must be a P-256 EC public JWK');
	if (typeof kid !== 'string' || kid === '') throw new TypeError('kid must be a non-empty string');
	if (typeof aad !== 'string') throw new TypeError('aad must be a string');
	const recipient = publicJwkOf(publicJwk);
	const recipientKey = await importPublic(recipient);
	const ephemeral = await crypto.subtle.generateKey(EC_P256, false, ['deriveBits']);
	const exported = await crypto.subtle.exportKey('jwk', ephemeral.publicKey);
	const epk = publicJwkOf(exported as P256PublicJwk);
	const key = await contentKey(ephemeral.privateKey, recipientKey, kid, epk, recipient, 'encrypt');
	const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
	const ct = await crypto.subtle.encrypt(
		{ name: 'AES-GCM', iv, additionalData: utf8(aad), tagLength: TAG_BYTES * 8 },
		key,
		new Uint8Array(plaintext)
	);
	return { v: 1, kid, epk, iv: toBase64Url(iv), ct: toBase64Url(new Uint8Array(ct)) };
}

/**
 * Opens an envelope with the recipient's private key. Every failure (wrong kid, malformed fields,
 * bad epk, wrong aad, any altered byte) throws the same SealError, so callers cannot leak which.
 */
export async function openSealed(
	privateKey: WebCryptoKey,
	recipient: P256PublicJwk,
	kid: string,
	envelope: SealedEnvelope,
	aad: string
): Promise<Uint8Array> {
	try {
		const e = envelope as unknown as Record<string, unknown>;
		if (typeof e !== 'object' || e === null || e.v !== 1 || e.kid !== kid) throw new SealError();
		if (!isP256PublicJwk(e.epk) || typeof e.iv !== 'string' || typeof e.ct !== 'string') throw new SealError();
		if (typeof aad !== 'string') throw new SealError();
		const iv = fromBase64Url(e.iv);
		const ct = fromBase64Url(e.ct);
		if (iv.length !== IV_BYTES || ct.length < TAG_BYTES) throw new SealError();
		const epk = publicJwkOf(e.epk);
		const key = await contentKey(privateKey, await importPublic(epk), kid, epk, publicJwkOf(recipient), 'decrypt');
		const plain = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv, additionalData: utf8(aad), tagLength: TAG_BYTES * 8 },
			key,
			ct
		);
		return new Uint8Array(plain);
	} catch {
		throw new SealError();
	}
}

/**
 * Offline exact search by henkilötunnus without the code on the device: the server sends each client's
 * `hetuTag` = HMAC-SHA-256(searchKey, normalised hetu), base64url, and the organisation's search key
 * (`GET /api/sync/search-key`, kept DEK-encrypted on the device). A typed code is tagged the same way
 * and compared. The search key is not the server's blind-index key, so a leaked device never helps
 * search the server's database. WebCrypto only: the same code runs in the browser and in Node.
 */
import { parseHetu } from './hetu';

const b64url = (bytes: Uint8Array): string => {
	let s = '';
	for (const b of bytes) s += String.fromCharCode(b);
	return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

export function decodeBase64Url(value: string): Uint8Array<ArrayBuffer> {
	const bin = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
	const out = new Uint8Array(bin.length);
	for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
	return out;
}

export async function importSearchKey(key: string): Promise<CryptoKey> {
	return crypto.subtle.importKey('raw', decodeBase64Url(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** The tag of a valid henkilötunnus (normalised first), or null when `input` is not one. */
export async function hetuTag(key: CryptoKey, input: string): Promise<string | null> {
	const parsed = parseHetu(input);
	if (!parsed.valid) return null;
	const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(`polku-hetu-tag-v1|${parsed.hetu}`));
	return b64url(new Uint8Array(mac));
}

/** `010594Y903P` → `010594Y****`: the birth date and century sign stay, the rest is masked. */
export function maskHetu(hetu: string): string {
	return `${hetu.slice(0, 7)}****`;
}

/**
 * shared/hetu-tag.ts names the WebCrypto `CryptoKey` type, which the DOM library declares and Node's
 * types keep under `webcrypto`; the API compiles without the DOM library.
 */
import type { webcrypto } from 'node:crypto';

declare global {
	type CryptoKey = webcrypto.CryptoKey;
}

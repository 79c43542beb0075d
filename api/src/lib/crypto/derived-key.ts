/**
 * Keys the server derives from the master key for its own bookkeeping (not for organisation data):
 * an HKDF subkey of the master wrapping key, one per purpose. Whoever has a copy of the control
 * database without the master key cannot recompute what such a key hashed.
 */
import { createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { masterWrappingKey, type MasterKey } from './master-key';

export function masterDerivedKey(master: MasterKey, purpose: string): KeyObject {
	const bytes = Buffer.from(hkdfSync('sha256', masterWrappingKey(master), Buffer.alloc(0), `polku-derived-${purpose}`, 32));
	const key = createSecretKey(bytes);
	bytes.fill(0);
	return key;
}

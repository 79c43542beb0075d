/**
 * Field tokens of JSON values whose length tells nothing of the value. A token is exactly as long as
 * its plaintext plus a constant, so `true` and `false`, or a list of two codes and one of five, would
 * be told apart by anyone holding a copy of the file. The JSON is therefore padded with spaces (JSON
 * whitespace: every JSON.parse reads the value back unchanged, so readers need nothing of this) to a
 * whole number of SEALED_JSON_BLOCK bytes before it is encrypted. Every short structured value (a flag,
 * a code, a code list, null) seals to one and the same length; a long free text still shows its length
 * to the nearest block.
 *
 * Used for the ESF answer (esf-answer.ts), the encrypted values of field history (services/sync-push
 * `writeHistory`) and of sync conflicts (services/sync-records `sealConflictValue`), and by
 * org-data-upgrade.ts to pad what older builds wrote.
 */
import type { OrgKeyring } from '../lib/crypto';

/** Context of an encrypted field_history value (services/client-history.service.ts `historyContext` reads it). */
export const historyValueContext = (rowId: string) => `history:${rowId}`;
/** Context of an encrypted sync_conflicts value (services/sync-records.service.ts reads it). */
export const conflictValueContext = (part: 'base' | 'mine' | 'server', conflictId: string) => `conflict.${part}:${conflictId}`;

/** Plaintext bytes of a sealed JSON value are a multiple of this (any code list of today fits in one). */
export const SEALED_JSON_BLOCK = 256;

/** `json` followed by spaces up to the next multiple of SEALED_JSON_BLOCK UTF-8 bytes (at least one block). */
export function padJson(json: string): string {
	const bytes = Buffer.byteLength(json, 'utf8');
	const padded = Math.max(1, Math.ceil(bytes / SEALED_JSON_BLOCK)) * SEALED_JSON_BLOCK;
	return json + ' '.repeat(padded - bytes);
}

/** `value` as JSON, padded, sealed as a field token under `context`; JSON.parse of its plaintext gives `value`. */
export function sealJson(keyring: OrgKeyring, value: unknown, context: string): string {
	return keyring.encryptField(padJson(JSON.stringify(value)), context);
}

/**
 * Tells from a token's length alone (no decryption) whether it is padded: a token's length grows with
 * every plaintext byte, so only a plaintext of whole blocks gives the length of a token of whole
 * blocks. A value whose JSON happened to fill whole blocks unpadded counts as padded, rightly: padding
 * would add nothing to it. The lengths are measured on this keyring's own tokens, once each.
 */
export function paddedTokenTest(keyring: OrgKeyring): (token: string) => boolean {
	const lengths: number[] = [];
	const lengthOf = (blocks: number): number =>
		(lengths[blocks] ??= keyring.encryptField(' '.repeat(blocks * SEALED_JSON_BLOCK), 'sealed-json-length').length);
	return (token) => {
		let blocks = 1;
		while (lengthOf(blocks) < token.length) blocks++;
		return lengthOf(blocks) === token.length;
	};
}

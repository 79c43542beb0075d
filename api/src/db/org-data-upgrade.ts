/**
 * Data conversions that need the organisation's keys, run by OrgRegistry each time it opens a file,
 * right after the migrations (which cannot: they run before the keyring is unwrapped) and before
 * anyone reads the file. Each step selects only rows still in the old form, so running it again
 * changes nothing; all steps commit in one IMMEDIATE transaction, so a crash leaves the old form
 * whole and the next open does the work again.
 *
 * - Plain SHA-256 digests of personal data become keyed digests (lib/crypto `keyedDigest`):
 *   `sync_mutations.content_hash` (of the pushed mutation's canonical JSON: a henkilötunnus or the ESF
 *   disadvantages could be confirmed by hashing guesses) and `attachments.sha256` (of the plain file).
 *   The old value is exactly 64 lowercase hex characters; the new one is 'k1:' + HMAC of that digest,
 *   the same value the server now stores for new rows, so duplicate detection keeps working across
 *   the conversion. One UPDATE per table, through an SQL function bound to this file's keyring.
 * - ESF answers (db/esf-answer.ts): an old `disadvantages` token (the code list alone) is sealed
 *   again as the whole padded answer, declined when migration 0011 put its id in
 *   `esf_declined_upgrade` (the plain flag's last trace, dropped here).
 * - Encrypted values of `field_history` and `sync_conflicts` sealed without padding (their token's
 *   length told `true` from `false`, or how many codes a list had) are sealed again padded to whole
 *   blocks (db/sealed-json.ts), under the same context, so they read back the same. A token already
 *   of a padded length is left as it is; so is a conflict value that does not open under its
 *   context (a plain value that only looks like a token). One UPDATE per table, through SQL functions
 *   bound to this file's keyring.
 *
 * Rewriting a value leaves the old bytes in freed space of the file (SQLite reuses, not wipes, it;
 * even `secure_delete` leaves some behind when pages are rebalanced), so a conversion that changed
 * anything is followed by VACUUM, which writes the file anew.
 *
 * `PRAGMA user_version` (nothing else uses it) records the state: DIGESTS_KEYED once the digest
 * columns are converted, so later opens skip their scans (sync_mutations grows without end: about a
 * second per million rows); SEALED_VALUES_PADDED likewise for the history and conflict values (field
 * history grows without end too); VACUUM_OWED from the conversion's commit until VACUUM has run, so a
 * VACUUM that fails (another process holding the file) is done by the next open. An older build
 * writing to the file after this one opened it would leave plain digests (or unpadded values) behind;
 * setting user_version to 0 makes the next open convert them.
 */
import type Database from 'better-sqlite3';
import { CryptoError, type OrgKeyring } from '../lib/crypto';
import { ESF_ANSWER_PAD, openEsfAnswer, sealEsfAnswer } from './esf-answer';
import { conflictValueContext, historyValueContext, padJson, paddedTokenTest } from './sealed-json';

/** An old plain digest: 64 lowercase hex characters (a keyed one starts with 'k1:'). */
const PLAIN_DIGEST = (column: string) => `(length(${column}) = 64 AND ${column} NOT GLOB '*[^0-9a-f]*')`;

const KEYED_DIGEST_COLUMNS = [
	{ table: 'sync_mutations', column: 'content_hash' },
	{ table: 'attachments', column: 'sha256' }
] as const;

const ESF_DECLINED_UPGRADE = 'esf_declined_upgrade';

/** Bits of `PRAGMA user_version`. */
const VACUUM_OWED = 1;
const DIGESTS_KEYED = 2;
const SEALED_VALUES_PADDED = 4;

/** The conversions above; on a current file, one small scan of esf_participations. */
export function upgradeOrgData(sqlite: Database.Database, keyring: OrgKeyring): void {
	const state = sqlite.pragma('user_version', { simple: true }) as number;
	const digests =
		state & DIGESTS_KEYED
			? []
			: KEYED_DIGEST_COLUMNS.filter(({ table, column }) => sqlite.prepare(`SELECT 1 FROM ${table} WHERE ${PLAIN_DIGEST(column)} LIMIT 1`).get() !== undefined);
	// Every answer sealed today is exactly this long; an old one (a shorter plaintext) is not.
	const sealedLength = keyring.encryptField(' '.repeat(ESF_ANSWER_PAD), 'esf-answer-length').length;
	const esf = hasTable(sqlite, ESF_DECLINED_UPGRADE) || sqlite.prepare('SELECT 1 FROM esf_participations WHERE length(disadvantages) <> ? LIMIT 1').get(sealedLength) !== undefined;
	const pad = !(state & SEALED_VALUES_PADDED);
	if (!(state & DIGESTS_KEYED) || esf || pad) {
		sqlite.function('polku_keyed_digest', { deterministic: true }, (digest: unknown) => keyring.keyedDigest(String(digest)));
		const padSealedValues = pad ? sealedValuePadding(sqlite, keyring) : null;
		sqlite
			.transaction(() => {
				let changed = 0;
				for (const { table, column } of digests) {
					changed += sqlite.prepare(`UPDATE ${table} SET ${column} = polku_keyed_digest(${column}) WHERE ${PLAIN_DIGEST(column)}`).run().changes;
				}
				if (esf) changed += upgradeEsfAnswers(sqlite, keyring, sealedLength);
				if (padSealedValues) changed += padSealedValues();
				// Read again under the write lock: another process may have converted (and owe VACUUM) meanwhile.
				const current = sqlite.pragma('user_version', { simple: true }) as number;
				sqlite.pragma(`user_version = ${current | DIGESTS_KEYED | SEALED_VALUES_PADDED | (changed > 0 ? VACUUM_OWED : 0)}`);
			})
			.immediate();
	}
	const now = sqlite.pragma('user_version', { simple: true }) as number;
	if (now & VACUUM_OWED) {
		sqlite.exec('VACUUM');
		sqlite.pragma(`user_version = ${now & ~VACUUM_OWED}`);
		// In WAL mode VACUUM's pages (and the old ones) sit in the WAL until a checkpoint; TRUNCATE empties it.
		sqlite.pragma('wal_checkpoint(TRUNCATE)');
	}
}

function hasTable(sqlite: Database.Database, name: string): boolean {
	return sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** Inside the conversion's transaction: every old ESF answer sealed anew; the number of rows changed. */
function upgradeEsfAnswers(sqlite: Database.Database, keyring: OrgKeyring, sealedLength: number): number {
	const declinedTable = hasTable(sqlite, ESF_DECLINED_UPGRADE);
	const declined = new Set(declinedTable ? sqlite.prepare(`SELECT id FROM ${ESF_DECLINED_UPGRADE}`).pluck().all() : []);
	const candidates = sqlite.prepare('SELECT id, disadvantages AS token FROM esf_participations WHERE length(disadvantages) <> ?').all(sealedLength) as { id: string; token: string }[];
	const update = sqlite.prepare('UPDATE esf_participations SET disadvantages = ? WHERE id = ?');
	let changed = 0;
	for (const { id, token } of candidates) {
		const answer = openEsfAnswer(keyring, id, token);
		if (!answer.legacy) continue; // a longer answer in today's form
		update.run(sealEsfAnswer(keyring, id, { disadvantages: answer.disadvantages, disadvantageDeclined: declined.has(id) }), id);
		changed++;
	}
	if (declinedTable) {
		sqlite.exec(`DROP TABLE ${ESF_DECLINED_UPGRADE}`);
		changed++;
	}
	return changed;
}

/** A field token as keyring.encryptField writes it ('v1.<iv>.<ct+tag>'). */
const TOKEN = /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Registers the SQL functions that pad history and conflict values, bound to this file's keyring (not
 * deterministic: sealing draws a fresh IV each time), and returns the step itself: to be run inside the
 * conversion's transaction, it seals every unpadded value anew and answers how many it sealed.
 * - polku_unpadded_history(token) / polku_pad_history(id, token): a field_history value of an
 *   `encrypted` row is a token (context `history:<id>`) or null.
 * - polku_unpadded_conflict(json) / polku_pad_conflict(id, part, json): a sync_conflicts column holds
 *   JSON; a sealed value is the JSON string of its token (context `conflict.<part>:<id>`).
 */
function sealedValuePadding(sqlite: Database.Database, keyring: OrgKeyring): () => number {
	const padded = paddedTokenTest(keyring);
	const unpadded = (token: unknown): token is string => typeof token === 'string' && !padded(token);
	let sealed = 0;
	// Only JSON (all writeHistory and sealConflictValue ever sealed) is padded: spaces after anything else would change what is read.
	const reseal = (token: string, context: string): string | null => {
		const plain = keyring.decryptField(token, context);
		try {
			JSON.parse(plain);
		} catch {
			return null;
		}
		sealed++;
		return keyring.encryptField(padJson(plain), context);
	};
	const conflictToken = (json: unknown): string | null => {
		if (typeof json !== 'string') return null;
		let value: unknown;
		try {
			value = JSON.parse(json);
		} catch {
			return null;
		}
		return typeof value === 'string' && TOKEN.test(value) && unpadded(value) ? value : null;
	};
	sqlite.function('polku_unpadded_history', (token: unknown) => (unpadded(token) ? 1 : 0));
	sqlite.function('polku_pad_history', (id: unknown, token: unknown) => (unpadded(token) ? (reseal(token, historyValueContext(String(id))) ?? token) : token));
	sqlite.function('polku_unpadded_conflict', (json: unknown) => (conflictToken(json) === null ? 0 : 1));
	sqlite.function('polku_pad_conflict', (id: unknown, part: unknown, json: unknown) => {
		const token = conflictToken(json);
		if (token === null) return json;
		try {
			const value = reseal(token, conflictValueContext(part as 'base' | 'mine' | 'server', String(id)));
			return value === null ? json : JSON.stringify(value);
		} catch (error) {
			// Does not open under this conflict's context: a plain value (of a field not encrypted) that only looks like a token.
			if (error instanceof CryptoError) return json;
			throw error;
		}
	});
	return () => {
		sealed = 0;
		sqlite
			.prepare(
				`UPDATE field_history SET from_value = polku_pad_history(id, from_value), to_value = polku_pad_history(id, to_value)
				 WHERE protection = 'encrypted' AND (polku_unpadded_history(from_value) OR polku_unpadded_history(to_value))`
			)
			.run();
		sqlite
			.prepare(
				`UPDATE sync_conflicts SET base = polku_pad_conflict(id, 'base', base), mine = polku_pad_conflict(id, 'mine', mine), server = polku_pad_conflict(id, 'server', server)
				 WHERE polku_unpadded_conflict(base) OR polku_unpadded_conflict(mine) OR polku_unpadded_conflict(server)`
			)
			.run();
		return sealed;
	};
}

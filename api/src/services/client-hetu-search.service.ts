/**
 * Exact search by henkilötunnus (`POST /api/clients/search-by-hetu`), online only.
 *
 * Devices hold nothing that can test a guess of a code (no part of it, no keyed digest, no key), so
 * this is the only place a typed code is matched: against the server's blind index (`hetu_index`,
 * the same HMAC the duplicate check of `client.set-hetu` uses).
 *
 * Invariants:
 * - Answers only clients the caller may read (client-scope.ts, the same rule as pulls); a match
 *   outside the caller's scope is answered exactly like no match.
 * - Every search writes a `client.hetu-search` audit row naming the client found (or none), never the
 *   code; a client delivered also gets its `client.read` row, as in pulls, so it shows in "who has
 *   seen my data". The rows are written in the same transaction as the read.
 * - The code never reaches a log or an error message: an invalid one is a 422 naming the field and
 *   the reason only.
 */
import { parseHetu, type ClientHetuSearchResult } from '@polku/shared';
import { and, eq } from 'drizzle-orm';
import type { OrgHandle } from '../db/org-registry';
import { clients } from '../db/schema';
import { ValidationFailed } from '../lib/errors';
import { appendAudit } from './audit.service';
import type { Caller } from './caller';
import { clientScopeCondition, liveClientCondition } from './client-scope';
import { toClientDto } from './sync-records.service';

export function searchClientsByHetu(org: OrgHandle, caller: Caller, input: string): ClientHetuSearchResult {
	const parsed = parseHetu(input);
	if (!parsed.valid) {
		throw new ValidationFailed([{ field: 'hetu', code: `hetu-${parsed.reason}`, message: `Not a valid henkilötunnus: ${parsed.reason}` }]);
	}
	const index = org.keyring.blindIndex(parsed.hetu, 'hetu');
	return org.write((tx) => {
		const scope = clientScopeCondition(caller, 'client', 'read');
		const found =
			scope === false
				? []
				: tx
						.select()
						.from(clients)
						.where(and(eq(clients.hetuIndex, index), liveClientCondition(scope)))
						.all();
		// Live codes are unique (a partial unique index), so there is at most one; the loop is for safety.
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'client.hetu-search',
			entity: 'client',
			entityId: found.length === 1 ? (found[0]?.id ?? null) : null,
			address: caller.address,
			detail: { found: found.length }
		});
		for (const row of found) {
			appendAudit(tx, {
				at: caller.now,
				actorId: caller.userId,
				action: 'client.read',
				entity: 'client',
				entityId: row.id,
				address: caller.address,
				detail: { via: 'hetu-search' }
			});
		}
		return { clients: found.map((row) => toClientDto(row, org.keyring)) };
	});
}

/**
 * Helpers for the client-record sync tests: one sealed mutation pushed and its result, full client
 * inputs with the defaults applied, valid henkilötunnus codes made to order, and the organisation's
 * file read back from disk (to check that plaintext never reaches it).
 */
import { ClientInputSchema, type ClientInput, type Mutation, type PushResult } from '@polku/shared';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { organisations } from '../db/control-schema';
import type { TestApp } from './create-test-app';

export async function pushOne(t: TestApp, token: string, mutation: Mutation | Record<string, unknown>): Promise<PushResult> {
	const res = await t.push(token, [await t.sealMutation(mutation, { mutationId: t.mutationId() })]);
	const [r] = res.results;
	if (!r) throw new Error('no result');
	return r;
}

/** A client.create payload with every default and a start date (the default minimum data set). */
export function newClient(unitId: string, over: Partial<ClientInput> = {}): ClientInput {
	return ClientInputSchema.parse({
		id: randomUUID(),
		unitId,
		firstName: 'Testi',
		lastName: 'Asiakas',
		nickname: null,
		birthYear: 2005,
		gender: 'unknown',
		municipality: 'unknown',
		startDate: '2026-02-01',
		...over
	});
}

const CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
/** A henkilötunnus with the right check character: `ddmmyy`, the century sign and the individual number. */
export function hetuOf(ddmmyy: string, sign: string, nnn: string): string {
	return `${ddmmyy}${sign}${nnn}${CHECK[Number(ddmmyy + nnn) % 31] ?? ''}`;
}

/** The organisation's SQLite file and its WAL as text (latin1, so every byte is kept). */
export function orgFileText(t: TestApp): string {
	t.org.sqlite.pragma('wal_checkpoint(TRUNCATE)');
	const path = t.org.sqlite.name;
	const wal = `${path}-wal`;
	return readFileSync(path).toString('latin1') + (existsSync(wal) ? readFileSync(wal).toString('latin1') : '');
}

/** Writes organisation settings (control database), as an admin's settings change would. */
export function setOrgSettings(t: TestApp, settings: Record<string, unknown>): void {
	t.ctx.control.update(organisations).set({ settings }).where(eq(organisations.id, t.org.id)).run();
}

/**
 * The one place the UI reads the organisation's client-record context: settings (henkilötunnus unit
 * kinds, the minimum data set), local and hidden codes, colleagues and units. Online it is
 * `session.me` (GET /api/me); after an offline reload and unlock it is the user's DEK-encrypted
 * device profile (`offline.orgContext`, refreshed from every /api/me). Otherwise the organisation
 * defaults. The record manager reads the same profile (`offline.recordContext()`).
 *
 * Reactive when called inside `$derived`/templates (both sources are runes state).
 */
import {
	DEFAULT_HETU_UNIT_KINDS,
	DEFAULT_REQUIRED_CLIENT_FIELDS,
	type ClientRecordSettings,
	type CodeOverrides,
	type Colleague,
	type Unit
} from '@polku/shared';
import { offline, type OrgContext } from '$lib/managers/offline-manager.svelte';
import { session } from '$lib/managers/session-manager.svelte';

type Context = Pick<OrgContext, 'userId' | 'displayName' | 'unitIds' | 'units' | 'settings' | 'codeOverrides' | 'colleagues'>;

const DEFAULT_SETTINGS: ClientRecordSettings = {
	hetuUnitKinds: [...DEFAULT_HETU_UNIT_KINDS],
	requiredClientFields: [...DEFAULT_REQUIRED_CLIENT_FIELDS]
};

function context(): Context | null {
	const me = session.me;
	if (me) {
		return {
			userId: me.user.id,
			displayName: me.user.displayName,
			unitIds: me.user.unitIds,
			units: me.units,
			settings: me.settings,
			codeOverrides: me.codeOverrides,
			colleagues: me.colleagues
		};
	}
	return offline.orgContext;
}

/** hetuUnitKinds and requiredClientFields of the organisation. */
export function orgSettings(): ClientRecordSettings {
	return context()?.settings ?? DEFAULT_SETTINGS;
}

/** Hidden national codes and local codes per list (undefined: none known, the national lists stand). */
export function codeOverrides(): CodeOverrides | undefined {
	return context()?.codeOverrides;
}

/** Users who share a unit with the signed-in user (responsible-worker choices). */
export function colleagues(): readonly Colleague[] {
	return context()?.colleagues ?? [];
}

/** Every unit the user can see. */
export function orgUnits(): readonly Unit[] {
	return context()?.units ?? [];
}

/** The units the user belongs to (and so may record for). */
export function myUnits(): readonly Unit[] {
	const c = context();
	return c ? c.units.filter((u) => c.unitIds.includes(u.id)) : [];
}

/** A worker's display name (the user themselves or a colleague), or null when unknown here. */
export function workerName(id: string): string | null {
	const c = context();
	if (!c) return null;
	if (c.userId === id) return c.displayName;
	return c.colleagues.find((w) => w.id === id)?.displayName ?? null;
}

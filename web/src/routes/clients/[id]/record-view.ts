/** Small helpers the record's sections share. */
import { codeLabel, type CodeList } from '@polku/shared';
import { localeManager } from '$lib/i18n/locale-manager.svelte';
import { codeOverrides, orgUnits, workerName as nameOfWorker } from '$lib/managers/org-context';
import type { ClientRecordView } from '$lib/offline/client-record-types';

export type RecordClient = ClientRecordView['client'];

/** "First Last", or the nickname when there is no full name. */
export function displayNameOf(c: Pick<RecordClient, 'firstName' | 'lastName' | 'nickname'>): string {
	return [c.firstName, c.lastName].filter(Boolean).join(' ') || c.nickname || '–';
}

/** A stored code's label (local codes included), or a dash for "not answered". */
export function label(list: CodeList, code: string | null | undefined): string {
	return codeLabel(list, codeOverrides(), code ?? null, localeManager.current) ?? '–';
}

export function text(value: string | number | null | undefined): string {
	return value === null || value === undefined || value === '' ? '–' : String(value);
}

export function unitOf(unitId: string) {
	return orgUnits().find((u) => u.id === unitId);
}

export function workerName(id: string): string {
	return nameOfWorker(id) ?? '–';
}

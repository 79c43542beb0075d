/**
 * The organisation's code-list overrides (shared/codes/local-codes.ts): hidden national codes and
 * local codes, kept in the organisation's settings in the control database and handed to devices in
 * `/api/me`. Only an admin edits them (`organisation:update`); every edit is audited.
 *
 * Invariant: a local code, once it exists, is never removed (records may hold it), only hidden;
 * checkCodeListOverride refuses the removal against the stored value.
 */
import { checkCodeListOverride, type CodeListOverride, type CodeOverrides, type ExtensibleListId } from '@polku/shared';
import type { AppContext } from '../context';
import type { OrgHandle } from '../db/org-registry';
import { ValidationFailed } from '../lib/errors';
import { appendAudit } from './audit.service';
import type { Caller } from './caller';
import { organisationSettings, updateOrganisationSettings } from './organisation.service';

export function getCodeOverrides(ctx: AppContext, org: OrgHandle): CodeOverrides {
	return organisationSettings(ctx, org.id).codeOverrides;
}

/** `PUT /api/code-lists/:listId`: replaces one list's overrides; answers every list's. */
export function updateCodeList(ctx: AppContext, org: OrgHandle, caller: Caller, listId: ExtensibleListId, next: CodeListOverride): CodeOverrides {
	const previous = getCodeOverrides(ctx, org)[listId];
	const issues = checkCodeListOverride(listId, next, previous);
	if (issues.length > 0) throw new ValidationFailed(issues.map(({ field, code, message }) => ({ field, code, message })));
	// The audit row and the settings change commit together: a failing control write rolls the audit back.
	return org.write((tx) => {
		appendAudit(tx, {
			at: caller.now,
			actorId: caller.userId,
			action: 'code-list.update',
			entity: 'code-list',
			entityId: listId,
			address: caller.address,
			detail: { listId, hidden: next.hidden.length, local: next.local.length, hiddenLocal: next.local.filter((l) => l.hidden).length }
		});
		const stored = updateOrganisationSettings(
			ctx,
			org.id,
			(settings) => {
				const overrides = typeof settings.codeOverrides === 'object' && settings.codeOverrides !== null ? settings.codeOverrides : {};
				return { codeOverrides: { ...overrides, [listId]: next } };
			},
			caller.now
		);
		return stored.codeOverrides;
	});
}

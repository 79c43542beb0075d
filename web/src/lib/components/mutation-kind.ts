/**
 * What a mutation kind is called for people, and why the server did not apply one (the sync page's
 * quarantine and an admin's held items use the same words); an unknown kind is shown as it is.
 */
import type { MutationKind } from '@polku/shared';
import { m } from '$lib/paraglide/messages.js';

const KIND_LABELS: Record<MutationKind, () => string> = {
	'encounter.create': () => m.sync_kind_encounter(),
	'anonymous-contact.create': () => m.sync_kind_anonymous_contact(),
	'client.create': () => m.sync_kind_client_create(),
	'client.update': () => m.sync_kind_client_update(),
	'conflict.resolve': () => m.sync_kind_conflict_resolve(),
	'client.set-hetu': () => m.sync_kind_client_set_hetu(),
	'client.viewed': () => m.sync_kind_client_viewed(),
	'client-sensitive.update': () => m.sync_kind_client_sensitive(),
	'situation.create': () => m.sync_kind_situation(),
	'situation.update': () => m.sync_kind_situation(),
	'service.create': () => m.sync_kind_service(),
	'service.update': () => m.sync_kind_service(),
	'consent.create': () => m.sync_kind_consent(),
	'consent.withdraw': () => m.sync_kind_consent_withdraw(),
	'memo.create': () => m.sync_kind_memo(),
	'follow-up.create': () => m.sync_kind_follow_up(),
	'client.merge': () => m.sync_kind_merge(),
	'client.unmerge': () => m.sync_kind_unmerge(),
	'coaching-period.create': () => m.sync_kind_period(),
	'coaching-period.update': () => m.sync_kind_period(),
	'goal.create': () => m.sync_kind_goal(),
	'goal.update': () => m.sync_kind_goal(),
	'goal-note.create': () => m.sync_kind_goal_note(),
	'attendance.set': () => m.sync_kind_attendance(),
	'diary.create': () => m.sync_kind_diary(),
	'assessment.create': () => m.sync_kind_assessment(),
	'coaching-report.create': () => m.sync_kind_report(),
	'coaching-report.update': () => m.sync_kind_report(),
	'coaching-report.printed': () => m.sync_kind_report_printed(),
	'esf-participation.create': () => m.sync_kind_esf(),
	'esf-participation.update': () => m.sync_kind_esf()
};

export function mutationKindLabel(kind: string): string {
	return (KIND_LABELS as Partial<Record<string, () => string>>)[kind]?.() ?? kind;
}

/**
 * Why an item was not applied: the push result's `reason` (or a field error's code) first, then the
 * problem's code.
 */
export function syncReasonText(reason: string | null | undefined, code: string | null | undefined): string {
	if (reason === 'mutation-reused') return m.sync_reason_mutation_reused();
	if (reason === 'record-exists') return m.sync_reason_record_exists();
	switch (code) {
		case 'validation-failed':
			return m.sync_reason_validation();
		case 'forbidden':
			return m.sync_reason_forbidden();
		case 'unknown-reference':
			return m.sync_reason_unknown_reference();
		case 'seal-invalid':
			return m.sync_reason_seal();
		case 'schema-unsupported':
			return m.sync_reason_schema();
		case 'device-revoked':
			return m.sync_reason_revoked();
		default:
			return m.sync_reason_other();
	}
}

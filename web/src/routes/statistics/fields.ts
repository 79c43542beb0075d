/** Labels of the completeness check's fields (shared COMPLETENESS_FIELDS). */
import type { CompletenessField } from '@polku/shared';
import { m } from '$lib/paraglide/messages.js';

const LABELS: Record<CompletenessField, () => string> = {
	'start-date': () => m.stats_field_start_date(),
	birth: () => m.stats_field_birth(),
	'mother-tongue': () => m.stats_field_mother_tongue(),
	'referral-source': () => m.stats_field_referral_source(),
	'main-activity-at-start': () => m.stats_field_main_activity(),
	'placement-at-end': () => m.stats_field_placement_at_end(),
	'period-placement': () => m.stats_field_period_placement(),
	'esf-employment-status-at-start': () => m.stats_field_esf_status_start(),
	'esf-education-at-start': () => m.stats_field_esf_education(),
	'esf-status-on-leaving': () => m.stats_field_esf_status_end(),
	'esf-qualification': () => m.stats_field_esf_qualification()
};

export function fieldLabel(field: CompletenessField): string {
	return LABELS[field]();
}

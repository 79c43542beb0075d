/**
 * The coaching period's form as text fields (what the inputs hold) and back to
 * `CoachingPeriodFields`: euros typed with a comma or a point become cents, hours quarter hours,
 * empty texts null. Errors are named by the field, like the manager's `SubmitValidationError`.
 */
import { CoachingPeriodFieldsSchema, periodFieldIssues, type CoachingPeriod, type CoachingPeriodFields, type Weekday } from '@polku/shared';

export interface PeriodDraft {
	type: string | null;
	workCoachId: string;
	individualCoachId: string;
	referringOrganisation: string;
	referringContact: string;
	payingOrganisation: string;
	payingContact: string;
	contractStart: string;
	contractEnd: string;
	daysPerWeek: string;
	hoursPerDay: string;
	weekdays: number[];
	price: string;
	priceUnit: string | null;
	expenseCompensation: string;
	startDate: string;
	endDate: string;
	placementAfter: string | null;
	workTimePlan: string;
}

export function emptyDraft(today: string, userId: string | null): PeriodDraft {
	return {
		type: 'youth-workshop',
		workCoachId: userId ?? '',
		individualCoachId: '',
		referringOrganisation: '',
		referringContact: '',
		payingOrganisation: '',
		payingContact: '',
		contractStart: today,
		contractEnd: '',
		daysPerWeek: '5',
		hoursPerDay: '6',
		weekdays: [1, 2, 3, 4, 5],
		price: '',
		priceUnit: null,
		expenseCompensation: '',
		startDate: today,
		endDate: '',
		placementAfter: null,
		workTimePlan: ''
	};
}

const euros = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2).replace('.', ','));

export function draftOf(p: CoachingPeriodFields): PeriodDraft {
	return {
		type: p.type,
		workCoachId: p.workCoachId ?? '',
		individualCoachId: p.individualCoachId ?? '',
		referringOrganisation: p.referringOrganisation ?? '',
		referringContact: p.referringContact ?? '',
		payingOrganisation: p.payingOrganisation ?? '',
		payingContact: p.payingContact ?? '',
		contractStart: p.contractStart,
		contractEnd: p.contractEnd ?? '',
		daysPerWeek: String(p.daysPerWeek),
		hoursPerDay: String(p.hoursPerDay),
		weekdays: [...p.weekdays],
		price: euros(p.priceCents),
		priceUnit: p.priceUnit,
		expenseCompensation: euros(p.expenseCompensationCents),
		startDate: p.startDate,
		endDate: p.endDate ?? '',
		placementAfter: p.placementAfter,
		workTimePlan: p.workTimePlan ?? ''
	};
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** "12,50" or "12.5" → 1250; '' → null; NaN when it is not a sum of money. */
export function centsOf(text: string): number | null {
	const t = text.trim().replace(/\s|€/g, '').replace(',', '.');
	if (t === '') return null;
	if (!/^\d+(\.\d{1,2})?$/.test(t)) return Number.NaN;
	return Math.round(Number(t) * 100);
}

function numberOf(text: string): number {
	const t = text.trim().replace(',', '.');
	return t === '' ? Number.NaN : Number(t);
}

/** The fields, or the errors by field (codes, for `fieldMessage`). */
export function fieldsOf(d: PeriodDraft): { fields: CoachingPeriodFields } | { errors: Record<string, string> } {
	const priceCents = centsOf(d.price);
	const expense = centsOf(d.expenseCompensation);
	const candidate = {
		type: d.type,
		workCoachId: orNull(d.workCoachId),
		individualCoachId: orNull(d.individualCoachId),
		referringOrganisation: orNull(d.referringOrganisation),
		referringContact: orNull(d.referringContact),
		payingOrganisation: orNull(d.payingOrganisation),
		payingContact: orNull(d.payingContact),
		contractStart: d.contractStart,
		contractEnd: orNull(d.contractEnd),
		daysPerWeek: numberOf(d.daysPerWeek),
		hoursPerDay: numberOf(d.hoursPerDay),
		weekdays: [...d.weekdays].sort((a, b) => a - b) as Weekday[],
		priceCents,
		priceUnit: d.priceUnit,
		expenseCompensationCents: expense,
		startDate: d.startDate,
		endDate: orNull(d.endDate),
		placementAfter: d.placementAfter,
		workTimePlan: orNull(d.workTimePlan)
	};
	const errors: Record<string, string> = {};
	const parsed = CoachingPeriodFieldsSchema.safeParse(candidate);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			const field = String(issue.path[0] ?? 'type');
			const params = (issue as { params?: { code?: string } }).params;
			const required = (field === 'type' && candidate.type === null) || ((field === 'contractStart' || field === 'startDate') && candidate[field] === '');
			if (!(field in errors)) errors[field] = required ? 'required' : (params?.code ?? issue.code);
		}
		return { errors };
	}
	for (const issue of periodFieldIssues(parsed.data)) if (!(issue.field in errors)) errors[issue.field] = issue.code;
	return Object.keys(errors).length > 0 ? { errors } : { fields: parsed.data };
}

/** The fields of `next` that differ from the period's (the update's patch). */
export function changedFields(period: CoachingPeriod, next: CoachingPeriodFields): Partial<CoachingPeriodFields> {
	const patch: Record<string, unknown> = {};
	for (const key of Object.keys(next) as (keyof CoachingPeriodFields)[]) {
		if (JSON.stringify(next[key]) !== JSON.stringify(period[key])) patch[key] = next[key];
	}
	return patch as Partial<CoachingPeriodFields>;
}

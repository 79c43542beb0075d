import { describe, expect, it } from 'vitest';
import { centsOf, draftOf, emptyDraft, fieldsOf } from './period-form';

describe('centsOf', () => {
	it('reads euros with a comma or a point, and an empty field as none', () => {
		expect(centsOf('12,50')).toBe(1250);
		expect(centsOf('12.5 €')).toBe(1250);
		expect(centsOf('9')).toBe(900);
		expect(centsOf(' ')).toBeNull();
	});

	it('refuses what is not a sum', () => {
		expect(centsOf('12,505')).toBeNaN();
		expect(centsOf('kymmenen')).toBeNaN();
	});
});

describe('fieldsOf', () => {
	it('turns a new period draft into the fields, texts trimmed and empty ones null', () => {
		const draft = { ...emptyDraft('2026-03-02', null), payingOrganisation: ' TE-palvelut ', hoursPerDay: '5,5', expenseCompensation: '9' };
		const result = fieldsOf(draft);
		expect('fields' in result).toBe(true);
		if (!('fields' in result)) return;
		expect(result.fields).toMatchObject({
			type: 'youth-workshop',
			workCoachId: null,
			payingOrganisation: 'TE-palvelut',
			referringOrganisation: null,
			hoursPerDay: 5.5,
			weekdays: [1, 2, 3, 4, 5],
			expenseCompensationCents: 900,
			contractEnd: null
		});
		expect(draftOf(result.fields).hoursPerDay).toBe('5.5');
	});

	it('names the fields that are wrong, with the codes of the shared rules', () => {
		const draft = { ...emptyDraft('2026-03-02', null), type: null, hoursPerDay: '6,1', weekdays: [1, 2], price: '100' };
		const result = fieldsOf(draft);
		expect('errors' in result && result.errors).toMatchObject({ type: 'required', hoursPerDay: 'quarter-hours' });
	});

	it('applies the cross-field rules once each field is valid', () => {
		const draft = { ...emptyDraft('2026-03-02', null), weekdays: [1, 2], price: '100', endDate: '2026-01-01' };
		const result = fieldsOf(draft);
		expect('errors' in result && result.errors).toEqual({ weekdays: 'too-few-weekdays', priceUnit: 'required', endDate: 'before-start' });
	});
});

/**
 * The stored form of an ESF participant's answer to the disadvantage question (special categories,
 * GDPR art. 9): the code list and whether the participant declined to answer, sealed together as one
 * field token in `esf_participations.disadvantages` (context `esf-participation.disadvantages:<id>`).
 *
 * The plaintext is the JSON `{"disadvantages":[…],"disadvantageDeclined":…}` padded with spaces (JSON
 * ignores them) to a multiple of ESF_ANSWER_PAD bytes (sealed-json.ts), so that the token's length
 * tells neither the flag nor how many codes were given. Used by services/esf-participation.service.ts and
 * statistics-facts.ts to read and write, and by org-data-upgrade.ts to convert the older form.
 */
import type { EsfParticipationFields } from '@polku/shared';
import type { OrgKeyring } from '../lib/crypto';
import { SEALED_JSON_BLOCK, sealJson } from './sealed-json';

export type EsfAnswer = Pick<EsfParticipationFields, 'disadvantages' | 'disadvantageDeclined'>;

export const esfDisadvantagesContext = (id: string) => `esf-participation.disadvantages:${id}`;

/**
 * Plaintext bytes of a sealed answer: every code of today's list fits (about 150 bytes); a longer
 * answer (a longer list some day) takes the next multiple, never a length of its own.
 */
export const ESF_ANSWER_PAD = SEALED_JSON_BLOCK;

export function sealEsfAnswer(keyring: OrgKeyring, id: string, answer: EsfAnswer): string {
	return sealJson(keyring, { disadvantages: answer.disadvantages, disadvantageDeclined: answer.disadvantageDeclined }, esfDisadvantagesContext(id));
}

/**
 * The answer in a `disadvantages` column. `legacy`: the older form, a bare JSON array of the codes
 * (the flag was a plain column then). OrgRegistry rewrites every such row when it opens the file,
 * folding in the flag of those that declined, so an array read afterwards is an answer that did not.
 */
export function openEsfAnswer(keyring: OrgKeyring, id: string, token: string): EsfAnswer & { legacy: boolean } {
	const value = JSON.parse(keyring.decryptField(token, esfDisadvantagesContext(id))) as unknown;
	if (Array.isArray(value)) return { disadvantages: value as EsfAnswer['disadvantages'], disadvantageDeclined: false, legacy: true };
	const answer = value as EsfAnswer;
	return { disadvantages: answer.disadvantages, disadvantageDeclined: answer.disadvantageDeclined === true, legacy: false };
}

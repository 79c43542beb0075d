import { randomInt } from 'node:crypto';

// No 0/o, 1/l/i: easy to read off a screen and type on a phone.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A random password like `k7dp-x3mh-q9ta-wr4e` (4 groups of 4 from 31 symbols, about 79 bits). */
export function randomReadablePassword(groups = 4): string {
	const parts: string[] = [];
	for (let g = 0; g < groups; g++) {
		let part = '';
		for (let i = 0; i < 4; i++) part += ALPHABET[randomInt(ALPHABET.length)];
		parts.push(part);
	}
	return parts.join('-');
}

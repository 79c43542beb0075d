/**
 * An organisation's address allowlist (setting `ipAllowlist`): addresses and CIDR ranges, IPv4 and
 * IPv6, matched with node:net's BlockList, which also matches IPv4-mapped IPv6 forms
 * (`::ffff:10.0.0.1`) against IPv4 rules and the other way round. An empty list allows any address;
 * with a list, an unknown address (no socket) is outside it.
 */
import { BlockList, isIP } from 'node:net';
import { AppError } from './errors';

export class AddressNotAllowed extends AppError {
	constructor() {
		super('address-not-allowed', 403, 'Your organisation allows Polku only from its own networks, and this address is not one of them.');
	}
}

/** Built lists by their entries; organisations have a handful of lists, requests reuse them. */
const built = new Map<string, BlockList>();
const MAX_BUILT = 256;

function blockListOf(entries: readonly string[]): BlockList {
	const cacheKey = entries.join(' ');
	const cached = built.get(cacheKey);
	if (cached) return cached;
	const list = new BlockList();
	for (const entry of entries) {
		const slash = entry.indexOf('/');
		const address = slash === -1 ? entry : entry.slice(0, slash);
		const family = isIP(address);
		// The settings schema only lets valid entries in; anything else (edited by hand) matches nothing.
		if (family === 0) continue;
		const type = family === 4 ? 'ipv4' : 'ipv6';
		try {
			if (slash === -1) list.addAddress(address, type);
			else list.addSubnet(address, Number(entry.slice(slash + 1)), type);
		} catch {
			// A prefix out of range: skipped like any other invalid entry.
		}
	}
	if (built.size >= MAX_BUILT) built.clear();
	built.set(cacheKey, list);
	return list;
}

export function addressAllowed(allowlist: readonly string[], address: string | null): boolean {
	if (allowlist.length === 0) return true;
	if (address === null) return false;
	const bare = address.replace(/%.*$/, ''); // an IPv6 zone id (fe80::1%eth0) is not part of the address
	const family = isIP(bare);
	if (family === 0) return false;
	return blockListOf(allowlist).check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

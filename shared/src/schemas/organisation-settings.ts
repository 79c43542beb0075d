/**
 * An organisation's settings: what the control database keeps for each organisation (missing keys
 * take their defaults), what GET /api/organisation/settings answers, and what an admin may PATCH.
 * The API validates with these; the web app may use them to build its settings form.
 */
import { z } from 'zod';
import { CodeOverridesSchema } from '../codes/local-codes';
import { UnitKindSchema } from '../roles';
import { DEFAULT_REQUIRED_CLIENT_FIELDS, RequirableClientFieldSchema } from './client';
import { DEFAULT_HETU_UNIT_KINDS } from './client-record';

/**
 * One entry of an address allowlist: an IPv4 or IPv6 address, or a CIDR range of either
 * (`10.0.0.0/8`, `2001:db8::/32`). An IPv4-mapped IPv6 form such as `::ffff:10.0.0.1` is the same
 * address as `10.0.0.1` when matched.
 */
export const IpAllowlistEntrySchema = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()], {
	error: 'an IPv4 or IPv6 address, or a CIDR range such as 10.0.0.0/8'
});

/** Enough for every office, VPN and mobile-operator range an organisation works from. */
export const MAX_IP_ALLOWLIST_ENTRIES = 200;

const sessionIdleMinutes = z.number().int().min(1).max(24 * 60);
const sessionMaxHours = z.number().int().min(1).max(24 * 30);
const smallCellThreshold = z.number().int().min(1).max(100);
const deviceLockMinutes = z.number().int().min(1).max(24 * 60);
const deviceTokenDays = z.number().int().min(1).max(365);
const hetuUnitKinds = z.array(UnitKindSchema);
const requiredClientFields = z.array(RequirableClientFieldSchema);
const ipAllowlist = z.array(IpAllowlistEntrySchema).max(MAX_IP_ALLOWLIST_ENTRIES);

/** As stored (control database, JSON). Parsing fills in the defaults of missing keys. */
export const OrganisationSettingsSchema = z.object({
	/** Unset: the server's default (POLKU_SESSION_IDLE_MINUTES). */
	sessionIdleMinutes: sessionIdleMinutes.optional(),
	/** Unset: the server's default (POLKU_SESSION_MAX_HOURS). */
	sessionMaxHours: sessionMaxHours.optional(),
	/** Published statistics suppress cells smaller than this. */
	smallCellThreshold: smallCellThreshold.default(5),
	/** A device's vault locks after this many idle minutes (MeSchema.session.deviceLockSeconds). */
	deviceLockMinutes: deviceLockMinutes.default(15),
	/** A device token expires this many days after the last sign-in that renewed it on the device. */
	deviceTokenDays: deviceTokenDays.default(30),
	/** Unit kinds whose clients may have a henkilötunnus (not outreach by default). */
	hetuUnitKinds: hetuUnitKinds.default([...DEFAULT_HETU_UNIT_KINDS]),
	/** The minimum data set: client fields required on create and never cleared. */
	requiredClientFields: requiredClientFields.default([...DEFAULT_REQUIRED_CLIENT_FIELDS]),
	/** Local codes and hidden codes per code list (codes/local-codes.ts); changed under /api/code-lists. */
	codeOverrides: CodeOverridesSchema.default({}),
	/** Addresses and ranges sign-in, sessions and device pushes must come from; empty: any address. */
	ipAllowlist: ipAllowlist.default([])
});
export type StoredOrganisationSettings = z.infer<typeof OrganisationSettingsSchema>;

/** Every setting with the value in force (GET and PATCH /api/organisation/settings answer this). */
export const OrganisationSettingsViewSchema = z.object({
	sessionIdleMinutes,
	sessionMaxHours,
	smallCellThreshold,
	deviceLockMinutes,
	deviceTokenDays,
	hetuUnitKinds,
	requiredClientFields,
	ipAllowlist
});
export type OrganisationSettingsView = z.infer<typeof OrganisationSettingsViewSchema>;

/**
 * A change of some settings; keys left out stay as they are. `null` returns the session limits to
 * the server's defaults. Code overrides are changed under /api/code-lists, not here.
 */
export const PatchOrganisationSettingsSchema = z.strictObject({
	sessionIdleMinutes: sessionIdleMinutes.nullable().optional(),
	sessionMaxHours: sessionMaxHours.nullable().optional(),
	smallCellThreshold: smallCellThreshold.optional(),
	deviceLockMinutes: deviceLockMinutes.optional(),
	deviceTokenDays: deviceTokenDays.optional(),
	hetuUnitKinds: hetuUnitKinds.optional(),
	requiredClientFields: requiredClientFields.optional(),
	ipAllowlist: ipAllowlist.optional()
});
export type PatchOrganisationSettings = z.infer<typeof PatchOrganisationSettingsSchema>;

/**
 * Server crypto (DESIGN.md, Keys). Everything the rest of the API may use; the siblings' other
 * exports are internal. seal.ts is WebCrypto-only and meant to be shared verbatim with the web app.
 */
export { loadMasterKey, type LoadedMasterKey, type MasterKey } from './master-key';
export {
	CryptoError,
	createOrgKeys,
	openOrgKeys,
	type OrgKeyring,
	type OrgPublicKey,
	type WrappedOrgKeys
} from './keyring';
export { SEAL_ALG, SealError, sealForOrg, type P256PublicJwk, type SealedEnvelope } from './seal';

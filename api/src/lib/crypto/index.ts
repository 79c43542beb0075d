/**
 * Server crypto (DESIGN.md, Keys). Everything the rest of the API may use; the siblings' other
 * exports are internal. Sealing itself lives in @polku/shared/seal (WebCrypto only), so the web app and the API use one file.
 */
export { loadMasterKey, type LoadedMasterKey, type MasterKey } from './master-key';
export {
	CryptoError,
	createOrgKeys,
	KEYED_DIGEST_PREFIX,
	openOrgKeys,
	type OrgKeyring,
	type OrgPublicKey,
	type WrappedOrgKeys
} from './keyring';
export { SEAL_ALG, SealError, sealForOrg, type P256PublicJwk, type SealedEnvelope } from '@polku/shared/seal';

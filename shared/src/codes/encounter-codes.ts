/**
 * Code lists of an outreach encounter (kohtaaminen) and of an anonymous contact. Channels follow the
 * issue's list and nuorisotilastot.fi's practice of counting contacts by channel (DOMAIN.md §2.2);
 * topics and actions are provisional (GUESS, DOMAIN.md §2.3) until the PARkki specification is seen.
 * Swedish labels marked (u) in DOMAIN.md's glossary are unverified translations.
 */
import { codeSchema, defineCodeList } from './code-list';

export const ENCOUNTER_CHANNELS = defineCodeList({
	id: 'encounter-channel',
	version: 1,
	provisional: false,
	entries: [
		{ code: 'street', labels: { fi: 'Katu tai julkinen tila', sv: 'Gata eller offentlig plats', en: 'Street or public space' } },
		{ code: 'school', labels: { fi: 'Oppilaitos', sv: 'Läroanstalt', en: 'School or college' } },
		{ code: 'online', labels: { fi: 'Verkko tai sosiaalinen media', sv: 'Nätet eller sociala medier', en: 'Online or social media' } },
		{ code: 'phone', labels: { fi: 'Puhelin', sv: 'Telefon', en: 'Phone' } },
		{ code: 'home-visit', labels: { fi: 'Kotikäynti', sv: 'Hembesök', en: 'Home visit' } },
		{ code: 'office', labels: { fi: 'Toimisto', sv: 'Kontor', en: 'Office' } },
		{ code: 'event', labels: { fi: 'Tapahtuma', sv: 'Evenemang', en: 'Event' } },
		{ code: 'other', labels: { fi: 'Muu', sv: 'Annat', en: 'Other' } }
	]
});
export const EncounterChannelSchema = codeSchema(ENCOUNTER_CHANNELS);
export type EncounterChannel = (typeof ENCOUNTER_CHANNELS.entries)[number]['code'];

/** What the young person's situation or need was about (aiheet / tarpeet). */
export const ENCOUNTER_TOPICS = defineCodeList({
	id: 'encounter-topic',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'education', labels: { fi: 'Opiskelu ja koulutus', sv: 'Studier och utbildning', en: 'Studies and education' } },
		{ code: 'employment', labels: { fi: 'Työ ja työnhaku', sv: 'Arbete och arbetssökande', en: 'Work and job seeking' } },
		{ code: 'income', labels: { fi: 'Toimeentulo ja raha-asiat', sv: 'Försörjning och ekonomi', en: 'Income and money' } },
		{ code: 'housing', labels: { fi: 'Asuminen', sv: 'Boende', en: 'Housing' } },
		{ code: 'health', labels: { fi: 'Terveys ja hyvinvointi', sv: 'Hälsa och välmående', en: 'Health and well-being' } },
		{ code: 'mental-health', labels: { fi: 'Mielenterveys', sv: 'Psykisk hälsa', en: 'Mental health' } },
		{ code: 'substances', labels: { fi: 'Päihteet', sv: 'Rusmedel', en: 'Substance use' } },
		{ code: 'relationships', labels: { fi: 'Perhe ja ihmissuhteet', sv: 'Familj och relationer', en: 'Family and relationships' } },
		{ code: 'daily-life', labels: { fi: 'Arjen hallinta', sv: 'Vardagshantering', en: 'Managing daily life' } },
		{ code: 'leisure', labels: { fi: 'Vapaa-aika', sv: 'Fritid', en: 'Leisure' } },
		{ code: 'services', labels: { fi: 'Palvelut ja etuudet', sv: 'Tjänster och förmåner', en: 'Services and benefits' } },
		{ code: 'legal', labels: { fi: 'Rikos- ja oikeusasiat', sv: 'Brott och juridiska frågor', en: 'Crime and legal matters' } },
		{ code: 'other', labels: { fi: 'Muu', sv: 'Annat', en: 'Other' } },
		{ code: 'unknown', labels: { fi: 'Ei tietoa', sv: 'Uppgift saknas', en: 'No information' } }
	]
});
export const EncounterTopicSchema = codeSchema(ENCOUNTER_TOPICS);
export type EncounterTopic = (typeof ENCOUNTER_TOPICS.entries)[number]['code'];

/** Guidance given or actions taken in the encounter (ohjaus ja toimenpiteet). */
export const ENCOUNTER_ACTIONS = defineCodeList({
	id: 'encounter-action',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'discussion', labels: { fi: 'Keskustelu ja tuki', sv: 'Samtal och stöd', en: 'Discussion and support' } },
		{ code: 'information', labels: { fi: 'Tiedon antaminen ja neuvonta', sv: 'Information och rådgivning', en: 'Information and advice' } },
		{ code: 'forms', labels: { fi: 'Apu hakemuksissa ja lomakkeissa', sv: 'Hjälp med ansökningar och blanketter', en: 'Help with applications and forms' } },
		{ code: 'to-education', labels: { fi: 'Ohjaus koulutukseen', sv: 'Hänvisning till utbildning', en: 'Guidance to education' } },
		{ code: 'to-employment-services', labels: { fi: 'Ohjaus työllisyyspalveluihin', sv: 'Hänvisning till sysselsättningstjänster', en: 'Guidance to employment services' } },
		{ code: 'to-social-services', labels: { fi: 'Ohjaus sosiaalipalveluihin', sv: 'Hänvisning till socialtjänster', en: 'Guidance to social services' } },
		{ code: 'to-health-services', labels: { fi: 'Ohjaus terveyspalveluihin', sv: 'Hänvisning till hälsotjänster', en: 'Guidance to health services' } },
		{ code: 'to-kela', labels: { fi: 'Ohjaus Kelaan', sv: 'Hänvisning till FPA', en: 'Guidance to Kela' } },
		{ code: 'to-workshop', labels: { fi: 'Ohjaus työpajaan', sv: 'Hänvisning till ungdomsverkstad', en: 'Guidance to a youth workshop' } },
		{ code: 'accompanied', labels: { fi: 'Saattaen palveluun', sv: 'Följde med till tjänsten', en: 'Accompanied to a service' } },
		{ code: 'network-meeting', labels: { fi: 'Verkostopalaveri', sv: 'Nätverksmöte', en: 'Network meeting' } },
		{ code: 'other', labels: { fi: 'Muu', sv: 'Annat', en: 'Other' } }
	]
});
export const EncounterActionSchema = codeSchema(ENCOUNTER_ACTIONS);
export type EncounterAction = (typeof ENCOUNTER_ACTIONS.entries)[number]['code'];

/** Gender as the registers record it (DOMAIN.md; ESF adds non-binary in its own export). */
export const GENDERS = defineCodeList({
	id: 'gender',
	version: 1,
	provisional: false,
	entries: [
		{ code: 'female', labels: { fi: 'Nainen', sv: 'Kvinna', en: 'Female' } },
		{ code: 'male', labels: { fi: 'Mies', sv: 'Man', en: 'Male' } },
		{ code: 'other', labels: { fi: 'Muu', sv: 'Annat', en: 'Other' } },
		{ code: 'unknown', labels: { fi: 'Ei tietoa', sv: 'Uppgift saknas', en: 'No information' } }
	]
});
export const GenderSchema = codeSchema(GENDERS);
export type Gender = (typeof GENDERS.entries)[number]['code'];

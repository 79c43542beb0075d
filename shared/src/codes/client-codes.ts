/**
 * Code lists of the client record (issue 4): mother tongue, education, situation, the client
 * relationship, services, consents, contact and attachments. Every statistical list has `unknown`
 * ("ei tietoa"), a valid answer to be corrected later. Lists marked `provisional` follow DOMAIN.md's
 * GUESS lists (§2.3, §4.3) until the PARkki specification is seen; their codes stay stable when
 * labels change. Swedish labels marked (u) in DOMAIN.md's glossary are unverified translations.
 *
 * Organisations may hide codes or add local ones (./local-codes.ts); a local code always maps to one
 * of these national codes, so statistics never break.
 */
import { codeSchema, defineCodeList } from './code-list';

const unknown = { code: 'unknown', labels: { fi: 'Ei tietoa', sv: 'Uppgift saknas', en: 'No information' } } as const;
const other = { code: 'other', labels: { fi: 'Muu', sv: 'Annat', en: 'Other' } } as const;

/**
 * Mother tongue (äidinkieli), ISO 639-1 codes where one exists. `group` feeds the national statistics'
 * mother-tongue groups (Finnish, Swedish, Sámi, other).
 */
export const MOTHER_TONGUES = defineCodeList({
	id: 'mother-tongue',
	version: 1,
	provisional: false,
	entries: [
		{ code: 'fi', labels: { fi: 'suomi', sv: 'finska', en: 'Finnish' } },
		{ code: 'sv', labels: { fi: 'ruotsi', sv: 'svenska', en: 'Swedish' } },
		{ code: 'se', labels: { fi: 'saame', sv: 'samiska', en: 'Sámi' } },
		{ code: 'ru', labels: { fi: 'venäjä', sv: 'ryska', en: 'Russian' } },
		{ code: 'et', labels: { fi: 'viro', sv: 'estniska', en: 'Estonian' } },
		{ code: 'ar', labels: { fi: 'arabia', sv: 'arabiska', en: 'Arabic' } },
		{ code: 'en', labels: { fi: 'englanti', sv: 'engelska', en: 'English' } },
		{ code: 'so', labels: { fi: 'somali', sv: 'somaliska', en: 'Somali' } },
		{ code: 'uk', labels: { fi: 'ukraina', sv: 'ukrainska', en: 'Ukrainian' } },
		{ code: 'fa', labels: { fi: 'persia (farsi, dari)', sv: 'persiska (farsi, dari)', en: 'Persian (Farsi, Dari)' } },
		{ code: 'ku', labels: { fi: 'kurdi', sv: 'kurdiska', en: 'Kurdish' } },
		{ code: 'zh', labels: { fi: 'kiina', sv: 'kinesiska', en: 'Chinese' } },
		{ code: 'sq', labels: { fi: 'albania', sv: 'albanska', en: 'Albanian' } },
		{ code: 'vi', labels: { fi: 'vietnam', sv: 'vietnamesiska', en: 'Vietnamese' } },
		{ code: 'th', labels: { fi: 'thai', sv: 'thailändska', en: 'Thai' } },
		{ code: 'tr', labels: { fi: 'turkki', sv: 'turkiska', en: 'Turkish' } },
		{ code: 'es', labels: { fi: 'espanja', sv: 'spanska', en: 'Spanish' } },
		{ code: 'de', labels: { fi: 'saksa', sv: 'tyska', en: 'German' } },
		{ code: 'pl', labels: { fi: 'puola', sv: 'polska', en: 'Polish' } },
		{ code: 'fi-sign', labels: { fi: 'suomalainen viittomakieli', sv: 'finskt teckenspråk', en: 'Finnish Sign Language' } },
		{ code: 'rom', labels: { fi: 'romani', sv: 'romani', en: 'Romani' } },
		other,
		unknown
	]
});
export const MotherTongueSchema = codeSchema(MOTHER_TONGUES);
export type MotherTongue = (typeof MOTHER_TONGUES.entries)[number]['code'];

export type MotherTongueGroup = 'fi' | 'sv' | 'se' | 'other' | 'unknown';
/** The national statistics' group of a mother tongue (Finnish, Swedish, Sámi, other, no information). */
export function motherTongueGroup(code: MotherTongue | null): MotherTongueGroup {
	if (code === null || code === 'unknown') return 'unknown';
	return code === 'fi' || code === 'sv' || code === 'se' ? code : 'other';
}

export type IscedBand = '0-2' | '3-4' | '5-8' | 'unknown';

/** Highest completed education, each level mapped to its ISCED 2011 band (ESF, DOMAIN.md §4.3). */
export const EDUCATION_LEVELS = defineCodeList({
	id: 'education-level',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'basic-incomplete', labels: { fi: 'Perusopetus kesken tai ei perusopetusta', sv: 'Grundläggande utbildning oavslutad eller saknas', en: 'Basic education incomplete or none' } },
		{ code: 'basic', labels: { fi: 'Perusopetus (peruskoulu)', sv: 'Grundläggande utbildning (grundskola)', en: 'Basic education (comprehensive school)' } },
		{ code: 'preparatory', labels: { fi: 'Valmentava koulutus (TUVA, TELMA)', sv: 'Handledande utbildning (Hux, Telma)', en: 'Preparatory education (TUVA, TELMA)' } },
		{ code: 'upper-secondary-vocational', labels: { fi: 'Ammatillinen perustutkinto', sv: 'Yrkesinriktad grundexamen', en: 'Vocational upper secondary qualification' } },
		{ code: 'upper-secondary-general', labels: { fi: 'Ylioppilastutkinto tai lukio', sv: 'Studentexamen eller gymnasium', en: 'Matriculation or general upper secondary' } },
		{ code: 'further-vocational', labels: { fi: 'Ammatti- tai erikoisammattitutkinto', sv: 'Yrkesexamen eller specialyrkesexamen', en: 'Further or specialist vocational qualification' } },
		{ code: 'bachelor', labels: { fi: 'Alempi korkeakoulututkinto (AMK, kandidaatti)', sv: 'Lägre högskoleexamen (YH, kandidat)', en: "Bachelor's degree (UAS or university)" } },
		{ code: 'master', labels: { fi: 'Ylempi korkeakoulututkinto', sv: 'Högre högskoleexamen', en: "Master's degree" } },
		{ code: 'doctorate', labels: { fi: 'Tohtorin tutkinto', sv: 'Doktorsexamen', en: 'Doctorate' } },
		unknown
	]
});
export const EducationLevelSchema = codeSchema(EDUCATION_LEVELS);
export type EducationLevel = (typeof EDUCATION_LEVELS.entries)[number]['code'];

const ISCED: Record<EducationLevel, IscedBand> = {
	'basic-incomplete': '0-2',
	basic: '0-2',
	preparatory: '0-2',
	'upper-secondary-vocational': '3-4',
	'upper-secondary-general': '3-4',
	'further-vocational': '3-4',
	bachelor: '5-8',
	master: '5-8',
	doctorate: '5-8',
	unknown: 'unknown'
};
export function iscedBand(level: EducationLevel | null): IscedBand {
	return level === null ? 'unknown' : ISCED[level];
}

/** Pääasiallinen toiminta (DOMAIN.md §2.3, GUESS). */
export const MAIN_ACTIVITIES = defineCodeList({
	id: 'main-activity',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'unemployed', labels: { fi: 'Työtön työnhakija', sv: 'Arbetslös arbetssökande', en: 'Unemployed job seeker' } },
		{ code: 'inactive', labels: { fi: 'Työvoiman ulkopuolella (ei koulutuksessa eikä töissä)', sv: 'Utanför arbetskraften (varken i utbildning eller arbete)', en: 'Inactive (not in education or work)' } },
		{ code: 'student', labels: { fi: 'Opiskelija', sv: 'Studerande', en: 'Student' } },
		{ code: 'studies-interrupted', labels: { fi: 'Opinnot keskeytyneet', sv: 'Avbrutna studier', en: 'Studies interrupted' } },
		{ code: 'employed', labels: { fi: 'Työssä', sv: 'I arbete', en: 'Employed' } },
		{ code: 'pay-subsidised', labels: { fi: 'Palkkatuettu työ', sv: 'Lönesubventionerat arbete', en: 'Pay-subsidised work' } },
		{ code: 'work-trial', labels: { fi: 'Työkokeilu', sv: 'Arbetsprövning', en: 'Work trial' } },
		{ code: 'rehabilitative-work', labels: { fi: 'Kuntouttava työtoiminta', sv: 'Arbetsverksamhet i rehabiliteringssyfte', en: 'Rehabilitative work activity' } },
		{ code: 'rehabilitation', labels: { fi: 'Kuntoutus tai sairauslomalla', sv: 'Rehabilitering eller sjukledig', en: 'Rehabilitation or sick leave' } },
		{ code: 'service', labels: { fi: 'Varusmies- tai siviilipalvelus', sv: 'Beväring eller civiltjänst', en: 'Military or non-military service' } },
		{ code: 'family-leave', labels: { fi: 'Vanhempainvapaa tai kotona', sv: 'Föräldraledig eller hemma', en: 'Parental leave or at home' } },
		other,
		unknown
	]
});
export const MainActivitySchema = codeSchema(MAIN_ACTIVITIES);
export type MainActivity = (typeof MAIN_ACTIVITIES.entries)[number]['code'];

/** Toimeentulo (GUESS). */
export const MEANS_OF_LIVING = defineCodeList({
	id: 'means-of-living',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'earnings', labels: { fi: 'Palkka- tai yrittäjätulo', sv: 'Löne- eller företagarinkomst', en: 'Earnings' } },
		{ code: 'unemployment-benefit', labels: { fi: 'Työttömyysturva', sv: 'Utkomstskydd för arbetslösa', en: 'Unemployment benefit' } },
		{ code: 'social-assistance', labels: { fi: 'Toimeentulotuki', sv: 'Utkomststöd', en: 'Social assistance' } },
		{ code: 'student-aid', labels: { fi: 'Opintotuki', sv: 'Studiestöd', en: 'Student financial aid' } },
		{ code: 'rehabilitation-allowance', labels: { fi: 'Kuntoutusraha tai sairauspäiväraha', sv: 'Rehabiliteringspenning eller sjukdagpenning', en: 'Rehabilitation or sickness allowance' } },
		{ code: 'pension', labels: { fi: 'Eläke', sv: 'Pension', en: 'Pension' } },
		{ code: 'family', labels: { fi: 'Vanhemmat tai läheiset', sv: 'Föräldrar eller närstående', en: 'Parents or family' } },
		{ code: 'no-income', labels: { fi: 'Ei tuloja', sv: 'Inga inkomster', en: 'No income' } },
		other,
		unknown
	]
});
export const MeansOfLivingSchema = codeSchema(MEANS_OF_LIVING);
export type MeansOfLiving = (typeof MEANS_OF_LIVING.entries)[number]['code'];

/** Asumismuoto (GUESS). */
export const HOUSING_TYPES = defineCodeList({
	id: 'housing',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'with-parents', labels: { fi: 'Vanhempien luona', sv: 'Hos föräldrarna', en: 'With parents' } },
		{ code: 'own-home', labels: { fi: 'Oma vuokra- tai omistusasunto', sv: 'Egen hyres- eller ägarbostad', en: 'Own rented or owned home' } },
		{ code: 'student-housing', labels: { fi: 'Opiskelija-asunto', sv: 'Studentbostad', en: 'Student housing' } },
		{ code: 'supported-housing', labels: { fi: 'Tuettu asuminen', sv: 'Stödboende', en: 'Supported housing' } },
		{ code: 'temporary', labels: { fi: 'Tilapäisesti tuttavien luona', sv: 'Tillfälligt hos bekanta', en: 'Temporarily with friends' } },
		{ code: 'homeless', labels: { fi: 'Asunnoton', sv: 'Bostadslös', en: 'Homeless' } },
		{ code: 'institution', labels: { fi: 'Laitos', sv: 'Anstalt', en: 'Institution' } },
		other,
		unknown
	]
});
export const HousingSchema = codeSchema(HOUSING_TYPES);
export type Housing = (typeof HOUSING_TYPES.entries)[number]['code'];

/** Maahantulon peruste, integration clients only (GUESS). */
export const ARRIVAL_BASES = defineCodeList({
	id: 'arrival-basis',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'refugee', labels: { fi: 'Kiintiöpakolainen', sv: 'Kvotflykting', en: 'Quota refugee' } },
		{ code: 'international-protection', labels: { fi: 'Kansainvälinen suojelu', sv: 'Internationellt skydd', en: 'International protection' } },
		{ code: 'temporary-protection', labels: { fi: 'Tilapäinen suojelu', sv: 'Tillfälligt skydd', en: 'Temporary protection' } },
		{ code: 'family', labels: { fi: 'Perhe', sv: 'Familj', en: 'Family' } },
		{ code: 'work', labels: { fi: 'Työ', sv: 'Arbete', en: 'Work' } },
		{ code: 'study', labels: { fi: 'Opiskelu', sv: 'Studier', en: 'Study' } },
		{ code: 'returnee', labels: { fi: 'Paluumuutto', sv: 'Återflyttning', en: 'Returnee' } },
		other,
		unknown
	]
});
export const ArrivalBasisSchema = codeSchema(ARRIVAL_BASES);
export type ArrivalBasis = (typeof ARRIVAL_BASES.entries)[number]['code'];

/** Mistä ohjautunut (DOMAIN.md §2.3, GUESS). */
export const REFERRAL_SOURCES = defineCodeList({
	id: 'referral-source',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'employment-services', labels: { fi: 'TE-palvelut tai työllisyyspalvelut', sv: 'TE-tjänster eller sysselsättningstjänster', en: 'Employment services' } },
		{ code: 'typ', labels: { fi: 'TYP (työllisyyttä edistävä monialainen yhteispalvelu)', sv: 'Sektorsövergripande samservice (TYP)', en: 'Multi-sector joint service (TYP)' } },
		{ code: 'kela', labels: { fi: 'Kela', sv: 'FPA', en: 'Kela' } },
		{ code: 'social-services', labels: { fi: 'Sosiaalipalvelut', sv: 'Socialtjänster', en: 'Social services' } },
		{ code: 'health-services', labels: { fi: 'Terveys-, mielenterveys- tai päihdepalvelut', sv: 'Hälso-, mentalvårds- eller missbrukstjänster', en: 'Health, mental health or substance services' } },
		{ code: 'outreach', labels: { fi: 'Etsivä nuorisotyö', sv: 'Uppsökande ungdomsarbete', en: 'Outreach youth work' } },
		{ code: 'youth-work', labels: { fi: 'Muu nuorisotyö tai Ohjaamo', sv: 'Annat ungdomsarbete eller Navigatorn', en: 'Other youth work or Ohjaamo' } },
		{ code: 'basic-education', labels: { fi: 'Perusopetus', sv: 'Grundläggande utbildning', en: 'Basic education' } },
		{ code: 'upper-secondary', labels: { fi: 'Toinen aste (ammatillinen tai lukio)', sv: 'Andra stadiet (yrkesutbildning eller gymnasium)', en: 'Upper secondary (vocational or general)' } },
		{ code: 'other-school', labels: { fi: 'Muu oppilaitos', sv: 'Annan läroanstalt', en: 'Other school' } },
		{ code: 'defence-forces', labels: { fi: 'Puolustusvoimat tai siviilipalveluskeskus', sv: 'Försvarsmakten eller civiltjänstcentralen', en: 'Defence Forces or Civilian Service Centre' } },
		{ code: 'self', labels: { fi: 'Nuori itse', sv: 'Den unga själv', en: 'The young person' } },
		{ code: 'family', labels: { fi: 'Huoltaja, läheinen tai ystävä', sv: 'Vårdnadshavare, närstående eller vän', en: 'Guardian, family or friend' } },
		{ code: 'ngo', labels: { fi: 'Järjestö tai seurakunta', sv: 'Organisation eller församling', en: 'NGO or parish' } },
		other,
		unknown
	]
});
export const ReferralSourceSchema = codeSchema(REFERRAL_SOURCES);
export type ReferralSource = (typeof REFERRAL_SOURCES.entries)[number]['code'];

/** Why a client relationship ended (GUESS). */
export const END_REASONS = defineCodeList({
	id: 'end-reason',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'goal-reached', labels: { fi: 'Tavoite saavutettu', sv: 'Målet uppnått', en: 'Goal reached' } },
		{ code: 'referred', labels: { fi: 'Ohjattu toiseen palveluun', sv: 'Hänvisad till annan tjänst', en: 'Referred to another service' } },
		{ code: 'declined', labels: { fi: 'Nuori ei halunnut jatkaa', sv: 'Den unga ville inte fortsätta', en: 'The young person declined' } },
		{ code: 'moved', labels: { fi: 'Muutti paikkakunnalta', sv: 'Flyttade från orten', en: 'Moved away' } },
		{ code: 'contact-lost', labels: { fi: 'Yhteys katkesi', sv: 'Kontakten bröts', en: 'Contact lost' } },
		{ code: 'age-limit', labels: { fi: 'Ikäraja täyttyi', sv: 'Åldersgränsen uppnåddes', en: 'Age limit reached' } },
		other,
		unknown
	]
});
export const EndReasonSchema = codeSchema(END_REASONS);
export type EndReason = (typeof END_REASONS.entries)[number]['code'];

/** Sijoittuminen: placement at the end and at follow-ups (DOMAIN.md §2.3, GUESS). */
export const PLACEMENTS = defineCodeList({
	id: 'placement',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'degree-education', labels: { fi: 'Tutkintoon johtava koulutus', sv: 'Examensinriktad utbildning', en: 'Education leading to a qualification' } },
		{ code: 'preparatory-education', labels: { fi: 'Valmentava koulutus (TUVA, TELMA)', sv: 'Handledande utbildning (Hux, Telma)', en: 'Preparatory education (TUVA, TELMA)' } },
		{ code: 'apprenticeship', labels: { fi: 'Oppisopimus', sv: 'Läroavtal', en: 'Apprenticeship' } },
		{ code: 'open-labour-market', labels: { fi: 'Työ avoimilla työmarkkinoilla', sv: 'Arbete på den öppna arbetsmarknaden', en: 'Work on the open labour market' } },
		{ code: 'pay-subsidised', labels: { fi: 'Palkkatuettu työ', sv: 'Lönesubventionerat arbete', en: 'Pay-subsidised work' } },
		{ code: 'work-trial', labels: { fi: 'Työkokeilu tai työharjoittelu', sv: 'Arbetsprövning eller arbetspraktik', en: 'Work trial or placement' } },
		{ code: 'workshop', labels: { fi: 'Työpaja', sv: 'Verkstad', en: 'Workshop' } },
		{ code: 'rehabilitative-work', labels: { fi: 'Kuntouttava työtoiminta', sv: 'Arbetsverksamhet i rehabiliteringssyfte', en: 'Rehabilitative work activity' } },
		{ code: 'rehabilitation', labels: { fi: 'Kuntoutus tai hoito', sv: 'Rehabilitering eller vård', en: 'Rehabilitation or treatment' } },
		{ code: 'other-service', labels: { fi: 'Muu palvelu (sosiaali- tai työllisyyspalvelu)', sv: 'Annan tjänst (social- eller sysselsättningstjänst)', en: 'Other service (social or employment)' } },
		{ code: 'service', labels: { fi: 'Varusmies- tai siviilipalvelus', sv: 'Beväring eller civiltjänst', en: 'Military or non-military service' } },
		{ code: 'not-placed', labels: { fi: 'Ei sijoittunut', sv: 'Ingen placering', en: 'Not placed' } },
		{ code: 'moved', labels: { fi: 'Muutti paikkakunnalta', sv: 'Flyttade från orten', en: 'Moved away' } },
		other,
		unknown
	]
});
export const PlacementSchema = codeSchema(PLACEMENTS);
export type Placement = (typeof PLACEMENTS.entries)[number]['code'];

/** Toimenpiteet: services and methods used with a client (GUESS). */
export const SERVICE_TYPES = defineCodeList({
	id: 'service-type',
	version: 1,
	provisional: true,
	entries: [
		{ code: 'individual-guidance', labels: { fi: 'Yksilöohjaus', sv: 'Individuell handledning', en: 'Individual guidance' } },
		{ code: 'service-guidance', labels: { fi: 'Palveluohjaus', sv: 'Servicehandledning', en: 'Service guidance' } },
		{ code: 'accompanying', labels: { fi: 'Saattaminen palveluun', sv: 'Ledsagning till tjänst', en: 'Accompanying to a service' } },
		{ code: 'group-activity', labels: { fi: 'Ryhmätoiminta', sv: 'Gruppverksamhet', en: 'Group activity' } },
		{ code: 'study-guidance', labels: { fi: 'Opintoihin ohjaus', sv: 'Handledning till studier', en: 'Guidance to studies' } },
		{ code: 'job-search', labels: { fi: 'Työnhaun tuki', sv: 'Stöd i arbetssökande', en: 'Job search support' } },
		{ code: 'financial-guidance', labels: { fi: 'Talous- ja velkaneuvonta', sv: 'Ekonomi- och skuldrådgivning', en: 'Financial and debt guidance' } },
		{ code: 'housing-support', labels: { fi: 'Asumisen tuki', sv: 'Boendestöd', en: 'Housing support' } },
		{ code: 'health-referral', labels: { fi: 'Ohjaus terveys- tai päihdepalveluihin', sv: 'Hänvisning till hälso- eller missbrukstjänster', en: 'Referral to health or substance services' } },
		{ code: 'workshop', labels: { fi: 'Työpajatoiminta', sv: 'Verkstadsverksamhet', en: 'Workshop activity' } },
		{ code: 'multi-professional', labels: { fi: 'Monialainen verkostopalaveri', sv: 'Sektorsövergripande nätverksmöte', en: 'Multi-professional network meeting' } },
		other
	]
});
export const ServiceTypeSchema = codeSchema(SERVICE_TYPES);
export type ServiceType = (typeof SERVICE_TYPES.entries)[number]['code'];

export const SERVICE_STATUSES = defineCodeList({
	id: 'service-status',
	version: 1,
	provisional: false,
	entries: [
		{ code: 'planned', labels: { fi: 'Suunniteltu', sv: 'Planerad', en: 'Planned' } },
		{ code: 'active', labels: { fi: 'Käynnissä', sv: 'Pågående', en: 'Active' } },
		{ code: 'completed', labels: { fi: 'Päättynyt', sv: 'Avslutad', en: 'Completed' } },
		{ code: 'interrupted', labels: { fi: 'Keskeytynyt', sv: 'Avbruten', en: 'Interrupted' } }
	]
});
export const ServiceStatusSchema = codeSchema(SERVICE_STATUSES);
export type ServiceStatus = (typeof SERVICE_STATUSES.entries)[number]['code'];

/** How a client prefers to be contacted. */
export const CONTACT_CHANNELS = defineCodeList({
	id: 'contact-channel',
	version: 1,
	provisional: false,
	entries: [
		{ code: 'phone', labels: { fi: 'Puhelu', sv: 'Samtal', en: 'Phone call' } },
		{ code: 'sms', labels: { fi: 'Tekstiviesti', sv: 'Textmeddelande', en: 'Text message' } },
		{ code: 'email', labels: { fi: 'Sähköposti', sv: 'E-post', en: 'Email' } },
		{ code: 'letter', labels: { fi: 'Kirje', sv: 'Brev', en: 'Letter' } },
		{ code: 'in-person', labels: { fi: 'Tapaaminen', sv: 'Möte', en: 'In person' } },
		other
	]
});
export const ContactChannelSchema = codeSchema(CONTACT_CHANNELS);
export type ContactChannel = (typeof CONTACT_CHANNELS.entries)[number]['code'];

/** What a consent covers (issue 4, consent ledger). */
export const CONSENT_PURPOSES = defineCodeList({
	id: 'consent-purpose',
	version: 1,
	provisional: false,
	entries: [
		{ code: 'processing', labels: { fi: 'Tietojen käsittely', sv: 'Behandling av uppgifter', en: 'Processing of data' } },
		{ code: 'disclosure', labels: { fi: 'Tietojen luovuttaminen nimetylle taholle', sv: 'Utlämnande av uppgifter till en namngiven part', en: 'Disclosure to a named party' } },
		{ code: 'follow-up', labels: { fi: 'Seurantayhteydenotto', sv: 'Uppföljningskontakt', en: 'Follow-up contact' } },
		{ code: 'marketing', labels: { fi: 'Tiedotteet ja markkinointi', sv: 'Information och marknadsföring', en: 'News and marketing' } }
	]
});
export const ConsentPurposeSchema = codeSchema(CONSENT_PURPOSES);
export type ConsentPurpose = (typeof CONSENT_PURPOSES.entries)[number]['code'];

export const CONSENT_METHODS = defineCodeList({
	id: 'consent-method',
	version: 1,
	provisional: false,
	entries: [
		{ code: 'written', labels: { fi: 'Kirjallinen', sv: 'Skriftligt', en: 'Written' } },
		{ code: 'oral', labels: { fi: 'Suullinen', sv: 'Muntligt', en: 'Oral' } },
		{ code: 'photo', labels: { fi: 'Kuva allekirjoitetusta lomakkeesta', sv: 'Foto av undertecknad blankett', en: 'Photo of the signed form' } }
	]
});
export const ConsentMethodSchema = codeSchema(CONSENT_METHODS);
export type ConsentMethod = (typeof CONSENT_METHODS.entries)[number]['code'];

export const MARKETING_CHANNELS = defineCodeList({
	id: 'marketing-channel',
	version: 1,
	provisional: false,
	entries: [
		{ code: 'sms', labels: { fi: 'Tekstiviesti', sv: 'Textmeddelande', en: 'Text message' } },
		{ code: 'email', labels: { fi: 'Sähköposti', sv: 'E-post', en: 'Email' } },
		{ code: 'letter', labels: { fi: 'Kirje', sv: 'Brev', en: 'Letter' } }
	]
});
export const MarketingChannelSchema = codeSchema(MARKETING_CHANNELS);
export type MarketingChannel = (typeof MARKETING_CHANNELS.entries)[number]['code'];

export const ATTACHMENT_KINDS = defineCodeList({
	id: 'attachment-kind',
	version: 1,
	provisional: false,
	entries: [
		{ code: 'signed-form', labels: { fi: 'Allekirjoitettu lomake', sv: 'Undertecknad blankett', en: 'Signed form' } },
		{ code: 'certificate', labels: { fi: 'Todistus', sv: 'Intyg', en: 'Certificate' } },
		{ code: 'plan', labels: { fi: 'Suunnitelma', sv: 'Plan', en: 'Plan' } },
		{ code: 'document', labels: { fi: 'Muu asiakirja', sv: 'Annat dokument', en: 'Other document' } }
	]
});
export const AttachmentKindSchema = codeSchema(ATTACHMENT_KINDS);
export type AttachmentKind = (typeof ATTACHMENT_KINDS.entries)[number]['code'];

/** Months after the end of a client relationship at which follow-up placement is asked (with consent). */
export const FOLLOW_UP_MONTHS = [6, 12, 24] as const;

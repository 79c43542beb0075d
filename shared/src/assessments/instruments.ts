/**
 * Assessment instruments are data (issue 5): dimensions, items and a labelled scale, in fi/sv/en.
 * An item has two wordings of the same statement: `self`, in the first person and plain language for
 * the young person answering on the coach's tablet, and `coach`, about the participant, for the coach's
 * assessment on the same items. Answers are stored per item code, so wording can improve without
 * touching any answer; adding or removing items bumps `version`.
 *
 * Shipped: one instrument modelled on the five areas of social empowerment used in Finnish workshops
 * and outreach work (DOMAIN.md §5.2): self-knowledge, social skills, managing daily life, readiness for
 * study and work, life management and goals, on a 1–5 scale. The items are Polku's own wording, not
 * the Sovari questionnaire (which is anonymous and external).
 */
import type { Labels } from '../codes/code-list';

export interface InstrumentItem {
	readonly code: string;
	readonly self: Labels;
	readonly coach: Labels;
}

export interface InstrumentDimension {
	readonly code: string;
	readonly labels: Labels;
	readonly items: readonly InstrumentItem[];
}

export interface Instrument {
	readonly id: string;
	readonly version: number;
	readonly labels: Labels;
	/** What the young person sees first in self-assessment mode. */
	readonly intro: Labels;
	readonly scale: { readonly min: number; readonly max: number; readonly labels: Readonly<Record<number, Labels>> };
	readonly dimensions: readonly InstrumentDimension[];
}

const item = (code: string, self: Labels, coach: Labels): InstrumentItem => ({ code, self, coach });

export const SOCIAL_EMPOWERMENT: Instrument = {
	id: 'social-empowerment',
	version: 1,
	labels: { fi: 'Sosiaalinen vahvistuminen', sv: 'Social stärkning', en: 'Social empowerment' },
	intro: {
		fi: 'Lue jokainen lause ja valitse, kuinka hyvin se pitää paikkansa sinun kohdallasi nyt. Vääriä vastauksia ei ole.',
		sv: 'Läs varje mening och välj hur väl den stämmer för dig just nu. Det finns inga fel svar.',
		en: 'Read each sentence and choose how well it fits you right now. There are no wrong answers.'
	},
	scale: {
		min: 1,
		max: 5,
		labels: {
			1: { fi: 'Ei pidä paikkaansa', sv: 'Stämmer inte', en: 'Not true' },
			2: { fi: 'Pitää vähän paikkansa', sv: 'Stämmer lite', en: 'A little true' },
			3: { fi: 'Pitää jonkin verran paikkansa', sv: 'Stämmer delvis', en: 'Somewhat true' },
			4: { fi: 'Pitää melko hyvin paikkansa', sv: 'Stämmer ganska bra', en: 'Mostly true' },
			5: { fi: 'Pitää täysin paikkansa', sv: 'Stämmer helt', en: 'Completely true' }
		}
	},
	dimensions: [
		{
			code: 'self-knowledge',
			labels: { fi: 'Itsetuntemus', sv: 'Självkännedom', en: 'Self-knowledge' },
			items: [
				item(
					'strengths',
					{ fi: 'Tiedän, missä asioissa olen hyvä.', sv: 'Jag vet vad jag är bra på.', en: 'I know what I am good at.' },
					{ fi: 'Nuori tunnistaa omat vahvuutensa.', sv: 'Den unga känner till sina styrkor.', en: 'The young person recognises their strengths.' }
				),
				item(
					'self-worth',
					{ fi: 'Pidän itsestäni sellaisena kuin olen.', sv: 'Jag tycker om mig själv som jag är.', en: 'I like myself as I am.' },
					{ fi: 'Nuori arvostaa itseään.', sv: 'Den unga värdesätter sig själv.', en: 'The young person values themselves.' }
				),
				item(
					'feelings',
					{ fi: 'Osaan kertoa, miltä minusta tuntuu.', sv: 'Jag kan säga hur jag känner mig.', en: 'I can say how I feel.' },
					{ fi: 'Nuori osaa kertoa tunteistaan.', sv: 'Den unga kan berätta om sina känslor.', en: 'The young person can talk about their feelings.' }
				)
			]
		},
		{
			code: 'social-skills',
			labels: { fi: 'Sosiaaliset taidot', sv: 'Sociala färdigheter', en: 'Social skills' },
			items: [
				item(
					'getting-along',
					{ fi: 'Tulen toimeen muiden ihmisten kanssa.', sv: 'Jag kommer överens med andra människor.', en: 'I get along with other people.' },
					{ fi: 'Nuori tulee toimeen muiden kanssa.', sv: 'Den unga kommer överens med andra.', en: 'The young person gets along with others.' }
				),
				item(
					'asking-help',
					{ fi: 'Uskallan pyytää apua, kun tarvitsen sitä.', sv: 'Jag vågar be om hjälp när jag behöver det.', en: 'I dare to ask for help when I need it.' },
					{ fi: 'Nuori pyytää apua tarvitessaan.', sv: 'Den unga ber om hjälp när det behövs.', en: 'The young person asks for help when needed.' }
				),
				item(
					'group',
					{ fi: 'Pystyn olemaan ja tekemään töitä ryhmässä.', sv: 'Jag kan vara och arbeta i en grupp.', en: 'I can be and work in a group.' },
					{ fi: 'Nuori toimii ryhmässä.', sv: 'Den unga fungerar i en grupp.', en: 'The young person works in a group.' }
				)
			]
		},
		{
			code: 'daily-life',
			labels: { fi: 'Arjen hallinta', sv: 'Vardagskontroll', en: 'Managing daily life' },
			items: [
				item(
					'rhythm',
					{ fi: 'Herään aamulla ja ehdin ajoissa paikalle.', sv: 'Jag vaknar på morgonen och kommer i tid.', en: 'I wake up in the morning and arrive on time.' },
					{ fi: 'Nuoren vuorokausirytmi toimii ja hän saapuu ajoissa.', sv: 'Den ungas dygnsrytm fungerar och hen kommer i tid.', en: "The young person's daily rhythm works and they arrive on time." }
				),
				item(
					'self-care',
					{ fi: 'Huolehdin syömisestä, nukkumisesta ja hygieniasta.', sv: 'Jag sköter om mat, sömn och hygien.', en: 'I take care of eating, sleeping and hygiene.' },
					{ fi: 'Nuori huolehtii ravinnosta, unesta ja hygieniasta.', sv: 'Den unga sköter kost, sömn och hygien.', en: 'The young person looks after food, sleep and hygiene.' }
				),
				item(
					'money-matters',
					{ fi: 'Hoidan raha-asiani ja tärkeät paperit.', sv: 'Jag sköter mina pengar och viktiga papper.', en: 'I handle my money and important papers.' },
					{ fi: 'Nuori hoitaa raha-asiansa ja asiointinsa.', sv: 'Den unga sköter sin ekonomi och sina ärenden.', en: 'The young person handles money and errands.' }
				)
			]
		},
		{
			code: 'study-work',
			labels: { fi: 'Opiskelu- ja työelämävalmiudet', sv: 'Färdigheter för studier och arbetsliv', en: 'Readiness for study and work' },
			items: [
				item(
					'instructions',
					{ fi: 'Ymmärrän ohjeet ja osaan toimia niiden mukaan.', sv: 'Jag förstår instruktioner och kan följa dem.', en: 'I understand instructions and can follow them.' },
					{ fi: 'Nuori ymmärtää ja noudattaa ohjeita.', sv: 'Den unga förstår och följer instruktioner.', en: 'The young person understands and follows instructions.' }
				),
				item(
					'finishing',
					{ fi: 'Saan aloittamani tehtävät tehtyä.', sv: 'Jag gör klart uppgifter jag har börjat på.', en: 'I finish the tasks I start.' },
					{ fi: 'Nuori saa tehtävänsä valmiiksi.', sv: 'Den unga slutför sina uppgifter.', en: 'The young person completes their tasks.' }
				),
				item(
					'next-step',
					{ fi: 'Tiedän, millaiseen työhön tai koulutukseen haluan.', sv: 'Jag vet vilket arbete eller vilken utbildning jag vill till.', en: 'I know what work or education I want.' },
					{ fi: 'Nuorella on käsitys seuraavasta askeleesta työhön tai koulutukseen.', sv: 'Den unga har en bild av nästa steg mot arbete eller utbildning.', en: 'The young person has an idea of the next step into work or education.' }
				)
			]
		},
		{
			code: 'life-management',
			labels: { fi: 'Elämänhallinta ja tavoitteellisuus', sv: 'Livskontroll och målinriktning', en: 'Life management and goals' },
			items: [
				item(
					'goals',
					{ fi: 'Minulla on tavoitteita, joita kohti menen.', sv: 'Jag har mål som jag arbetar mot.', en: 'I have goals that I am working towards.' },
					{ fi: 'Nuorella on tavoitteita ja hän toimii niiden eteen.', sv: 'Den unga har mål och arbetar för dem.', en: 'The young person has goals and works towards them.' }
				),
				item(
					'future',
					{ fi: 'Uskon, että tulevaisuuteni voi olla hyvä.', sv: 'Jag tror att min framtid kan bli bra.', en: 'I believe my future can be good.' },
					{ fi: 'Nuori suhtautuu tulevaisuuteensa toiveikkaasti.', sv: 'Den unga ser hoppfullt på sin framtid.', en: 'The young person is hopeful about the future.' }
				),
				item(
					'setbacks',
					{ fi: 'Selviän vastoinkäymisistä.', sv: 'Jag klarar mig genom motgångar.', en: 'I cope with setbacks.' },
					{ fi: 'Nuori selviää vastoinkäymisistä.', sv: 'Den unga klarar motgångar.', en: 'The young person copes with setbacks.' }
				)
			]
		}
	]
};

/** Every instrument a coach can choose (more can be added as data). */
export const INSTRUMENTS: readonly Instrument[] = [SOCIAL_EMPOWERMENT];

export function instrumentById(id: string): Instrument | undefined {
	return INSTRUMENTS.find((i) => i.id === id);
}

export const instrumentItemCodes = (instrument: Instrument): string[] =>
	instrument.dimensions.flatMap((d) => d.items.map((i) => `${d.code}.${i.code}`));

/** Answers are keyed `<dimension>.<item>`; `null` = skipped ("en osaa sanoa"). */
export type AssessmentAnswers = Record<string, number | null>;

/**
 * The mean of each dimension's answered items (null when none answered), rounded to two decimals.
 * The progress chart and the reports show these.
 */
export function dimensionScores(instrument: Instrument, answers: AssessmentAnswers): Record<string, number | null> {
	const scores: Record<string, number | null> = {};
	for (const d of instrument.dimensions) {
		const values = d.items.map((i) => answers[`${d.code}.${i.code}`]).filter((v): v is number => typeof v === 'number');
		scores[d.code] = values.length === 0 ? null : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
	}
	return scores;
}

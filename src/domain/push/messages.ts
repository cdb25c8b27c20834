/**
 * The title of a push, in the person's page language, as Mastodon's notification_mailer subjects
 * are: the app shows it on the lock screen, before it fetches anything.
 */
type Kind = 'mention' | 'status' | 'reblog' | 'follow' | 'follow_request' | 'favourite' | 'update' | 'adoption';

const TITLES: Record<string, Record<Kind, string>> = {
  en: { mention: '{name} mentioned you', status: '{name} just posted', reblog: '{name} boosted your post', follow: '{name} followed you', follow_request: '{name} asked to follow you', favourite: '{name} favourited your post', update: '{name} edited a post', adoption: '{name} reports adopting your solution' },
  da: { mention: '{name} nævnte dig', status: '{name} har lige skrevet', reblog: '{name} fremhævede dit indlæg', follow: '{name} følger dig', follow_request: '{name} vil gerne følge dig', favourite: '{name} kunne lide dit indlæg', update: '{name} redigerede et indlæg', adoption: '{name} melder, at de har taget jeres løsning i brug' },
  nb: { mention: '{name} nevnte deg', status: '{name} har nettopp skrevet', reblog: '{name} fremhevet innlegget ditt', follow: '{name} følger deg', follow_request: '{name} vil følge deg', favourite: '{name} likte innlegget ditt', update: '{name} redigerte et innlegg', adoption: '{name} melder at de har tatt i bruk løsningen deres' },
  nn: { mention: '{name} nemnde deg', status: '{name} har nett skrive', reblog: '{name} framheva innlegget ditt', follow: '{name} følgjer deg', follow_request: '{name} vil følgje deg', favourite: '{name} likte innlegget ditt', update: '{name} redigerte eit innlegg', adoption: '{name} melder at dei har teke i bruk løysinga dykkar' },
  sv: { mention: '{name} nämnde dig', status: '{name} har just skrivit', reblog: '{name} boostade ditt inlägg', follow: '{name} följer dig', follow_request: '{name} vill följa dig', favourite: '{name} gillade ditt inlägg', update: '{name} redigerade ett inlägg', adoption: '{name} rapporterar att de har infört er lösning' },
  fi: { mention: '{name} mainitsi sinut', status: '{name} julkaisi juuri', reblog: '{name} tehosti julkaisuasi', follow: '{name} seuraa sinua', follow_request: '{name} haluaa seurata sinua', favourite: '{name} tykkäsi julkaisustasi', update: '{name} muokkasi julkaisua', adoption: '{name} ilmoittaa ottaneensa ratkaisunne käyttöön' },
};

export function pushTitle(kind: string, language: string | null | undefined, name: string): string {
  const table = TITLES[language && TITLES[language] ? language : 'en']!;
  const template = table[kind as Kind] ?? table.mention;
  return template.replace('{name}', name);
}

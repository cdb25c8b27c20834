/**
 * What the author reads in their apps when a publisher decides on a draft: a direct message from
 * the publisher, so every Mastodon app shows it as a mention and the author can answer. Written
 * here, in the author's page language, because the domain sends it; the web app shows the same
 * decision from the draft itself (locales/<lang>/drafts.json).
 */
type Messages = { approved: string; returned: string };

const MESSAGES: Record<string, Messages> = {
  en: { approved: 'Your solution “{title}” is approved and published: {url}', returned: 'Your draft “{title}” was sent back: {comment}\nChange it and submit it again: {url}' },
  da: { approved: 'Din løsning “{title}” er godkendt og offentliggjort: {url}', returned: 'Dit udkast “{title}” er sendt tilbage: {comment}\nRet det, og send det igen: {url}' },
  nb: { approved: 'Løsningen din «{title}» er godkjent og publisert: {url}', returned: 'Utkastet ditt «{title}» er sendt tilbake: {comment}\nEndre det og send det inn igjen: {url}' },
  nn: { approved: 'Løysinga di «{title}» er godkjend og publisert: {url}', returned: 'Utkastet ditt «{title}» er sendt tilbake: {comment}\nEndra det og send det inn att: {url}' },
  sv: { approved: 'Din lösning ”{title}” är godkänd och publicerad: {url}', returned: 'Ditt utkast ”{title}” har skickats tillbaka: {comment}\nÄndra det och skicka in det igen: {url}' },
  fi: { approved: 'Ratkaisusi ”{title}” on hyväksytty ja julkaistu: {url}', returned: 'Luonnoksesi ”{title}” palautettiin: {comment}\nMuokkaa sitä ja lähetä se uudelleen: {url}' },
};

export function reviewMessage(kind: keyof Messages, language: string | null | undefined, values: { title: string; url: string; comment?: string }): { text: string; language: string } {
  const lang = language && MESSAGES[language] ? language : 'en';
  const text = MESSAGES[lang]![kind].replace(/\{(\w+)\}/g, (_, k: string) => (values as Record<string, string | undefined>)[k] ?? '');
  return { text, language: lang };
}

import type { Result } from './model.js';

type Label = 'problem' | 'approach' | 'results' | 'evidence' | 'resources' | 'costs' | 'contacts' | 'targetGroups' | 'metric' | 'baseline' | 'value' | 'change' | 'period' | 'method' | 'source' | 'noResults' | 'readMore';

const LABELS: Record<string, Record<Label, string>> = {
  en: { problem: 'Problem', approach: 'What we do', results: 'Results', evidence: 'Evidence', resources: 'What it takes', costs: 'Costs', contacts: 'Contact', targetGroups: 'Who benefits', metric: 'Measure', baseline: 'Before', value: 'After', change: 'Change', period: 'Period', method: 'Method', source: 'Source', noResults: 'No documented results yet.', readMore: 'Read the whole solution' },
  da: { problem: 'Problem', approach: 'Sådan gør vi', results: 'Resultater', evidence: 'Dokumentation', resources: 'Det kræver det', costs: 'Omkostninger', contacts: 'Kontakt', targetGroups: 'Hvem har gavn af det', metric: 'Måling', baseline: 'Før', value: 'Efter', change: 'Ændring', period: 'Periode', method: 'Metode', source: 'Kilde', noResults: 'Ingen dokumenterede resultater endnu.', readMore: 'Læs hele løsningen' },
  nb: { problem: 'Problem', approach: 'Slik gjør vi det', results: 'Resultater', evidence: 'Dokumentasjon', resources: 'Dette krever det', costs: 'Kostnader', contacts: 'Kontakt', targetGroups: 'Hvem har nytte av det', metric: 'Måling', baseline: 'Før', value: 'Etter', change: 'Endring', period: 'Periode', method: 'Metode', source: 'Kilde', noResults: 'Ingen dokumenterte resultater ennå.', readMore: 'Les hele løsningen' },
  sv: { problem: 'Problem', approach: 'Så gör vi', results: 'Resultat', evidence: 'Underlag', resources: 'Det här krävs', costs: 'Kostnader', contacts: 'Kontakt', targetGroups: 'Vem har nytta av det', metric: 'Mått', baseline: 'Före', value: 'Efter', change: 'Förändring', period: 'Period', method: 'Metod', source: 'Källa', noResults: 'Inga dokumenterade resultat ännu.', readMore: 'Läs hela lösningen' },
};
LABELS.nn = LABELS.nb!;
LABELS.no = LABELS.nb!;

/**
 * A word in the text's language for what goes over the wire (the Article's HTML content, read by
 * Mastodon and others); pages use the web app's catalogues instead.
 */
export function label(lang: string, key: Label): string {
  return (LABELS[lang.split('-')[0]!] ?? LABELS.en!)[key];
}

export function formatNumber(n: number, lang: string): string {
  try {
    return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(n);
  } catch {
    return String(n);
  }
}

/** One line with the figure people repeat: "No-shows: 18 → 11 % (2025)". */
export function resultLine(r: Result, lang: string): string {
  const unit = r.unit ? ` ${r.unit}` : '';
  const figure = r.baseline !== undefined ? `${formatNumber(r.baseline, lang)} → ${formatNumber(r.value, lang)}${unit}` : `${formatNumber(r.value, lang)}${unit}`;
  const extra = [r.period, r.sampleSize !== undefined ? `n = ${formatNumber(r.sampleSize, lang)}` : undefined].filter(Boolean).join(', ');
  return `${r.metric}: ${figure}${extra ? ` (${extra})` : ''}`;
}

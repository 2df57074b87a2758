// Which language a text is in, from its most common small words: enough to catch a model
// answering in English when French was asked. Undecided on short or mixed text.
import { fold } from "./attributes.ts";
import { AI_LANGUAGES, type AiLanguage } from "./platforms.ts";

const STOPWORDS: Record<AiLanguage, string[]> = {
  fr: "le les des une et est avec pour dans sur tres pas vous je du au ce qui votre mon ma ou parfait etat taille".split(
    " ",
  ),
  en: "the and with for this is of to you it are your very be on that from perfect condition size wear".split(
    " ",
  ),
  de: "der die das und mit fur ist ein eine nicht sehr sie zu den im auf dein ihr zustand grosse".split(
    " ",
  ),
  es: "el los las y con para es una muy por tu del al su estado talla lo como".split(" "),
  it: "il lo gli e con per una molto di da del che questo sono taglia condizioni".split(" "),
  nl: "het een en met voor is van zeer niet je op te dat maat staat deze".split(" "),
  pl: "i w z na do jest bardzo nie sie to dla od po ze stan rozmiar".split(" "),
};
const SETS = Object.fromEntries(
  Object.entries(STOPWORDS).map(([l, words]) => [l, new Set(words)]),
) as Record<AiLanguage, Set<string>>;

export function languageScores(text: string): Record<AiLanguage, number> {
  const scores = Object.fromEntries(AI_LANGUAGES.map((l) => [l, 0])) as Record<AiLanguage, number>;
  for (const word of fold(text).split(" ")) {
    for (const language of AI_LANGUAGES) if (SETS[language].has(word)) scores[language] += 1;
  }
  return scores;
}

/** The language the text is clearly in, if it is clearly not `expected`; else undefined. */
export function wrongLanguage(text: string, expected: AiLanguage): AiLanguage | undefined {
  const scores = languageScores(text);
  const [best, bestScore] = Object.entries(scores).sort((a, b) => b[1] - a[1])[0] as [
    AiLanguage,
    number,
  ];
  if (best === expected || bestScore < 4) return undefined;
  return scores[expected] * 2 < bestScore ? best : undefined;
}

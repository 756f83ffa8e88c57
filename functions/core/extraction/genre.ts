/**
 * The page's own word on its genre. EXTRACTION.md counts an opinion column as no announcement, however
 * much of the announcement vocabulary it uses (a column on why practices do not travel names contests,
 * libraries and replication in every paragraph). The publisher says which pages are columns: the rubric
 * over the headline ('Мнение', 'Колонки', 'Opinion'), the section of its address ('/opinion/'), or the
 * disclaimer that the author's views are not the editors'. A blog is not among them: an official's blog
 * post may announce a practice. `extractPractice` reads a marked page as no announcement.
 */

/** A rubric of opinion pieces, over folded text (lower case, ё→е). */
const OPINION_RUBRIC = /(?<![a-zа-я])(?:мнени[ея]|колонк[аи]|колонка эксперта|точка зрения|opinions?|op-eds?|columns?|columnists?|commentary)(?![a-zа-я])/;
/** A headline that opens with the rubric ('Opinion: why copying Moscow …', 'Мнение | …', 'Колонка. …'). */
const RUBRIC_FIRST = /^\s*((?:мнени[ея]|колонка|точка зрения|opinion|op-ed|column|commentary))\s*[:|.—–-]\s/;
/** A path segment of an address that files opinion pieces ('/opinion/', '/columns/', '/mneniya/'). */
const OPINION_PATH = /^(?:opinions?|op-ed|columns?|columnists?|mneni[ey]a?|mnenie|kolonki?|tochka-zreniya)$/;
/** The disclaimer an opinion page carries: the author's views need not be the editors'. */
const DISCLAIMER = /мнение (?:автора|редакции|авторов)[^.!?\n]{0,60}не (?:обязательно )?совпада|точка зрения автора[^.!?\n]{0,60}не (?:обязательно )?совпада|(?:views|opinions)(?: and opinions)? expressed[^.!?\n]{0,120}(?:authors?|writers?)(?:'|’)?s? own|(?:views|opinions)(?: and opinions)? expressed[^.!?\n]{0,120}do not necessarily (?:reflect|represent)|views of the author may not coincide/;

/** What an article shows of its genre: its section, its address and its text. */
export interface GenreInput {
  section?: string | null;
  title: string;
  url: string;
  /** Folded text of the article (lower case, ё→е). */
  folded: string;
}

/**
 * The mark that files the page as an opinion piece (the rubric, the address's section or the
 * disclaimer, as the page writes it), or null when the page gives none.
 */
export function opinionMark({ section, title, url, folded }: GenreInput): string | null {
  const rubric = section ? OPINION_RUBRIC.exec(fold(section)) : null;
  if (rubric) return section!.slice(rubric.index, rubric.index + rubric[0].length);
  const heading = RUBRIC_FIRST.exec(fold(title));
  if (heading) return title.trim().slice(0, heading[1]!.length);
  const segment = pathSegments(url).find((part) => OPINION_PATH.test(part));
  if (segment) return `/${segment}/`;
  return DISCLAIMER.exec(folded)?.[0] ?? null;
}

const fold = (text: string): string => text.toLowerCase().replace(/ё/g, 'е');

function pathSegments(url: string): string[] {
  if (!/^https?:/i.test(url)) return [];
  try {
    return new URL(url).pathname.toLowerCase().split('/').filter(Boolean);
  } catch {
    return [];
  }
}

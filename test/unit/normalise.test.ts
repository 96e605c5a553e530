import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { normalise, normaliseKey } from '../../src/redact/normalise.js';
import { readerView } from '../../src/redact/unescape.js';

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
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      expect(normaliseKey(normaliseKey(s))).toBe(normaliseKey(s));
    }));
  });
});

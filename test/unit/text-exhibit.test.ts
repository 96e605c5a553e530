import { describe, expect, it } from '@jest/globals';
import { parse as parseCsv } from 'csv-parse/sync';
import fc from 'fast-check';
import { decodeText, parseDelimited, parseGpx, splitLines } from '../../src/load/text-exhibit.js';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));

describe('decoding a text exhibit', () => {
  it.each([
    ['UTF-8', bytes('José “quoted” €'), 'José “quoted” €', 'utf-8'],
    ['UTF-8 with a byte order mark', bytes([0xef, 0xbb, 0xbf], 'Peña'), 'Peña', 'utf-8'],
    ['Latin-1', bytes('Jos', [0xe9], ' Pe', [0xf1], 'a'), 'José Peña', 'windows-1252'],
    ['Windows-1252 quotes and euro', bytes([0x93], 'ok', [0x94], ' 3 ', [0x80]), '“ok” 3 €', 'windows-1252'],
    ['UTF-16 LE by its mark', new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0xe8, 0x00]), 'Aè', 'utf-16le'],
    ['UTF-16 BE by its mark', new Uint8Array([0xfe, 0xff, 0x00, 0x41, 0x00, 0xe8]), 'Aè', 'utf-16be'],
  ])('reads %s', (_, input, text, encoding) => {
    expect(decodeText(input)).toEqual({ text, encoding, binary: false });
  });

  it('calls binary junk binary, and never throws on it', () => {
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    expect(decodeText(junk).binary).toBe(true);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => typeof decodeText(b).text === 'string'));
  });

  it('splits lines at any line end, a final one making no empty line', () => {
    expect(splitLines('a\r\nb\rc\nd\n')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitLines('')).toEqual(['']);
  });
});

describe('CSV as RFC 4180 reads it', () => {
  it.each([
    [
      'plain',
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['quoted comma', '"a,b",c\n', [['a,b', 'c']]],
    ['doubled quote', '"say ""hi""",x\n', [['say "hi"', 'x']]],
    ['embedded line end', '"one\r\ntwo",3\r\n', [['one\r\ntwo', '3']]],
    ['blank lines skipped', 'a\n\n\nb\n', [['a'], ['b']]],
    ['no final line end', 'a,b', [['a', 'b']]],
    ['empty fields', ',,\n', [['', '', '']]],
    ['a quote inside a field is a character', 'ab"c,d\n', [['ab"c', 'd']]],
    ['an unclosed quote runs to the end', '"open,\nstill', [['open,\nstill']]],
  ])('%s', (_, text, records) => {
    expect(parseDelimited(text, ',', 100)).toEqual({ records, total: records.length });
  });

  it('counts the records past the limit without keeping them', () => {
    const text = Array.from({ length: 10 }, (_, i) => `r${i},x`).join('\n');
    expect(parseDelimited(text, ',', 3)).toEqual({
      records: [
        ['r0', 'x'],
        ['r1', 'x'],
        ['r2', 'x'],
      ],
      total: 10,
    });
  });

  it('agrees with csv-parse on any well-formed CSV', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'é', ' ', ',', '"', '\n', '\r\n', '1') });
    const record = fc.array(field, { minLength: 2, maxLength: 5 });
    const quote = (f: string) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), (records) => {
        const text = records.map((r) => r.map(quote).join(',')).join('\r\n');
        const theirs = parseCsv(text, { relaxColumnCount: true }) as string[][];
        expect(parseDelimited(text, ',', 1000).records).toEqual(theirs);
      }),
    );
  });
});

describe('GPX track points', () => {
  it('reads points in any namespace prefix, their time and elevation, and skips commented ones', () => {
    const gpx =
      '<?xml version="1.0"?><g:gpx xmlns:g="http://www.topografix.com/GPX/1/1"><g:trk><g:trkseg>' +
      '<g:trkpt lat="33.1" lon=\'12.4\'><g:ele>4.5</g:ele><g:time>2023-08-12T04:00:00Z</g:time></g:trkpt>' +
      '<!-- <g:trkpt lat="1" lon="2"/> -->' +
      '<g:trkpt lon="12.5" lat="33.2"/>' +
      '<g:trkpt lat="33.3"><g:time>no longitude</g:time></g:trkpt>' +
      '</g:trkseg></g:trk></g:gpx>';
    expect(parseGpx(gpx, 100)).toEqual({
      points: [
        { lat: '33.1', lon: '12.4', time: '2023-08-12T04:00:00Z', ele: '4.5' },
        { lat: '33.2', lon: '12.5', time: undefined, ele: undefined },
      ],
      total: 2,
    });
  });

  it('expands no entity but the five of XML, and fetches nothing', () => {
    const gpx =
      '<!DOCTYPE gpx [<!ENTITY x SYSTEM "http://example.invalid/x"><!ENTITY lol "lol">]>' +
      '<gpx><trk><trkseg><trkpt lat="1" lon="2"><time>&x;&lol;&amp;&#65;</time></trkpt></trkseg></trk></gpx>';
    expect(parseGpx(gpx, 10).points[0]!.time).toBe('&x;&lol;&A');
  });

  it('stays linear on hostile input: unclosed points and comments', () => {
    const started = Date.now();
    parseGpx('<trkpt lat="1" lon="2"'.repeat(50_000) + '<!--'.repeat(50_000), 2000);
    parseGpx('<trkpt lat="1" lon="2">'.repeat(100_000), 2000);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

/**
 * PDFs written byte by byte, for what no library writes on request: a content stream whose
 * /Length is an indirect object and whose data ends in a line feed with `endstream` right
 * after it (as Ghostscript writes them), and an encrypted file.
 */
function assemble(objects: string[], trailerExtra = ''): Uint8Array {
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

export function ghostscriptStylePdf(text: string): { bytes: Uint8Array; content: Buffer } {
  const content = Buffer.from(`BT /F1 24 Tf 72 700 Td (${text}) Tj ET\n`, 'latin1');
  const bytes = assemble([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
    // the data's own final LF, then endstream at once: pdf-lib 1.17 takes that LF for the EOL
    `<< /Length 6 0 R >>\nstream\n${content.toString('latin1')}endstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    String(content.length),
  ]);
  return { bytes, content };
}

export function encryptedPdf(): Uint8Array {
  return assemble(
    [
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
      '<< /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>',
    ],
    '/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] ',
  );
}

import { randomBytes } from 'node:crypto';

/**
 * A baseline JPEG of `bytes` of random scan data: the markers a reader needs to place it (SOF0
 * with its size, a quantisation and a Huffman table), then noise that never forms a marker.
 * Nothing here decodes it: it stands for a large photo whose bytes do not compress.
 */
export function noiseJpeg(bytes: number, width = 1600, height = 1200): Buffer {
  const segment = (marker: number, body: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt16BE(0xff00 | marker, 0);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  const dqt = Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)]);
  const sof = Buffer.from([8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0]);
  const dht = Buffer.concat([Buffer.from([0]), Buffer.from([0, 1, ...Array(14).fill(0)]), Buffer.from([0])]);
  const sos = Buffer.from([1, 1, 0, 0, 63, 0]);
  const scan = randomBytes(bytes);
  for (let i = 0; i < scan.length; i++) if (scan[i] === 0xff) scan[i] = 0xfe;
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xdb, dqt),
    segment(0xc0, sof),
    segment(0xc4, dht),
    segment(0xda, sos),
    scan,
    Buffer.from([0xff, 0xd9]),
  ]);
}

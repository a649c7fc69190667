import { createDeflateRaw, crc32 } from 'node:zlib';

// ZIP containers written by hand for the expansion tests, so no large file is committed:
// a DOCX-shaped archive whose media part inflates from a few hundred KiB to hundreds of MiB.

export interface ZipPart {
  name: string;
  /** The part's bytes, or `zeros` bytes of 0x00 generated while deflating. */
  data?: Buffer;
  zeros?: number;
  /** Write this as the uncompressed size instead of the true one (a lying archive). */
  declaredSize?: number;
}

async function deflate(part: ZipPart): Promise<{ compressed: Buffer; size: number; crc: number }> {
  const deflater = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (c: Buffer) => out.push(c));
  const done = new Promise<void>((resolve, reject) => {
    deflater.on('end', resolve);
    deflater.on('error', reject);
  });
  let crc = 0;
  let size = 0;
  const write = async (chunk: Buffer) => {
    crc = crc32(chunk, crc);
    size += chunk.length;
    if (!deflater.write(chunk)) await new Promise((r) => deflater.once('drain', r));
  };
  if (part.data) await write(part.data);
  const block = Buffer.alloc(1024 * 1024);
  for (let left = part.zeros ?? 0; left > 0; left -= block.length) await write(left >= block.length ? block : block.subarray(0, left));
  deflater.end();
  await done;
  return { compressed: Buffer.concat(out), size, crc };
}

/** A ZIP (PKWARE APPNOTE 6.3.x, no ZIP64) of deflated parts. */
export async function makeZip(parts: ZipPart[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const { compressed, size, crc } = await deflate(part);
    const name = Buffer.from(part.name, 'utf8');
    const declared = part.declaredSize ?? size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(declared, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="xml" ContentType="application/xml"/></Types>';
const DOCUMENT = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>';

/** A DOCX-shaped archive (passes the magic-byte check) with an extra media part. */
export function docxWith(media: Omit<ZipPart, 'name'>, extraParts: ZipPart[] = []): Promise<Buffer> {
  return makeZip([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: 'word/document.xml', data: Buffer.from(DOCUMENT) },
    { name: 'word/media/image1.bin', ...media },
    ...extraParts,
  ]);
}

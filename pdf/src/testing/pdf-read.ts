// Reading helpers for tests: decoded page content and where images are drawn.
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFName, PDFRawStream, type PDFDocument } from 'pdf-lib';

/** A page's content streams, decoded and joined. */
export function pageContent(doc: PDFDocument, pageIndex: number): string {
  const page = doc.getPage(pageIndex);
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
  return streams
    .filter((s): s is PDFRawStream => s instanceof PDFRawStream)
    .map((s) => {
      const flate = s.dict.get(PDFName.of('Filter'))?.toString() === '/FlateDecode';
      return Buffer.from(flate ? inflateSync(s.contents) : s.contents).toString('latin1');
    })
    .join('\n');
}

export interface ImagePlacement {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Images drawn the way pdf-lib's drawImage writes them: translate, (rotate 0), scale, Do. */
export function imagePlacements(content: string): ImagePlacement[] {
  const re = /1 0 0 1 (-?[\d.]+) (-?[\d.]+) cm\s+(?:1 0 0 1 0 0 cm\s+)?([\d.]+) 0 0 ([\d.]+) 0 0 cm\s+(?:1 0 0 1 0 0 cm\s+)?\/(\S+) Do/g;
  return [...content.matchAll(re)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]), name: m[5]! }));
}

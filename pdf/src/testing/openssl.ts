// Real certificate material for integration tests, made with Debian's openssl at test
// time: a PKCS#12 seal certificate under a test CA, and a local RFC 3161 time-stamp
// authority (`openssl ts -reply`) behind a tiny HTTP server on 127.0.0.1.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const openssl = (args: string[], cwd: string) => run('openssl', args, { cwd });

/** A test CA, and a seal certificate it issued, packed as PKCS#12 with `password`. */
export async function makePkcs12(dir: string, password: string, cn = 'Gemeente Proefstad (test)'): Promise<{ p12: string; caPem: string }> {
  await mkdir(dir, { recursive: true });
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Videoloket Test CA', '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'seal.key', '-out', 'seal.csr', '-subj', `/C=NL/O=Gemeente Proefstad/CN=${cn}`], dir);
  await writeFile(join(dir, 'seal.ext'), 'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\n');
  await openssl(['x509', '-req', '-in', 'seal.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'seal.pem', '-days', '2', '-extfile', 'seal.ext'], dir);
  await openssl(['pkcs12', '-export', '-inkey', 'seal.key', '-in', 'seal.pem', '-certfile', 'ca.pem', '-out', 'seal.p12', '-passout', `pass:${password}`], dir);
  return { p12: join(dir, 'seal.p12'), caPem: join(dir, 'ca.pem') };
}

export interface LocalTsa {
  url: string;
  caPem: string;
  requests: number;
  close(): Promise<void>;
}

/** Starts a time-stamp authority: each POSTed TimeStampReq goes through `openssl ts -reply`. */
export async function startLocalTsa(dir: string): Promise<LocalTsa> {
  await mkdir(dir, { recursive: true });
  await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tsa-ca.key', '-out', 'tsa-ca.pem', '-days', '2', '-subj', '/CN=Videoloket Test TSA CA', '-addext', 'basicConstraints=critical,CA:true', '-addext', 'keyUsage=critical,keyCertSign'], dir);
  await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'tsa.key', '-out', 'tsa.csr', '-subj', '/CN=Videoloket Test TSA'], dir);
  // RFC 3161 §2.3: the TSA certificate has one extended key usage, id-kp-timeStamping, critical.
  await writeFile(join(dir, 'tsa.ext'), 'basicConstraints=critical,CA:false\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n');
  await openssl(['x509', '-req', '-in', 'tsa.csr', '-CA', 'tsa-ca.pem', '-CAkey', 'tsa-ca.key', '-CAcreateserial', '-out', 'tsa.pem', '-days', '2', '-extfile', 'tsa.ext'], dir);
  await writeFile(join(dir, 'serial'), '01\n');
  await writeFile(
    join(dir, 'tsa.cnf'),
    [
      '[ tsa ]',
      'default_tsa = tsa_config',
      '[ tsa_config ]',
      `dir = ${dir}`,
      'serial = $dir/serial',
      'signer_cert = $dir/tsa.pem',
      'certs = $dir/tsa-ca.pem',
      'signer_key = $dir/tsa.key',
      'signer_digest = sha256',
      'default_policy = 1.3.6.1.4.1.99999.1',
      'digests = sha256, sha384, sha512',
      'accuracy = secs:1',
      'ordering = yes',
      'tsa_name = yes',
      'ess_cert_id_chain = no',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  let n = 0;
  const tsa: LocalTsa = { url: '', caPem: join(dir, 'tsa-ca.pem'), requests: 0, close: () => Promise.resolve() };
  // One request at a time: `openssl ts` increments the serial file.
  let queue = Promise.resolve();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      queue = queue.then(async () => {
        const id = ++n;
        try {
          await writeFile(join(dir, `q${id}.tsq`), Buffer.concat(chunks));
          await openssl(['ts', '-reply', '-config', 'tsa.cnf', '-queryfile', `q${id}.tsq`, '-out', `r${id}.tsr`], dir);
          const reply = await readFile(join(dir, `r${id}.tsr`));
          tsa.requests++;
          res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(reply);
        } catch (err) {
          res.writeHead(500).end(String(err));
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('TSA did not bind');
  tsa.url = `http://127.0.0.1:${address.port}/tsa`;
  tsa.close = () => new Promise((resolve) => server.close(() => resolve()));
  return tsa;
}

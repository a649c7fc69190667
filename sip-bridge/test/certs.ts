import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

// A throwaway CA and a certificate for 127.0.0.1 (IP SAN), made with openssl
// in the test set-up: the bridge and baresip both present and trust it.

const run = promisify(execFile);

export interface TestCerts {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  /** certificate followed by its key (baresip's sip_certificate format). */
  bundleFile: string;
  remove: () => Promise<void>;
}

export async function makeTestCerts(): Promise<TestCerts> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sip-tls-'));
  const f = (name: string) => path.join(dir, name);
  const subj = (cn: string) => ['-subj', `/CN=${cn}`];
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', ...subj('Videoloket test CA'), '-keyout', f('ca.key'), '-out', f('ca.pem')]);
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', ...subj('127.0.0.1'), '-keyout', f('key.pem'), '-out', f('req.csr')]);
  await writeFile(f('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  await run('openssl', ['x509', '-req', '-in', f('req.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-days', '1', '-extfile', f('ext.cnf'), '-out', f('cert.pem')]);
  await writeFile(f('bundle.pem'), (await readFile(f('cert.pem'), 'utf8')) + (await readFile(f('key.pem'), 'utf8')));
  return {
    dir,
    caFile: f('ca.pem'),
    certFile: f('cert.pem'),
    keyFile: f('key.pem'),
    bundleFile: f('bundle.pem'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Test certificates made with Debian's openssl: a CA, a server certificate it signs for 127.0.0.1 and
 * localhost, and a second CA that signed nothing here (a "wrong CA file"). Files in a temp folder,
 * removed by remove().
 */
export interface TestCertificates {
  dir: string;
  /** The CA that signed the server certificate (PEM file). */
  caFile: string;
  /** Another CA, unrelated to the server (PEM file). */
  otherCaFile: string;
  serverCertPem: string;
  serverKeyPem: string;
  remove(): void;
}

export function makeTestCertificates(): TestCertificates {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadcart-tls-'));
  const at = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => {
    try {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (error) {
      const e = error as NodeJS.ErrnoException & { stderr?: Buffer };
      if (e.code === 'ENOENT') throw new Error('openssl is not installed: run `apt-get install -y openssl` (Debian/Ubuntu), as .ci/run does.');
      throw new Error(`openssl ${args[0]} failed: ${e.stderr?.toString() ?? e.message}`);
    }
  };
  const makeCa = (name: string, subject: string) =>
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', subject, '-keyout', at(`${name}.key`), '-out', at(`${name}.crt`),
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  makeCa('ca', '/CN=Broadcart Test CA');
  makeCa('other-ca', '/CN=Some Other CA');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', at('server.key'), '-out', at('server.csr'));
  fs.writeFileSync(at('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', at('server.csr'), '-CA', at('ca.crt'), '-CAkey', at('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', at('server.ext'), '-out', at('server.crt'));
  return {
    dir,
    caFile: at('ca.crt'),
    otherCaFile: at('other-ca.crt'),
    serverCertPem: fs.readFileSync(at('server.crt'), 'utf8'),
    serverKeyPem: fs.readFileSync(at('server.key'), 'utf8'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

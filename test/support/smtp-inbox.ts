import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  readonly to: string;
  /** Subject and text, decoded by a real mail parser. */
  readonly text: string;
}

/** A local SMTP server started by the test: it takes every message and keeps it. */
export async function startSmtp(port: number, inbox: Received[]): Promise<SMTPServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks))
          .then((mail) => {
            inbox.push({
              to: session.envelope.rcptTo.map((r) => r.address).join(','),
              text: `${mail.subject ?? ''}\n${mail.text ?? ''}`,
            });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

import { freePort } from './service-process';

export interface ArrivedMail {
  readonly to: string;
  readonly subject: string;
}

/**
 * A local SMTP server for process tests. A message counts as arrived once its
 * last byte is in, as a real mail server would deliver it; the server's "250"
 * reply can be held back, so a test can kill the sender while the message is
 * in flight (the case in which a careless retry sends it twice).
 */
export class SmtpSink {
  readonly arrived: ArrivedMail[] = [];
  private held: Promise<void> | null = null;
  private releaseHeld: () => void = () => undefined;

  private readonly server: SMTPServer;

  private constructor(private readonly port: number) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          simpleParser(Buffer.concat(chunks))
            .then(async (mail) => {
              this.arrived.push({
                to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(','),
                subject: mail.subject ?? '',
              });
              await this.held;
              callback();
            })
            .catch((error: Error) => callback(error));
        });
      },
    });
  }

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink(await freePort());
    await new Promise<void>((resolve) => sink.server.listen(sink.port, '127.0.0.1', resolve));
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Messages keep arriving, but the replies that accept them wait for `releaseReplies`. */
  holdReplies(): void {
    this.held = new Promise((resolve) => (this.releaseHeld = resolve));
  }

  releaseReplies(): void {
    this.releaseHeld();
    this.held = null;
  }

  to(address: string): ArrivedMail[] {
    return this.arrived.filter((mail) => mail.to === address);
  }

  async close(): Promise<void> {
    this.releaseReplies();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

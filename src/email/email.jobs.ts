export const EMAIL_QUEUE = 'email';

export const EmailJob = {
  Send: 'send',
} as const;

export interface SendEmailPayload {
  readonly emailId: string;
}

export function sendJobId(emailId: string): string {
  return `send-${emailId}`;
}

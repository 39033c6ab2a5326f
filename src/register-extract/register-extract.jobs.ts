export const REGISTER_EXTRACT_QUEUE = 'register-extract';

export const RegisterExtractJob = {
  /** Gather what is held about the person and make the PDF and the JSON file. */
  Produce: 'produce-extract',
} as const;

export interface ProduceExtractPayload {
  readonly extractId: string;
}

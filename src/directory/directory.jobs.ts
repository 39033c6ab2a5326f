export const DIRECTORY_QUEUE = 'directory';

export const DirectoryJob = {
  /** Parse a stored import file and write it into the directory. */
  RunImport: 'run-import',
} as const;

export interface RunImportPayload {
  readonly importId: string;
}

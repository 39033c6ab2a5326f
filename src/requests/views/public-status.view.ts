import { publicStatus } from '../request-lifecycle';
import type { RequestStatusForRequester } from '../request-intake.service';

/**
 * What the requester sees with their receipt code, on the status page and from
 * `GET /api/v1/records-requests/status` (the code in `X-Receipt-Code`): the status with its Swedish
 * label and explanation.
 */
export interface PublicRequestStatus extends RequestStatusForRequester {
  readonly statusLabel: string;
  readonly explanation: string;
}

export function toPublicStatusView(request: RequestStatusForRequester): PublicRequestStatus {
  const shown = publicStatus(request.status, request.closure);
  // The API's JSON keeps this order of keys.
  return {
    registrationNumber: request.registrationNumber,
    status: request.status,
    statusLabel: shown.label,
    explanation: shown.explanation,
    receivedOn: request.receivedOn,
    decisionDue: request.decisionDue,
    clarificationQuestion: request.clarificationQuestion,
    canDownload: request.canDownload,
    feeKr: request.feeKr,
    invoiced: request.invoiced,
    extensionNotice: request.extensionNotice,
    viewing: request.viewing,
    appeal: request.appeal,
    closure: request.closure,
    appealedOn: request.appealedOn,
    partDelivery: request.partDelivery,
  };
}

/**
 * The requests queue's name. It sits here, below the requests module that
 * owns the queue's jobs (requests.jobs.ts), because the worker launcher gives
 * that queue's worker its configured concurrency.
 */
export const REQUESTS_QUEUE = 'records-requests';

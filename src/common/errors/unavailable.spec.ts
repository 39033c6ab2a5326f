import { ConnectionException, UniqueConstraintViolationException } from '@mikro-orm/core';
import { MaxRetriesPerRequestError } from 'ioredis/built/errors';
import { ClientOfflineError, SocketClosedUnexpectedlyError } from 'redis';

import { DomainError, ErrorCode } from './domain-error';
import { isDependencyUnavailable } from './unavailable';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isDependencyUnavailable', () => {
  it.each([
    ['PostgreSQL refused the connection', withCode('ECONNREFUSED')],
    ['the server shut down under a query (57P01)', withCode('57P01')],
    ['the server is starting (57P03)', withCode('57P03')],
    ['a connection exception (08006)', withCode('08006')],
    ['node-postgres lost the socket', new Error('Connection terminated unexpectedly')],
    ['MikroORM wrapped it', new ConnectionException(withCode('ECONNREFUSED'))],
    ['ioredis gave up on a command', new MaxRetriesPerRequestError(2)],
    ['node-redis is offline (the session store)', new ClientOfflineError()],
    ['node-redis lost the socket', new SocketClosedUnexpectedlyError()],
    ['found through cause', new Error('store failed', { cause: withCode('ECONNRESET') })],
  ])('%s: yes', (_, error) => {
    expect(isDependencyUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new UniqueConstraintViolationException(withCode('23505'))],
    ['a syntax error', withCode('42601')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a domain error', new DomainError(ErrorCode.Conflict, 'Ändrad av någon annan.')],
    ['nothing', undefined],
  ])('%s: no', (_, error) => {
    expect(isDependencyUnavailable(error)).toBe(false);
  });
});

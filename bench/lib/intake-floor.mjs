// The intake floor: bare node:http + pg doing the insert the service does for
// POST /api/v1/records-requests — a registration number taken from the
// sequence and the request row, committed in one transaction — with no
// framework, validation, rate limit, history event, audit entry or job.
//   node bench/lib/intake-floor.mjs   (DATABASE_URL, FLOOR_SCHEMA, FLOOR_PORT, FLOOR_POOL)
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { createServer } from 'node:http';

import pg from 'pg';

const schema = process.env.FLOOR_SCHEMA;
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.FLOOR_POOL ?? 10),
  options: `-c search_path="${schema}"`,
});

async function insert(body) {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const now = new Date();
    const year = now.getFullYear();
    const { rows } = await client.query(
      `insert into registration_sequence (series, year, last_value) values ('BEG', $1, 1)
       on conflict (series, year) do update set last_value = registration_sequence.last_value + 1
       returning last_value`,
      [year],
    );
    const registrationNumber = `BEG-${year}-${String(rows[0].last_value).padStart(5, '0')}`;
    const receiptCode = randomBytes(8).toString('hex').toUpperCase().slice(0, 12);
    const today = now.toISOString().slice(0, 10);
    await client.query(
      `insert into records_request (id, registration_number, receipt_code_hash, channel, received_on, received_at,
         description, pupil_name, school, period, delivery, status, first_action_due, decision_due, created_at, updated_at)
       values ($1, $2, $3, 'api', $4, $5, $6, $7, $8, $9, $10, 'received', $4, $4, $5, $5)`,
      [
        randomUUID(),
        registrationNumber,
        createHash('sha256').update(receiptCode).digest('hex'),
        today,
        now,
        String(body.description ?? ''),
        body.pupilName ?? null,
        body.school ?? null,
        body.period ?? null,
        body.delivery ?? 'electronic',
      ],
    );
    await client.query('commit');
    return { registrationNumber, receiptCode, status: 'received' };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      response.writeHead(400).end();
      return;
    }
    insert(body).then(
      (filed) => {
        const json = JSON.stringify(filed);
        response.writeHead(201, { 'content-type': 'application/json; charset=utf-8' }).end(json);
      },
      (error) => {
        response.writeHead(500).end(String(error));
      },
    );
  });
});
server.listen(Number(process.env.FLOOR_PORT), '127.0.0.1', () => {
  process.stdout.write('floor ready\n');
});
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));

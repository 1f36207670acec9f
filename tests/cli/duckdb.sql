CREATE TYPE close_t AS ENUM ('client-close', 'server-close',
    'simultaneous', 'reset', 'refused', 'unreachable', 'unanswered',
    'half-open', 'half-closed', 'open', 'timeout');
CREATE TYPE conn_state_t AS ENUM ('S0', 'S1', 'SF', 'REJ', 'S2', 'S3',
    'RSTO', 'RSTR', 'RSTOS0', 'RSTRH', 'SH', 'SHR', 'OTH');
CREATE TABLE conn AS
SELECT row_number() OVER (ORDER BY first_frame) AS id, first_frame,
    community_id, input,
    client.ip AS client_ip, client.port AS client_port,
    server.ip AS server_ip, server.port AS server_port,
    to_timestamp(start) AS start_time, to_timestamp("end") AS end_time,
    handshake, "close"::close_t AS "close", closed_by,
    state.client AS state_client, state.server AS state_server,
    conn_state::conn_state_t AS conn_state, history,
    (packets->>'client')::UBIGINT AS client_packets,
    (packets->>'server')::UBIGINT AS server_packets,
    (bytes->>'client')::UBIGINT AS client_bytes,
    (bytes->>'server')::UBIGINT AS server_bytes
FROM read_ndjson('shard-*.ndjson', columns = {
    type: 'VARCHAR', first_frame: 'UBIGINT', community_id: 'VARCHAR',
    input: 'VARCHAR', client: 'STRUCT(ip VARCHAR, port USMALLINT)',
    server: 'STRUCT(ip VARCHAR, port USMALLINT)',
    start: 'DOUBLE', "end": 'DOUBLE', handshake: 'VARCHAR',
    "close": 'VARCHAR', closed_by: 'VARCHAR',
    state: 'STRUCT(client VARCHAR, server VARCHAR)',
    conn_state: 'VARCHAR', history: 'VARCHAR',
    packets: 'JSON', bytes: 'JSON'})
WHERE type = 'connection'
ORDER BY server_ip, server_port, community_id, start_time;
SELECT server_ip, server_port, count(*) AS half_open,
    count(DISTINCT client_ip) AS sources
FROM conn WHERE "close" = 'half-open'
GROUP BY ALL ORDER BY half_open DESC LIMIT 10;
SELECT server_ip, server_port, count(*) AS close_wait,
    max(end_time - start_time) AS longest
FROM conn WHERE state_server = 'CLOSE_WAIT'
GROUP BY ALL ORDER BY close_wait DESC LIMIT 10;
SELECT server_ip, server_port, closed_by, count(*) AS resets
FROM conn WHERE "close" = 'reset'
GROUP BY ALL ORDER BY resets DESC LIMIT 10;
SELECT client_ip, server_ip, server_port, count(*) AS silent
FROM conn WHERE handshake = 'complete'
    AND client_bytes = 0 AND server_bytes = 0
GROUP BY ALL ORDER BY silent DESC LIMIT 10;
SELECT "close", count(*) AS n FROM conn GROUP BY ALL ORDER BY "close";

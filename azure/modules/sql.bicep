// Azure SQL logical server with Microsoft Entra-only authentication (no SQL logins, no passwords), one
// database, TDE, and a firewall that admits Azure services only. Private endpoints are the production
// hardening (see azure/README.md).

@description('Azure region.')
param location string

@description('SQL logical server name (globally unique).')
param serverName string

@description('Database name.')
param databaseName string

@description('Display name of the Entra group that administers the server.')
param adminGroupName string

@description('Object id of the Entra group that administers the server.')
param adminGroupObjectId string

@description('Entra tenant of the administrators group.')
param tenantId string

@description('Database SKU name, e.g. GP_S_Gen5 (serverless) or GP_Gen5 (provisioned).')
param skuName string

@description('Database SKU tier.')
param skuTier string

@description('vCores (maximum vCores when serverless).')
param capacity int

@description('Serverless only: minimum vCores, as a string such as "0.5".')
param serverlessMinCapacity string

@description('Serverless only: minutes idle before the database pauses; -1 never pauses.')
param autoPauseDelayMinutes int

@description('Maximum database size in bytes.')
param maxSizeBytes int

@description('Zone-redundant database.')
param zoneRedundant bool

@description('Backup storage redundancy: Local, Zone or Geo.')
@allowed([
  'Local'
  'Zone'
  'Geo'
  'GeoZone'
])
param backupStorageRedundancy string

@description('Transparent data encryption (on unless there is a reason).')
param transparentDataEncryption bool

@description('Log Analytics workspace for the database diagnostics.')
param workspaceId string

@description('Tags for every resource.')
param tags object

var serverless = contains(skuName, '_S_')

resource server 'Microsoft.Sql/servers@2025-01-01' = {
  name: serverName
  location: location
  tags: tags
  properties: {
    minimalTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    administrators: {
      administratorType: 'ActiveDirectory'
      principalType: 'Group'
      login: adminGroupName
      sid: adminGroupObjectId
      tenantId: tenantId
      azureADOnlyAuthentication: true
    }
  }
}

resource entraOnly 'Microsoft.Sql/servers/azureADOnlyAuthentications@2025-01-01' = {
  parent: server
  name: 'Default'
  properties: {
    azureADOnlyAuthentication: true
  }
}

// 0.0.0.0 - 0.0.0.0 is Azure's "allow Azure services and resources to access this server".
resource allowAzureServices 'Microsoft.Sql/servers/firewallRules@2025-01-01' = {
  parent: server
  name: 'AllowAllWindowsAzureIps'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource database 'Microsoft.Sql/servers/databases@2025-01-01' = {
  parent: server
  name: databaseName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
    capacity: capacity
  }
  properties: {
    collation: 'SQL_Latin1_General_CP1_CI_AS'
    maxSizeBytes: maxSizeBytes
    zoneRedundant: zoneRedundant
    requestedBackupStorageRedundancy: backupStorageRedundancy
    autoPauseDelay: serverless ? autoPauseDelayMinutes : null
    minCapacity: serverless ? json(serverlessMinCapacity) : null
  }
}

resource tde 'Microsoft.Sql/servers/databases/transparentDataEncryption@2025-01-01' = {
  parent: database
  name: 'current'
  properties: {
    state: transparentDataEncryption ? 'Enabled' : 'Disabled'
  }
}

// 2021-05-01-preview is the newest diagnosticSettings version and the first with categoryGroup; the
// only GA version (2016-09-01) predates category groups, so use-recent-api-versions is waived here.
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: database
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Basic'
        enabled: true
      }
      {
        category: 'InstanceAndAppAdvanced'
        enabled: true
      }
      {
        category: 'WorkloadManagement'
        enabled: true
      }
    ]
  }
}

output serverName string = server.name
output serverFqdn string = server.properties.fullyQualifiedDomainName
output databaseName string = database.name

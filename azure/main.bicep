// CareHub on Azure: App Service (Linux, .NET 10) + Azure SQL (Entra-only) + Azure Cache for Redis +
// Key Vault + Log Analytics / Application Insights, in one resource group.
// Deploy: az deployment group create -g <rg> --parameters azure/environments/<env>.bicepparam
// Runbook: azure/README.md
targetScope = 'resourceGroup'

// ---- Naming ------------------------------------------------------------------------------------

@description('Short name of the system, used in every resource name.')
@minLength(2)
@maxLength(10)
param baseName string = 'carehub'

@description('Environment name, e.g. test or prod.')
@minLength(2)
@maxLength(8)
param environmentName string

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Suffix that makes globally unique names unique; stable per resource group.')
param uniqueSuffix string = take(uniqueString(resourceGroup().id), 6)

param webAppName string = '${baseName}-${environmentName}-${uniqueSuffix}'
param planName string = '${baseName}-${environmentName}-plan'
param identityName string = '${baseName}-${environmentName}-app-id'
param sqlServerName string = '${baseName}-${environmentName}-sql-${uniqueSuffix}'
param sqlDatabaseName string = 'carehub'
param redisName string = '${baseName}-${environmentName}-redis-${uniqueSuffix}'
@maxLength(24)
param keyVaultName string = '${baseName}-${environmentName}-kv-${uniqueSuffix}'
param workspaceName string = '${baseName}-${environmentName}-logs'
param appInsightsName string = '${baseName}-${environmentName}-ai'

@description('Tags for every resource.')
param tags object = {
  system: 'CareHub'
  environment: environmentName
}

// ---- App Service -------------------------------------------------------------------------------

@description('App Service plan SKU (Linux).')
param planSkuName string = 'P1v3'

@description('App Service plan tier matching the SKU.')
param planSkuTier string = 'PremiumV3'

@description('Web app instances. Production runs 2 or more (sticky sessions + Redis backplane).')
@minValue(1)
@maxValue(30)
param instanceCount int = 1

@description('Spread the App Service instances over availability zones.')
param zoneRedundant bool = false

// ---- Sign-in (Microsoft Entra ID) ----------------------------------------------------------------

@description('Entra authority host for AzureAd:Instance.')
param azureAdInstance string = environment().authentication.loginEndpoint

@description('Entra tenant id of the CareHub app registration (AzureAd:TenantId).')
param azureAdTenantId string

@description('Client (application) id of the CareHub app registration (AzureAd:ClientId).')
param azureAdClientId string

// ---- Azure SQL -----------------------------------------------------------------------------------

@description('Display name of the Entra group that administers the SQL server.')
param sqlAdminGroupName string

@description('Object id of that Entra group.')
param sqlAdminGroupObjectId string

@description('Database SKU: GP_S_Gen5 is General Purpose serverless.')
param sqlSkuName string = 'GP_S_Gen5'

@description('Database tier matching the SKU.')
param sqlSkuTier string = 'GeneralPurpose'

@description('vCores (maximum vCores when serverless).')
param sqlCapacity int = 2

@description('Serverless minimum vCores, as a decimal string.')
param sqlServerlessMinCapacity string = '0.5'

@description('Serverless auto-pause delay in minutes; -1 never pauses.')
param sqlAutoPauseDelayMinutes int = 60

@description('Maximum database size in bytes (default 32 GB).')
param sqlMaxSizeBytes int = 34359738368

@description('Zone-redundant database.')
param sqlZoneRedundant bool = false

@description('Backup storage redundancy.')
@allowed([
  'Local'
  'Zone'
  'Geo'
  'GeoZone'
])
param sqlBackupStorageRedundancy string = 'Geo'

@description('Transparent data encryption.')
param sqlTransparentDataEncryption bool = true

// ---- Redis ---------------------------------------------------------------------------------------

@description('Azure Cache for Redis SKU.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param redisSkuName string = 'Standard'

@description('Azure Cache for Redis size (C1 = 1).')
@minValue(0)
@maxValue(6)
param redisCapacity int = 1

// ---- Key Vault, census, logs -------------------------------------------------------------------------

@description('Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionInDays int = 90

@description('Run the MLLP census listener. Off on App Service: MLLP needs a VNet / private endpoint; the HTTP feed is the Azure path.')
param censusListenerEnabled bool = false

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

var redisSecretName = 'redis-connection-string'
var censusHttpFeedKeySecretName = 'census-http-feed-key'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: identityName
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: workspaceName
    appInsightsName: appInsightsName
    retentionInDays: logRetentionInDays
    tags: tags
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    keyVaultName: keyVaultName
    appPrincipalId: identity.properties.principalId
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionInDays
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module redis 'modules/redis.bicep' = {
  name: 'redis'
  params: {
    location: location
    redisName: redisName
    skuName: redisSkuName
    capacity: redisCapacity
    keyVaultName: keyVault.outputs.keyVaultName
    connectionStringSecretName: redisSecretName
    tags: tags
  }
}

module sql 'modules/sql.bicep' = {
  name: 'sql'
  params: {
    location: location
    serverName: sqlServerName
    databaseName: sqlDatabaseName
    adminGroupName: sqlAdminGroupName
    adminGroupObjectId: sqlAdminGroupObjectId
    tenantId: azureAdTenantId
    skuName: sqlSkuName
    skuTier: sqlSkuTier
    capacity: sqlCapacity
    serverlessMinCapacity: sqlServerlessMinCapacity
    autoPauseDelayMinutes: sqlAutoPauseDelayMinutes
    maxSizeBytes: sqlMaxSizeBytes
    zoneRedundant: sqlZoneRedundant
    backupStorageRedundancy: sqlBackupStorageRedundancy
    transparentDataEncryption: sqlTransparentDataEncryption
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

module webApp 'modules/webApp.bicep' = {
  name: 'webApp'
  params: {
    location: location
    planName: planName
    webAppName: webAppName
    planSkuName: planSkuName
    planSkuTier: planSkuTier
    instanceCount: instanceCount
    zoneRedundant: zoneRedundant
    identityId: identity.id
    identityClientId: identity.properties.clientId
    sqlServerFqdn: sql.outputs.serverFqdn
    sqlDatabaseName: sql.outputs.databaseName
    keyVaultName: keyVault.outputs.keyVaultName
    redisSecretName: redis.outputs.connectionStringSecretName
    censusHttpFeedKeySecretName: censusHttpFeedKeySecretName
    censusListenerEnabled: censusListenerEnabled
    azureAdInstance: azureAdInstance
    azureAdTenantId: azureAdTenantId
    azureAdClientId: azureAdClientId
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    environmentName: environmentName
    workspaceId: monitoring.outputs.workspaceId
    tags: tags
  }
}

@description('Host name of the web app (production slot).')
output webAppHostName string = webApp.outputs.defaultHostName

@description('Host name of the staging slot.')
output stagingHostName string = webApp.outputs.stagingHostName

@description('Web app name, for az webapp commands.')
output webAppName string = webApp.outputs.webAppName

@description('Name of the managed identity: the database user to create FROM EXTERNAL PROVIDER.')
output identityName string = identity.name

@description('Client id of the web app\'s managed identity.')
output identityClientId string = identity.properties.clientId

@description('Fully qualified domain name of the Azure SQL server.')
output sqlServerFqdn string = sql.outputs.serverFqdn

@description('Database name.')
output sqlDatabaseName string = sql.outputs.databaseName

@description('Key Vault name.')
output keyVaultName string = keyVault.outputs.keyVaultName

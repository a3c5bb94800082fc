// Linux App Service plan and the CareHub web app (.NET 10) with a "staging" deployment slot. The app
// runs as a user-assigned managed identity: it reaches Azure SQL with Entra auth (no password) and
// resolves Key Vault references (Redis, the census HTTP feed key) with it.

@description('Azure region.')
param location string

@description('App Service plan name.')
param planName string

@description('Web app name (globally unique; the host is <name>.azurewebsites.net).')
param webAppName string

@description('App Service plan SKU, e.g. P1v3.')
param planSkuName string

@description('App Service plan tier, e.g. PremiumV3.')
param planSkuTier string

@description('Number of instances (2 or more in production).')
@minValue(1)
@maxValue(30)
param instanceCount int

@description('Spread the instances over availability zones (needs 2 or more instances and a region with zones).')
param zoneRedundant bool

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity.')
param identityClientId string

@description('Fully qualified domain name of the Azure SQL server.')
param sqlServerFqdn string

@description('Database name.')
param sqlDatabaseName string

@description('Key Vault holding the app\'s secrets.')
param keyVaultName string

@description('Key Vault secret with the Redis connection string.')
param redisSecretName string

@description('Key Vault secret with the census HTTP feed key.')
param censusHttpFeedKeySecretName string

@description('Run the MLLP census listener (needs a VNet / private endpoint to reach the sender).')
param censusListenerEnabled bool

@description('Microsoft Entra ID sign-in: the authority host.')
param azureAdInstance string

@description('Microsoft Entra ID sign-in: tenant id.')
param azureAdTenantId string

@description('Microsoft Entra ID sign-in: the app registration\'s client id.')
param azureAdClientId string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Environment name, reported as deployment.environment in telemetry.')
param environmentName string

@description('Log Analytics workspace for the app\'s diagnostics.')
param workspaceId string

@description('Tags for every resource.')
param tags object

var sqlConnectionString = 'Server=tcp:${sqlServerFqdn},1433;Database=${sqlDatabaseName};Authentication=Active Directory Managed Identity;User Id=${identityClientId};Encrypt=True;TrustServerCertificate=False;Connection Timeout=30'

var appSettings = [
  {
    name: 'ASPNETCORE_ENVIRONMENT'
    value: 'Production'
  }
  {
    name: 'Database__Provider'
    value: 'SqlServer'
  }
  {
    name: 'ConnectionStrings__CareHub'
    value: sqlConnectionString
  }
  {
    name: 'ConnectionStrings__Redis'
    value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${redisSecretName})'
  }
  {
    name: 'AzureAd__Instance'
    value: azureAdInstance
  }
  {
    name: 'AzureAd__TenantId'
    value: azureAdTenantId
  }
  {
    name: 'AzureAd__ClientId'
    value: azureAdClientId
  }
  {
    name: 'AzureAd__CallbackPath'
    value: '/signin-oidc'
  }
  {
    // DefaultAzureCredential and friends pick the user-assigned identity by this.
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsightsConnectionString
  }
  {
    name: 'OTEL_SERVICE_NAME'
    value: 'CareHub'
  }
  {
    name: 'OTEL_RESOURCE_ATTRIBUTES'
    value: 'deployment.environment=${environmentName}'
  }
  {
    name: 'Census__Listener__Enabled'
    value: string(censusListenerEnabled)
  }
  {
    name: 'Census__HttpFeedKey'
    value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${censusHttpFeedKeySecretName})'
  }
  {
    // Let a stopped or swapped instance finish its circuits and SignalR connections.
    name: 'WEBSITES_CONTAINER_STOP_TIME_LIMIT'
    value: '60'
  }
  {
    // Swap only once the new slot answers /health/ready.
    name: 'WEBSITE_SWAP_WARMUP_PING_PATH'
    value: '/health/ready'
  }
  {
    name: 'WEBSITE_SWAP_WARMUP_PING_STATUSES'
    value: '200'
  }
]

var siteConfig = {
  linuxFxVersion: 'DOTNETCORE|10.0'
  alwaysOn: true
  webSocketsEnabled: true
  http20Enabled: true
  minTlsVersion: '1.2'
  scmMinTlsVersion: '1.2'
  ftpsState: 'Disabled'
  healthCheckPath: '/health/ready'
  appCommandLine: 'dotnet CareHub.Web.dll'
  appSettings: appSettings
}

var siteProperties = {
  serverFarmId: plan.id
  httpsOnly: true
  // Blazor Server circuits live in one instance's memory: keep a browser on the instance it started on.
  clientAffinityEnabled: true
  keyVaultReferenceIdentity: identityId
  siteConfig: siteConfig
}

var siteIdentity = {
  type: 'UserAssigned'
  userAssignedIdentities: {
    '${identityId}': {}
  }
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: planSkuName
    tier: planSkuTier
    capacity: instanceCount
  }
  properties: {
    reserved: true
    zoneRedundant: zoneRedundant
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: siteIdentity
  properties: siteProperties
}

resource staging 'Microsoft.Web/sites/slots@2025-03-01' = {
  parent: site
  name: 'staging'
  location: location
  tags: tags
  kind: 'app,linux'
  identity: siteIdentity
  properties: siteProperties
}

// No FTP or basic-auth publishing: deployments authenticate with Entra (az webapp deploy).
resource ftpPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPolicy 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

// 2021-05-01-preview is the newest diagnosticSettings version and the first with categoryGroup; the
// only GA version (2016-09-01) predates category groups, so use-recent-api-versions is waived here.
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceAppLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
      {
        category: 'AppServiceAuditLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output webAppName string = site.name
output defaultHostName string = site.properties.defaultHostName
output stagingHostName string = staging.properties.defaultHostName

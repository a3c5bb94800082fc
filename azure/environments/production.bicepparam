// CareHub production. Deploy:
//   az deployment group create -g rg-carehub-prod --parameters azure/environments/production.bicepparam
// No secrets here: Redis's connection string is written to Key Vault by the template, and the census
// HTTP feed key is set in Key Vault by hand (azure/README.md). Placeholders marked REPLACE must be
// filled with your tenant's ids before deploying.
using '../main.bicep'

param baseName = 'carehub'
param environmentName = 'prod'

// App Service: two or more instances behind ARR affinity (sticky circuits) with the Redis backplane.
// Zone redundancy needs a region with availability zones; turn it off where there are none.
param planSkuName = 'P1v3'
param planSkuTier = 'PremiumV3'
param instanceCount = 3
param zoneRedundant = true

// REPLACE: the Entra tenant and the CareHub (production) app registration's client id.
param azureAdTenantId = '00000000-0000-0000-0000-000000000000'
param azureAdClientId = '00000000-0000-0000-0000-000000000000'

// REPLACE: the Entra group that administers the SQL server (display name and object id).
param sqlAdminGroupName = 'REPLACE-carehub-prod-sql-admins'
param sqlAdminGroupObjectId = '00000000-0000-0000-0000-000000000000'

// Serverless General Purpose that never pauses (a paused database makes the first sign-in wait).
param sqlSkuName = 'GP_S_Gen5'
param sqlSkuTier = 'GeneralPurpose'
param sqlCapacity = 4
param sqlServerlessMinCapacity = '1'
param sqlAutoPauseDelayMinutes = -1
param sqlMaxSizeBytes = 107374182400
param sqlZoneRedundant = true
param sqlBackupStorageRedundancy = 'GeoZone'
param sqlTransparentDataEncryption = true

param redisSkuName = 'Standard'
param redisCapacity = 1

param keyVaultSoftDeleteRetentionInDays = 90
param censusListenerEnabled = false
param logRetentionInDays = 90

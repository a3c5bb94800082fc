// CareHub test environment. Deploy:
//   az deployment group create -g rg-carehub-test --parameters azure/environments/test.bicepparam
// No secrets here: Redis's connection string is written to Key Vault by the template, and the census
// HTTP feed key is set in Key Vault by hand (azure/README.md). Placeholders marked REPLACE must be
// filled with your tenant's ids before deploying.
using '../main.bicep'

param baseName = 'carehub'
param environmentName = 'test'

// App Service: one P1v3 instance is enough to test; a swap still goes through the staging slot.
param planSkuName = 'P1v3'
param planSkuTier = 'PremiumV3'
param instanceCount = 1
param zoneRedundant = false

// REPLACE: the Entra tenant and the CareHub (test) app registration's client id.
param azureAdTenantId = '00000000-0000-0000-0000-000000000000'
param azureAdClientId = '00000000-0000-0000-0000-000000000000'

// REPLACE: the Entra group that administers the SQL server (display name and object id).
param sqlAdminGroupName = 'REPLACE-carehub-test-sql-admins'
param sqlAdminGroupObjectId = '00000000-0000-0000-0000-000000000000'

// Serverless General Purpose, pauses after an idle hour.
param sqlSkuName = 'GP_S_Gen5'
param sqlSkuTier = 'GeneralPurpose'
param sqlCapacity = 2
param sqlServerlessMinCapacity = '0.5'
param sqlAutoPauseDelayMinutes = 60
param sqlZoneRedundant = false
param sqlBackupStorageRedundancy = 'Local'

param redisSkuName = 'Standard'
param redisCapacity = 1

param keyVaultSoftDeleteRetentionInDays = 7
param censusListenerEnabled = false
param logRetentionInDays = 30

// Azure Cache for Redis (TLS only) for the realtime bus, presence and the SignalR backplane. Its
// connection string goes straight into Key Vault; it never appears in an output or an app setting.

@description('Azure region.')
param location string

@description('Redis cache name (globally unique).')
param redisName string

@description('Redis SKU: Basic, Standard or Premium.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param skuName string

@description('Redis size within the SKU family (C0-C6, P1-P5).')
@minValue(0)
@maxValue(6)
param capacity int

@description('Key Vault that receives the connection string.')
param keyVaultName string

@description('Name of the Key Vault secret holding the StackExchange.Redis connection string.')
param connectionStringSecretName string

@description('Tags for every resource.')
param tags object

resource redis 'Microsoft.Cache/redis@2024-11-01' = {
  name: redisName
  location: location
  tags: tags
  properties: {
    sku: {
      name: skuName
      family: skuName == 'Premium' ? 'P' : 'C'
      capacity: capacity
    }
    enableNonSslPort: false
    minimumTlsVersion: '1.2'
    publicNetworkAccess: 'Enabled'
    redisVersion: '6'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName
}

resource connectionString 'Microsoft.KeyVault/vaults/secrets@2026-05-15' = {
  parent: vault
  name: connectionStringSecretName
  properties: {
    contentType: 'StackExchange.Redis connection string'
    value: '${redis.properties.hostName}:${redis.properties.sslPort},password=${redis.listKeys().primaryKey},ssl=True,abortConnect=False'
  }
}

output redisHostName string = redis.properties.hostName
output connectionStringSecretName string = connectionString.name

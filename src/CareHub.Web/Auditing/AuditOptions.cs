using System.Globalization;
using CareHub.Data;

namespace CareHub.Web.Auditing;

/// <summary><c>Audit:SealIntervalSeconds</c>: how often new audit rows are linked into the hash chain (default 5).</summary>
public sealed class AuditOptions
{
    public TimeSpan SealInterval { get; init; } = TimeSpan.FromSeconds(5);

    public static AuditOptions Read(IConfiguration config)
    {
        var value = config["Audit:SealIntervalSeconds"];
        if (value is null)
            return new AuditOptions();
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 3600)
        {
            throw new CareHubConfigurationException(
                $"Audit:SealIntervalSeconds is '{value}'; it must be a whole number of seconds from 1 to 3600, such as 5 " +
                "(how long a new audit row may wait before it is linked into the tamper-evident chain).");
        }
        return new AuditOptions { SealInterval = TimeSpan.FromSeconds(seconds) };
    }
}

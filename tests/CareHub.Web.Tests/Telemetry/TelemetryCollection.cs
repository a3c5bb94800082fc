namespace CareHub.Web.Tests.Telemetry;

/// <summary>
/// Activity and meter listeners hear the whole process: the tests that use them run alone, so what they hear is theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry listeners";
}

namespace CareHub.Data.Seeding;

/// <summary>Settings of the synthetic demo data (section <c>DemoData</c>).</summary>
public sealed record DemoDataOptions
{
    public const int MaxPatients = 200_000;

    /// <summary>Whether an empty database is filled with demo data on start (Development and Testing).</summary>
    public bool Enabled { get; init; }

    /// <summary>How many patients; 2,000 looks like a mid-size health system, 50,000 is for benchmarks.</summary>
    public int Patients { get; init; } = 2_000;

    /// <summary>The same seed gives the same people, conditions and histories.</summary>
    public int Seed { get; init; } = 20_261_124;

    public void Validate()
    {
        if (Patients is < 10 or > MaxPatients)
            throw new CareHubConfigurationException($"DemoData:Patients is {Patients}; use a number from 10 to {MaxPatients:N0}.");
    }
}

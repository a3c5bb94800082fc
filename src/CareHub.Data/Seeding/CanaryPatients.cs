using CareHub.Domain.Patients;

namespace CareHub.Data.Seeding;

/// <summary>A synthetic patient planted in the demo data to be looked for where patient data must never be.</summary>
public sealed record CanaryPatient(string Mrn, string GivenName, string FamilyName, DateOnly BirthDate, AdministrativeSex Sex)
{
    public string DisplayName => $"{FamilyName}, {GivenName}";
}

/// <summary>
/// Canary patients: the last demo patients are these, with names, MRNs and birth dates found nowhere else, so that a test
/// can use the app with them and then search logs, error pages, URLs, browser storage and Redis for them (issue 9: no
/// patient data where it does not belong). They are ordinary patients in every other way (a team, a plan, a referral).
/// </summary>
public static class CanaryPatients
{
    public const string FamilyName = "Canarywood";

    /// <summary>The MRNs all start with this (no other demo MRN has a letter).</summary>
    public const string MrnPrefix = "CANARY";

    public static IReadOnlyList<CanaryPatient> All { get; } =
    [
        new($"{MrnPrefix}0001", "Quillonette", FamilyName, new DateOnly(1937, 7, 13), AdministrativeSex.Female),
        new($"{MrnPrefix}0002", "Zephyrinus", FamilyName, new DateOnly(1942, 11, 5), AdministrativeSex.Male),
        new($"{MrnPrefix}0003", "Oriabelle", FamilyName, new DateOnly(1958, 3, 21), AdministrativeSex.Female),
    ];

    public static bool IsCanary(string mrn) => mrn.StartsWith(MrnPrefix, StringComparison.Ordinal);
}

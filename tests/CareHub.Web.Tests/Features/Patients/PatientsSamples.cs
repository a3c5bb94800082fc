using CareHub.Domain.Encounters;
using CareHub.Domain.Patients;
using CareHub.Web.Features.Patients;

namespace CareHub.Web.Tests.Features.Patients;

/// <summary>Hand-made view models for reducer and component tests (no database).</summary>
internal static class PatientsSamples
{
    public static readonly Guid AnaId = Guid.Parse("0199a1b2-0000-7000-8000-000000000001");

    public static PatientRow Row(string name, Guid? id = null) =>
        new(id ?? Guid.NewGuid(), name, "40012345", new DateOnly(1950, 6, 15), 75, AdministrativeSex.Female, "English", false,
            PayerType.Medicare, "Casey Coordinator", null);

    public static PatientPage Page(PatientQuery query, int total, params PatientRow[] rows) => new(rows, total, query);

    public static PatientDetail Ana(long version = 1, string language = "Spanish", bool interpreter = true, CurrentStay? stay = null,
        IReadOnlyList<ConditionSummary>? conditions = null) =>
        new(AnaId, version, "Garcia, Ana", "Ana", "Garcia", "40012345", "CAREHUB", new DateOnly(1950, 6, 15), 75, AdministrativeSex.Female,
            language, interpreter, PayerType.MedicareAdvantage, "Humana Gold Plus", "Dr. Lee Park", "Casey Coordinator",
            ["North Care Team"], stay,
            conditions ??
            [
                new ConditionSummary("E11.9", "Type 2 diabetes mellitus", ChronicCondition.Diabetes, new DateOnly(2015, 4, 1)),
                new ConditionSummary("I50.9", "Heart failure", ChronicCondition.HeartFailure, new DateOnly(2020, 9, 1)),
            ],
            [], 2, 3, 1);

    public static CurrentStay Inpatient() =>
        new(EncounterClass.Inpatient, "Riverside General", "4 West", "12B", new DateTimeOffset(2026, 3, 1, 14, 30, 0, TimeSpan.Zero));
}
